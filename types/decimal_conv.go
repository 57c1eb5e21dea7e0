package types

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// float64Pow10 holds the powers of ten that float64 represents exactly.
var float64Pow10 = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
}

// Float64 returns the float64 nearest to d, as Java's BigDecimal.doubleValue.
func (d Dec) Float64() float64 {
	u := d.unscaled()
	if u.IsInt64() && d.Scale >= 0 && int(d.Scale) < len(float64Pow10) {
		if v := u.Int64(); v <= 1<<53 && v >= -(1<<53) {
			// Both operands are exact, so the one division rounds correctly.
			return float64(v) / float64Pow10[d.Scale]
		}
	}
	f, _ := strconv.ParseFloat(d.String(), 64) // out of range yields ±Inf or ±0, as Java does
	return f
}

// Int64 returns d truncated towards zero and wrapped to its low 64 bits, as
// Java's BigDecimal.longValue.
func (d Dec) Int64() int64 {
	q := d.unscaled()
	switch {
	case d.Scale > 0:
		q = new(big.Int).Quo(q, pow10(int(d.Scale)))
	case d.Scale < 0:
		q = new(big.Int).Mul(q, pow10(int(-d.Scale)))
	}
	if q.IsInt64() {
		return q.Int64()
	}
	mask := new(big.Int).SetUint64(math.MaxUint64)
	low := int64(new(big.Int).And(new(big.Int).Abs(q), mask).Uint64())
	if q.Sign() < 0 {
		return -low
	}
	return low
}

// Fit rounds d HALF_UP to scale and checks that the result fits
// DECIMAL(precision, scale).
func (d Dec) Fit(precision, scale int) (Dec, error) {
	r := d.Rescale(int32(scale))
	if !r.FitsPrecision(precision) {
		return Dec{}, overflowError(d, precision, scale)
	}
	return r, nil
}

func overflowError(d Dec, precision, scale int) error {
	return fmt.Errorf("numeric field overflow: a field with precision %d and scale %d "+
		"must round to an absolute value less than 10^%d, got %s", precision, scale, precision-scale, d)
}

// TypeOfDec returns the type ksqlDB gives a decimal literal of value d: its
// digits and scale, except that a value in (-1, 1) gets precision scale+1
// (0.05 is DECIMAL(3, 2), 12.30 is DECIMAL(4, 2)).
func TypeOfDec(d Dec) *Type {
	if d.Scale < 0 {
		d = d.Rescale(0)
	}
	s := int(d.Scale)
	if d.unscaled().CmpAbs(pow10(s)) < 0 {
		return DecimalOf(s+1, s)
	}
	return DecimalOf(d.Precision(), s)
}

// decFromFloat returns the exact value of the finite f, as Java's
// new BigDecimal(double): the smallest scale that holds it.
func decFromFloat(f float64) Dec {
	b := math.Float64bits(f)
	exp := int(b>>52) & 0x7ff
	mant := b & (1<<52 - 1)
	if exp == 0 {
		exp = 1
	} else {
		mant |= 1 << 52
	}
	exp -= 1075 // f = ±mant × 2^exp
	if mant == 0 {
		return NewDec(0, 0)
	}
	if exp < 0 {
		shift := min(bits.TrailingZeros64(mant), -exp)
		mant >>= shift
		exp += shift
	}
	u := new(big.Int).SetUint64(mant)
	if b>>63 != 0 {
		u.Neg(u)
	}
	if exp >= 0 {
		return Dec{Unscaled: u.Lsh(u, uint(exp)), Scale: 0}
	}
	// mant × 2^exp = mant × 5^-exp / 10^-exp
	u.Mul(u, new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(-exp)), nil))
	return Dec{Unscaled: u, Scale: int32(-exp)}
}

// decFromShortest returns the decimal Java's BigDecimal.valueOf(double) gives:
// the shortest decimal that reads back as the finite f.
func decFromShortest(f float64) Dec {
	d, err := ParseDec(strconv.FormatFloat(f, 'e', -1, 64))
	if err != nil {
		panic(fmt.Sprintf("types: shortest form of %v does not parse: %v", f, err))
	}
	return d
}

// roundSignificant rounds d HALF_UP to at most p significant digits; the
// result's scale may be negative.
func (d Dec) roundSignificant(p int) Dec {
	if n := d.Precision(); n > p {
		return d.Rescale(d.Scale - int32(n-p))
	}
	return d
}

// javaString renders d as Java's BigDecimal.toString, which switches to
// scientific notation for negative scales and very small values ("1E-7").
func (d Dec) javaString() string {
	digits := d.unscaled().Text(10)
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	adjusted := len(digits) - 1 - int(d.Scale)
	if d.Scale >= 0 && adjusted >= -6 {
		return d.String()
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(digits[:1])
	if len(digits) > 1 {
		b.WriteString(".")
		b.WriteString(digits[1:])
	}
	b.WriteString("E")
	if adjusted >= 0 {
		b.WriteString("+")
	}
	b.WriteString(strconv.Itoa(adjusted))
	return b.String()
}
