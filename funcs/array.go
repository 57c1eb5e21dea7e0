package funcs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(arrayLengthFunc, arrayContainsFunc, arrayJoinFunc, arrayRemoveFunc, arraySortFunc, sliceFunc,
		arrayExtremum("ARRAY_MAX", "The largest non-NULL element of an array of primitives.", 1),
		arrayExtremum("ARRAY_MIN", "The smallest non-NULL element of an array of primitives.", -1),
		generateSeriesFunc,
	)
}

var arrayLengthFunc = &Func{
	Name: "ARRAY_LENGTH", Category: CatArray, Description: "The number of elements of an array.",
	Overloads: []*Overload{{Params: ps(p("array", tArray(tT))), Returns: tInt,
		Eval: strictPure(func(a []types.Value) types.Value { return int32(len(a[0].([]types.Value))) })}},
}

var arrayContainsFunc = &Func{
	Name: "ARRAY_CONTAINS", Category: CatArray,
	Description: "Whether an array contains a value; false for a NULL array.",
	Overloads: []*Overload{{Params: ps(p("array", tArray(tT)), p("value", tT)), Returns: tBool,
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return false
			}
			return indexOf(a[0].([]types.Value), a[1]) >= 0
		})}},
}

func indexOf(vs []types.Value, v types.Value) int {
	for i, e := range vs {
		if valueEqual(e, v) {
			return i
		}
	}
	return -1
}

// primitiveElems is a Return for functions that accept only arrays of
// primitive elements; ret computes the result type.
func primitiveElems(ret func(args []*types.Type) *types.Type) func([]*types.Type) (*types.Type, error) {
	return func(args []*types.Type) (*types.Type, error) {
		if e := args[0].Elem; e != nil && !comparable(e) {
			return nil, fmt.Errorf("only arrays of primitive types are supported, not %s", args[0])
		}
		return ret(args), nil
	}
}

func elemType(args []*types.Type) *types.Type {
	if isNull(args[0]) || args[0].Elem == nil {
		return types.UnknownType
	}
	return args[0].Elem
}

var arrayJoinFunc = &Func{
	Name: "ARRAY_JOIN", Category: CatArray,
	Description: "Joins the elements of an array of primitives into a string with a delimiter (default ',').",
	Overloads: []*Overload{
		{Params: ps(p("array", tArray(tT))), Returns: tString, Eval: arrayJoin,
			Return: primitiveElems(func([]*types.Type) *types.Type { return types.StringType })},
		{Params: ps(p("array", tArray(tT)), p("delimiter", tString)), Returns: tString, Eval: arrayJoin,
			Return: primitiveElems(func([]*types.Type) *types.Type { return types.StringType })},
	},
}

func arrayJoin(a []types.Value) (types.Value, error) {
	if a[0] == nil {
		return nil, nil
	}
	delim := ","
	if len(a) == 2 {
		delim, _ = a[1].(string)
	}
	elems := a[0].([]types.Value)
	parts := make([]string, len(elems))
	for i, e := range elems {
		parts[i] = javaString(e)
	}
	return strings.Join(parts, delim), nil
}

var arrayRemoveFunc = &Func{
	Name: "ARRAY_REMOVE", Category: CatArray, Description: "Removes every element equal to a value from an array.",
	Overloads: []*Overload{{Params: ps(p("array", tArray(tT)), p("value", tT)), Returns: tArray(tT),
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			out := []types.Value{}
			for _, e := range a[0].([]types.Value) {
				if !valueEqual(e, a[1]) {
					out = append(out, e)
				}
			}
			return out
		})}},
}

