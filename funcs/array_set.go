package funcs

import "github.com/streamsql/streamsql/types"

func init() {
	register(
		&Func{Name: "ARRAY_DISTINCT", Category: CatArray,
			Description: "The distinct elements of an array, in order of first occurrence.",
			Overloads: []*Overload{{Params: ps(p("array", tArray(tT))), Returns: tArray(tT),
				Eval: strictPure(func(a []types.Value) types.Value { return distinct(a[0].([]types.Value), nil) })}}},
		&Func{Name: "ARRAY_EXCEPT", Category: CatArray,
			Description: "The distinct elements of the first array that are not in the second.",
			Overloads: []*Overload{{Params: ps(p("left", tArray(tT)), p("right", tArray(tT))), Returns: tArray(tT),
				Eval: strictPure(func(a []types.Value) types.Value {
					right := keys(a[1])
					return distinct(a[0].([]types.Value), func(k string) bool { return !right[k] })
				})}}},
		&Func{Name: "ARRAY_INTERSECT", Category: CatArray,
			Description: "The distinct elements that are in both arrays, in the order of the first.",
			Overloads: []*Overload{{Params: ps(p("left", tArray(tT)), p("right", tArray(tT))), Returns: tArray(tT),
				Eval: strictPure(func(a []types.Value) types.Value {
					right := keys(a[1])
					return distinct(a[0].([]types.Value), func(k string) bool { return right[k] })
				})}}},
		&Func{Name: "ARRAY_UNION", Category: CatArray,
			Description: "The distinct elements of both arrays, in order of first occurrence.",
			Overloads: []*Overload{{Params: ps(p("left", tArray(tT)), p("right", tArray(tT))), Returns: tArray(tT),
				Eval: strictPure(func(a []types.Value) types.Value {
					both := append(append([]types.Value{}, a[0].([]types.Value)...), a[1].([]types.Value)...)
					return distinct(both, nil)
				})}}},
		&Func{Name: "ARRAY_CONCAT", Category: CatArray,
			Description: "The elements of both arrays; NULL only when both are NULL.",
			Overloads: []*Overload{{Params: ps(p("left", tArray(tT)), p("right", tArray(tT))), Returns: tArray(tT),
				Eval: pure(func(a []types.Value) types.Value {
					if a[0] == nil && a[1] == nil {
						return nil
					}
					out := []types.Value{}
					for _, v := range a {
						if v != nil {
							out = append(out, v.([]types.Value)...)
						}
					}
					return out
				})}}},
	)
}

// distinct returns the elements of vs whose key passes keep (all when keep is
// nil), dropping repeats.
func distinct(vs []types.Value, keep func(key string) bool) []types.Value {
	seen := map[string]bool{}
	out := []types.Value{}
	for _, v := range vs {
		k := valueKey(v)
		if seen[k] || keep != nil && !keep(k) {
			continue
		}
		seen[k] = true
		out = append(out, v)
	}
	return out
}

// keys is the set of element keys of an array value.
func keys(arr types.Value) map[string]bool {
	set := map[string]bool{}
	for _, v := range arr.([]types.Value) {
		set[valueKey(v)] = true
	}
	return set
}
