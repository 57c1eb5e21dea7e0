package types

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func castOK(t *testing.T, v Value, from, to *Type) Value {
	t.Helper()
	got, err := Cast(v, from, to)
	require.NoError(t, err, "CAST(%v AS %s)", v, to)
	return got
}

func TestCastScalars(t *testing.T) {
	for _, tc := range []struct {
		name     string
		v        Value
		from, to *Type
		want     Value
	}{
		{"int to bigint", int32(-3), IntType, BigIntType, int64(-3)},
		{"int to double", int32(7), IntType, DoubleType, 7.0},
		{"bigint to int wraps", int64(2147483648), BigIntType, IntType, int32(math.MinInt32)},
		{"bigint to double", int64(1) << 53, BigIntType, DoubleType, float64(1 << 53)},
		{"double to int truncates", 3.9, DoubleType, IntType, int32(3)},
		{"double to int negative", -3.9, DoubleType, IntType, int32(-3)},
		{"double to int saturates", 1e20, DoubleType, IntType, int32(math.MaxInt32)},
		{"double to int nan", math.NaN(), DoubleType, IntType, int32(0)},
		{"double to bigint saturates", -1e300, DoubleType, BigIntType, int64(math.MinInt64)},
		{"decimal to int", dec(t, "-12.99"), DecimalOf(4, 2), IntType, int32(-12)},
		{"decimal to bigint", dec(t, "12345678901.5"), DecimalOf(12, 1), BigIntType, int64(12345678901)},
		{"decimal to double", dec(t, "10.3"), DecimalOf(3, 1), DoubleType, 10.3},
		{"string to int", " 123 ", StringType, IntType, int32(123)},
		{"string to int sign", "-0042", StringType, IntType, int32(-42)},
		{"string to bigint", "10", StringType, BigIntType, int64(10)},
		{"string to double", "10.3", StringType, DoubleType, 10.3},
		{"string to double exp", "-1e-1", StringType, DoubleType, -0.1},
		{"string to double huge", "1e400", StringType, DoubleType, math.Inf(1)},
		{"string to double inf", "-Infinity", StringType, DoubleType, math.Inf(-1)},
		{"string true", "true", StringType, BooleanType, true},
		{"string T", "T", StringType, BooleanType, true},
		{"string yes", " Yes ", StringType, BooleanType, true},
		{"string tr", "tr", StringType, BooleanType, true},
		{"string false", "false", StringType, BooleanType, false},
		{"string truex", "truex", StringType, BooleanType, false},
		{"string other", "abc", StringType, BooleanType, false},
		{"string empty", "", StringType, BooleanType, false},
		{"string to bytes", "YQ==", StringType, BytesType, []byte("a")},
		{"string to bytes unpadded", "eWVz", StringType, BytesType, []byte("yes")},
		{"timestamp to date", TimestampValue(-1), TimestampType, DateType, DateValue(-1)},
		{"timestamp to time", TimestampValue(86400000 + 3723004), TimestampType, TimeType, TimeValue(3723004)},
		{"date to timestamp", DateValue(2), DateType, TimestampType, TimestampValue(2 * 86400000)},
		{"null", nil, IntType, StringType, nil},
		{"null literal", nil, UnknownType, ArrayOf(IntType), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, castOK(t, tc.v, tc.from, tc.to))
		})
	}
	assert.True(t, math.IsNaN(castOK(t, "NaN", StringType, DoubleType).(float64)))
}

func TestCastToDecimal(t *testing.T) {
	for _, tc := range []struct {
		name     string
		v        Value
		from, to *Type
		want     string
	}{
		// cast.json "decimal to decimal".
		{"widen", dec(t, "10.12"), DecimalOf(4, 2), DecimalOf(5, 3), "10.120"},
		{"leading zeros", dec(t, "01.00"), DecimalOf(4, 2), DecimalOf(5, 3), "1.000"},
		{"zero", dec(t, "00.00"), DecimalOf(4, 2), DecimalOf(5, 3), "0.000"},
		{"round half up", dec(t, "1.005"), DecimalOf(4, 3), DecimalOf(3, 2), "1.01"},
		{"round negative", dec(t, "-1.005"), DecimalOf(4, 3), DecimalOf(3, 2), "-1.01"},
		{"int", int32(123), IntType, DecimalOf(5, 2), "123.00"},
		{"bigint", int64(-5), BigIntType, DecimalOf(1, 0), "-5"},
		{"double", 0.1, DoubleType, DecimalOf(3, 2), "0.10"},
		{"double binary value", 1.005, DoubleType, DecimalOf(3, 2), "1.00"},
		{"double rounds", 2.5, DoubleType, DecimalOf(1, 0), "3"},
		{"string", " 1.005 ", StringType, DecimalOf(4, 2), "1.01"},
		{"string exponent", "1.5E2", StringType, DecimalOf(4, 1), "150.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := castOK(t, tc.v, tc.from, tc.to)
			require.IsType(t, Dec{}, got)
			assert.Equal(t, tc.want, got.(Dec).String())
		})
	}
	for _, tc := range []struct {
		v        Value
		from, to *Type
		want     string
	}{
		{int32(12345), IntType, DecimalOf(3, 0), "numeric field overflow"},
		{dec(t, "123.4"), DecimalOf(4, 1), DecimalOf(4, 2), "numeric field overflow"},
		{"99.999", StringType, DecimalOf(4, 2), "numeric field overflow"},
		{math.NaN(), DoubleType, DecimalOf(4, 2), "cannot cast NaN to DECIMAL(4, 2)"},
		{"abc", StringType, DecimalOf(4, 2), `invalid input syntax for type DECIMAL: "abc".`},
	} {
		_, err := Cast(tc.v, tc.from, tc.to)
		assert.ErrorContains(t, err, tc.want, "%v", tc.v)
	}
}

