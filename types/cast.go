package types

import (
	"fmt"
	"math"
)

// castTargets lists, per source kind, the target kinds CAST supports besides
// the identical type (ksqlDB's CastEvaluator table). ARRAY, MAP and STRUCT
// also cast to their own kind when their parts cast (see CanCast).
var castTargets = map[Kind][]Kind{
	Boolean:   {String},
	Int:       {BigInt, Decimal, Double, String},
	BigInt:    {Int, Decimal, Double, String},
	Decimal:   {Int, BigInt, Decimal, Double, String},
	Double:    {Int, BigInt, Decimal, String},
	String:    {Boolean, Int, BigInt, Decimal, Double, Timestamp, Time, Date, Bytes},
	Array:     {String},
	Map:       {String},
	Struct:    {String},
	Timestamp: {String, Time, Date},
	Date:      {Timestamp, String},
	Time:      {String},
}

// CanCast returns nil when CAST(x AS to) is valid for x of type from, and
// otherwise ksqlDB's error, e.g. "Cast of STRING to ARRAY<INTEGER> is not
// supported" (capitalised as ksqlDB prints it, which clients match on).
// NULL (Unknown) casts to anything; arrays and maps cast element-wise; a
// struct casts to a struct when every source field that the target also has
// (matched by exact name) casts.
func CanCast(from, to *Type) error {
	if castSupported(from, to) {
		return nil
	}
	return fmt.Errorf("Cast of %s to %s is not supported", from, to)
}

func castSupported(from, to *Type) bool {
	if from.Kind == Unknown || from.Equal(to) {
		return true
	}
	switch {
	case from.Kind == Array && to.Kind == Array:
		return castSupported(from.Elem, to.Elem)
	case from.Kind == Map && to.Kind == Map:
		return castSupported(from.Key, to.Key) && castSupported(from.Elem, to.Elem)
	case from.Kind == Struct && to.Kind == Struct:
		for _, f := range from.Fields {
			if j := exactField(to, f.Name); j >= 0 && !castSupported(f.Type, to.Fields[j].Type) {
				return false
			}
		}
		return true
	}
	for _, k := range castTargets[from.Kind] {
		if k == to.Kind {
			return true
		}
	}
	return false
}

func exactField(t *Type, name string) int {
	for i, f := range t.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Cast converts v of type from to type to with ksqlDB's CAST semantics. NULL
// gives NULL; an identical type returns v itself. Numbers: a DOUBLE or DECIMAL
// to an integer truncates towards zero (a DOUBLE saturates, a DECIMAL and a
// BIGINT to INT wrap, as Java's intValue); anything to DECIMAL(p, s) rounds
// HALF_UP to s and fails when the result needs more than p digits. Strings are
// trimmed and parsed (an unparsable string is an error, which ksqlDB turns
// into NULL); a string casts to BOOLEAN as true when it is a prefix of "true"
// or "yes", ignoring case, and false otherwise. Anything casts to STRING as
// FormatValue renders it.
func Cast(v Value, from, to *Type) (Value, error) {
	if v == nil || from.Kind == Unknown {
		return nil, nil
	}
	if from.Equal(to) {
		return v, nil
	}
	r, err := castValue(v, from, to)
	if err == errUnsupportedCast {
		return nil, CanCast(from, to)
	}
	return r, err
}

var errUnsupportedCast = fmt.Errorf("unsupported cast")

func castValue(v Value, from, to *Type) (Value, error) {
	switch to.Kind {
	case String:
		return FormatValue(v, from), nil
	case Boolean:
		if s, ok := v.(string); ok {
			return parseLenientBool(javaTrim(s)), nil
		}
	case Int:
		return castToInt(v)
	case BigInt:
		return castToBigInt(v)
	case Double:
		return castToDouble(v)
	case Decimal:
		return castToDecimal(v, to)
	case Timestamp, Date, Time, Bytes:
		return castToTemporalOrBytes(v, to)
	case Array:
		if l, ok := v.([]Value); ok && from.Kind == Array {
			return castArray(l, from.Elem, to.Elem)
		}
	case Map:
		if m, ok := v.(*MapValue); ok && from.Kind == Map {
			return castMap(m, from, to)
		}
	case Struct:
		if s, ok := v.(*StructValue); ok && from.Kind == Struct {
			return castStruct(s, from, to)
		}
	}
	return nil, errUnsupportedCast
}

func castToInt(v Value) (Value, error) {
	switch x := v.(type) {
	case int64:
		return int32(x), nil
	case Dec:
		return int32(x.Int64()), nil
	case float64:
		return int32(javaFloatToInt(x, math.MinInt32, math.MaxInt32)), nil
	case string:
		return parseJavaInt32(javaTrim(x))
	}
	return nil, errUnsupportedCast
}

func castToBigInt(v Value) (Value, error) {
	switch x := v.(type) {
	case int32:
		return int64(x), nil
	case Dec:
		return x.Int64(), nil
	case float64:
		return javaFloatToInt(x, math.MinInt64, math.MaxInt64), nil
	case string:
		return parseJavaInt64(javaTrim(x))
	}
	return nil, errUnsupportedCast
}

// javaFloatToInt converts as Java's (int) and (long) casts: NaN is 0, values
// beyond [lo, hi] saturate, others truncate towards zero.
func javaFloatToInt(f float64, lo, hi int64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f <= float64(lo):
		return lo
	case f >= float64(hi):
		return hi
	}
	return int64(f)
}

