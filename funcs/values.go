package funcs

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// valueEqual reports whether a and b are equal values, deeply; NULL equals
// NULL (set semantics, as Java's equals in ksqlDB's collection functions).
func valueEqual(a, b types.Value) bool { return types.Equal(a, b) }

// valueCompare orders two non-NULL values of the same comparable type the way
// Java's natural ordering does (booleans false first, NaN last, bytes as
// signed bytes).
func valueCompare(a, b types.Value) int {
	c, err := types.Compare(a, b)
	if err != nil {
		panic(fmt.Sprintf("funcs: %v", err))
	}
	return c
}

// comparable reports whether values of type t have a natural order.
func comparable(t *types.Type) bool {
	switch t.Kind {
	case types.Array, types.Map, types.Struct:
		return false
	}
	return true
}

// valueKey is a string that is equal for equal values of one type; it keys
// the sets and maps of the collection functions and aggregates.
func valueKey(v types.Value) string {
	var b strings.Builder
	writeKey(&b, v)
	return b.String()
}

func writeKey(b *strings.Builder, v types.Value) {
	switch x := v.(type) {
	case nil:
		b.WriteString("n")
	case types.Dec:
		d := decNormalize(x)
		fmt.Fprintf(b, "d%s/%d", d.Unscaled, d.Scale)
	case []byte:
		fmt.Fprintf(b, "y%d:%s", len(x), x)
	case string:
		fmt.Fprintf(b, "s%d:%s", len(x), x)
	case []types.Value:
		fmt.Fprintf(b, "a%d[", len(x))
		for _, e := range x {
			writeKey(b, e)
		}
		b.WriteString("]")
	case *types.MapValue:
		fmt.Fprintf(b, "m%d{", x.Len())
		for i, k := range x.Keys {
			writeKey(b, k)
			writeKey(b, x.Vals[i])
		}
		b.WriteString("}")
	case *types.StructValue:
		fmt.Fprintf(b, "t%d(", len(x.Fields))
		for _, e := range x.Fields {
			writeKey(b, e)
		}
		b.WriteString(")")
	default:
		fmt.Fprintf(b, "%T:%v;", v, v)
	}
}

// toFloat converts a numeric value to float64.
func toFloat(v types.Value) float64 {
	switch x := v.(type) {
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	case types.Dec:
		return decToFloat(x)
	}
	panic(fmt.Sprintf("funcs: %T is not numeric", v))
}

// toInt64 converts an INT or BIGINT value to int64.
func toInt64(v types.Value) int64 {
	switch x := v.(type) {
	case int32:
		return int64(x)
	case int64:
		return x
	}
	panic(fmt.Sprintf("funcs: %T is not an integer", v))
}

// javaString renders a primitive value as Java's toString does, for
// functions that join or print values (ARRAY_JOIN…).
func javaString(v types.Value) string {
	if v == nil {
		return "null"
	}
	return types.FormatValue(v, nil)
}
