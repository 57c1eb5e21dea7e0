package types

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// Compare orders two non-composite values, returning -1, 0 or +1:
//   - numbers of any kinds (INT, BIGINT, DOUBLE, DECIMAL) compare by value. As
//     in ksqlDB, an integer next to a DOUBLE is converted to float64, and a
//     DOUBLE next to a DECIMAL is read as its shortest decimal form (so the
//     DOUBLE 1.1 equals the DECIMAL 1.10). DOUBLEs are totally ordered: -0.0
//     equals 0.0 and NaN equals NaN and is greater than every other number;
//   - strings compare bytewise (code point order);
//   - booleans order false before true;
//   - bytes compare as signed bytes, as Java's ByteBuffer.compareTo;
//   - TIMESTAMP, DATE and TIME compare with their own kind; a DATE next to a
//     TIMESTAMP is its midnight; a STRING next to a time kind is parsed as that
//     kind (an unparsable string is an error);
//   - arrays compare element by element, then by length; structs field by
//     field. Maps have no order: they compare 0 when Equal and fail otherwise.
//
// NULL (nil) sorts before every other value and equals NULL; SQL callers
// handle NULL before comparing. Values of kinds that cannot be compared return
// an error.
func Compare(a, b Value) (int, error) {
	switch {
	case a == nil && b == nil:
		return 0, nil
	case a == nil:
		return -1, nil
	case b == nil:
		return 1, nil
	}
	if c, ok, err := compareNumeric(a, b); ok || err != nil {
		return c, err
	}
	if c, ok, err := compareTemporal(a, b); ok || err != nil {
		return c, err
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), nil
		}
	case bool:
		if y, ok := b.(bool); ok {
			return cmpBool(x, y), nil
		}
	case []byte:
		if y, ok := b.([]byte); ok {
			return compareSignedBytes(x, y), nil
		}
	case []Value:
		if y, ok := b.([]Value); ok {
			return compareLists(x, y)
		}
	case *StructValue:
		if y, ok := b.(*StructValue); ok {
			return compareLists(x.Fields, y.Fields)
		}
	case *MapValue:
		if Equal(a, b) {
			return 0, nil
		}
		return 0, fmt.Errorf("maps can only be compared for equality")
	}
	return 0, fmt.Errorf("cannot compare %s with %s", valueKindName(a), valueKindName(b))
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

func compareSignedBytes(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return cmpInt(int(int8(a[i])), int(int8(b[i])))
		}
	}
	return cmpInt(len(a), len(b))
}

func compareLists(a, b []Value) (int, error) {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c, err := Compare(a[i], b[i]); err != nil || c != 0 {
			return c, err
		}
	}
	return cmpInt(len(a), len(b)), nil
}

// compareNumeric compares a and b when both are numbers; ok is false otherwise.
func compareNumeric(a, b Value) (c int, ok bool, err error) {
	switch x := a.(type) {
	case int32:
		return compareWithInt(int64(x), b)
	case int64:
		return compareWithInt(x, b)
	case float64:
		switch y := b.(type) {
		case int32, int64:
			c, ok, err := compareNumeric(b, a)
			return -c, ok, err
		case float64:
			return compareFloat(x, y), true, nil
		case Dec:
			return -compareDecFloat(y, x), true, nil
		}
	case Dec:
		switch y := b.(type) {
		case int32:
			return x.Cmp(DecFromInt64(int64(y))), true, nil
		case int64:
			return x.Cmp(DecFromInt64(y)), true, nil
		case float64:
			return compareDecFloat(x, y), true, nil
		case Dec:
			return x.Cmp(y), true, nil
		}
	}
	return 0, false, nil
}

func compareWithInt(x int64, b Value) (int, bool, error) {
	switch y := b.(type) {
	case int32:
		return cmpInt64(x, int64(y)), true, nil
	case int64:
		return cmpInt64(x, y), true, nil
	case float64:
		return compareFloat(float64(x), y), true, nil
	case Dec:
		return DecFromInt64(x).Cmp(y), true, nil
	}
	return 0, false, nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareFloat is a total order: -0.0 == 0.0, NaN == NaN, NaN above all.
func compareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an || bn:
		return cmpBool(an, bn)
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareDecFloat compares d with f read as BigDecimal.valueOf(f).
func compareDecFloat(d Dec, f float64) int {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 1):
		return -1
	case math.IsInf(f, -1):
		return 1
	}
	return d.Cmp(decFromShortest(f))
}

// valueKindName names the SQL kind of a runtime value, for error messages.
func valueKindName(v Value) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case bool:
		return Boolean.String()
	case int32:
		return Int.String()
	case int64:
		return BigInt.String()
	case float64:
		return Double.String()
	case Dec:
		return Decimal.String()
	case string:
		return String.String()
	case []byte:
		return Bytes.String()
	case TimestampValue:
		return Timestamp.String()
	case DateValue:
		return Date.String()
	case TimeValue:
		return Time.String()
	case []Value:
		return Array.String()
	case *MapValue:
		return Map.String()
	case *StructValue:
		return Struct.String()
	}
	return fmt.Sprintf("%T", v)
}

// Equal reports whether a and b are the same value, deeply: NULL equals NULL
// (IS NOT DISTINCT FROM), numbers and TIMESTAMP/DATE compare across kinds as
// in Compare, arrays element-wise, maps as unordered sets of entries, structs
// field by field with the same field names. Strings are never equal to
// numbers or times here (no parsing).
func Equal(a, b Value) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if c, ok, err := compareNumeric(a, b); ok {
		return err == nil && c == 0
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	case TimestampValue, DateValue, TimeValue:
		if _, isString := b.(string); isString {
			return false
		}
		c, ok, err := compareTemporal(a, b)
		return ok && err == nil && c == 0
	case []Value:
		y, ok := b.([]Value)
		return ok && equalLists(x, y)
	case *MapValue:
		y, ok := b.(*MapValue)
		return ok && equalMaps(x, y)
	case *StructValue:
		y, ok := b.(*StructValue)
		return ok && equalStructs(x, y)
	}
	return false
}

func equalLists(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func equalMaps(a, b *MapValue) bool {
	if a.Len() != b.Len() {
		return false
	}
	for i, k := range a.Keys {
		v, ok := b.Lookup(k)
		if !ok || !Equal(a.Vals[i], v) {
			return false
		}
	}
	return true
}

func equalStructs(a, b *StructValue) bool {
	if len(a.Fields) != len(b.Fields) {
		return false
	}
	if a.Type != nil && b.Type != nil && a.Type != b.Type {
		for i := range a.Type.Fields {
			if i >= len(b.Type.Fields) || a.Type.Fields[i].Name != b.Type.Fields[i].Name {
				return false
			}
		}
	}
	return equalLists(a.Fields, b.Fields)
}
