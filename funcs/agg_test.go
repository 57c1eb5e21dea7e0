package funcs

import (
	"errors"
	"math"
	"testing"

	"github.com/streamsql/streamsql/types"
)

// aggCall resolves an aggregate call. lits holds one entry per argument:
// a literal value, or nil for a column argument of type cols[i].
type aggCall struct {
	name string
	cols []*types.Type
	lits []types.Value
}

func (c aggCall) start(t *testing.T) (Aggregator, *Resolved) {
	t.Helper()
	ts := make([]*types.Type, len(c.cols))
	for i, col := range c.cols {
		ts[i] = col
		if i < len(c.lits) && c.lits[i] != nil {
			ts[i] = typeOf(c.lits[i])
		}
	}
	r, err := Resolve(c.name, ts)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	lits := make([]types.Value, len(ts))
	copy(lits, c.lits)
	a, err := r.Overload.NewAgg(AggInit{Args: r.Args, Literals: lits, CollectListLimit: 3, CollectSetLimit: 3})
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return a, r
}

// feed adds rows and checks the result after each, and that the state
// survives Marshal/Unmarshal.
func (c aggCall) feed(t *testing.T, rows [][]types.Value, want []types.Value) Aggregator {
	t.Helper()
	a, _ := c.start(t)
	for i, row := range rows {
		if err := a.Add(row); err != nil {
			t.Fatalf("%s add %v: %v", c.name, row, err)
		}
		if got := a.Result(); !sameValue(got, want[i]) {
			t.Errorf("%s after %v = %#v, want %#v", c.name, rows[:i+1], got, want[i])
		}
		data, err := a.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := c.start(t)
		if err := b.Unmarshal(data); err != nil {
			t.Fatalf("%s unmarshal: %v", c.name, err)
		}
		if got := b.Result(); !sameValue(got, want[i]) {
			t.Errorf("%s restored after %v = %#v, want %#v", c.name, rows[:i+1], got, want[i])
		}
	}
	return a
}

func rows1(vs ...types.Value) [][]types.Value {
	out := make([][]types.Value, len(vs))
	for i, v := range vs {
		out[i] = []types.Value{v}
	}
	return out
}

var (
	intT = []*types.Type{types.IntType}
	strT = []*types.Type{types.StringType}
)

func TestCountSumAvg(t *testing.T) {
	aggCall{name: "COUNT", cols: intT}.feed(t, rows1(int32(1), nil, int32(3)), arr(int64(1), int64(1), int64(2)))
	count := aggCall{name: "COUNT"}
	a := count.feed(t, [][]types.Value{{}, {}}, arr(int64(1), int64(2)))
	if err := a.Remove(nil); err != nil || a.Result() != int64(1) {
		t.Errorf("COUNT(*) after remove = %v, %v", a.Result(), err)
	}
	sum := aggCall{name: "SUM", cols: intT}
	a = sum.feed(t, rows1(int32(10), nil, int32(20)), arr(int32(10), int32(10), int32(30)))
	_ = a.Remove([]types.Value{int32(10)})
	_ = a.Remove([]types.Value{int32(20)})
	if a.Result() != int32(0) {
		t.Errorf("SUM after removing everything = %v, want 0", a.Result())
	}
	aggCall{name: "SUM", cols: []*types.Type{types.DecimalOf(4, 1)}}.feed(t,
		rows1(dec("5.4"), dec("100.1")), arr(dec("5.4"), dec("105.5")))
	over, _ := aggCall{name: "SUM", cols: []*types.Type{types.DecimalOf(3, 1)}}.start(t)
	if err := over.Add([]types.Value{dec("99.9")}); err != nil {
		t.Fatal(err)
	}
	if err := over.Add([]types.Value{dec("0.1")}); err == nil {
		t.Error("SUM past DECIMAL(3,1) must overflow")
	}
	aggCall{name: "SUM", cols: []*types.Type{types.DoubleType}}.feed(t, rows1(1.5, 2.25), arr(1.5, 3.75))
	aggCall{name: "AVG", cols: intT}.feed(t, rows1(nil, int32(1), int32(2)), arr(0.0, 1.0, 1.5))
	aggCall{name: "SUM_LIST", cols: []*types.Type{types.ArrayOf(types.BigIntType)}}.feed(t,
		rows1(arr(int64(1), nil, int64(2)), nil, arr(int64(4))), arr(int64(3), int64(3), int64(7)))
	r, _ := Resolve("AVG", []*types.Type{types.DecimalOf(4, 2)})
	if r == nil || !r.Return.Equal(types.DoubleType) || r.Overload.Intermediate == nil {
		t.Errorf("AVG(DECIMAL) = %+v", r)
	}
}

