package exec

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// rowsEmitter renders every row it receives as "key count [start,end) @time".
type rowsEmitter struct{ got []string }

func (e *rowsEmitter) Emit(_ context.Context, b *Batch) error {
	for i, r := range b.Rows {
		e.got = append(e.got, fmt.Sprintf("%v %v [%v,%v) @%d", r[0], r[1], r[2], r[3], b.Times[i]))
	}
	return nil
}

func (e *rowsEmitter) EmitWatermark(context.Context, Watermark) error { return nil }

// finalCount is SELECT ID, COUNT(*) FROM ORDERS WINDOW ... GROUP BY ID EMIT FINAL.
func finalCount(t *testing.T, w *planner.WindowSpec) *aggregateOp {
	r, err := funcs.Resolve("COUNT", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := &planner.Aggregate{Input: ordersScan(), GroupBy: []planner.Expr{oID}, Window: w, EmitFinal: true,
		Aggs: []planner.AggCall{{Name: "COUNT", Overload: r.Overload, Init: funcs.AggInit{Args: r.Args}}},
		Out: &planner.Schema{Columns: []planner.Column{{Name: "ID", Type: types.StringType, Role: planner.KeyColumn},
			{Name: "C", Type: types.BigIntType}, {Name: "WINDOWSTART", Type: types.BigIntType}, {Name: "WINDOWEND", Type: types.BigIntType}}}}
	op, err := newAggregate(&procLog{}, n)
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// runFinal feeds "key@time" records, in batches of batchSize, and returns
// the final results emitted.
func runFinal(t *testing.T, w *planner.WindowSpec, batchSize int, records string) []string {
	op := finalCount(t, w)
	sink := &rowsEmitter{}
	if err := op.Open(context.Background(), sink); err != nil {
		t.Fatal(err)
	}
	var b Batch
	flush := func() {
		if b.Len() > 0 {
			if err := op.Process(context.Background(), 0, &b); err != nil {
				t.Fatal(err)
			}
		}
		b = Batch{}
	}
	for i, rec := range strings.Fields(records) {
		var key string
		var ts int64
		if _, err := fmt.Sscanf(strings.Replace(rec, "@", " ", 1), "%s %d", &key, &ts); err != nil {
			t.Fatal(err)
		}
		b.Append(types.Row{key, "n", int64(1), int64(1), ts, int32(0), int64(i)}, ts, int64(i), false)
		if b.Len() == batchSize {
			flush()
		}
	}
	flush()
	return sink.got
}

// TestEmitFinal checks when closed windows are emitted: after the record
// that closes them, whatever the batching, and only while the window store
// still retains them.
func TestEmitFinal(t *testing.T) {
	tumbling := func(size, grace int64) *planner.WindowSpec {
		return &planner.WindowSpec{Kind: "TUMBLING", Size: size, Advance: size, Grace: grace}
	}
	cases := []struct {
		name    string
		w       *planner.WindowSpec
		records string
		want    string
	}{
		{"open until end plus grace", tumbling(2, 1), "a@0 a@1 a@2 a@1", ""},
		{"closes at end plus grace", tumbling(2, 1), "a@0 a@1 a@2 a@1 a@3", "a 3 [0,2) @1"},
		{"closed windows in start then key order", tumbling(2, 0), "b@0 a@1 a@2", "a 1 [0,2) @1|b 1 [0,2) @0"},
		{"late records after close are dropped", tumbling(2, 0), "a@0 a@2 a@1 a@4", "a 1 [0,2) @0|a 1 [2,4) @2"},
		// A window is emitted only while its start is within the retention
		// (size plus grace) of the latest window start.
		{"emitted in the record that closes it", tumbling(2, 1), "a@0 a@2 a@5 a@100", "a 1 [2,4) @2"},
		{"a jump past retention drops", tumbling(2, 2), "a@0 a@3 a@10", ""},
		{"hopping", &planner.WindowSpec{Kind: "HOPPING", Size: 5, Advance: 2, Grace: 1},
			"a@0 a@1 a@2 a@1 a@6 a@5 a@10", "a 4 [0,5) @2|a 2 [4,9) @6"},
		{"session closes after gap and grace", &planner.WindowSpec{Kind: "SESSION", Size: 5, Advance: 5, Grace: 6},
			"a@0 a@4 a@8 a@12 a@14 a@30 a@29 a@17 a@42", "a 5 [0,14) @14|a 2 [29,30) @30"},
	}
	for _, c := range cases {
		for _, batch := range []int{1, 3, 100} {
			got := strings.Join(runFinal(t, c.w, batch, c.records), "|")
			if got != c.want {
				t.Errorf("%s (batches of %d): got %q, want %q", c.name, batch, got, c.want)
			}
		}
	}
}
