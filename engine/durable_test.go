package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestAggregateStateSurvivesRestart runs a GROUP BY over Kafka, restarts the
// engine on the same data directory and checks that counts continue from the
// saved state instead of starting again from zero.
func TestAggregateStateSurvivesRestart(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	brokers := cluster.ListenAddrs()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	start := func() *engine.Engine {
		e, err := engine.New(engine.Config{Brokers: brokers, DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Start(ctx); err != nil {
			t.Fatal(err)
		}
		return e
	}
	e := start()
	for _, s := range []string{
		"CREATE STREAM clicks (user STRING KEY, n INT) WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=2);",
		"CREATE TABLE per_user AS SELECT user, COUNT(*) AS cnt, SUM(n) AS total FROM clicks GROUP BY user EMIT CHANGES;",
	} {
		if _, err := e.Execute(ctx, engine.Request{SQL: s}); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	produce := func(from, to int) {
		for i := from; i < to; i++ {
			rec := &kgo.Record{Topic: "clicks", Key: []byte(fmt.Sprintf("u%d", i%3)), Value: []byte(fmt.Sprintf(`{"n":%d}`, i))}
			if err := cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
	}
	produce(0, 30)
	waitCount(ctx, t, e, "u0", 10)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if ents, err := os.ReadDir(filepath.Join(dir, "state")); err != nil || len(ents) != 1 {
		t.Fatalf("state directory after a clean stop: %v %v", ents, err)
	}

	e = start()
	produce(30, 60)
	waitCount(ctx, t, e, "u0", 20)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	// A wiped state directory is rebuilt from the changelog topic.
	if err := os.RemoveAll(filepath.Join(dir, "state")); err != nil {
		t.Fatal(err)
	}
	e = start()
	defer e.Close()
	produce(60, 90)
	waitCount(ctx, t, e, "u0", 30)
}

// waitCount polls a pull query until user's count is want.
func waitCount(ctx context.Context, t *testing.T, e *engine.Engine, user string, want int64) {
	t.Helper()
	var last string
	for ctx.Err() == nil {
		q, err := e.Query(ctx, engine.Request{SQL: fmt.Sprintf("SELECT cnt FROM per_user WHERE user = '%s';", user)})
		if err == nil {
			for {
				row, err := q.Next(ctx)
				if err != nil {
					break
				}
				b, _ := json.Marshal(row.Values)
				last = string(b)
				if n, ok := row.Values[0].(int64); ok && n == want {
					q.Close()
					return
				}
			}
			q.Close()
		}
		time.Sleep(50 * time.Millisecond)
	}
	ents, _ := e.Execute(context.Background(), engine.Request{SQL: "SHOW QUERIES;"})
	b, _ := json.Marshal(ents)
	t.Fatalf("count of %s never reached %d; last %s; queries %s", user, want, last, b)
}
