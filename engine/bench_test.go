package engine_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
)

// BenchmarkTestDriverFilterProject measures the walking skeleton's query,
// a filter and a projection with a string function, through the synchronous
// test driver: records piped in per second (JSON decode, WHERE, SELECT, JSON
// encode, in-memory topic append).
func BenchmarkTestDriverFilterProject(b *testing.B) {
	d := benchDriver(b,
		"CREATE STREAM s (id STRING KEY, name STRING, amount DOUBLE) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);",
		"CREATE STREAM big AS SELECT id, UCASE(name) AS name, amount * 2 AS doubled FROM s WHERE amount > 10 EMIT CHANGES;")
	recs := make([]engine.TestRecord, 64)
	for i := range recs {
		recs[i] = engine.TestRecord{Topic: "s", Key: fmt.Sprintf("k%d", i),
			Value: map[string]any{"name": fmt.Sprintf("name-%d", i), "amount": float64(i % 20)}}
	}
	pipeTimed(b, d, recs)
}

// BenchmarkTestDriverExpressions measures a projection of compiled
// expressions (CASE, CAST, a string function, a struct dereference) per
// record through the test driver.
func BenchmarkTestDriverExpressions(b *testing.B) {
	d := benchDriver(b,
		"CREATE STREAM s (id STRING KEY, name STRING, amount DOUBLE, addr STRUCT<city STRING, zip INT>) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);",
		"CREATE STREAM o AS SELECT id, CASE WHEN amount > 10 THEN 'big' WHEN amount > 5 THEN 'mid' ELSE 'small' END AS bucket, CAST(amount AS INT) AS whole, LPAD(UCASE(name), 12, '*') AS label, addr->city AS city FROM s EMIT CHANGES;")
	recs := make([]engine.TestRecord, 64)
	for i := range recs {
		recs[i] = engine.TestRecord{Topic: "s", Key: fmt.Sprintf("k%d", i), Value: map[string]any{
			"name": fmt.Sprintf("name-%d", i), "amount": float64(i % 20),
			"addr": map[string]any{"city": "Lyon", "zip": 69000 + i}}}
	}
	pipeTimed(b, d, recs)
}

// benchDriver returns a test driver with stmts executed.
func benchDriver(b *testing.B, stmts ...string) *engine.TestDriver {
	b.Helper()
	d, err := engine.NewTestDriver(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	for _, s := range stmts {
		if _, err := d.Engine().Execute(context.Background(), engine.Request{SQL: s}); err != nil {
			b.Fatalf("%s: %v", s, err)
		}
	}
	return d
}

// pipeTimed pipes b.N records, cycling through recs, and reports records/s.
func pipeTimed(b *testing.B, d *engine.TestDriver, recs []engine.TestRecord) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := d.Pipe(recs[i%len(recs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
	b.StopTimer()
}
