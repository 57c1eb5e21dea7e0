package funcs

import (
	"math"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		stddevFunc("STDDEV_SAMP", "The sample variance of the non-NULL values (as ksqlDB computes "+
			"STDDEV_SAMP); 0.0 for fewer than two values.", false),
		stddevFunc("STDDEV_SAMPLE", "The sample standard deviation of the non-NULL values; 0.0 for fewer "+
			"than two values.", true),
		&Func{Name: "CORRELATION", Kind: Aggregate, Category: CatAgg, Undoable: true,
			Description: "The Pearson correlation coefficient of two columns over the rows where both are not NULL.",
			Overloads: []*Overload{{Params: ps(p("x", tDouble), p("y", tDouble)), Returns: tDouble,
				NewAgg: func(AggInit) (Aggregator, error) { return &corrAgg{}, nil },
				Intermediate: func([]*types.Type) *types.Type {
					return structOfDoubles("X_SUM", "Y_SUM", "X_SQUARED_SUM", "Y_SQUARED_SUM", "XY_SUM", "COUNT")
				}}}},
	)
}

func structOfDoubles(names ...string) *types.Type {
	fs := make([]types.Field, len(names))
	for i, n := range names {
		fs[i] = types.Field{Name: n, Type: types.DoubleType}
	}
	return types.StructOf(fs...)
}

func stddevFunc(name, desc string, root bool) *Func {
	fn := &Func{Name: name, Kind: Aggregate, Category: CatAgg, Undoable: true, Description: desc}
	for _, t := range []*ParamType{tInt, tBigInt, tDouble} {
		fn.Overloads = append(fn.Overloads, &Overload{Params: ps(p("col1", t)), Returns: tDouble,
			NewAgg: func(in AggInit) (Aggregator, error) { return &stddevAgg{sum: newNumAcc(in.arg(0)), root: root}, nil },
			Intermediate: func(args []*types.Type) *types.Type {
				return types.StructOf(types.Field{Name: "SUM", Type: args[0]},
					types.Field{Name: "COUNT", Type: types.BigIntType}, types.Field{Name: "M2", Type: types.DoubleType})
			}})
	}
	return fn
}

// stddevAgg runs the Youngs-Cramer update on a sum, a count and M2, the sum
// of squared deviations from the mean.
type stddevAgg struct {
	sum   numAcc
	count int64
	m2    float64
	root  bool
}

// delta is value*(count+1) - (sum+value) for the count before an add.
func (a *stddevAgg) delta(v types.Value, count int64) float64 {
	return toFloat(v)*float64(count+1) - (a.sum.float() + toFloat(v))
}

func (a *stddevAgg) Add(args []types.Value) error {
	v := args[0]
	if v == nil {
		return nil
	}
	if a.count > 0 {
		d := a.delta(v, a.count)
		n := float64(a.count + 1)
		a.m2 += d * d / (n * (n - 1))
	}
	a.count++
	return a.sum.add(v, 1)
}

func (a *stddevAgg) Remove(args []types.Value) error {
	v := args[0]
	if v == nil {
		return nil
	}
	a.count--
	if err := a.sum.add(v, -1); err != nil {
		return err
	}
	if a.count > 0 {
		d := a.delta(v, a.count)
		n := float64(a.count)
		a.m2 -= d * d / (n * (n + 1))
	} else {
		a.m2 = 0
	}
	return nil
}

func (a *stddevAgg) Merge(o Aggregator) error {
	b, ok := o.(*stddevAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	if a.count > 0 && b.count > 0 {
		inner := a.sum.float()/float64(a.count) - b.sum.float()/float64(b.count)
		a.m2 += float64(a.count) * float64(b.count) * inner * inner / float64(a.count+b.count)
	}
	a.m2 += b.m2
	a.count += b.count
	return a.sum.merge(b.sum)
}

func (a *stddevAgg) Result() types.Value {
	if a.count < 2 {
		return 0.0
	}
	v := a.m2 / float64(a.count-1)
	if a.root {
		return math.Sqrt(v)
	}
	return v
}

func (a *stddevAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	a.sum.encode(e)
	e.varint(a.count)
	e.float(a.m2)
	return e.buf, nil
}

func (a *stddevAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.sum.decode(d)
	a.count, a.m2 = d.varint(), d.float()
	return d.done()
}

// corrAgg keeps the sums of the single-pass Pearson formula.
type corrAgg struct {
	sx, sy, sxx, syy, sxy float64
	n                     int64
}

func (a *corrAgg) apply(args []types.Value, sign float64) {
	if args[0] == nil || args[1] == nil {
		return
	}
	x, y := toFloat(args[0]), toFloat(args[1])
	a.sx += sign * x
	a.sy += sign * y
	a.sxx += sign * x * x
	a.syy += sign * y * y
	a.sxy += sign * x * y
	a.n += int64(sign)
}

func (a *corrAgg) Add(args []types.Value) error    { a.apply(args, 1); return nil }
func (a *corrAgg) Remove(args []types.Value) error { a.apply(args, -1); return nil }

func (a *corrAgg) Merge(o Aggregator) error {
	b, ok := o.(*corrAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	a.sx, a.sy, a.sxx, a.syy, a.sxy, a.n = a.sx+b.sx, a.sy+b.sy, a.sxx+b.sxx, a.syy+b.syy, a.sxy+b.sxy, a.n+b.n
	return nil
}

func (a *corrAgg) Result() types.Value {
	n := float64(a.n)
	num := n*a.sxy - a.sx*a.sy
	den := math.Sqrt((n*a.sxx - a.sx*a.sx) * (n*a.syy - a.sy*a.sy))
	return num / den
}

func (a *corrAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	for _, f := range []float64{a.sx, a.sy, a.sxx, a.syy, a.sxy} {
		e.float(f)
	}
	e.varint(a.n)
	return e.buf, nil
}

func (a *corrAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	for _, f := range []*float64{&a.sx, &a.sy, &a.sxx, &a.syy, &a.sxy} {
		*f = d.float()
	}
	a.n = d.varint()
	return d.done()
}
