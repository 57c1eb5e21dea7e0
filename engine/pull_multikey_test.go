package engine

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// TestPullMultiKey runs the golden files in testdata/pull_multikey: pull
// queries on tables keyed by one or more columns, windowed or not, read by
// key or by a scan of the materialized view. Rewrite them with
// go test ./engine -run TestPullMultiKey -rewrite.
//
// Commands:
//
//	exec                 statements; prints ok or the error
//	produce topic=t      one raw record per line: key | value [| ts];
//	                     <null> is a null key or a tombstone
//	pull [props=k=v,...] a pull query: its rows (as REST JSON), then how the
//	                     view was read; fails the test unless the rows are
//	                     those a scan of the whole view gives
func TestPullMultiKey(t *testing.T) {
	datadriven.Walk(t, "testdata/pull_multikey", func(t *testing.T, path string) {
		h := newHarness(t)
		defer h.close()
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "exec":
				if _, err := h.drv.Engine().Execute(context.Background(), Request{SQL: d.Input}); err != nil {
					return errorText(err)
				}
				return "ok\n"
			case "produce":
				produceLines(t, h, d)
				return ""
			case "pull":
				return pullAndCompare(t, h.drv.Engine(), d.Input, pairs(arg(d, "props", "")))
			}
			d.Fatalf(t, "unknown command %q", d.Cmd)
			return ""
		})
	})
}

func produceLines(t *testing.T, h *harness, d *datadriven.TestData) {
	m := h.drv.mem
	for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
		parts := strings.Split(line, " | ")
		if len(parts) < 2 {
			d.Fatalf(t, "want key | value [| ts], got %q", line)
		}
		r := &exec.OutRecord{Topic: arg(d, "topic", "")}
		if k := strings.TrimSpace(parts[0]); k != "<null>" {
			r.Key = []byte(k)
		}
		if v := strings.TrimSpace(parts[1]); v != "<null>" {
			r.Value = []byte(v)
		}
		if len(parts) > 2 {
			ts, err := strconv.ParseInt(strings.TrimSpace(parts[2]), 10, 64)
			if err != nil {
				d.Fatalf(t, "bad timestamp in %q", line)
			}
			r.Timestamp = ts
		}
		m.mu.Lock()
		m.append(r)
		m.mu.Unlock()
	}
}

// pullAndCompare runs a pull query, prints its rows and how the view was
// read, and checks the rows against those of a full scan.
func pullAndCompare(t *testing.T, e *Engine, query string, props map[string]any) string {
	q, err := e.Query(context.Background(), Request{SQL: query, Properties: props})
	if err != nil {
		return errorText(err)
	}
	rows, err := drainRows(q)
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r + "\n")
	}
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	plan := planPull(t, e, query, props)
	e.mu.Lock()
	v := e.views[plan.Source.Name]
	e.mu.Unlock()
	lookup, _ := keyLookups(plan)
	fetched, byKey := v.fetch(lookup)
	all, _ := v.fetch(nil)
	if byKey {
		fmt.Fprintf(&b, "read: %d keys, %d of %d records\n", len(lookup.keys), len(fetched), len(all))
	} else {
		fmt.Fprintf(&b, "read: scan of %d records\n", len(all))
	}
	sq, err := e.servePull(plan, all)
	if err != nil {
		t.Fatal(err)
	}
	scanned, scanErr := drainRows(sq)
	if !slices.Equal(sorted(rows), sorted(scanned)) || (err == nil) != (scanErr == nil) {
		t.Errorf("%s: rows %q (error %v), but a scan gives %q (error %v)", query, rows, err, scanned, scanErr)
	}
	return b.String()
}

func sorted(s []string) []string {
	return slices.Sorted(slices.Values(s))
}

