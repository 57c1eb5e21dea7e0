package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/kafkaio"
)

const (
	badSource = `CREATE STREAM orders (id STRING KEY, amount DOUBLE, qty INT, tag STRING)
		WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON', PARTITIONS=1);`
	badCSAS = `CREATE STREAM big AS SELECT id, amount, 1000 / qty AS per, UCASE(tag) AS tag
		FROM orders WHERE amount > 10 EMIT CHANGES;`
	badRecords = 1000
)

// badValue is a record value that cannot be processed cleanly, and the words
// its processing-log reason must contain.
type badValue struct {
	value  string
	reason string
}

// badValues are the ten bad records, one per 100 records (1%): each fails
// deserialisation except the last, whose projection divides by zero (the
// record is still written, with PER NULL, as ksqlDB does).
var badValues = []badValue{
	{`{"amount": 20.5, "qty": 2, "tag": "x"`, "invalid JSON"},
	{`not json at all`, "invalid JSON"},
	{`{"amount": "abc", "qty": 2, "tag": "x"}`, "AMOUNT"},
	{`{"amount": 20.5, "qty": true, "tag": "x"}`, "QTY"},
	{`{"amount": 20.5, "qty": 99999999999, "tag": "x"}`, "QTY"},
	{`{"amount": 20.5, "qty": 2, "tag": "` + "\xff\xfe" + `"}`, "UTF-8"},
	{`{"amount": 20.5, "qty": 2, "tag": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, "nesting"},
	{`{"amount": 20.5, "qty": 2, "tag": {"deep": ` + strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat("}", 10000) + `}}`, "nesting"},
	{`[1, 2, 3]`, "expected a JSON object"},
	{`{"amount": 20.5, "qty": 0, "tag": "z"}`, "division by zero"},
}

// badInput is the 1,000 input values in offset order: good values at most
// offsets (amount i%40, so some are filtered out; some miss "tag", which is
// NULL and not an error) and badValues[k] at offset 100k+50.
func badInput() (values []string, bad map[int64]badValue) {
	bad = map[int64]badValue{}
	for i := range badRecords {
		if i%100 == 50 {
			b := badValues[i/100]
			bad[int64(i)] = b
			values = append(values, b.value)
			continue
		}
		if i%7 == 0 {
			values = append(values, fmt.Sprintf(`{"amount": %d.5, "qty": %d}`, i%40, i%9+1))
			continue
		}
		values = append(values, fmt.Sprintf(`{"AMOUNT": %d.5, "QTY": %d, "TAG": "t%d"}`, i%40, i%9+1, i))
	}
	return values, bad
}

// expectedOutput is the rows BIG must hold, rendered by outputRow.
func expectedOutput() []string {
	var want []string
	for i := range badRecords {
		amount := float64(i%40) + 0.5
		if i%100 == 50 || amount <= 10 {
			continue
		}
		tag := "null"
		if i%7 != 0 {
			tag = fmt.Sprintf(`"T%d"`, i)
		}
		want = append(want, fmt.Sprintf(`k%d {"AMOUNT":%v,"PER":%d,"TAG":%s}`, i, amount, 1000/(i%9+1), tag))
	}
	want = append(want, `k950 {"AMOUNT":20.5,"PER":null,"TAG":"Z"}`)
	sort.Strings(want)
	return want
}

func outputRow(t *testing.T, key string, value []byte) string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(value, &v); err != nil {
		t.Fatalf("output %s: %v", key, err)
	}
	b, err := json.Marshal(v) // sorted members
	if err != nil {
		t.Fatal(err)
	}
	return key + " " + string(b)
}

// checkProcessingLog asserts one entry per bad record, naming it.
func checkProcessingLog(t *testing.T, entries []exec.ProcessingLogEntry, bad map[int64]badValue) {
	t.Helper()
	seen := map[int64]int{}
	for _, e := range entries {
		b, ok := bad[e.Offset]
		if !ok || e.Topic != "orders" || e.Partition != 0 {
			t.Errorf("processing-log entry for a good record: %+v", e)
			continue
		}
		if !strings.Contains(e.Reason, b.reason) {
			t.Errorf("offset %d: reason %q does not mention %q", e.Offset, e.Reason, b.reason)
		}
		seen[e.Offset]++
	}
	for off := range bad {
		if seen[off] != 1 {
			t.Errorf("offset %d (%.40q): %d processing-log entries, want 1", off, bad[off].value, seen[off])
		}
	}
}

func queryStates(e *Engine) []string {
	e.mu.Lock()
	qs := make([]*persistentQuery, 0, len(e.queries))
	for _, q := range e.queries {
		qs = append(qs, q)
	}
	e.mu.Unlock()
	var states []string
	for _, q := range qs {
		states = append(states, q.describe().State)
	}
	return states
}

func checkRunning(t *testing.T, e *Engine) {
	t.Helper()
	states := queryStates(e)
	if len(states) != 1 || states[0] != "RUNNING" {
		t.Fatalf("query states %v, want [RUNNING]", states)
	}
}

// TestBadRecordsTestDriver feeds 1,000 records, 1% bad, through the test
// driver: good in = good out, one processing-log entry per bad record, and
// the query keeps running.
func TestBadRecordsTestDriver(t *testing.T) {
	d, err := NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	for _, s := range []string{badSource, badCSAS} {
		if _, err := d.Engine().Execute(ctx, Request{SQL: s}); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	values, bad := badInput()
	for i, v := range values {
		d.mem.mu.Lock()
		d.mem.append(&exec.OutRecord{Topic: "orders", Timestamp: int64(i), Key: fmt.Appendf(nil, "k%d", i), Value: []byte(v)})
		d.mem.mu.Unlock()
	}
	d.mem.mu.Lock()
	out := append([]exec.SourceRecord(nil), d.mem.topics["BIG"].records...)
	d.mem.mu.Unlock()
	var got []string
	for _, r := range out {
		got = append(got, outputRow(t, string(r.Key), r.Value))
	}
	sort.Strings(got)
	assertSameRows(t, got, expectedOutput())
	checkProcessingLog(t, d.ProcessingLog(), bad)
	checkRunning(t, d.Engine())
}

func assertSameRows(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return
	}
	gotSet := map[string]bool{}
	for _, g := range got {
		gotSet[g] = true
	}
	missing := 0
	for _, w := range want {
		if !gotSet[w] {
			if missing < 5 {
				t.Errorf("missing output %s", w)
			}
			missing++
		}
	}
	t.Fatalf("got %d output rows, want %d (%d missing)", len(got), len(want), missing)
}

// TestBadRecordsKafka runs the same records through an in-process Kafka
// cluster and reads the processing log back from its topic.
func TestBadRecordsKafka(t *testing.T) {
	if testing.Short() {
		t.Skip("kafka round trip")
	}
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	brokers := cluster.ListenAddrs()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	e, err := New(Config{Brokers: brokers, DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{badSource, badCSAS} {
		if _, err := e.Execute(ctx, Request{SQL: s}); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ProducerBatchMaxBytes(4<<20), kgo.MaxBufferedRecords(badRecords))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	values, bad := badInput()
	recs := make([]*kgo.Record, len(values))
	for i, v := range values {
		recs[i] = &kgo.Record{Topic: "orders", Partition: 0, Key: fmt.Appendf(nil, "k%d", i), Value: []byte(v)}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	want := expectedOutput()
	var got []string
	for _, r := range consumeN(ctx, t, brokers, "BIG", len(want)) {
		got = append(got, outputRow(t, string(r.Key), r.Value))
	}
	sort.Strings(got)
	assertSameRows(t, got, want)

	var entries []exec.ProcessingLogEntry
	for _, r := range consumeN(ctx, t, brokers, kafkaio.ProcessingLogTopic("default_"), len(bad)) {
		var le exec.ProcessingLogEntry
		if err := json.Unmarshal(r.Value, &le); err != nil {
			t.Fatalf("processing-log record %s: %v", r.Value, err)
		}
		entries = append(entries, le)
	}
	checkProcessingLog(t, entries, bad)
	checkRunning(t, e)
}

// consumeN reads topic from the start until n records arrived, then for a
// further half second to catch extras.
func consumeN(ctx context.Context, t *testing.T, brokers []string, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	var out []*kgo.Record
	var extra time.Time
	for {
		if len(out) >= n && extra.IsZero() {
			extra = time.Now().Add(500 * time.Millisecond)
		}
		if !extra.IsZero() && time.Now().After(extra) {
			return out
		}
		pctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		fs := cl.PollFetches(pctx)
		cancel()
		if ctx.Err() != nil {
			t.Fatalf("%s: %d of %d records before the deadline", topic, len(out), n)
		}
		fs.EachRecord(func(r *kgo.Record) { out = append(out, r) })
	}
}
