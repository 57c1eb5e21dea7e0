package funcs

import "github.com/streamsql/streamsql/types"

func init() {
	register(
		extremumFunc("GREATEST", "The largest non-NULL value of the arguments.", 1),
		extremumFunc("LEAST", "The smallest non-NULL value of the arguments.", -1),
	)
}

// extremumFunc builds GREATEST (want 1) and LEAST (want -1): one variadic
// overload per comparable primitive type, as in ksqlDB, so that mixing INT
// and BIGINT arguments is ambiguous there too.
func extremumFunc(name, desc string, want int) *Func {
	eval := pure(func(a []types.Value) types.Value {
		var best types.Value
		for _, v := range a {
			if v != nil && (best == nil || valueCompare(v, best) == want) {
				best = v
			}
		}
		return best
	})
	fn := &Func{Name: name, Category: CatMath, Description: desc}
	for _, t := range []*ParamType{tInt, tBigInt, tDouble, tDecimal, tString, tBytes, tDate, tTime, tTimestamp} {
		o := &Overload{Params: ps(p("val", t), p("vals", t)), Variadic: true, Returns: t, Eval: eval}
		if t == tDecimal {
			o.Coerce, o.Return = commonDecimal, firstKnown
		}
		fn.Overloads = append(fn.Overloads, o)
	}
	return fn
}

// commonDecimal casts every DECIMAL argument to the DECIMAL that holds them all.
func commonDecimal(targets []*types.Type) {
	var common *types.Type
	for _, t := range targets {
		if t.Kind == types.Decimal {
			if common == nil {
				common = t
			} else {
				common = widenDecimal(common, t)
			}
		}
	}
	for i, t := range targets {
		if t.Kind == types.Decimal || isNull(t) {
			targets[i] = common
		}
	}
}

// firstKnown returns the first argument type that is not NULL.
func firstKnown(args []*types.Type) (*types.Type, error) {
	for _, t := range args {
		if !isNull(t) {
			return t, nil
		}
	}
	return types.UnknownType, nil
}