// planPull plans a pull query as Engine.Query does.
func planPull(t testing.TB, e *Engine, query string, props map[string]any) *planner.QueryPlan {
	stmts, err := sql.ParseStatements(query)
	if err != nil {
		t.Fatal(err)
	}
	strProps := map[string]string{}
	for k, v := range props {
		strProps[k] = fmt.Sprint(v)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	plan, err := planner.BuildQuery(stmts[0].Stmt.(*sql.Query), e.cat, planner.ConfigFromProps(strProps))
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// drainRows reads a query to its end, rendering each row as a JSON array.
func drainRows(q Query) ([]string, error) {
	defer q.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cols := q.Columns()
	var rows []string
	for {
		row, err := q.Next(ctx)
		var end *End
		if errors.As(err, &end) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		buf := []byte{'['}
		for i, v := range row.Values {
			if i > 0 {
				buf = append(buf, ',')
			}
			if buf, err = serde.AppendRESTJSON(buf, v, cols[i].Type); err != nil {
				return rows, err
			}
		}
		rows = append(rows, string(append(buf, ']')))
	}
}

// TestKeyIndexUpkeep checks that a view's key index follows deletes,
// re-inserts and compaction of a windowed table.
func TestKeyIndexUpkeep(t *testing.T) {
	v := &matView{byKey: map[string]int{}}
	task := &matTask{topic: "t", view: v}
	spec := keySpec{id: "test", opts: serde.Options{Format: serde.Kafka, Key: true}, window: "TUMBLING", size: 10}
	key := func(k string, start int64) []byte { return binary.BigEndian.AppendUint64([]byte(k), uint64(start)) }
	put := func(k string, start int64, value string) {
		r := exec.SourceRecord{Topic: "t", Key: key(k, start)}
		if value != "" {
			r.Value = []byte(value)
		}
		if err := task.Process(context.Background(), []exec.SourceRecord{r}); err != nil {
			t.Fatal(err)
		}
	}
	values := func(k string) []string {
		recs, byKey := v.fetch(&keyLookup{spec: spec, keys: [][]byte{[]byte(k)}})
		if !byKey {
			t.Fatal("a KAFKA-format view was scanned")
		}
		var out []string
		for _, r := range recs {
			out = append(out, string(r.Value))
		}
		return out
	}
	put("a", 0, "a0")
	put("b", 0, "b0")
	put("a", 10, "a10")
	if got := values("a"); !slices.Equal(got, []string{"a0", "a10"}) {
		t.Fatalf("a: %q", got)
	}
	put("a", 0, "")     // delete a's first window, after the index exists
	put("a", 20, "a20") // and add one
	put("a", 10, "a10'")
	if got := values("a"); !slices.Equal(got, []string{"a10'", "a20"}) {
		t.Fatalf("a after a delete: %q", got)
	}
	for i := range 3000 { // enough deletes to compact the view
		put("c", int64(i), "c")
		put("c", int64(i), "")
	}
	if v.dead > 1024 {
		t.Fatalf("the view was not compacted: %d dead slots", v.dead)
	}
	if got := values("a"); !slices.Equal(got, []string{"a10'", "a20"}) {
		t.Fatalf("a after compaction: %q", got)
	}
	if got := values("b"); !slices.Equal(got, []string{"b0"}) {
		t.Fatalf("b after compaction: %q", got)
	}
	if got := values("c"); len(got) != 0 {
		t.Fatalf("c after deleting all its windows: %q", got)
	}
}

// BenchmarkPullMultiKey compares, in one run, a pull query by a two-column
// key (INT and STRING, KEY_FORMAT JSON) answered by key lookup with the
// same query answered by a scan of the view, on a table of 100,000 keys.
// lookup-us and scan-us are the latencies of one query; scan/lookup is
// their ratio. index-build-ms is the one-time cost of the view's first
// lookup.
func BenchmarkPullMultiKey(b *testing.B) {
	const keys = 100_000
	d, err := NewTestDriver(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	e := d.Engine()
	ctx := context.Background()
	mustExec := func(s string) {
		if _, err := e.Execute(ctx, Request{SQL: s}); err != nil {
			b.Fatal(err)
		}
	}
	mustExec("CREATE STREAM bids (auction INT KEY, bidder STRING KEY, price BIGINT) WITH (KAFKA_TOPIC='bids', KEY_FORMAT='JSON', VALUE_FORMAT='JSON', PARTITIONS=1);")
	for i := range keys {
		r := TestRecord{Topic: "bids", Key: map[string]any{"AUCTION": i / 10, "BIDDER": fmt.Sprintf("b%d", i%10)}, Value: map[string]any{"PRICE": i}}
		if err := d.Pipe(r); err != nil {
			b.Fatal(err)
		}
	}
	mustExec("CREATE TABLE maxbid AS SELECT auction, bidder, MAX(price) AS top FROM bids GROUP BY auction, bidder;")
	query := func(i int) string {
		return fmt.Sprintf("SELECT * FROM maxbid WHERE bidder = 'b%d' AND auction = %d;", i%10, i/10)
	}
	plan := planPull(b, e, query(0), nil)
	v := e.views[plan.Source.Name]
	if recs, byKey := v.fetch(nil); len(recs) != keys || byKey {
		b.Fatalf("the view holds %d records, want %d", len(recs), keys)
	}
	// The first lookup builds the view's key index (checking each stored
	// key once); later ones only maintain it.
	start := time.Now()
	if recs, byKey := v.fetch(&keyLookup{spec: mustSpec(b, plan)}); len(recs) != 0 || !byKey {
		b.Fatal("the view cannot be read by key")
	}
	indexBuild := time.Since(start)
	rng := rand.New(rand.NewPCG(1, 2))
	var lookupTime, scanTime time.Duration
	for b.Loop() {
		i := rng.IntN(keys)
		t0 := time.Now()
		q, err := e.Query(ctx, Request{SQL: query(i)})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := drainRows(q)
		if err != nil || len(rows) != 1 {
			b.Fatalf("lookup of key %d: rows %q, error %v", i, rows, err)
		}
		t1 := time.Now()
		plan := planPull(b, e, query(i), nil)
		all, _ := v.fetch(nil)
		sq, err := e.servePull(plan, all)
		if err != nil {
			b.Fatal(err)
		}
		if rows, err = drainRows(sq); err != nil || len(rows) != 1 {
			b.Fatalf("scan for key %d: rows %q, error %v", i, rows, err)
		}
		lookupTime += t1.Sub(t0)
		scanTime += time.Since(t1)
	}
	b.ReportMetric(float64(lookupTime.Microseconds())/float64(b.N), "lookup-us")
	b.ReportMetric(float64(scanTime.Microseconds())/float64(b.N), "scan-us")
	b.ReportMetric(float64(scanTime)/float64(lookupTime), "scan/lookup")
	b.ReportMetric(float64(indexBuild.Microseconds())/1000, "index-build-ms")
}

func mustSpec(b *testing.B, plan *planner.QueryPlan) keySpec {
	l, ok := keyLookups(plan)
	if !ok {
		b.Fatal("the query is not a key lookup")
	}
	return l.spec
}
