package funcs

import (
	"fmt"

	"github.com/streamsql/streamsql/types"
)

// The higher-order functions. A lambda argument arrives to Eval as a Lambda.

func init() {
	tK2, tV2 := tvar("K2"), tvar("V2")
	register(
		&Func{Name: "TRANSFORM", Category: CatLambda,
			Description: "Applies a lambda to each element of an array, or to the keys and the values of a map.",
			Overloads: []*Overload{
				{Params: ps(p("array", tArray(tT)), p("fn", tLambda(tU, tT))), Returns: tArray(tU), Eval: transformArray},
				{Params: ps(p("map", tMap(tK, tV)), p("keyFn", tLambda(tK2, tK, tV)), p("valueFn", tLambda(tV2, tK, tV))),
					Returns: tMap(tK2, tV2), Eval: transformMap},
			}},
		&Func{Name: "FILTER", Category: CatLambda,
			Description: "Keeps the elements of an array, or the entries of a map, for which a lambda returns true.",
			Overloads: []*Overload{
				{Params: ps(p("array", tArray(tT)), p("fn", tLambda(tBool, tT))), Returns: tArray(tT), Eval: filterArray},
				{Params: ps(p("map", tMap(tK, tV)), p("fn", tLambda(tBool, tK, tV))), Returns: tMap(tK, tV), Eval: filterMap},
			}},
		&Func{Name: "REDUCE", Category: CatLambda,
			Description: "Folds an array or a map into a state with a lambda, starting from an initial state; " +
				"NULL when the state is NULL.",
			Overloads: []*Overload{
				{Params: ps(p("array", tArray(tT)), p("initialState", tS), p("fn", tLambda(tS, tS, tT))), Returns: tS,
					Eval: reduceArray},
				{Params: ps(p("map", tMap(tK, tV)), p("initialState", tS), p("fn", tLambda(tS, tS, tK, tV))), Returns: tS,
					Eval: reduceMap},
			}},
	)
}

func lambdaArg(v types.Value) (Lambda, error) {
	fn, ok := v.(Lambda)
	if !ok {
		return nil, fmt.Errorf("expected a lambda argument, got %T", v)
	}
	return fn, nil
}

func transformArray(a []types.Value) (types.Value, error) {
	fn, err := lambdaArg(a[1])
	if err != nil || a[0] == nil {
		return nil, err
	}
	in := a[0].([]types.Value)
	out := make([]types.Value, len(in))
	for i, e := range in {
		if out[i], err = fn(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func transformMap(a []types.Value) (types.Value, error) {
	keyFn, err := lambdaArg(a[1])
	if err != nil {
		return nil, err
	}
	valFn, err := lambdaArg(a[2])
	if err != nil || a[0] == nil {
		return nil, err
	}
	m := a[0].(*types.MapValue)
	out := &types.MapValue{}
	for i, k := range m.Keys {
		nk, err := keyFn(k, m.Vals[i])
		if err != nil {
			return nil, err
		}
		nv, err := valFn(k, m.Vals[i])
		if err != nil {
			return nil, err
		}
		out.Put(nk, nv)
	}
	return out, nil
}

func filterArray(a []types.Value) (types.Value, error) {
	fn, err := lambdaArg(a[1])
	if err != nil || a[0] == nil {
		return nil, err
	}
	out := []types.Value{}
	for _, e := range a[0].([]types.Value) {
		keep, err := fn(e)
		if err != nil {
			return nil, err
		}
		if keep == true {
			out = append(out, e)
		}
	}
	return out, nil
}

func filterMap(a []types.Value) (types.Value, error) {
	fn, err := lambdaArg(a[1])
	if err != nil || a[0] == nil {
		return nil, err
	}
	m := a[0].(*types.MapValue)
	out := &types.MapValue{}
	for i, k := range m.Keys {
		keep, err := fn(k, m.Vals[i])
		if err != nil {
			return nil, err
		}
		if keep == true {
			out.Put(k, m.Vals[i])
		}
	}
	return out, nil
}

func reduceArray(a []types.Value) (types.Value, error) {
	fn, err := lambdaArg(a[2])
	if err != nil || a[1] == nil {
		return nil, err
	}
	state := a[1]
	if a[0] == nil {
		return state, nil
	}
	for _, e := range a[0].([]types.Value) {
		if state, err = fn(state, e); err != nil {
			return nil, err
		}
	}
	return state, nil
}

func reduceMap(a []types.Value) (types.Value, error) {
	fn, err := lambdaArg(a[2])
	if err != nil || a[1] == nil {
		return nil, err
	}
	state := a[1]
	if a[0] == nil {
		return state, nil
	}
	m := a[0].(*types.MapValue)
	for i, k := range m.Keys {
		if state, err = fn(state, k, m.Vals[i]); err != nil {
			return nil, err
		}
	}
	return state, nil
}
