package funcs

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// valueEqual reports whether a and b are equal values, comparing containers
// element by element. NULL equals NULL here (set semantics, as Java's
// equals in ksqlDB's collection functions).
func valueEqual(a, b types.Value) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	switch x := a.(type) {
	case types.Dec:
		y, ok := b.(types.Dec)
		return ok && decCmp(x, y) == 0
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	case []types.Value:
		y, ok := b.([]types.Value)
		return ok && sliceEqual(x, y)
	case *types.MapValue:
		y, ok := b.(*types.MapValue)
		return ok && mapEqual(x, y)
	case *types.StructValue:
		y, ok := b.(*types.StructValue)
		return ok && sliceEqual(x.Fields, y.Fields)
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	}
	return a == b
}

func sliceEqual(x, y []types.Value) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !valueEqual(x[i], y[i]) {
			return false
		}
	}
	return true
}

func mapEqual(x, y *types.MapValue) bool {
	if x.Len() != y.Len() {
		return false
	}
	for i, k := range x.Keys {
		v, ok := y.Lookup(k)
		if !ok || !valueEqual(x.Vals[i], v) {
			return false
		}
	}
	return true
}

// valueCompare orders two non-NULL values of the same primitive type the way
// Java's natural ordering does (booleans false first, NaN last, bytes as
// signed bytes).
func valueCompare(a, b types.Value) int {
	switch x := a.(type) {
	case bool:
		y := b.(bool)
		if x == y {
			return 0
		} else if !x {
			return -1
		}
		return 1
	case int32:
		return cmp.Compare(x, b.(int32))
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return javaDoubleCompare(x, b.(float64))
	case types.Dec:
		return decCmp(x, b.(types.Dec))
	case string:
		return strings.Compare(x, b.(string))
	case []byte:
		return signedBytesCompare(x, b.([]byte))
	case types.TimestampValue:
		return cmp.Compare(x, b.(types.TimestampValue))
	case types.DateValue:
		return cmp.Compare(x, b.(types.DateValue))
	case types.TimeValue:
		return cmp.Compare(x, b.(types.TimeValue))
	}
	panic(fmt.Sprintf("funcs: cannot compare %T", a))
}

func javaDoubleCompare(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		if x == 0 {
			return cmp.Compare(signOf(x), signOf(y))
		}
		return 0
	}
	return cmp.Compare(b2i(math.IsNaN(x)), b2i(math.IsNaN(y)))
}

func signOf(f float64) int {
	if math.Signbit(f) {
		return -1
	}
	return 1
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func signedBytesCompare(x, y []byte) int {
	for i := 0; i < len(x) && i < len(y); i++ {
		if c := cmp.Compare(int8(x[i]), int8(y[i])); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(x), len(y))
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

// javaDouble formats f as Java's Double.toString does: plain notation with at
// least one fractional digit for 1e-3 <= |f| < 1e7, else d.dddE±n.
func javaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, 64)
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	if exp[0] == '+' {
		exp = exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if strings.HasPrefix(exp, "-") {
		exp = "-" + strings.TrimLeft(exp[1:], "0")
	}
	return mant + "E" + exp
}

// javaString renders a primitive value as Java's toString does, for
// functions that join or print values (ARRAY_JOIN, ELT of ints…).
func javaString(v types.Value) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case float64:
		return javaDouble(x)
	case types.Dec:
		return decString(x)
	case string:
		return x
	case []byte:
		return string(x)
	case types.DateValue:
		return dateString(x)
	case types.TimeValue:
		return timeString(x)
	case types.TimestampValue:
		return timestampString(x)
	}
	return fmt.Sprint(v)
}
