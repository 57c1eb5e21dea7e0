package engine

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/goleak"
)

// TestSharedKafka runs scalable push queries against an in-process broker:
// several subscribers, one consumer, committed records only, and nothing left
// running after the last subscriber and the engine are gone.
func TestSharedKafka(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "s"))
	require.NoError(t, err)
	defer cluster.Close()
	brokers := cluster.ListenAddrs()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := New(Config{Brokers: brokers, DataDir: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Close()) }()
	require.NoError(t, e.Start(ctx))
	_, err = e.Execute(ctx, Request{SQL: "CREATE STREAM s (id STRING KEY, seq BIGINT, g INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');"})
	require.NoError(t, err)

	var qs []Query
	for g := range 3 {
		q, err := e.Query(ctx, Request{SQL: fmt.Sprintf("SELECT seq FROM s WHERE g = %d EMIT CHANGES;", g)})
		require.NoError(t, err)
		qs = append(qs, q)
	}
	r := e.tailOf(t)
	require.Len(t, *r.subs.Load(), 3)

	prod, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID("shared-test"))
	require.NoError(t, err)
	defer prod.Close()
	produce := func(from, to int) {
		require.NoError(t, prod.BeginTransaction())
		for i := from; i < to; i++ {
			prod.Produce(ctx, &kgo.Record{Topic: "s", Key: []byte(fmt.Sprint(i)),
				Value: fmt.Appendf(nil, `{"seq":%d,"g":%d}`, i, i%3)}, nil)
		}
		require.NoError(t, prod.Flush(ctx))
	}
	produce(0, 5)
	require.NoError(t, prod.EndTransaction(ctx, kgo.TryAbort)) // never seen: read_committed
	produce(5, 35)
	require.NoError(t, prod.EndTransaction(ctx, kgo.TryCommit))

	for g, q := range qs {
		var got []string
		for seq := 5; seq < 35; seq++ {
			if seq%3 != g {
				continue
			}
			rctx, rcancel := context.WithTimeout(ctx, 10*time.Second)
			row, err := q.Next(rctx)
			rcancel()
			require.NoError(t, err, "subscriber %d after %v", g, got)
			got = append(got, fmt.Sprint(row.Values))
			require.Equal(t, fmt.Sprintf("[%d]", seq), got[len(got)-1])
		}
	}
	for _, q := range qs {
		q.Close()
	}
	require.Empty(t, readersOf(e), "the last subscriber stops the reader")
}