func TestCastStringErrors(t *testing.T) {
	for _, tc := range []struct {
		v    string
		to   *Type
		want string
	}{
		{"abc", IntType, `invalid input syntax for type INTEGER: "abc".`},
		{"2147483648", IntType, `invalid input syntax for type INTEGER: "2147483648".`},
		{"1.5", BigIntType, `invalid input syntax for type BIGINT: "1.5".`},
		{"inf", DoubleType, `invalid input syntax for type DOUBLE: "inf".`},
		{"nan", DoubleType, `invalid input syntax for type DOUBLE: "nan".`},
		{"1_0", DoubleType, `invalid input syntax for type DOUBLE: "1_0".`},
		{"!!", BytesType, `invalid base64 for type BYTES: "!!"`},
		{"2017-1-1", TimestampType, "failed to parse timestamp '2017-1-1'"},
		{"20-01-01", DateType, "failed to parse date '20-01-01'"},
		{"1:00", TimeType, "failed to parse time '1:00'"},
	} {
		_, err := Cast(tc.v, StringType, tc.to)
		assert.ErrorContains(t, err, tc.want)
	}
}

func TestCastToString(t *testing.T) {
	for _, tc := range []struct {
		v    Value
		from *Type
		want string
	}{
		{true, BooleanType, "true"},
		{int32(-10), IntType, "-10"},
		{int64(101), BigIntType, "101"},
		{10.3, DoubleType, "10.3"},
		{1e7, DoubleType, "1.0E7"},
		{dec(t, "0.0000001"), DecimalOf(8, 7), "0.0000001"},
		{TimestampValue(1577836800000), TimestampType, "2020-01-01T00:00:00.000"},
		{DateValue(18262), DateType, "2020-01-01"},
		{TimeValue(36000000), TimeType, "10:00"},
		// cast.json "array to string", "map to string", "struct to string".
		{[]Value{int32(1), int32(3)}, ArrayOf(IntType), "[1, 3]"},
		{mapOf("this", int32(1)), MapOf(StringType, IntType), "{this=1}"},
		{&StructValue{StructOf(Field{"F0", IntType}, Field{"f1", IntType}), []Value{int32(1), int32(3)}},
			StructOf(Field{"F0", IntType}, Field{"f1", IntType}), "Struct{F0=1,f1=3}"},
	} {
		assert.Equal(t, tc.want, castOK(t, tc.v, tc.from, StringType))
	}
}

func TestCastComposites(t *testing.T) {
	// cast.json: array<bigint> to array<int> / array<string>, nested arrays.
	big := []Value{int64(1), int64(3), int64(2147483648)}
	assert.Equal(t, []Value{int32(1), int32(3), int32(math.MinInt32)}, castOK(t, big, ArrayOf(BigIntType), ArrayOf(IntType)))
	assert.Equal(t, []Value{"1", "3", "2147483648"}, castOK(t, big, ArrayOf(BigIntType), ArrayOf(StringType)))
	nested := []Value{big, []Value{int64(-1), nil}}
	assert.Equal(t, []Value{[]Value{"1", "3", "2147483648"}, []Value{"-1", nil}},
		castOK(t, nested, ArrayOf(ArrayOf(BigIntType)), ArrayOf(ArrayOf(StringType))))
	assert.Equal(t, []Value{int64(1), int64(3), int64(2147483648)}, big, "input untouched")

	// map<string, bigint> to map<string, int>; map of maps of strings to ints.
	m := castOK(t, mapOf("this", int64(2147483648)), MapOf(StringType, BigIntType), MapOf(StringType, IntType))
	assert.Equal(t, mapOf("this", int32(math.MinInt32)), m)
	mm := castOK(t, mapOf("k1", mapOf("k2", "10")),
		MapOf(StringType, MapOf(StringType, StringType)), MapOf(StringType, MapOf(StringType, IntType)))
	assert.Equal(t, mapOf("k1", mapOf("k2", int32(10))), mm)
	collide := castOK(t, mapOf(1.2, "a", 1.7, "b"), MapOf(DoubleType, StringType), MapOf(IntType, StringType))
	assert.Equal(t, mapOf(int32(1), "b"), collide)

	// struct to struct with a different schema: unmatched target fields are NULL.
	from := StructOf(Field{"F0", BigIntType}, Field{"F1", StringType})
	to := StructOf(Field{"F0", StringType}, Field{"F3", StringType})
	s := castOK(t, &StructValue{from, []Value{int64(1), "3"}}, from, to)
	assert.Equal(t, &StructValue{to, []Value{"1", nil}}, s)

	same := []Value{int32(1)}
	got := castOK(t, same, ArrayOf(IntType), ArrayOf(IntType))
	assert.Same(t, &same[0], &got.([]Value)[0], "an identical type returns the value itself")
}

