package types

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestArithType(t *testing.T) {
	d42 := DecimalOf(4, 2)
	for _, tc := range []struct {
		op   byte
		l, r *Type
		want *Type
	}{
		{'+', IntType, IntType, IntType},
		{'+', IntType, BigIntType, BigIntType},
		{'*', BigIntType, IntType, BigIntType},
		{'+', BigIntType, DoubleType, DoubleType},
		{'-', DoubleType, IntType, DoubleType},
		{'+', d42, DoubleType, DoubleType},
		{'/', DoubleType, d42, DoubleType},
		{'+', d42, d42, DecimalOf(5, 2)},
		{'-', d42, DecimalOf(5, 3), DecimalOf(6, 3)},
		{'*', d42, d42, DecimalOf(9, 4)},
		{'/', d42, d42, DecimalOf(11, 7)},
		{'/', DecimalOf(2, 1), DecimalOf(1, 0), DecimalOf(7, 6)},
		{'%', d42, d42, DecimalOf(4, 2)},
		{'%', DecimalOf(10, 2), DecimalOf(3, 1), DecimalOf(4, 2)},
		{'+', IntType, d42, DecimalOf(13, 2)},
		{'+', d42, IntType, DecimalOf(13, 2)},
		{'*', BigIntType, d42, DecimalOf(24, 2)},
		{'*', DecimalOf(38, 10), DecimalOf(38, 10), DecimalOf(77, 20)},
		{'+', StringType, StringType, StringType},
	} {
		got, err := ArithType(tc.op, tc.l, tc.r)
		require.NoError(t, err, "%s %c %s", tc.l, tc.op, tc.r)
		assert.True(t, tc.want.Equal(got), "%s %c %s: want %s, got %s", tc.l, tc.op, tc.r, tc.want, got)
	}
}

func TestArithTypeErrors(t *testing.T) {
	for _, tc := range []struct {
		op   byte
		l, r *Type
		want string
	}{
		{'+', IntType, UnknownType, "Arithmetic on types INTEGER and null are not supported."},
		{'/', DecimalOf(2, 1), UnknownType, "Arithmetic on types DECIMAL(2, 1) and null are not supported."},
		{'*', UnknownType, UnknownType, "Arithmetic on types null and null are not supported."},
		{'+', ArrayOf(IntType), UnknownType, "Arithmetic on types ARRAY<INTEGER> and null are not supported."},
		{'+', MapOf(IntType, StringType), UnknownType, "Arithmetic on types MAP<INTEGER, STRING> and null are not supported."},
		{'-', StringType, StringType, "Arithmetic on types STRING and STRING are not supported."},
		{'+', StringType, IntType, "Arithmetic on types STRING and INTEGER are not supported."},
		{'+', BooleanType, BooleanType, "Arithmetic on types BOOLEAN and BOOLEAN are not supported."},
		{'+', TimestampType, BigIntType, "Arithmetic on types TIMESTAMP and BIGINT are not supported."},
		{'^', IntType, IntType, "unknown arithmetic operator '^'"},
	} {
		_, err := ArithType(tc.op, tc.l, tc.r)
		assert.EqualError(t, err, tc.want)
	}
}

func TestArithIntegers(t *testing.T) {
	for _, tc := range []struct {
		op   byte
		l, r Value
		t    *Type
		want Value
	}{
		// binary-arithmetic.json "in projection" and operators.json precedence cases.
		{'+', int32(6), int64(25), BigIntType, int64(31)},
		{'*', int64(25), int32(25), BigIntType, int64(625)},
		{'*', int32(12), int32(4), IntType, int32(48)},
		{'/', int32(6), int32(3), IntType, int32(2)},
		{'%', int32(16), int32(6), IntType, int32(4)},
		{'/', int32(7), int32(-2), IntType, int32(-3)},
		{'%', int32(-7), int32(2), IntType, int32(-1)},
		// Java overflow semantics.
		{'+', int32(math.MaxInt32), int32(1), IntType, int32(math.MinInt32)},
		{'*', int64(math.MaxInt64), int64(2), BigIntType, int64(-2)},
		{'/', int32(math.MinInt32), int32(-1), IntType, int32(math.MinInt32)},
		{'%', int64(math.MinInt64), int64(-1), BigIntType, int64(0)},
		{'-', int32(math.MinInt32), int32(1), IntType, int32(math.MaxInt32)},
	} {
		got, err := Arith(tc.op, tc.l, tc.r, tc.t)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%v %c %v", tc.l, tc.op, tc.r)
	}
	for _, op := range []byte{'/', '%'} {
		_, err := Arith(op, int32(1), int32(0), IntType)
		assert.ErrorIs(t, err, ErrDivisionByZero)
		_, err = Arith(op, int64(1), int64(0), BigIntType)
		assert.EqualError(t, err, "division by zero")
	}
}

