package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sharedDriver returns a test driver whose push queries start at the latest
// offsets (so that they are eligible for the shared tail reader), with the
// stream s(id STRING KEY, seq BIGINT, g INT, name STRING) on topic s.
func sharedDriver(t *testing.T) *TestDriver {
	t.Helper()
	d, err := NewTestDriver(map[string]string{"auto.offset.reset": "latest"})
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, d.Close())
		require.Empty(t, readersOf(d.eng), "the engine's readers outlive it")
	})
	_, err = d.eng.Execute(context.Background(), Request{SQL: "CREATE STREAM s (id STRING KEY, seq BIGINT, g INT, name STRING) " +
		"WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);"})
	require.NoError(t, err)
	return d
}

// readersOf lists the keys of e's running tail readers.
func readersOf(e *Engine) []string {
	tails.mu.Lock()
	defer tails.mu.Unlock()
	var keys []string
	for k := range tails.m[e] {
		keys = append(keys, k)
	}
	return keys
}

func pipeRows(t *testing.T, d *TestDriver, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		v := map[string]any{"seq": i, "g": i % 4, "name": fmt.Sprintf("n%d", i)}
		if i%7 == 6 {
			v["name"] = nil
		}
		require.NoError(t, d.Pipe(TestRecord{Topic: "s", Key: fmt.Sprint(i), Value: v, Timestamp: int64(1000 + i)}))
	}
}

func startQuery(t *testing.T, e *Engine, sql string, props map[string]any) Query {
	t.Helper()
	q, err := e.Query(context.Background(), Request{SQL: sql, Properties: props})
	require.NoError(t, err, sql)
	t.Cleanup(q.Close)
	return q
}

// drainShared returns the rows q has buffered and the error it ended with, if any
// (nil while it is still running).
func drainShared(q Query) ([]string, error) {
	var rows []string
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		r, err := q.Next(ctx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, fmt.Sprint(r.Values))
	}
}

var sharedCases = []string{
	"SELECT * FROM s EMIT CHANGES;",
	"SELECT seq, name FROM s WHERE g = 1 EMIT CHANGES;",
	"SELECT id, UCASE(name) AS up, seq * 2 AS twice, ROWTIME, ROWOFFSET FROM s WHERE name IS NOT NULL AND seq > 3 EMIT CHANGES;",
	"SELECT seq FROM s WHERE g IN (2, 3) EMIT CHANGES LIMIT 3;",
	"SELECT s.seq AS n, CASE WHEN g = 0 THEN 'zero' ELSE 'other' END AS z FROM s EMIT CHANGES;",
	"SELECT seq FROM s WHERE LEN(name) > 2 EMIT CHANGES;",
}

// TestSharedMatchesDedicated runs each query on the shared reader and on a
// runner of its own and expects the same columns, rows and end.
func TestSharedMatchesDedicated(t *testing.T) {
	d := sharedDriver(t)
	off := map[string]any{pushV2Property: "false"}
	var shared, own []Query
	for _, sql := range sharedCases {
		shared = append(shared, startQuery(t, d.eng, sql, nil))
		own = append(own, startQuery(t, d.eng, sql, off))
	}
	require.Len(t, readersOf(d.eng), 1, "every shared query reads through one reader")
	pipeRows(t, d, 0, 20)
	for i, sql := range sharedCases {
		require.Equal(t, own[i].Columns(), shared[i].Columns(), sql)
		wantRows, wantErr := drainShared(own[i])
		gotRows, gotErr := drainShared(shared[i])
		require.NotEmpty(t, wantRows, sql)
		require.Equal(t, wantRows, gotRows, sql)
		require.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(gotErr), sql)
	}
}

// TestSharedNotEligible checks that queries needing their own runner do not
// use the shared reader.
func TestSharedNotEligible(t *testing.T) {
	d := sharedDriver(t)
	_, err := d.eng.Execute(context.Background(), Request{SQL: "CREATE TABLE t (id STRING PRIMARY KEY, v INT) " +
		"WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON', PARTITIONS=1);"})
	require.NoError(t, err)
	for _, c := range []struct {
		sql   string
		props map[string]any
	}{
		{"SELECT * FROM s EMIT CHANGES;", map[string]any{"auto.offset.reset": "earliest"}},
		{"SELECT * FROM s EMIT CHANGES;", map[string]any{pushV2Property: "false"}},
		{"SELECT g, COUNT(*) FROM s GROUP BY g EMIT CHANGES;", nil},
		{"SELECT * FROM s PARTITION BY g EMIT CHANGES;", nil},
		{"SELECT * FROM t EMIT CHANGES;", nil},
		{"SELECT s.seq, t.v FROM s JOIN t ON s.id = t.id EMIT CHANGES;", nil},
		{"SELECT EXPLODE(ARRAY[seq, g]) AS x FROM s EMIT CHANGES;", nil},
	} {
		startQuery(t, d.eng, c.sql, c.props)
		require.Empty(t, readersOf(d.eng), c.sql)
	}
}