var arraySortFunc = &Func{
	Name: "ARRAY_SORT", Category: CatArray,
	Description: "Sorts an array of primitives in ASC (default) or DESC order, NULLs last.",
	Overloads: []*Overload{
		{Params: ps(p("array", tArray(tT))), Returns: tArray(tT), Eval: strict(arraySort),
			Return: primitiveElems(func(args []*types.Type) *types.Type { return args[0] })},
		{Params: ps(p("array", tArray(tT)), p("direction", tString)), Returns: tArray(tT), Eval: strict(arraySort),
			Return: primitiveElems(func(args []*types.Type) *types.Type { return args[0] })},
	},
}

func arraySort(a []types.Value) (types.Value, error) {
	desc := false
	if len(a) == 2 {
		switch strings.ToUpper(a[1].(string)) {
		case "ASC":
		case "DESC":
			desc = true
		default:
			return nil, nil
		}
	}
	out := append([]types.Value{}, a[0].([]types.Value)...)
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x == nil || y == nil {
			return y == nil && x != nil
		}
		if desc {
			return valueCompare(x, y) > 0
		}
		return valueCompare(x, y) < 0
	})
	return out, nil
}

func arrayExtremum(name, desc string, want int) *Func {
	return &Func{Name: name, Category: CatArray, Description: desc, Overloads: []*Overload{{
		Params: ps(p("array", tArray(tT))), Returns: tT, Return: primitiveElems(elemType),
		Eval: strictPure(func(a []types.Value) types.Value {
			var best types.Value
			for _, e := range a[0].([]types.Value) {
				if e != nil && (best == nil || valueCompare(e, best) == want) {
					best = e
				}
			}
			return best
		}),
	}}}
}

var sliceFunc = &Func{
	Name: "SLICE", Category: CatArray,
	Description: "The elements of an array from a 1-based start to an end position, inclusive; NULL when out of range.",
	Overloads: []*Overload{{Params: ps(p("array", tArray(tT)), p("from", tInt), p("to", tInt)), Returns: tArray(tT),
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			in := a[0].([]types.Value)
			start, end := 0, len(in)
			if a[1] != nil {
				start = int(a[1].(int32)) - 1
			}
			if a[2] != nil {
				end = int(a[2].(int32))
			}
			if start < 0 || end > len(in) || start > end {
				return nil
			}
			return append([]types.Value{}, in[start:end]...)
		})}},
}

var generateSeriesFunc = &Func{
	Name: "GENERATE_SERIES", Category: CatArray,
	Description: "An array of the values from start to end inclusive, by step (default 1).",
	Overloads: []*Overload{
		{Params: ps(p("start", tInt), p("end", tInt)), Returns: tArray(tInt), Eval: strict(series)},
		{Params: ps(p("start", tInt), p("end", tInt), p("step", tInt)), Returns: tArray(tInt), Eval: strict(series)},
		{Params: ps(p("start", tBigInt), p("end", tBigInt)), Returns: tArray(tBigInt), Eval: strict(series)},
		{Params: ps(p("start", tBigInt), p("end", tBigInt), p("step", tInt)), Returns: tArray(tBigInt), Eval: strict(series)},
	},
}

// maxSeries bounds GENERATE_SERIES so that one row cannot exhaust memory.
const maxSeries = 10_000_000

func series(a []types.Value) (types.Value, error) {
	start, end, step := toInt64(a[0]), toInt64(a[1]), int64(1)
	if len(a) == 3 {
		step = toInt64(a[2])
	}
	if step == 0 {
		return nil, fmt.Errorf("GENERATE_SERIES step cannot be zero")
	}
	if end > start && step < 0 || end < start && step > 0 {
		return nil, fmt.Errorf("GENERATE_SERIES step has wrong sign")
	}
	if n := (end-start)/step + 1; n > maxSeries {
		return nil, fmt.Errorf("GENERATE_SERIES would produce %d elements, more than %d", n, maxSeries)
	}
	_, isInt := a[0].(int32)
	out := []types.Value{}
	for v := start; step > 0 && v <= end || step < 0 && v >= end; v += step {
		if isInt {
			out = append(out, int32(v))
		} else {
			out = append(out, v)
		}
	}
	return out, nil
}
