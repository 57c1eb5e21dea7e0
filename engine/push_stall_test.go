package engine

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestPushFromEarliestSlowReader: a push query from the earliest offset over
// a backlog larger than its buffer, read by a client slower than the backlog
// arrives, delivers every row (its runner waits for the client); a client
// that stops reading is dropped with ErrSlowConsumer after the stall timeout.
func TestPushFromEarliestSlowReader(t *testing.T) {
	defer func(d time.Duration) { pushStallTimeout = d }(pushStallTimeout)
	pushStallTimeout = 300 * time.Millisecond
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "s"))
	require.NoError(t, err)
	defer cluster.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := New(Config{Brokers: cluster.ListenAddrs(), Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	defer e.Close()
	require.NoError(t, e.Start(ctx))
	_, err = e.Execute(ctx, Request{SQL: "CREATE STREAM s (k STRING KEY, n INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');"})
	require.NoError(t, err)
	cl, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...), kgo.DefaultProduceTopic("s"))
	require.NoError(t, err)
	defer cl.Close()
	const n = 3 * pushBuffer
	var recs []*kgo.Record
	for i := range n {
		recs = append(recs, &kgo.Record{Key: []byte("k"), Value: fmt.Appendf(nil, `{"n":%d}`, i)})
	}
	require.NoError(t, cl.ProduceSync(ctx, recs...).FirstErr())

	earliest := map[string]any{"auto.offset.reset": "earliest"}
	q, err := e.Query(ctx, Request{SQL: "SELECT n FROM s EMIT CHANGES;", Properties: earliest})
	require.NoError(t, err)
	for i := range n {
		if i%pushBuffer == 0 {
			time.Sleep(100 * time.Millisecond) // let the buffer fill up
		}
		row, err := q.Next(ctx)
		require.NoError(t, err, "row %d", i)
		require.EqualValues(t, i, row.Values[0])
	}
	q.Close()

	stuck, err := e.Query(ctx, Request{SQL: "SELECT n FROM s EMIT CHANGES;", Properties: earliest})
	require.NoError(t, err)
	defer stuck.Close()
	time.Sleep(2 * pushStallTimeout)
	var end error
	for end == nil {
		_, end = stuck.Next(ctx)
	}
	require.ErrorIs(t, end, ErrSlowConsumer)
}
