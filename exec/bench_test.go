package exec

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/streamsql/streamsql/planner"
)

// countingProducer counts records and bytes and keeps nothing.
type countingProducer struct{ records, bytes int }

func (p *countingProducer) Produce(r *OutRecord) {
	p.records++
	p.bytes += len(r.Key) + len(r.Value)
}

// BenchmarkFilterProject measures the stateless path through Task.Process:
// JSON decode → WHERE AMOUNT > 10 → SELECT ID, UCASE(NAME), AMOUNT * 2 →
// JSON encode, in batches of 500 records of which half pass the filter.
func BenchmarkFilterProject(b *testing.B) {
	scan := ordersScan()
	f := &planner.Filter{Input: scan, Predicate: bin(planner.OpGt, oAmount, bigint(10))}
	p := project(f, "ID,NAME,DOUBLED", oID, ucase(oName), bin(planner.OpMul, oAmount, bigint(2)))
	prod := &countingProducer{}
	task, err := Build(sinkTo(p, "out"), Env{QueryID: "bench", Producer: prod, Log: &recorder{}})
	if err != nil {
		b.Fatal(err)
	}
	defer task.Close()

	recs := make([]SourceRecord, 500)
	for i := range recs {
		recs[i] = SourceRecord{Topic: "orders", Offset: int64(i), Timestamp: int64(i),
			Key:   []byte(fmt.Sprintf("key-%d", i)),
			Value: []byte(fmt.Sprintf(`{"NAME":"customer-%d","AMOUNT":%d,"DIVISOR":3}`, i, i%21))}
	}
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
	elapsed := time.Since(start)
	b.ReportMetric(float64(n)/elapsed.Seconds(), "records/s")
	if n >= len(recs) && prod.records == 0 {
		b.Fatal("nothing produced")
	}
}

// BenchmarkCompiledPredicate measures one compiled comparison, the innermost
// loop of a filter.
func BenchmarkCompiledPredicate(b *testing.B) {
	ev, err := Compile(bin(planner.OpAnd,
		bin(planner.OpGt, cI, bigint(3)),
		&planner.Like{Arg: cS, Pattern: str("%ll%")}))
	if err != nil {
		b.Fatal(err)
	}
	row := testRow()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if v, _ := ev(row, nil); v != true {
			b.Fatal("predicate is not true")
		}
	}
}