func TestMinMaxAttr(t *testing.T) {
	aggCall{name: "MAX", cols: intT}.feed(t, rows1(nil, int32(3), int32(1)), arr(nil, int32(3), int32(3)))
	a := aggCall{name: "MIN", cols: strT}.feed(t, rows1("b", "a", nil), arr("b", "a", "a"))
	if err := a.Remove([]types.Value{"a"}); !errors.Is(err, ErrNotUndoable) {
		t.Errorf("MIN.Remove = %v", err)
	}
	attr := aggCall{name: "ATTR", cols: strT}
	attr.feed(t, rows1("1", nil, "1"), arr("1", nil, nil))
	a = attr.feed(t, rows1("1", "1"), arr("1", "1"))
	_ = a.Add([]types.Value{"2"})
	_ = a.Remove([]types.Value{"1"})
	_ = a.Remove([]types.Value{"1"})
	if a.Result() != "2" {
		t.Errorf("ATTR after retractions = %v", a.Result())
	}
}

func TestCollect(t *testing.T) {
	list := aggCall{name: "COLLECT_LIST", cols: strT}
	a := list.feed(t, rows1("baz", "baz", nil, "x"), arr(arr("baz"), arr("baz", "baz"), arr("baz", "baz", nil), arr("baz", "baz", nil)))
	_ = a.Remove([]types.Value{"baz"})
	if !valueEqual(a.Result(), arr("baz", nil)) {
		t.Errorf("COLLECT_LIST after remove = %v", a.Result())
	}
	aggCall{name: "COLLECT_SET", cols: strT}.feed(t, rows1("a", "a", "b", "c", "d"),
		arr(arr("a"), arr("a"), arr("a", "b"), arr("a", "b", "c"), arr("a", "b", "c")))
	h := aggCall{name: "HISTOGRAM", cols: strT}
	a = h.feed(t, rows1("baz", nil, "foo", "baz"), arr(mapv("baz", int64(1)), mapv("baz", int64(1)),
		mapv("baz", int64(1), "foo", int64(1)), mapv("baz", int64(2), "foo", int64(1))))
	_ = a.Remove([]types.Value{"foo"})
	if !valueEqual(a.Result(), mapv("baz", int64(2))) {
		t.Errorf("HISTOGRAM after remove = %v", a.Result())
	}
}

func TestTopK(t *testing.T) {
	aggCall{name: "TOPK", cols: []*types.Type{types.IntType, nil}, lits: arr(nil, int32(3))}.feed(t,
		rows1(int32(0), int32(100), int32(99), int32(7), int32(100)),
		arr(arr(int32(0)), arr(int32(100), int32(0)), arr(int32(100), int32(99), int32(0)),
			arr(int32(100), int32(99), int32(7)), arr(int32(100), int32(100), int32(99))))
	aggCall{name: "TOPKDISTINCT", cols: []*types.Type{types.IntType, nil}, lits: arr(nil, int32(2))}.feed(t,
		rows1(int32(1), int32(1), int32(5), int32(3)), arr(arr(int32(1)), arr(int32(1)), arr(int32(5), int32(1)), arr(int32(5), int32(3))))

	c := aggCall{name: "TOPK", cols: []*types.Type{types.IntType, types.StringType, nil}, lits: arr(nil, nil, int32(3))}
	a, r := c.start(t)
	elem := r.Return.Elem
	if elem.Kind != types.Struct || elem.Fields[0].Name != "sort_col" || elem.Fields[1].Name != "col0" {
		t.Fatalf("TOPK struct type = %v", r.Return)
	}
	for _, row := range [][]types.Value{{int32(0), "zero"}, {int32(100), "one"}, {int32(99), "two"}, {nil, "three"}, {int32(100), nil}} {
		_ = a.Add(row)
	}
	got := a.Result().([]types.Value)
	want := [][]types.Value{{int32(100), "one"}, {int32(100), nil}, {int32(99), "two"}}
	for i, w := range want {
		if s := got[i].(*types.StructValue); !valueEqual(s.Fields, []types.Value(w)) {
			t.Errorf("TOPK struct[%d] = %v, want %v", i, s.Fields, w)
		}
	}
	if _, err := r.Overload.NewAgg(AggInit{Args: r.Args, Literals: arr(nil, nil, int32(0))}); err == nil {
		t.Error("TOPK with k = 0 must fail")
	}
}

