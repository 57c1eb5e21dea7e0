package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/types"
)

func TestPrintWindowedKeys(t *testing.T) {
	f := newRecordFormatter([]string{"TUMBLING", "SESSION"})
	// "alice" + start 60000; 7 (KAFKA_INT) + end 2000 + start 1000.
	tumbling := append([]byte("alice"), 0, 0, 0, 0, 0, 0, 0xea, 0x60)
	lines := f.formatBatch([]exec.SourceRecord{{Key: tumbling, Value: []byte(`{"N":1}`), Timestamp: 60000}})
	want := `rowtime: 1970/01/01 00:01:00.000 Z, key: [alice@60000/-], value: {"N":1}, partition: 0`
	if len(lines) != 1 || lines[0] != want {
		t.Fatalf("got %q, want %q", lines, want)
	}
	if got := strings.Join(f.key.names(), " or "); got != "TUMBLING(KAFKA_STRING)" {
		t.Fatalf("key formats: %s", got)
	}

	f = newRecordFormatter([]string{"SESSION"})
	session := []byte{0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0x07, 0xd0, 0, 0, 0, 0, 0, 0, 0x03, 0xe8}
	lines = f.formatBatch([]exec.SourceRecord{{Key: session, Partition: 3, Timestamp: -1}})
	want = `rowtime: N/A, key: [7@1000/2000], value: <null>, partition: 3`
	if lines[0] != want {
		t.Fatalf("got %q, want %q", lines[0], want)
	}
	if got := strings.Join(f.key.names(), " or "); got != "SESSION(KAFKA_INT) or SESSION(KAFKA_STRING)" {
		t.Fatalf("key formats: %s", got)
	}
	if got := f.value.names(); len(got) != 1 || got[0] != noDataYet {
		t.Fatalf("value formats before any value: %q", got)
	}
}

// A batch that drops the format in use is rendered again with the next one,
// so one batch never mixes renderings.
func TestPrintBatchReformats(t *testing.T) {
	f := newRecordFormatter(nil)
	lines := f.formatBatch([]exec.SourceRecord{
		{Key: []byte("abcd"), Value: []byte("1")},
		{Key: []byte("xyz"), Value: []byte("x")},
	})
	for _, l := range lines {
		if !strings.Contains(l, "key: abcd,") && !strings.Contains(l, "key: xyz,") {
			t.Fatalf("mixed renderings: %q", lines)
		}
	}
	if got := strings.Join(f.value.names(), " or "); got != "KAFKA_STRING" {
		t.Fatalf("value formats: %s", got)
	}
}

func TestEscapeBytes(t *testing.T) {
	if got := escapeBytes([]byte("a\\b\x00~\x7f")); got != `a\x5Cb\x00~\x7F` {
		t.Fatalf("got %s", got)
	}
}

func TestPrintQuery(t *testing.T) {
	d, err := NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	if _, err := d.Engine().Execute(ctx, Request{SQL: "CREATE STREAM s (k STRING KEY, v STRING) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);"}); err != nil {
		t.Fatal(err)
	}
	q, err := d.Engine().Query(ctx, Request{SQL: "PRINT 's';"})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if !IsPrint(q) || q.Pull() {
		t.Fatalf("IsPrint %v, Pull %v", IsPrint(q), q.Pull())
	}
	if cols := q.Columns(); len(cols) != 1 || cols[0].Name != PrintColumn || cols[0].Type != types.StringType {
		t.Fatalf("columns %+v", cols)
	}
	if err := d.Pipe(TestRecord{Topic: "s", Key: "k", Value: map[string]any{"V": "x"}, Timestamp: 0}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for range 3 {
		row, err := q.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row.Values[0].(string))
	}
	if got[2] != `rowtime: 1970/01/01 00:00:00.000 Z, key: k, value: {"V":"x"}, partition: 0` {
		t.Fatalf("lines %q", got)
	}
	// A PRINT can be closed by id like any transient query.
	if err := d.Engine().CloseQuery(q.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Next(ctx); err == nil {
		t.Fatal("query still running after CloseQuery")
	}
	sel, err := d.Engine().Query(ctx, Request{SQL: "SELECT * FROM s EMIT CHANGES;"})
	if err != nil {
		t.Fatal(err)
	}
	defer sel.Close()
	if IsPrint(sel) {
		t.Fatal("a SELECT is not a PRINT")
	}
}