// TestSharedSlowConsumer fills one subscriber's buffer: it alone is dropped
// with ErrSlowConsumer, the reader and the other subscriber go on.
func TestSharedSlowConsumer(t *testing.T) {
	d := sharedDriver(t)
	slow := startQuery(t, d.eng, "SELECT seq FROM s EMIT CHANGES;", nil)
	fast := startQuery(t, d.eng, "SELECT seq FROM s WHERE g = 0 EMIT CHANGES;", nil)
	var got int
	for i := 0; i <= pushBuffer; i += 100 {
		pipeRows(t, d, i, min(i+100, pushBuffer+1))
		rows, err := drainShared(fast)
		require.NoError(t, err)
		got += len(rows)
	}
	rows, err := drainShared(slow)
	require.Len(t, rows, pushBuffer, "buffered rows are delivered before the error")
	require.ErrorIs(t, err, ErrSlowConsumer)
	require.Len(t, *d.eng.tailOf(t).subs.Load(), 1, "the slow subscriber is dropped from the reader")
	pipeRows(t, d, pushBuffer+1, pushBuffer+9)
	rows, err = drainShared(fast)
	require.NoError(t, err)
	require.Equal(t, (pushBuffer+9+3)/4, got+len(rows))
}

// tailOf returns e's only reader.
func (e *Engine) tailOf(t *testing.T) *tailReader {
	t.Helper()
	tails.mu.Lock()
	defer tails.mu.Unlock()
	require.Len(t, tails.m[e], 1)
	for _, r := range tails.m[e] {
		return r
	}
	return nil
}

// TestSharedLifecycle checks that the first subscriber starts the reader,
// the last one stops it, and a later one starts a new one.
func TestSharedLifecycle(t *testing.T) {
	d := sharedDriver(t)
	a := startQuery(t, d.eng, "SELECT seq FROM s WHERE g = 1 EMIT CHANGES;", nil)
	r := d.eng.tailOf(t)
	b := startQuery(t, d.eng, "SELECT seq FROM s WHERE g = 2 EMIT CHANGES;", nil)
	require.Same(t, r, d.eng.tailOf(t))
	require.Len(t, *r.subs.Load(), 2)
	a.Close()
	a.Close() // twice is harmless
	require.Len(t, *r.subs.Load(), 1)
	pipeRows(t, d, 0, 4)
	rows, err := drainShared(b)
	require.NoError(t, err)
	require.Equal(t, []string{"[2]"}, rows)
	b.Close()
	require.Empty(t, readersOf(d.eng))
	require.Empty(t, d.mem.subs["s"], "the stopped reader no longer consumes the topic")
	c := startQuery(t, d.eng, "SELECT seq FROM s EMIT CHANGES;", nil)
	require.NotSame(t, r, d.eng.tailOf(t))
	pipeRows(t, d, 4, 5)
	rows, err = drainShared(c)
	require.NoError(t, err)
	require.Equal(t, []string{"[4]"}, rows)
}

// TestSharedLimitZero ends at once, without a reader.
func TestSharedLimitZero(t *testing.T) {
	d := sharedDriver(t)
	q := startQuery(t, d.eng, "SELECT * FROM s EMIT CHANGES LIMIT 0;", nil)
	_, err := drainShared(q)
	var end *End
	require.ErrorAs(t, err, &end)
	require.Equal(t, "Limit Reached", end.Message)
	require.Empty(t, readersOf(d.eng))
}

// TestSharedProcessingLog logs a subscriber's evaluation error against its
// own query id and the record's offset, and skips only that row.
func TestSharedProcessingLog(t *testing.T) {
	d := sharedDriver(t)
	q := startQuery(t, d.eng, "SELECT seq FROM s WHERE 10 / (g - 1) > 0 EMIT CHANGES;", nil)
	pipeRows(t, d, 0, 3)
	rows, err := drainShared(q)
	require.NoError(t, err)
	require.Equal(t, []string{"[2]"}, rows) // g=0: -10 < 0; g=1: division by zero; g=2: 10 > 0
	var mine int
	for _, e := range d.ProcessingLog() {
		if e.QueryID == q.ID() {
			mine++
			require.Equal(t, int64(1), e.Offset)
			require.Contains(t, e.Reason, "error evaluating predicate")
		}
	}
	require.Equal(t, 1, mine)
}
