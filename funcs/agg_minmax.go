package funcs

import (
	"fmt"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		extremumAgg("MAX", "The largest non-NULL value.", 1),
		extremumAgg("MIN", "The smallest non-NULL value.", -1),
	)
}

// primitiveArg is a Return for aggregates over comparable primitive values
// that return their argument's type.
func primitiveArg(args []*types.Type) (*types.Type, error) {
	if !comparable(args[0]) {
		return nil, fmt.Errorf("only primitive types are supported, not %s", args[0])
	}
	return args[0], nil
}

func extremumAgg(name, desc string, want int) *Func {
	return &Func{Name: name, Kind: Aggregate, Category: CatAgg, Description: desc, Overloads: []*Overload{{
		Params: ps(p("col1", tT)), Returns: tT, Return: primitiveArg,
		NewAgg: func(in AggInit) (Aggregator, error) { return &extremumState{t: in.arg(0), want: want}, nil },
	}}}
}

type extremumState struct {
	noUndo
	t    *types.Type
	want int
	best types.Value
}

func (a *extremumState) Add(args []types.Value) error {
	if v := args[0]; v != nil && (a.best == nil || valueCompare(v, a.best) == a.want) {
		a.best = v
	}
	return nil
}

func (a *extremumState) Merge(o Aggregator) error {
	b, ok := o.(*extremumState)
	if !ok {
		return mergeMismatch(a, o)
	}
	return a.Add([]types.Value{b.best})
}

func (a *extremumState) Result() types.Value { return a.best }

func (a *extremumState) Marshal() ([]byte, error) {
	e := &encoder{}
	e.value(a.best, a.t)
	return e.buf, nil
}

func (a *extremumState) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.best = d.value(a.t)
	return d.done()
}