func TestCanCast(t *testing.T) {
	for _, tc := range []struct {
		from, to *Type
		want     string // "" when supported
	}{
		{StringType, ArrayOf(IntType), "Cast of STRING to ARRAY<INTEGER> is not supported"},
		{StringType, MapOf(StringType, IntType), "Cast of STRING to MAP<STRING, INTEGER> is not supported"},
		{StringType, StructOf(Field{"F0", StringType}, Field{"F1", IntType}),
			"Cast of STRING to STRUCT<`F0` STRING, `F1` INTEGER> is not supported"},
		{BooleanType, IntType, "Cast of BOOLEAN to INTEGER is not supported"},
		{TimeType, TimestampType, "Cast of TIME to TIMESTAMP is not supported"},
		{BytesType, StringType, "Cast of BYTES to STRING is not supported"},
		{ArrayOf(BooleanType), ArrayOf(IntType), "Cast of ARRAY<BOOLEAN> to ARRAY<INTEGER> is not supported"},
		{UnknownType, MapOf(StringType, IntType), ""},
		{ArrayOf(BigIntType), ArrayOf(StringType), ""},
		{MapOf(StringType, StringType), MapOf(StringType, IntType), ""},
		{StructOf(Field{"A", BooleanType}), StructOf(Field{"B", IntType}), ""},
		{StructOf(Field{"A", BooleanType}), StructOf(Field{"A", IntType}), "is not supported"},
		{DateType, TimestampType, ""},
		{StringType, TimeType, ""},
		{DoubleType, DecimalOf(4, 2), ""},
		{ArrayOf(IntType), StringType, ""},
	} {
		err := CanCast(tc.from, tc.to)
		if tc.want == "" {
			assert.NoError(t, err, "%s -> %s", tc.from, tc.to)
		} else {
			assert.ErrorContains(t, err, tc.want)
		}
	}
	_, err := Cast(true, BooleanType, IntType)
	assert.EqualError(t, err, "Cast of BOOLEAN to INTEGER is not supported")
}

func TestCoerceString(t *testing.T) {
	for _, tc := range []struct {
		text string
		to   *Type
		want Value
	}{
		{"10", IntType, int32(10)},
		{" 10 ", BigIntType, int64(10)},
		{"10.5", DoubleType, 10.5},
		{"y", BooleanType, true},
		{"FALSE", BooleanType, false},
		{"no", BooleanType, false},
		{"x", StringType, "x"},
		{"2020-01-01", DateType, DateValue(18262)},
	} {
		got, err := CoerceString(tc.text, tc.to)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	d, err := CoerceString("1.2", DecimalOf(4, 2))
	require.NoError(t, err)
	assert.Equal(t, "1.20", d.(Dec).String())
	for _, tc := range []struct {
		text string
		to   *Type
		want string
	}{
		{"10 - not a number", IntType, `invalid input syntax for type INTEGER: "10 - not a number".`},
		{"Not a boolean", BooleanType, `invalid input syntax for type BOOLEAN: "Not a boolean".`},
		{"10.0 - not a number", DoubleType, `invalid input syntax for type DOUBLE: "10.0 - not a number".`},
		{"10.0 - not a number", DecimalOf(12, 2), `invalid input syntax for type DECIMAL: "10.0 - not a number".`},
		{"1.234", DecimalOf(4, 2), "cannot fit decimal '1.234' into DECIMAL(4, 2) without rounding"},
		{"x", ArrayOf(IntType), "cannot convert STRING to ARRAY<INTEGER>"},
	} {
		_, err := CoerceString(tc.text, tc.to)
		assert.EqualError(t, err, tc.want)
	}
}
