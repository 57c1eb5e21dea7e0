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

// eosFixture is an engine over an in-process broker with a data directory.
type eosFixture struct {
	t       *testing.T
	ctx     context.Context
	brokers []string
	dir     string
	props   map[string]string
	cl      *kgo.Client
}

func newEOSFixture(t *testing.T, props map[string]string) *eosFixture {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	cl, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return &eosFixture{t: t, ctx: ctx, brokers: cluster.ListenAddrs(), dir: t.TempDir(), props: props, cl: cl}
}

func (f *eosFixture) start() *engine.Engine {
	e, err := engine.New(engine.Config{Brokers: f.brokers, DataDir: f.dir, Properties: f.props})
	if err != nil {
		f.t.Fatal(err)
	}
	if err := e.Start(f.ctx); err != nil {
		f.t.Fatal(err)
	}
	return e
}

func (f *eosFixture) exec(e *engine.Engine, stmts ...string) {
	for _, s := range stmts {
		if _, err := e.Execute(f.ctx, engine.Request{SQL: s}); err != nil {
			f.t.Fatalf("%s: %v", s, err)
		}
	}
}

func (f *eosFixture) produce(topic string, from, to int, value func(i int) string) {
	for i := from; i < to; i++ {
		rec := &kgo.Record{Topic: topic, Key: []byte(fmt.Sprintf("u%d", i%3)), Value: []byte(value(i))}
		if err := f.cl.ProduceSync(f.ctx, rec).FirstErr(); err != nil {
			f.t.Fatal(err)
		}
	}
}

// committedCounts reads topic with read_committed and returns each key's
// successive CNT values.
func (f *eosFixture) committedCounts(topic string) map[string][]int64 {
	cl, err := kgo.NewClient(kgo.SeedBrokers(f.brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.FetchMaxWait(100*time.Millisecond))
	if err != nil {
		f.t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(f.ctx, 1500*time.Millisecond)
	defer cancel()
	out := map[string][]int64{}
	for ctx.Err() == nil {
		cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
			var v struct{ CNT int64 }
			if err := json.Unmarshal(r.Value, &v); err != nil {
				f.t.Fatalf("output %q: %v", r.Value, err)
			}
			out[string(r.Key)] = append(out[string(r.Key)], v.CNT)
		})
	}
	return out
}

const (
	eosClicks  = "CREATE STREAM clicks (user STRING KEY, n INT) WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=2);"
	eosPerUser = "CREATE TABLE per_user AS SELECT user, COUNT(*) AS cnt, SUM(n) AS total FROM clicks GROUP BY user EMIT CHANGES;"
)

// TestStaleLocalStateIsRebuilt: under exactly-once, local state whose offsets
// differ from the group's committed offsets (here, an old copy of the state
// directory put back) is discarded and rebuilt from the changelog, so no
// input is counted twice and no output is emitted twice.
func TestStaleLocalStateIsRebuilt(t *testing.T) {
	f := newEOSFixture(t, nil)
	val := func(i int) string { return fmt.Sprintf(`{"n":%d}`, i) }
	e := f.start()
	f.exec(e, eosClicks, eosPerUser)
	f.produce("clicks", 0, 30, val)
	waitCount(f.ctx, t, e, "u0", 10)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(t.TempDir(), "state")
	if err := os.CopyFS(stale, os.DirFS(filepath.Join(f.dir, "state"))); err != nil {
		t.Fatal(err)
	}

	e = f.start()
	f.produce("clicks", 30, 60, val)
	waitCount(f.ctx, t, e, "u0", 20)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(f.dir, "state")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(f.dir, "state"), os.DirFS(stale)); err != nil {
		t.Fatal(err)
	}

	e = f.start()
	defer e.Close()
	f.produce("clicks", 60, 90, val)
	waitCount(f.ctx, t, e, "u0", 30)
	for user, counts := range f.committedCounts("PER_USER") {
		for i := 1; i < len(counts); i++ {
			if counts[i] <= counts[i-1] {
				t.Fatalf("user %s: committed counts %v repeat or go down at %d", user, counts, i)
			}
		}
		if last := counts[len(counts)-1]; last != 30 {
			t.Fatalf("user %s: final count %d, want 30", user, last)
		}
	}
}

// TestFailOnDeserializationError: with ksql.fail.on.deserialization.error the
// first bad record stops the query in ERROR, and it is not restarted.
func TestFailOnDeserializationError(t *testing.T) {
	f := newEOSFixture(t, map[string]string{"ksql.fail.on.deserialization.error": "true"})
	e := f.start()
	defer e.Close()
	f.exec(e, eosClicks, eosPerUser)
	f.produce("clicks", 0, 3, func(i int) string {
		if i == 1 {
			return `{"n": "not a number"`
		}
		return fmt.Sprintf(`{"n":%d}`, i)
	})
	state := func() string {
		ents, err := e.Execute(f.ctx, engine.Request{SQL: "SHOW QUERIES;"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(ents)
		var got []struct {
			Queries []struct{ State string } `json:"queries"`
		}
		if err := json.Unmarshal(b, &got); err != nil || len(got) != 1 || len(got[0].Queries) != 1 {
			t.Fatalf("SHOW QUERIES: %s (%v)", b, err)
		}
		return got[0].Queries[0].State
	}
	deadline := time.Now().Add(20 * time.Second)
	for state() != "ERROR" {
		if time.Now().After(deadline) {
			t.Fatalf("query state %s, want ERROR", state())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // longer than the first restart backoff
	if s := state(); s != "ERROR" {
		t.Fatalf("after the backoff the query is %s, want it to stay in ERROR", s)
	}
}
