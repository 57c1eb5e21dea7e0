package types

import (
	"math/big"
	"strings"
)

// CoerceType reports the type that values of type from and values of type to
// can both be held in when from is converted to to, following ksqlDB's value
// coercer (DefaultSqlValueCoercer.canCoerce); ok is false when from does not
// convert to to. The strict rules, used for expressions:
//   - a type converts to its own kind; two DECIMALs give the narrowest DECIMAL
//     holding both;
//   - INT, BIGINT and DECIMAL convert to wider numeric kinds (INT < BIGINT <
//     DECIMAL < DOUBLE); a DECIMAL target widens to hold the integer;
//   - STRING converts to TIMESTAMP, TIME, DATE and BYTES;
//   - ARRAY and MAP convert part by part; STRUCTs convert to the union of
//     their fields (from's first, matched by exact name), shared fields
//     converted.
//
// lax, used for literals, also converts BOOLEAN, numbers and times to STRING
// and STRING to BOOLEAN and the numeric kinds.
func CoerceType(from, to *Type, lax bool) (*Type, bool) {
	switch {
	case from.Kind == to.Kind:
		return coerceSameKind(from, to, lax)
	case from.IsNumeric() && to.IsNumeric():
		if numericRank(from.Kind) > numericRank(to.Kind) {
			return nil, false
		}
		if to.Kind == Decimal {
			return WidenDecimal(from, to), true
		}
		return to, true
	case from.Kind == String && stringCoercible(to.Kind):
		return to, true
	case lax && to.Kind == String && laxToString(from.Kind):
		return to, true
	case lax && from.Kind == String && (to.Kind == Boolean || to.IsNumeric()):
		return to, true
	}
	return nil, false
}

func laxToString(k Kind) bool {
	switch k {
	case Boolean, Int, BigInt, Decimal, Double, Timestamp, Time, Date:
		return true
	}
	return false
}

func coerceSameKind(from, to *Type, lax bool) (*Type, bool) {
	switch from.Kind {
	case Decimal:
		return WidenDecimal(from, to), true
	case Array:
		e, ok := CoerceType(from.Elem, to.Elem, lax)
		if !ok {
			return nil, false
		}
		return ArrayOf(e), true
	case Map:
		k, kok := CoerceType(from.Key, to.Key, lax)
		v, vok := CoerceType(from.Elem, to.Elem, lax)
		if !kok || !vok {
			return nil, false
		}
		return MapOf(k, v), true
	case Struct:
		return coerceStruct(from, to, lax)
	}
	return to, true
}

// coerceStruct unites the fields of from and to, from's first.
func coerceStruct(from, to *Type, lax bool) (*Type, bool) {
	var fields []Field
	for _, f := range from.Fields {
		if j := exactField(to, f.Name); j >= 0 {
			t, ok := CoerceType(f.Type, to.Fields[j].Type, lax)
			if !ok {
				return nil, false
			}
			f = Field{Name: f.Name, Type: t}
		}
		fields = append(fields, f)
	}
	for _, f := range to.Fields {
		if exactField(from, f.Name) < 0 {
			fields = append(fields, f)
		}
	}
	return StructOf(fields...), true
}

var (
	minInt32 = big.NewInt(-1 << 31)
	maxInt32 = big.NewInt(1<<31 - 1)
	minInt64 = big.NewInt(-1 << 63)
	maxInt64 = big.NewInt(1<<63 - 1)
)

// StringNumericType returns the numeric type ksqlDB reads the text of a
// string literal as when it meets numbers in a list: an integer strictly
// inside the INT range is an INT, one strictly inside the BIGINT range a
// BIGINT, anything else (a point, an exponent, more digits) the DECIMAL of
// its digits. ok is false when the text is not a number.
func StringNumericType(text string) (*Type, bool) {
	d, err := ParseDec(javaTrim(text))
	if err != nil {
		return nil, false
	}
	if !strings.ContainsAny(text, ".eE") && d.Scale == 0 {
		u := d.unscaled()
		switch {
		case u.Cmp(minInt32) > 0 && u.Cmp(maxInt32) < 0:
			return IntType, true
		case u.Cmp(minInt64) > 0 && u.Cmp(maxInt64) < 0:
			return BigIntType, true
		}
	}
	return TypeOfDec(d), true
}

// NumericStringType is the common type of a string literal's text and the
// numeric type target, as ksqlDB finds it for lists: DOUBLE if either is a
// DOUBLE, the widened DECIMAL if either is a DECIMAL, else the wider of the
// two integer types. Text that is not a number gives ksqlDB's error
// `invalid input syntax for type BIGINT: "x".`
func NumericStringType(text string, target *Type) (*Type, error) {
	st, ok := StringNumericType(text)
	switch {
	case !ok:
		return nil, syntaxError(text, target)
	case st.Kind == Double || target.Kind == Double:
		return DoubleType, nil
	case st.Kind == Decimal || target.Kind == Decimal:
		return WidenDecimal(st, target), nil
	case numericRank(st.Kind) <= numericRank(target.Kind):
		return target, nil
	}
	return st, nil
}

// CheckBooleanString fails with ksqlDB's message when text does not read
// as a boolean (see CoerceString).
func CheckBooleanString(text string) error {
	if _, ok := parseExactBool(javaTrim(text)); !ok {
		return syntaxError(text, BooleanType)
	}
	return nil
}

// CoerceLiteral converts the literal value v of type from to type to with
// the lax rules of CoerceType: strings are parsed as CoerceString does, and
// numbers, booleans and times become strings as CAST renders them; numbers
// widen exactly.
func CoerceLiteral(v Value, from, to *Type) (Value, error) {
	if s, ok := v.(string); ok && from.Kind == String {
		return CoerceString(s, to)
	}
	if d, ok := v.(Dec); ok && to.Kind == String {
		return d.String(), nil
	}
	return Cast(v, from, to)
}
