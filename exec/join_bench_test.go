package exec

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Nexmark-like sources: BIDS (AUCTION BIGINT KEY, BIDDER BIGINT, PRICE
// BIGINT) and the table AUCTIONS (ID BIGINT PRIMARY KEY, SELLER BIGINT,
// CATEGORY STRING), both JSON.
func benchScan(source, topic string, table bool, cols ...planner.Column) *planner.Scan {
	s := &planner.Scan{Source: source, Topic: topic, Table: table, KeyFormat: planner.Format{Name: "JSON", Unwrapped: true},
		ValueFormat: jsonFormat, KeyColumns: []int{0}, TimestampColumn: -1, Out: &planner.Schema{}}
	for i, c := range cols {
		if i > 0 {
			s.ValueColumns = append(s.ValueColumns, i)
		}
		s.Out.Columns = append(s.Out.Columns, c)
	}
	s.Out.Columns[0].Role = planner.KeyColumn
	s.Out.Columns = append(s.Out.Columns,
		planner.Column{Name: "ROWTIME", Type: types.BigIntType, Role: planner.PseudoColumn},
		planner.Column{Name: "ROWPARTITION", Type: types.IntType, Role: planner.PseudoColumn},
		planner.Column{Name: "ROWOFFSET", Type: types.BigIntType, Role: planner.PseudoColumn})
	return s
}

func bigintCol(name string) planner.Column { return planner.Column{Name: name, Type: types.BigIntType} }

// benchJoin builds a task joining left and right on their keys and writing
// the key with the left's second and the right's second column.
func benchJoin(b *testing.B, kind planner.JoinKind, w *planner.JoinWindow, left, right *planner.Scan, prod Producer) Task {
	j := &planner.Join{Kind: kind, Type: planner.InnerJoin, Left: left, Right: right, Window: w, KeyCols: 1,
		LeftKey: []planner.Expr{col(0, "K", types.BigIntType)}, RightKey: []planner.Expr{col(0, "K", types.BigIntType)}}
	out := []planner.Column{{Name: "K", Type: types.BigIntType, Role: planner.KeyColumn}}
	out = append(out, left.Out.Columns...)
	out = append(out, right.Out.Columns...)
	j.Out = &planner.Schema{Columns: out}
	lw := len(left.Out.Columns)
	p := project(j, "K,A,B", col(0, "K", types.BigIntType), col(2, "A", out[2].Type), col(2+lw, "B", out[2+lw].Type))
	task, err := Build(sinkTo(p, "out"), Env{QueryID: "bench", Producer: prod, Log: &recorder{}})
	if err != nil {
		b.Fatal(err)
	}
	return task
}

// BenchmarkStreamTableJoin measures enrichment (bids JOIN auctions ON the
// auction id) through Task.Process: 10,000 auctions loaded, then bids in
// batches of 500, JSON decode (keys too) to JSON encode.
func BenchmarkStreamTableJoin(b *testing.B) {
	bids := benchScan("BIDS", "bids", false, bigintCol("AUCTION"), bigintCol("BIDDER"), bigintCol("PRICE"))
	auctions := benchScan("AUCTIONS", "auctions", true, bigintCol("ID"), bigintCol("SELLER"),
		planner.Column{Name: "CATEGORY", Type: types.StringType})
	prod := &countingProducer{}
	task := benchJoin(b, planner.StreamTableJoin, nil, bids, auctions, prod)
	defer task.Close()
	ctx := context.Background()
	const auctionCount = 10000
	table := make([]SourceRecord, auctionCount)
	for i := range table {
		table[i] = SourceRecord{Topic: "auctions", Offset: int64(i), Timestamp: int64(i),
			Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprintf(`{"SELLER":%d,"CATEGORY":"cat-%d"}`, i%97, i%13))}
	}
	if err := task.Process(ctx, table); err != nil {
		b.Fatal(err)
	}
	recs := make([]SourceRecord, 500)
	for i := range recs {
		recs[i] = SourceRecord{Topic: "bids", Offset: int64(i), Timestamp: int64(auctionCount + i),
			Key: []byte(fmt.Sprint(i * 17 % auctionCount)), Value: []byte(fmt.Sprintf(`{"BIDDER":%d,"PRICE":%d}`, i%1000, 100+i))}
	}
	runBench(b, task, recs, prod)
}

