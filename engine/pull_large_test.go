package engine_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
)

// TestLargePullQueries checks that pull queries with more rows than a push
// subscriber may buffer deliver every row (the client reads them with
// backpressure) on both a table and a stream.
func TestLargePullQueries(t *testing.T) {
	d, err := engine.NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, s := range []string{
		"CREATE STREAM s (k STRING KEY, v INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);",
		"CREATE TABLE t AS SELECT k, COUNT(*) AS n FROM s GROUP BY k;",
	} {
		if _, err := d.Engine().Execute(ctx, engine.Request{SQL: s}); err != nil {
			t.Fatal(err)
		}
	}
	const keys = 3000
	for i := 0; i < keys; i++ {
		if err := d.Pipe(engine.TestRecord{Topic: "s", Key: fmt.Sprintf("k%d", i), Value: map[string]any{"v": i}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"SELECT * FROM t;", "SELECT * FROM s;"} {
		query, err := d.Engine().Query(ctx, engine.Request{SQL: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		n := 0
		for {
			_, err := query.Next(ctx)
			var end *engine.End
			if errors.As(err, &end) {
				break
			}
			if err != nil {
				t.Fatalf("%s: after %d rows: %v", q, n, err)
			}
			n++
		}
		query.Close()
		if n != keys {
			t.Errorf("%s: %d rows, want %d", q, n, keys)
		}
	}
}
