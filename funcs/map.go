package funcs

import (
	"sort"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(asMapFunc, mapKeysFunc, mapValuesFunc, mapUnionFunc, entriesFunc)
}

var asMapFunc = &Func{
	Name: "AS_MAP", Category: CatMap,
	Description: "Builds a map from an array of keys and an array of values (missing values are NULL).",
	Overloads: []*Overload{{Params: ps(p("keys", tArray(tString)), p("values", tArray(tT))), Returns: tMap(tString, tT),
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			var vals []types.Value
			if a[1] != nil {
				vals = a[1].([]types.Value)
			}
			m := &types.MapValue{}
			for i, k := range a[0].([]types.Value) {
				if k == nil {
					continue
				}
				var v types.Value
				if i < len(vals) {
					v = vals[i]
				}
				m.Put(k, v)
			}
			return m
		})}},
}

var mapKeysFunc = &Func{
	Name: "MAP_KEYS", Category: CatMap, Description: "The keys of a map, as an array.",
	Overloads: []*Overload{{Params: ps(p("map", tMap(tK, tV))), Returns: tArray(tK),
		Eval: strictPure(func(a []types.Value) types.Value {
			return append([]types.Value{}, a[0].(*types.MapValue).Keys...)
		})}},
}

var mapValuesFunc = &Func{
	Name: "MAP_VALUES", Category: CatMap, Description: "The values of a map, as an array.",
	Overloads: []*Overload{{Params: ps(p("map", tMap(tK, tV))), Returns: tArray(tV),
		Eval: strictPure(func(a []types.Value) types.Value {
			return append([]types.Value{}, a[0].(*types.MapValue).Vals...)
		})}},
}

var mapUnionFunc = &Func{
	Name: "MAP_UNION", Category: CatMap,
	Description: "The entries of both maps, the second map winning on equal keys; NULL only when both are NULL.",
	Overloads: []*Overload{{Params: ps(p("map1", tMap(tK, tV)), p("map2", tMap(tK, tV))), Returns: tMap(tK, tV),
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil && a[1] == nil {
				return nil
			}
			out := &types.MapValue{}
			for _, v := range a {
				if v == nil {
					continue
				}
				m := v.(*types.MapValue)
				for i, k := range m.Keys {
					out.Put(k, m.Vals[i])
				}
			}
			return out
		})}},
}

var entriesFunc = &Func{
	Name: "ENTRIES", Category: CatMap,
	Description: "The entries of a map as an array of STRUCT<K, V>, optionally sorted by key.",
	Overloads: []*Overload{{
		Params:  ps(p("map", tMap(tString, tT)), p("sorted", tBool)),
		Returns: tArray(tStruct),
		Return: func(args []*types.Type) (*types.Type, error) {
			return types.ArrayOf(entryType(args[0])), nil
		},
		Eval: entries(entryType(nil)),
		Bind: func(_ []*types.Type, ret *types.Type) func([]types.Value) (types.Value, error) {
			return entries(ret.Elem)
		},
	}},
}

// entries builds ENTRIES' structs of type st.
func entries(st *types.Type) evalFn {
	return func(a []types.Value) (types.Value, error) {
		if a[0] == nil {
			return nil, nil
		}
		m := a[0].(*types.MapValue)
		idx := make([]int, m.Len())
		for i := range idx {
			idx[i] = i
		}
		if sorted, _ := a[1].(bool); sorted {
			sort.SliceStable(idx, func(i, j int) bool {
				return m.Keys[idx[i]].(string) < m.Keys[idx[j]].(string)
			})
		}
		out := make([]types.Value, len(idx))
		for n, i := range idx {
			out[n] = &types.StructValue{Type: st, Fields: []types.Value{m.Keys[i], m.Vals[i]}}
		}
		return out, nil
	}
}

// entryType is STRUCT<K STRING, V value> for a MAP<STRING, value> type (or
// with an unknown value type when m is nil or NULL).
func entryType(m *types.Type) *types.Type {
	v := types.UnknownType
	if m != nil && m.Kind == types.Map {
		v = m.Elem
	}
	return types.StructOf(types.Field{Name: "K", Type: types.StringType}, types.Field{Name: "V", Type: v})
}
