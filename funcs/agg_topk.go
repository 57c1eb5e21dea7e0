package funcs

import (
	"fmt"
	"sort"

	"github.com/streamsql/streamsql/types"
)

// maxTopKColumns is how many extra columns TOPK(col, other..., k) accepts.
const maxTopKColumns = 5

func init() {
	topk := &Func{Name: "TOPK", Kind: Aggregate, Category: CatAgg,
		Description: "The k largest non-NULL values, descending; with extra columns, structs of the sort value " +
			"(sort_col) and those columns (col0, col1…)."}
	for n := 0; n <= maxTopKColumns; n++ {
		topk.Overloads = append(topk.Overloads, topkOverload(n))
	}
	register(topk, &Func{Name: "TOPKDISTINCT", Kind: Aggregate, Category: CatAgg,
		Description: "The k largest distinct non-NULL values, descending.",
		Overloads: []*Overload{{Params: ps(p("col1", tT), lit("k", tInt)), Returns: tArray(tT),
			Return: func(args []*types.Type) (*types.Type, error) {
				t, err := primitiveArg(args)
				return types.ArrayOf(t), err
			},
			NewAgg: func(in AggInit) (Aggregator, error) { return newTopK(in, true) }}}})
}

func topkOverload(extra int) *Overload {
	params := ps(p("col1", tT))
	for i := 0; i < extra; i++ {
		params = append(params, p(fmt.Sprintf("col%d", i+2), tvar(fmt.Sprintf("C%d", i))))
	}
	params = append(params, lit("k", tInt))
	ret := tArray(tT)
	if extra > 0 {
		ret = tArray(tStruct)
	}
	return &Overload{Params: params, Returns: ret,
		Return: func(args []*types.Type) (*types.Type, error) {
			if _, err := primitiveArg(args); err != nil {
				return nil, err
			}
			return types.ArrayOf(topkElem(args)), nil
		},
		// The stored state is the current top k: an ARRAY.
		Intermediate: func(args []*types.Type) *types.Type { return types.ArrayOf(topkElem(args)) },
		NewAgg:       func(in AggInit) (Aggregator, error) { return newTopK(in, false) }}
}

// topkElem is the element type of TOPK's result: the sort column's type, or
// STRUCT<sort_col, col0, …> when there are extra columns.
func topkElem(args []*types.Type) *types.Type {
	if len(args) <= 2 {
		return args[0]
	}
	fields := []types.Field{{Name: "sort_col", Type: args[0]}}
	for i, t := range args[1 : len(args)-1] {
		fields = append(fields, types.Field{Name: fmt.Sprintf("col%d", i), Type: t})
	}
	return types.StructOf(fields...)
}

func newTopK(in AggInit, distinct bool) (Aggregator, error) {
	k, ok := in.literalInt(len(in.Args) - 1)
	if !ok || k < 1 {
		return nil, fmt.Errorf("the last parameter of TOPK must be a positive INTEGER literal")
	}
	return &topkAgg{k: k, distinct: distinct, elem: topkElem(in.Args)}, nil
}

// topkAgg keeps up to k rows sorted by their first value, descending, with
// equal values in arrival order.
type topkAgg struct {
	noUndo
	k        int
	distinct bool
	elem     *types.Type
	rows     [][]types.Value // sort value, then extra columns
}

func (a *topkAgg) Add(args []types.Value) error {
	if args[0] == nil {
		return nil
	}
	if a.distinct {
		for _, r := range a.rows {
			if valueEqual(r[0], args[0]) {
				return nil
			}
		}
	}
	n := len(a.rows)
	if n == a.k && valueCompare(args[0], a.rows[n-1][0]) <= 0 {
		return nil
	}
	row := append([]types.Value{}, args...)
	if n == a.k {
		a.rows[n-1] = row
	} else {
		a.rows = append(a.rows, row)
	}
	sort.SliceStable(a.rows, func(i, j int) bool { return valueCompare(a.rows[i][0], a.rows[j][0]) > 0 })
	return nil
}

func (a *topkAgg) Merge(o Aggregator) error {
	b, ok := o.(*topkAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	for _, r := range b.rows {
		_ = a.Add(r)
	}
	return nil
}

func (a *topkAgg) Result() types.Value {
	out := make([]types.Value, len(a.rows))
	for i, r := range a.rows {
		if a.elem.Kind == types.Struct && len(r) > 1 {
			out[i] = &types.StructValue{Type: a.elem, Fields: append([]types.Value{}, r...)}
		} else {
			out[i] = r[0]
		}
	}
	return out
}

// rowType is the type of the stored rows: the result element as a struct.
func (a *topkAgg) rowType() *types.Type {
	if a.elem.Kind == types.Struct {
		return a.elem
	}
	return types.StructOf(types.Field{Name: "sort_col", Type: a.elem})
}

func (a *topkAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	t := a.rowType()
	e.uvarint(uint64(len(a.rows)))
	for _, r := range a.rows {
		e.payload(&types.StructValue{Type: t, Fields: r}, t)
	}
	return e.buf, nil
}

func (a *topkAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	t := a.rowType()
	n := d.uvarint()
	a.rows = nil
	for i := uint64(0); i < n && d.err == nil; i++ {
		if s, ok := d.payload(t).(*types.StructValue); ok {
			a.rows = append(a.rows, s.Fields)
		}
	}
	return d.done()
}