func castToDouble(v Value) (Value, error) {
	switch x := v.(type) {
	case int32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case Dec:
		return x.Float64(), nil
	case string:
		return parseJavaDouble(javaTrim(x))
	}
	return nil, errUnsupportedCast
}

func castToDecimal(v Value, to *Type) (Value, error) {
	var d Dec
	switch x := v.(type) {
	case int32:
		if r, ok := fitSmall(int64(x), 0, to); ok {
			return r, nil
		}
		d = DecFromInt64(int64(x))
	case int64:
		if r, ok := fitSmall(x, 0, to); ok {
			return r, nil
		}
		d = DecFromInt64(x)
	case Dec:
		if u, ok := smallUnscaled(x); ok {
			if r, ok := fitSmall(u, x.Scale, to); ok {
				return r, nil
			}
		}
		d = x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("cannot cast %s to %s", FormatDouble(x), to)
		}
		// As Java's new BigDecimal(double, new MathContext(precision)).
		d = decFromFloat(x).roundSignificant(to.Precision)
	case string:
		var err error
		if d, err = ParseDec(javaTrim(x)); err != nil {
			return nil, syntaxError(x, to)
		}
	default:
		return nil, errUnsupportedCast
	}
	return d.Fit(to.Precision, to.Scale)
}

func castToTemporalOrBytes(v Value, to *Type) (Value, error) {
	switch x := v.(type) {
	case string:
		return parseString(javaTrim(x), to)
	case TimestampValue:
		switch to.Kind {
		case Date:
			return TimestampToDate(x), nil
		case Time:
			return TimestampToTime(x), nil
		}
	case DateValue:
		if to.Kind == Timestamp {
			return DateToTimestamp(x), nil
		}
	}
	return nil, errUnsupportedCast
}

func castArray(l []Value, from, to *Type) (Value, error) {
	out := make([]Value, len(l))
	for i, e := range l {
		c, err := Cast(e, from, to)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func castMap(m *MapValue, from, to *Type) (Value, error) {
	out := &MapValue{Keys: make([]Value, 0, m.Len()), Vals: make([]Value, 0, m.Len())}
	sameKeys := from.Key.Equal(to.Key)
	for i, k := range m.Keys {
		ck, err := Cast(k, from.Key, to.Key)
		if err != nil {
			return nil, err
		}
		cv, err := Cast(m.Vals[i], from.Elem, to.Elem)
		if err != nil {
			return nil, err
		}
		if sameKeys {
			out.Keys, out.Vals = append(out.Keys, ck), append(out.Vals, cv)
		} else {
			out.Put(ck, cv) // converted keys may collide; the last one wins, as in Java
		}
	}
	return out, nil
}

func castStruct(s *StructValue, from, to *Type) (Value, error) {
	out := &StructValue{Type: to, Fields: make([]Value, len(to.Fields))}
	for i, f := range from.Fields {
		j := exactField(to, f.Name)
		if j < 0 || i >= len(s.Fields) {
			continue
		}
		c, err := Cast(s.Fields[i], f.Type, to.Fields[j].Type)
		if err != nil {
			return nil, err
		}
		out.Fields[j] = c
	}
	return out, nil
}
