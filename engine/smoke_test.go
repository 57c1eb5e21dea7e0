package engine_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/streamsql/streamsql/engine"
)

func TestDriverFilterProject(t *testing.T) {
	d, err := engine.NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	for _, s := range []string{
		"CREATE STREAM s (id STRING KEY, name STRING, amount DOUBLE) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=2);",
		"CREATE STREAM big AS SELECT id, UCASE(name) AS name, amount * 2 AS doubled FROM s WHERE amount > 10 EMIT CHANGES;",
	} {
		if _, err := d.Engine().Execute(ctx, engine.Request{SQL: s}); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for i, v := range []string{`{"name":"a","amount":5}`, `{"name":"b","amount":20}`, `not json`, `{"name":"c","amount":11.5}`} {
		var val any
		if json.Valid([]byte(v)) {
			_ = json.Unmarshal([]byte(v), &val)
		} else {
			val = v
		}
		if err := d.Pipe(engine.TestRecord{Topic: "s", Key: string(rune('k' + i)), Value: val, Timestamp: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	out := d.Output("BIG")
	b, _ := json.Marshal(out)
	t.Logf("%s", b)
	if len(out) != 2 {
		t.Fatalf("want 2 outputs, got %d: %s", len(out), b)
	}
	t.Logf("plog: %+v", d.ProcessingLog())
}
