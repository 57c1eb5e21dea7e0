package funcs

import (
	"fmt"
	"sort"
	"sync/atomic"
	"time"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		offsetFunc("LATEST_BY_OFFSET", "The value of the latest row by offset", true),
		offsetFunc("EARLIEST_BY_OFFSET", "The value of the earliest row by offset", false),
	)
}

// offsetSeq orders the rows these aggregates see, across groups, so that
// merged session windows keep the right value. Seeding it from the clock
// keeps it increasing across restarts.
var offsetSeq atomic.Int64

func init() { offsetSeq.Store(time.Now().UnixNano()) }

func offsetFunc(name, desc string, latest bool) *Func {
	col := p("col1", tT)
	ignore := lit("ignoreNulls", tBool)
	n := lit("n", tInt)
	mk := func(nIdx, ignoreIdx int) func(in AggInit) (Aggregator, error) {
		return func(in AggInit) (Aggregator, error) { return newOffsetAgg(name, in, latest, nIdx, ignoreIdx) }
	}
	single := func(args []*types.Type) *types.Type { return offsetEntryType(args[0]) }
	multi := func(args []*types.Type) *types.Type { return types.ArrayOf(offsetEntryType(args[0])) }
	return &Func{Name: name, Kind: Aggregate, Category: CatAgg,
		Description: desc + " (NULLs ignored unless ignoreNulls is false), or of the n " +
			map[bool]string{true: "latest", false: "earliest"}[latest] + " rows as an array.",
		Overloads: []*Overload{
			{Params: ps(col), Returns: tT, NewAgg: mk(-1, -1), Intermediate: single},
			{Params: ps(col, ignore), Returns: tT, NewAgg: mk(-1, 1), Intermediate: single},
			{Params: ps(col, n), Returns: tArray(tT), NewAgg: mk(1, -1), Intermediate: multi},
			{Params: ps(col, n, ignore), Returns: tArray(tT), NewAgg: mk(1, 2), Intermediate: multi},
		}}
}

func offsetEntryType(t *types.Type) *types.Type {
	return types.StructOf(types.Field{Name: "SEQ", Type: types.BigIntType}, types.Field{Name: "VAL", Type: t})
}

func newOffsetAgg(name string, in AggInit, latest bool, nIdx, ignoreIdx int) (Aggregator, error) {
	a := &offsetAgg{t: in.arg(0), latest: latest, n: 1, ignoreNulls: true}
	if nIdx >= 0 {
		n, ok := in.literalInt(nIdx)
		if !ok || n < 1 {
			return nil, fmt.Errorf("the n parameter of %s must be 1 or greater", name)
		}
		a.n, a.many = n, true
	}
	if ignoreIdx >= 0 {
		a.ignoreNulls = in.literalBool(ignoreIdx, true)
	}
	return a, nil
}

type offsetEntry struct {
	seq int64
	val types.Value
}

// offsetAgg keeps the n latest (or earliest) values in arrival order.
type offsetAgg struct {
	noUndo
	t           *types.Type
	latest      bool
	many        bool
	n           int
	ignoreNulls bool
	entries     []offsetEntry
}

func (a *offsetAgg) Add(args []types.Value) error {
	if args[0] == nil && a.ignoreNulls {
		return nil
	}
	if !a.latest && len(a.entries) >= a.n {
		return nil
	}
	a.entries = append(a.entries, offsetEntry{seq: offsetSeq.Add(1), val: args[0]})
	a.trim()
	return nil
}

// trim keeps the n entries to report.
func (a *offsetAgg) trim() {
	if len(a.entries) <= a.n {
		return
	}
	if a.latest {
		a.entries = append([]offsetEntry{}, a.entries[len(a.entries)-a.n:]...)
	} else {
		a.entries = a.entries[:a.n]
	}
}

func (a *offsetAgg) Merge(o Aggregator) error {
	b, ok := o.(*offsetAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	a.entries = append(a.entries, b.entries...)
	sort.SliceStable(a.entries, func(i, j int) bool { return a.entries[i].seq < a.entries[j].seq })
	a.trim()
	return nil
}

func (a *offsetAgg) Result() types.Value {
	if !a.many {
		if len(a.entries) == 0 {
			return nil
		}
		return a.entries[0].val
	}
	out := make([]types.Value, len(a.entries))
	for i, e := range a.entries {
		out[i] = e.val
	}
	return out
}

func (a *offsetAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	e.uvarint(uint64(len(a.entries)))
	for _, x := range a.entries {
		e.varint(x.seq)
		e.value(x.val, a.t)
	}
	return e.buf, nil
}

func (a *offsetAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	n := d.uvarint()
	a.entries = nil
	for i := uint64(0); i < n && d.err == nil; i++ {
		seq := d.varint()
		a.entries = append(a.entries, offsetEntry{seq: seq, val: d.value(a.t)})
	}
	return d.done()
}