func TestArithDoubles(t *testing.T) {
	for _, tc := range []struct {
		op   byte
		l, r Value
		want float64
	}{
		{'+', 3.21, int32(10), 13.21},
		{'-', int64(1), 0.5, 0.5},
		{'%', 5.5, int32(2), 1.5},
		{'%', -5.5, int32(2), -1.5},
		{'/', 1.0, 0.0, math.Inf(1)},
		{'/', -1.0, 0.0, math.Inf(-1)},
		{'+', NewDec(1001, 2), 5.1, 15.11},
	} {
		got, err := Arith(tc.op, tc.l, tc.r, DoubleType)
		require.NoError(t, err)
		assert.InDelta(t, tc.want, got, 1e-12, "%v %c %v", tc.l, tc.op, tc.r)
	}
	got, err := Arith('%', 1.0, 0.0, DoubleType)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(got.(float64)))
	got, _ = Arith('/', 0.0, 0.0, DoubleType)
	assert.True(t, math.IsNaN(got.(float64)))
}

// TestArithDecimals follows the decimal arithmetic cases of ksqlDB's decimal.json.
func TestArithDecimals(t *testing.T) {
	d42 := DecimalOf(4, 2)
	for _, tc := range []struct {
		op   byte
		l, r Value
		lt   *Type
		rt   *Type
		want string
	}{
		{'+', dec(t, "10.01"), dec(t, "5.10"), d42, d42, "15.11"},
		{'+', dec(t, "10.01"), dec(t, "-5.00"), d42, d42, "5.01"},
		{'+', dec(t, "10.01"), int32(5), d42, IntType, "15.01"},
		{'+', int32(-5), dec(t, "10.01"), IntType, d42, "5.01"},
		{'-', dec(t, "10.10"), dec(t, "5.10"), d42, d42, "5.00"},
		{'*', dec(t, "10.10"), dec(t, "-02.00"), d42, d42, "-20.2000"},
		{'*', dec(t, "10.10"), dec(t, "00.00"), d42, d42, "0.0000"},
		{'/', dec(t, "10.10"), dec(t, "02.00"), d42, d42, "5.0500000"},
		{'/', dec(t, "10.10"), dec(t, "-02.00"), d42, d42, "-5.0500000"},
		{'/', dec(t, "10.00"), dec(t, "3.00"), d42, d42, "3.3333333"},
		{'%', dec(t, "10.10"), dec(t, "02.00"), d42, d42, "0.10"},
		{'%', dec(t, "10.10"), dec(t, "-02.00"), d42, d42, "0.10"},
		{'*', int64(3), dec(t, "0.5"), BigIntType, DecimalOf(1, 1), "1.5"},
	} {
		rt, err := ArithType(tc.op, tc.lt, tc.rt)
		require.NoError(t, err)
		got, err := Arith(tc.op, tc.l, tc.r, rt)
		require.NoError(t, err)
		require.IsType(t, Dec{}, got)
		assert.Equal(t, tc.want, got.(Dec).String(), "%v %c %v as %s", tc.l, tc.op, tc.r, rt)
		assert.True(t, got.(Dec).FitsPrecision(rt.Precision))
	}
	for _, op := range []byte{'/', '%'} {
		_, err := Arith(op, dec(t, "10.10"), dec(t, "00.00"), DecimalOf(11, 7))
		assert.ErrorIs(t, err, ErrDivisionByZero)
	}
	_, err := Arith('+', dec(t, "99.99"), dec(t, "0.01"), d42)
	assert.ErrorContains(t, err, "numeric field overflow")
}

func TestArithNullStringAndErrors(t *testing.T) {
	for _, tc := range []struct{ l, r Value }{{nil, int32(1)}, {int32(1), nil}, {nil, nil}} {
		got, err := Arith('+', tc.l, tc.r, IntType)
		assert.NoError(t, err)
		assert.Nil(t, got)
	}
	got, err := Arith('+', "prefix-", "s1", StringType)
	require.NoError(t, err)
	assert.Equal(t, "prefix-s1", got)

	_, err = Arith('-', "a", "b", StringType)
	assert.Error(t, err)
	_, err = Arith('+', 1.5, int32(1), IntType)
	assert.EqualError(t, err, "types: cannot evaluate float64 + int32 as INTEGER")
}

func TestNegate(t *testing.T) {
	for _, tc := range []struct{ in, want Value }{
		{nil, nil},
		{int32(5), int32(-5)},
		{int32(math.MinInt32), int32(math.MinInt32)},
		{int64(-7), int64(7)},
		{2.5, -2.5},
	} {
		got, err := Negate(tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	got, err := Negate(dec(t, "10.12345"))
	require.NoError(t, err)
	assert.Equal(t, "-10.12345", got.(Dec).String())
	_, err = Negate("x")
	assert.Error(t, err)
}
