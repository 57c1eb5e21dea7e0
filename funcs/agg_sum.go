package funcs

import (
	"fmt"
	"math/big"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(countFunc, sumFunc, avgFunc, sumListFunc)
}

var countFunc = &Func{
	Name: "COUNT", Kind: Aggregate, Category: CatAgg, Undoable: true,
	Description: "The number of rows, or of rows where the argument is not NULL.",
	Overloads: []*Overload{
		{Returns: tBigInt, NewAgg: func(AggInit) (Aggregator, error) { return &countAgg{all: true}, nil },
			Description: "Counts every row."},
		{Params: ps(p("col1", tT)), Returns: tBigInt, NewAgg: func(AggInit) (Aggregator, error) { return &countAgg{}, nil },
			Description: "Counts rows where col1 is not NULL."},
	},
}

type countAgg struct {
	all bool
	n   int64
}

func (a *countAgg) counts(args []types.Value) bool { return a.all || len(args) == 0 || args[0] != nil }

func (a *countAgg) Add(args []types.Value) error {
	if a.counts(args) {
		a.n++
	}
	return nil
}

func (a *countAgg) Remove(args []types.Value) error {
	if a.counts(args) {
		a.n--
	}
	return nil
}

func (a *countAgg) Merge(o Aggregator) error {
	b, ok := o.(*countAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	a.n += b.n
	return nil
}

func (a *countAgg) Result() types.Value { return a.n }

func (a *countAgg) ResultIn(s *types.Slab) types.Value { return s.Int64(a.n) }

func (a *countAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	e.varint(a.n)
	return e.buf, nil
}

func (a *countAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.n = d.varint()
	return d.done()
}

// numAcc is a running total in the arithmetic of one numeric type: INT and
// BIGINT wrap as Java's do, DECIMAL is exact and checked against its precision.
type numAcc struct {
	t *types.Type
	i int64
	f float64
	d types.Dec
}

func newNumAcc(t *types.Type) numAcc { return numAcc{t: t, d: types.Dec{Unscaled: new(big.Int)}} }

func (n *numAcc) add(v types.Value, sign int64) error {
	switch x := v.(type) {
	case int32:
		n.i = int64(int32(n.i) + int32(sign)*x)
	case int64:
		n.i += sign * x
	case float64:
		n.f += float64(sign) * x
	case types.Dec:
		if sign < 0 {
			x = x.Neg()
		}
		n.d = n.d.Add(x)
		return n.checkDecimal()
	}
	return nil
}

func (n *numAcc) merge(o numAcc) error {
	n.i, n.f, n.d = n.i+o.i, n.f+o.f, n.d.Add(o.d)
	if n.t.Kind == types.Int {
		n.i = int64(int32(n.i))
	}
	if n.t.Kind == types.Decimal {
		return n.checkDecimal()
	}
	return nil
}

func (n *numAcc) checkDecimal() error {
	digits := n.t.Precision - n.t.Scale
	limit := types.Dec{Unscaled: pow10(int32(digits))}
	if abs := (types.Dec{Unscaled: new(big.Int).Abs(ubig(n.d)), Scale: n.d.Scale}); abs.Cmp(limit) >= 0 {
		return fmt.Errorf("Numeric field overflow: A field with precision %d and scale %d must round to an "+
			"absolute value less than 10^%d. Got %s", n.t.Precision, n.t.Scale, digits, n.d.String())
	}
	return nil
}

// value is the total as a value of the accumulator's type.
func (n *numAcc) value() types.Value {
	switch n.t.Kind {
	case types.Int:
		return int32(n.i)
	case types.BigInt:
		return n.i
	case types.Double:
		return n.f
	}
	return decRescale(n.d, int32(n.t.Scale), roundHalfUp)
}

func (n *numAcc) float() float64 { return toFloat(n.value()) }

func (n *numAcc) encode(e *encoder) {
	e.varint(n.i)
	e.float(n.f)
	e.value(n.d, types.DecimalOf(38, 0))
}

func (n *numAcc) decode(d *decoder) {
	n.i, n.f = d.varint(), d.float()
	if v, ok := d.value(types.DecimalOf(38, 0)).(types.Dec); ok {
		n.d = v
	}
}

var sumFunc = func() *Func {
	fn := &Func{Name: "SUM", Kind: Aggregate, Category: CatAgg, Undoable: true,
		Description: "The sum of the non-NULL values; 0 when there are none."}
	for _, t := range []*ParamType{tInt, tBigInt, tDouble, tDecimal} {
		o := &Overload{Params: ps(p("col1", t)), Returns: t, NewAgg: func(in AggInit) (Aggregator, error) {
			return &sumAgg{acc: newNumAcc(in.arg(0))}, nil
		}}
		if t == tDecimal {
			o.Return = sameAsArg(0)
		}
		fn.Overloads = append(fn.Overloads, o)
	}
	return fn
}()

type sumAgg struct{ acc numAcc }

func (a *sumAgg) Add(args []types.Value) error {
	if args[0] == nil {
		return nil
	}
	return a.acc.add(args[0], 1)
}

func (a *sumAgg) Remove(args []types.Value) error {
	if args[0] == nil {
		return nil
	}
	return a.acc.add(args[0], -1)
}

func (a *sumAgg) Merge(o Aggregator) error {
	b, ok := o.(*sumAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	return a.acc.merge(b.acc)
}

func (a *sumAgg) Result() types.Value { return a.acc.value() }

func (a *sumAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	a.acc.encode(e)
	return e.buf, nil
}

func (a *sumAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.acc.decode(d)
	return d.done()
}

var avgFunc = func() *Func {
	fn := &Func{Name: "AVG", Kind: Aggregate, Category: CatAgg, Undoable: true,
		Description: "The average of the non-NULL values as a DOUBLE; 0.0 when there are none."}
	for _, t := range []*ParamType{tInt, tBigInt, tDouble} {
		fn.Overloads = append(fn.Overloads, &Overload{Params: ps(p("col1", t)), Returns: tDouble,
			NewAgg: func(in AggInit) (Aggregator, error) { return &avgAgg{sum: newNumAcc(in.arg(0))}, nil },
			Intermediate: func(args []*types.Type) *types.Type {
				return types.StructOf(types.Field{Name: "SUM", Type: args[0]}, types.Field{Name: "COUNT", Type: types.BigIntType})
			}})
	}
	return fn
}()

type avgAgg struct {
	sum   numAcc
	count int64
}

func (a *avgAgg) Add(args []types.Value) error {
	if args[0] == nil {
		return nil
	}
	a.count++
	return a.sum.add(args[0], 1)
}

func (a *avgAgg) Remove(args []types.Value) error {
	if args[0] == nil {
		return nil
	}
	a.count--
	return a.sum.add(args[0], -1)
}

func (a *avgAgg) Merge(o Aggregator) error {
	b, ok := o.(*avgAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	a.count += b.count
	return a.sum.merge(b.sum)
}

func (a *avgAgg) Result() types.Value {
	if a.count == 0 {
		return 0.0
	}
	return a.sum.float() / float64(a.count)
}

func (a *avgAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	a.sum.encode(e)
	e.varint(a.count)
	return e.buf, nil
}

func (a *avgAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.sum.decode(d)
	a.count = d.varint()
	return d.done()
}

var sumListFunc = func() *Func {
	fn := &Func{Name: "SUM_LIST", Kind: Aggregate, Category: CatAgg, Undoable: true,
		Description: "The sum of the non-NULL elements of the arrays."}
	for _, t := range []*ParamType{tInt, tBigInt, tDouble} {
		fn.Overloads = append(fn.Overloads, &Overload{Params: ps(p("list", tArray(t))), Returns: t,
			NewAgg: func(in AggInit) (Aggregator, error) {
				return &sumListAgg{sumAgg{acc: newNumAcc(in.arg(0).Elem)}}, nil
			}})
	}
	return fn
}()

type sumListAgg struct{ sumAgg }

func (a *sumListAgg) each(args []types.Value, sign int64) error {
	if args[0] == nil {
		return nil
	}
	for _, v := range args[0].([]types.Value) {
		if v != nil {
			if err := a.acc.add(v, sign); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *sumListAgg) Add(args []types.Value) error    { return a.each(args, 1) }
func (a *sumListAgg) Remove(args []types.Value) error { return a.each(args, -1) }

func (a *sumListAgg) Merge(o Aggregator) error {
	b, ok := o.(*sumListAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	return a.acc.merge(b.acc)
}