func TestByOffset(t *testing.T) {
	col := []*types.Type{types.IntType, nil, nil}
	aggCall{name: "LATEST_BY_OFFSET", cols: col[:1]}.feed(t, rows1(int32(1), nil, int32(3)), arr(int32(1), int32(1), int32(3)))
	aggCall{name: "LATEST_BY_OFFSET", cols: col[:2], lits: arr(nil, false)}.feed(t, rows1(int32(1), nil), arr(int32(1), nil))
	aggCall{name: "LATEST_BY_OFFSET", cols: col[:2], lits: arr(nil, int32(2))}.feed(t,
		rows1(int32(1), nil, int32(2), int32(3)), arr(arr(int32(1)), arr(int32(1)), arr(int32(1), int32(2)), arr(int32(2), int32(3))))
	aggCall{name: "LATEST_BY_OFFSET", cols: col, lits: arr(nil, int32(2), false)}.feed(t,
		rows1(int32(1), nil, int32(2)), arr(arr(int32(1)), arr(int32(1), nil), arr(nil, int32(2))))
	aggCall{name: "EARLIEST_BY_OFFSET", cols: col[:1]}.feed(t, rows1(nil, int32(2), int32(3)), arr(nil, int32(2), int32(2)))
	aggCall{name: "EARLIEST_BY_OFFSET", cols: col, lits: arr(nil, int32(2), true)}.feed(t,
		rows1(int32(1), nil, int32(2), int32(3)), arr(arr(int32(1)), arr(int32(1)), arr(int32(1), int32(2)), arr(int32(1), int32(2))))

	// Session windows merge: the merged state then takes the new row.
	latest := aggCall{name: "LATEST_BY_OFFSET", cols: col[:1]}
	a, _ := latest.start(t)
	b, _ := latest.start(t)
	_ = a.Add([]types.Value{int32(1)})
	_ = b.Add([]types.Value{int32(3)})
	merged, _ := latest.start(t)
	_ = merged.Merge(b)
	_ = merged.Merge(a)
	if merged.Result() != int32(3) {
		t.Errorf("merged LATEST_BY_OFFSET = %v, want 3", merged.Result())
	}
	r, _ := Resolve("LATEST_BY_OFFSET", []*types.Type{types.IntType, types.IntType})
	if !r.Overload.Params[1].Literal || !r.Return.Equal(types.ArrayOf(types.IntType)) {
		t.Errorf("LATEST_BY_OFFSET(col, n) = %+v", r)
	}
}

func TestStats(t *testing.T) {
	vals := rows1(10.0, 12.0, 13.0, 14.0, 16.0)
	aggCall{name: "STDDEV_SAMP", cols: []*types.Type{types.DoubleType}}.feed(t, vals,
		arr(0.0, 2.0, 2.333333333333333, 2.9166666666666665, 5.0))
	a := aggCall{name: "STDDEV_SAMPLE", cols: []*types.Type{types.DoubleType}}.feed(t, vals,
		arr(0.0, 1.4142135623730951, 1.5275252316519465, 1.707825127659933, 2.23606797749979))
	_ = a.Remove([]types.Value{16.0})
	if got := a.Result().(float64); math.Abs(got-1.707825127659933) > 1e-9 {
		t.Errorf("STDDEV_SAMPLE after remove = %v", got)
	}
	corr := aggCall{name: "CORRELATION", cols: []*types.Type{types.IntType, types.IntType}}
	c, r := corr.start(t)
	if !r.Args[0].Equal(types.DoubleType) {
		t.Errorf("CORRELATION casts its arguments to DOUBLE, got %v", r.Args)
	}
	for _, row := range [][]types.Value{{1.0, 8.0}, {-1.0, -2.0}, {-4.0, -1.0}, {nil, -6.0}} {
		_ = c.Add(row)
	}
	if got := c.Result().(float64); math.Abs(got-0.7455284088780169) > 1e-12 {
		t.Errorf("CORRELATION = %v", got)
	}
	empty, _ := corr.start(t)
	if got := empty.Result().(float64); !math.IsNaN(got) {
		t.Errorf("CORRELATION of nothing = %v, want NaN", got)
	}
}

func TestCountDistinct(t *testing.T) {
	cd := aggCall{name: "COUNT_DISTINCT", cols: strT}
	cd.feed(t, rows1("one", "two", "one", nil), arr(int64(1), int64(2), int64(2), int64(2)))
	a, _ := cd.start(t)
	const n = 20000
	for i := 0; i < n; i++ {
		_ = a.Add([]types.Value{string(rune('a'+i%26)) + string(rune(i))})
	}
	got := a.Result().(int64)
	if math.Abs(float64(got-n))/n > 0.05 {
		t.Errorf("COUNT_DISTINCT of %d values = %d", n, got)
	}
	data, _ := a.Marshal()
	b, _ := cd.start(t)
	if err := b.Unmarshal(data); err != nil || b.Result() != got {
		t.Errorf("restored COUNT_DISTINCT = %v, %v", b.Result(), err)
	}
	if err := b.Unmarshal(data[:10]); err == nil {
		t.Error("truncated state must fail to unmarshal")
	}
}
