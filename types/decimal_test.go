package types

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dec(t *testing.T, s string) Dec {
	t.Helper()
	d, err := ParseDec(s)
	require.NoError(t, err, s)
	return d
}

func TestParseDec(t *testing.T) {
	for _, tc := range []struct {
		in       string
		unscaled string
		scale    int32
		plain    string
	}{
		{"12.30", "1230", 2, "12.30"},
		{"-0.05", "-5", 2, "-0.05"},
		{"+7", "7", 0, "7"},
		{".5", "5", 1, "0.5"},
		{"5.", "5", 0, "5"},
		{"000.0100", "100", 4, "0.0100"},
		{"1.5E3", "1500", 0, "1500"},
		{"1e+3", "1000", 0, "1000"},
		{"1.23e-2", "123", 4, "0.0123"},
		{"-1.20E1", "-120", 1, "-12.0"},
		{"10.1234512345123451234", "101234512345123451234", 19, "10.1234512345123451234"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d := dec(t, tc.in)
			assert.Equal(t, tc.unscaled, d.Unscaled.String())
			assert.Equal(t, tc.scale, d.Scale)
			assert.Equal(t, tc.plain, d.String())
		})
	}
	for _, bad := range []string{"", "-", "+", ".", "abc", "1.2.3", "1e", "1e+", "--1", ".-5", " 1", "1 ", "1e99999", "0x10", "1_000"} {
		_, err := ParseDec(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestDecString(t *testing.T) {
	for _, tc := range []struct {
		d    Dec
		want string
	}{
		{NewDec(0, 3), "0.000"},
		{NewDec(-5, 3), "-0.005"},
		{NewDec(5, -2), "500"},
		{NewDec(0, -2), "0"},
		{NewDec(123456, 2), "1234.56"},
		{Dec{Scale: 1}, "0.0"},
	} {
		assert.Equal(t, tc.want, tc.d.String())
	}
}

func TestDecRescaleHalfUp(t *testing.T) {
	for _, tc := range []struct {
		in    string
		scale int32
		want  string
	}{
		{"1.25", 1, "1.3"},
		{"-1.25", 1, "-1.3"},
		{"1.24", 1, "1.2"},
		{"1.5", 0, "2"},
		{"-0.5", 0, "-1"},
		{"0.49", 0, "0"},
		{"1.2", 3, "1.200"},
		{"999.5", 0, "1000"},
		{"12345", -2, "12300"},
	} {
		assert.Equal(t, tc.want, dec(t, tc.in).Rescale(tc.scale).String(), "%s to %d", tc.in, tc.scale)
	}
}

func TestDecArithmetic(t *testing.T) {
	a, b := dec(t, "10.10"), dec(t, "2.00")
	assert.Equal(t, "12.10", a.Add(b).String())
	assert.Equal(t, "8.10", a.Sub(b).String())
	assert.Equal(t, "20.2000", a.Mul(b).String())
	assert.Equal(t, "10.001", a.Add(dec(t, "-0.099")).String())
	assert.Equal(t, "-10.10", a.Neg().String())

	q, err := a.Div(b, 7)
	require.NoError(t, err)
	assert.Equal(t, "5.0500000", q.String())
	for _, tc := range []struct{ x, y, want string }{
		{"1", "3", "0.333333"},
		{"2", "3", "0.666667"},
		{"-2", "3", "-0.666667"},
		{"2", "-3", "-0.666667"},
		{"1", "0.0003", "3333.333333"},
		{"0.000001", "4", "0.000000"},
	} {
		q, err := dec(t, tc.x).Div(dec(t, tc.y), 6)
		require.NoError(t, err)
		assert.Equal(t, tc.want, q.String(), "%s / %s", tc.x, tc.y)
	}
	_, err = a.Div(dec(t, "0.00"), 2)
	assert.ErrorIs(t, err, ErrDivisionByZero)

	for _, tc := range []struct{ x, y, want string }{
		{"10.10", "2.00", "0.10"},
		{"10.10", "-2.00", "0.10"},
		{"-10.10", "2.00", "-0.10"},
		{"7", "2.5", "2.0"},
	} {
		m, err := dec(t, tc.x).Mod(dec(t, tc.y))
		require.NoError(t, err)
		assert.Equal(t, tc.want, m.String(), "%s %% %s", tc.x, tc.y)
	}
	_, err = a.Mod(Dec{})
	assert.ErrorIs(t, err, ErrDivisionByZero)
}

func TestDecImmutable(t *testing.T) {
	a, b := dec(t, "1.5"), dec(t, "2.25")
	a.Add(b)
	a.Sub(b)
	a.Mul(b)
	a.Rescale(5)
	a.Rescale(0)
	_, _ = a.Div(b, 3)
	_, _ = a.Mod(b)
	a.Neg()
	assert.Equal(t, "1.5", a.String())
	assert.Equal(t, "2.25", b.String())
	assert.Equal(t, "1", pow10(0).String(), "shared powers of ten stay intact")
	assert.Equal(t, "1000", pow10(3).String())
}

func TestDecCmpAndPrecision(t *testing.T) {
	assert.Equal(t, 0, dec(t, "1.0").Cmp(dec(t, "1.00")))
	assert.Equal(t, -1, dec(t, "-1").Cmp(dec(t, "0.5")))
	assert.Equal(t, 1, dec(t, "10.012").Cmp(dec(t, "10.01")))
	assert.Equal(t, -1, dec(t, "-10.012").Cmp(dec(t, "-10.01")))

	for in, p := range map[string]int{"0": 1, "0.00": 1, "12345": 5, "-999": 3, "1.000": 4, "1000000000000000000000000000000": 31} {
		assert.Equal(t, p, dec(t, in).Precision(), in)
	}
	assert.True(t, dec(t, "99.99").FitsPrecision(4))
	assert.False(t, dec(t, "100.00").FitsPrecision(4))
}

func TestDecConversions(t *testing.T) {
	assert.Equal(t, 0.1, dec(t, "0.1").Float64())
	assert.Equal(t, -12.345, dec(t, "-12.345").Float64())
	assert.Equal(t, 1e30, dec(t, "1000000000000000000000000000000.0").Float64())
	assert.Equal(t, 1.2345678901234567e-25, dec(t, "1.2345678901234567e-25").Float64())
	assert.True(t, math.IsInf(dec(t, "1e400").Float64(), 1))

	assert.Equal(t, int64(12), dec(t, "12.9").Int64())
	assert.Equal(t, int64(-12), dec(t, "-12.9").Int64())
	assert.Equal(t, int64(500), NewDec(5, -2).Int64())
	big64 := new(big.Int).Lsh(big.NewInt(1), 64)
	assert.Equal(t, int64(5), Dec{Unscaled: new(big.Int).Add(big64, big.NewInt(5))}.Int64())
	assert.Equal(t, int64(-5), Dec{Unscaled: new(big.Int).Neg(new(big.Int).Add(big64, big.NewInt(5)))}.Int64())
	assert.Equal(t, int64(math.MinInt64), dec(t, "9223372036854775808").Int64())
}

func TestDecFit(t *testing.T) {
	d, err := dec(t, "10.12").Fit(5, 3)
	require.NoError(t, err)
	assert.Equal(t, "10.120", d.String())
	d, err = dec(t, "1.005").Fit(3, 2)
	require.NoError(t, err)
	assert.Equal(t, "1.01", d.String())
	_, err = dec(t, "99.996").Fit(4, 2)
	assert.EqualError(t, err, "numeric field overflow: a field with precision 4 and scale 2 "+
		"must round to an absolute value less than 10^2, got 99.996")
}

func TestTypeOfDec(t *testing.T) {
	for in, want := range map[string]*Type{
		"2.345": DecimalOf(4, 3),
		"0.05":  DecimalOf(3, 2),
		"-0.08": DecimalOf(3, 2),
		"0":     DecimalOf(1, 0),
		"0.00":  DecimalOf(3, 2),
		"12.30": DecimalOf(4, 2),
		"100":   DecimalOf(3, 0),
		"1E+2":  DecimalOf(3, 0),
		"5.0":   DecimalOf(2, 1),
	} {
		assert.True(t, want.Equal(TypeOfDec(dec(t, in))), "%s: got %s", in, TypeOfDec(dec(t, in)))
	}
}

func TestDecJavaString(t *testing.T) {
	for _, tc := range []struct {
		d    Dec
		want string
	}{
		{NewDec(1, 7), "1E-7"},
		{NewDec(10, 8), "1.0E-7"},
		{NewDec(0, 8), "0E-8"},
		{NewDec(1, 6), "0.000001"},
		{NewDec(-123, 2), "-1.23"},
		{NewDec(5, -2), "5E+2"},
		{NewDec(1230, 2), "12.30"},
	} {
		assert.Equal(t, tc.want, tc.d.javaString())
	}
}

func TestDecFromFloat(t *testing.T) {
	assert.Equal(t, "0.1000000000000000055511151231257827021181583404541015625", decFromFloat(0.1).String())
	assert.Equal(t, "0.5", decFromFloat(0.5).String())
	assert.Equal(t, "-2", decFromFloat(-2).String())
	assert.Equal(t, "0", decFromFloat(0).String())
	assert.Equal(t, "100000000000000000000", decFromFloat(1e20).String())
	assert.Equal(t, "1.1", decFromShortest(1.1).String())
	assert.Equal(t, 0, decFromShortest(1e-7).Cmp(NewDec(1, 7)))
	assert.Equal(t, "1.00", decFromFloat(1.005).roundSignificant(3).String(), "1.005 is 1.00499... in binary")
}

// TestDecProperties checks String/ParseDec round trips and Div against exact
// rational arithmetic on pseudo-random values.
func TestDecProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		a := NewDec(rng.Int64N(2_000_001)-1_000_000, int32(rng.IntN(8)))
		b := NewDec(rng.Int64N(2_000_001)-1_000_000, int32(rng.IntN(8)))
		back, err := ParseDec(a.String())
		require.NoError(t, err)
		require.Equal(t, a.Unscaled, back.Unscaled)
		require.Equal(t, a.Scale, back.Scale)
		if b.Sign() == 0 {
			continue
		}
		scale := int32(rng.IntN(10))
		q, err := a.Div(b, scale)
		require.NoError(t, err)
		// |a/b - q| <= 1/2 ulp, and ties go away from zero.
		exact := new(big.Rat).Quo(rat(a), rat(b))
		diff := new(big.Rat).Sub(exact, rat(q))
		ulp := rat(NewDec(1, scale))
		twice := new(big.Rat).Mul(new(big.Rat).Abs(diff), big.NewRat(2, 1))
		require.LessOrEqual(t, twice.Cmp(ulp), 0, "%s / %s = %s at scale %d", a, b, q, scale)
		if twice.Cmp(ulp) == 0 {
			require.True(t, new(big.Rat).Abs(rat(q)).Cmp(new(big.Rat).Abs(exact)) > 0, "ties round away from zero")
		}
	}
}

func rat(d Dec) *big.Rat {
	return new(big.Rat).SetFrac(d.unscaled(), pow10(int(d.Scale)))
}