// BenchmarkStreamStreamJoin measures a windowed join (persons JOIN
// auctions WITHIN 10 SECONDS on the person id): both sides alternate in
// batches of 500 records, 10 ms apart, over 500 keys: each row finds about
// one row of its key on the other side within the window.
func BenchmarkStreamStreamJoin(b *testing.B) {
	persons := benchScan("PERSONS", "persons", false, bigintCol("ID"), planner.Column{Name: "NAME", Type: types.StringType})
	auctions := benchScan("AUCTIONS", "auctions", false, bigintCol("SELLER"), bigintCol("RESERVE"))
	prod := &countingProducer{}
	w := &planner.JoinWindow{Before: 10000, After: 10000, Grace: 0, GraceSet: true}
	task := benchJoin(b, planner.StreamStreamJoin, w, persons, auctions, prod)
	defer task.Close()
	batches := [2][]SourceRecord{make([]SourceRecord, 500), make([]SourceRecord, 500)}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	n, t := 0, int64(0)
	for n < b.N {
		side := (n / 500) % 2
		batch := batches[side][:min(500, b.N-n)]
		for i := range batch {
			t += 10
			key := []byte(fmt.Sprint((n + i) % 500))
			if side == 0 {
				batch[i] = SourceRecord{Topic: "persons", Offset: int64(n + i), Timestamp: t, Key: key, Value: []byte(`{"NAME":"p"}`)}
			} else {
				batch[i] = SourceRecord{Topic: "auctions", Offset: int64(n + i), Timestamp: t, Key: key, Value: []byte(`{"RESERVE":7}`)}
			}
		}
		if err := task.Process(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		n += len(batch)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
	if n > 1000 && prod.records == 0 {
		b.Fatal("nothing produced")
	}
}

func runBench(b *testing.B, task Task, recs []SourceRecord, prod *countingProducer) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	n := 0
	for n < b.N {
		batch := recs[:min(len(recs), b.N-n)]
		if err := task.Process(ctx, batch); err != nil {
			b.Fatal(err)
		}
		n += len(batch)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
	if prod.records == 0 {
		b.Fatal("nothing produced")
	}
}

// TestStreamJoinStateSize reports the heap held per buffered row of a
// stream-stream join (a row of 6 columns, 2 of them small strings).
func TestStreamJoinStateSize(t *testing.T) {
	if testing.Short() {
		t.Skip("measures memory")
	}
	persons := benchScan("PERSONS", "persons", false, bigintCol("ID"), planner.Column{Name: "NAME", Type: types.StringType})
	n := &planner.Join{Kind: planner.StreamStreamJoin, Type: planner.InnerJoin, Left: persons, Right: persons, KeyCols: 1,
		LeftKey: []planner.Expr{col(0, "K", types.BigIntType)}, RightKey: []planner.Expr{col(0, "K", types.BigIntType)},
		Window: &planner.JoinWindow{Before: 1 << 40, After: 1 << 40, GraceSet: true}, Out: &planner.Schema{Columns: make([]planner.Column, 11)}}
	op, err := newJoin(&procLog{}, n)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Open(context.Background(), &countEmitter{}); err != nil {
		t.Fatal(err)
	}
	const rows = 100000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var b Batch
	for i := range rows {
		b.Reset("persons", 0)
		b.Append(types.Row{int64(i), fmt.Sprintf("name-%d", i), int64(i), int32(0), int64(i)}, int64(i), int64(i), false)
		if err := op.Process(context.Background(), leftPort, &b); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if got := op.impl.(*windowJoin).sides[0].len(); got != rows {
		t.Fatalf("%d rows buffered, want %d", got, rows)
	}
	t.Logf("stream-stream join state: %.0f bytes per buffered row", float64(after.HeapAlloc-before.HeapAlloc)/rows)
}
