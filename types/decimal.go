package types

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Dec values are immutable: every operation below returns a new Dec and never
// modifies the receiver's or an argument's Unscaled. The zero Dec (nil
// Unscaled) reads as 0 with its Scale.

// ErrDivisionByZero is returned by integer and decimal division and modulus
// when the divisor is zero.
var ErrDivisionByZero = errors.New("division by zero")

// maxExponent bounds the exponent ParseDec accepts, so that a short literal
// cannot ask for a value with millions of digits.
const maxExponent = 10000

var (
	bigZero    = big.NewInt(0)
	pow10Cache = func() []*big.Int {
		c := make([]*big.Int, 80)
		c[0] = big.NewInt(1)
		for i := 1; i < len(c); i++ {
			c[i] = new(big.Int).Mul(c[i-1], big.NewInt(10))
		}
		return c
	}()
)

// pow10 returns 10^n for n >= 0. The result may be shared: never modify it.
func pow10(n int) *big.Int {
	if n < len(pow10Cache) {
		return pow10Cache[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// NewDec returns unscaled × 10^-scale.
func NewDec(unscaled int64, scale int32) Dec {
	return Dec{Unscaled: big.NewInt(unscaled), Scale: scale}
}

// DecFromInt64 returns v with scale 0.
func DecFromInt64(v int64) Dec { return NewDec(v, 0) }

func (d Dec) unscaled() *big.Int {
	if d.Unscaled == nil {
		return bigZero
	}
	return d.Unscaled
}

// ParseDec parses a decimal in Java BigDecimal syntax: an optional sign, digits
// with an optional fraction, and an optional exponent ("12.30", "-.5", "1.5E3").
// The scale is kept as written: "12.30" has scale 2. A negative scale (as in
// "1E+3") is normalised to scale 0. Surrounding spaces are not accepted.
func ParseDec(text string) (Dec, error) {
	mant, exp, ok := strings.Cut(strings.ToLower(text), "e")
	scale := 0
	if ok {
		e, err := strconv.Atoi(exp)
		if err != nil || e > maxExponent || e < -maxExponent {
			return Dec{}, fmt.Errorf("invalid decimal %q", text)
		}
		scale = -e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	sign := ""
	if digits != "" && (digits[0] == '-' || digits[0] == '+') {
		sign, digits = digits[:1], digits[1:]
	}
	if digits == "" || strings.ContainsAny(frac, "+-") || !allDigits(digits) {
		return Dec{}, fmt.Errorf("invalid decimal %q", text)
	}
	u, _ := new(big.Int).SetString(sign+digits, 10)
	scale += len(frac)
	if scale < 0 {
		u.Mul(u, pow10(-scale))
		scale = 0
	}
	return Dec{Unscaled: u, Scale: int32(scale)}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String renders d in plain notation with exactly Scale fraction digits, as
// Java's BigDecimal.toPlainString: "12.30", "-0.05", "100".
func (d Dec) String() string {
	u := d.unscaled()
	digits := u.Text(10)
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	s := int(d.Scale)
	var out string
	switch {
	case s <= 0:
		out = digits
		if u.Sign() != 0 {
			out += strings.Repeat("0", -s)
		}
	case len(digits) > s:
		out = digits[:len(digits)-s] + "." + digits[len(digits)-s:]
	default:
		out = "0." + strings.Repeat("0", s-len(digits)) + digits
	}
	if neg {
		return "-" + out
	}
	return out
}

// Sign returns -1, 0 or +1.
func (d Dec) Sign() int { return d.unscaled().Sign() }

// Precision returns the number of digits in the unscaled value, as Java's
// BigDecimal.precision (0 has precision 1).
func (d Dec) Precision() int {
	u := d.unscaled()
	if u.IsInt64() {
		v := u.Int64()
		n := 1
		for v >= 10 || v <= -10 {
			v /= 10
			n++
		}
		return n
	}
	abs := new(big.Int).Abs(u)
	n := int(float64(abs.BitLen()) * math.Log10(2)) // a lower bound, at most 1 short
	if abs.Cmp(pow10(n)) >= 0 {
		n++
	}
	return n
}

// FitsPrecision reports whether d's unscaled value has at most p digits.
func (d Dec) FitsPrecision(p int) bool { return d.Precision() <= p }

// Rescale returns d with the given scale, rounding HALF_UP (ties away from
// zero) when digits are dropped.
func (d Dec) Rescale(scale int32) Dec {
	switch {
	case scale == d.Scale:
		return d
	case scale > d.Scale:
		u := new(big.Int).Mul(d.unscaled(), pow10(int(scale-d.Scale)))
		return Dec{Unscaled: u, Scale: scale}
	}
	return Dec{Unscaled: quoHalfUp(d.unscaled(), pow10(int(d.Scale-scale))), Scale: scale}
}

// quoHalfUp returns num/den rounded to the nearest integer, ties away from zero.
func quoHalfUp(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Sign() == 0 {
		return q
	}
	r.Abs(r).Lsh(r, 1)
	if r.CmpAbs(den) >= 0 {
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// align returns the unscaled values of d and e at their common (larger) scale.
func align(d, e Dec) (x, y *big.Int, scale int32) {
	x, y = d.unscaled(), e.unscaled()
	switch {
	case d.Scale < e.Scale:
		x = new(big.Int).Mul(x, pow10(int(e.Scale-d.Scale)))
		return x, y, e.Scale
	case d.Scale > e.Scale:
		y = new(big.Int).Mul(y, pow10(int(d.Scale-e.Scale)))
	}
	return x, y, d.Scale
}

// Add returns d + e, exactly, with scale max(d.Scale, e.Scale).
func (d Dec) Add(e Dec) Dec {
	x, y, s := align(d, e)
	return Dec{Unscaled: new(big.Int).Add(x, y), Scale: s}
}

// Sub returns d - e, exactly, with scale max(d.Scale, e.Scale).
func (d Dec) Sub(e Dec) Dec {
	x, y, s := align(d, e)
	return Dec{Unscaled: new(big.Int).Sub(x, y), Scale: s}
}

// Mul returns d × e, exactly, with scale d.Scale + e.Scale.
func (d Dec) Mul(e Dec) Dec {
	return Dec{Unscaled: new(big.Int).Mul(d.unscaled(), e.unscaled()), Scale: d.Scale + e.Scale}
}

// Div returns d / e rounded HALF_UP to the given scale.
func (d Dec) Div(e Dec, scale int32) (Dec, error) {
	if e.Sign() == 0 {
		return Dec{}, ErrDivisionByZero
	}
	// d/e × 10^scale = d.u × 10^(e.Scale + scale - d.Scale) / e.u
	num, den := d.unscaled(), e.unscaled()
	if k := int(e.Scale) + int(scale) - int(d.Scale); k >= 0 {
		num = new(big.Int).Mul(num, pow10(k))
	} else {
		den = new(big.Int).Mul(den, pow10(-k))
	}
	return Dec{Unscaled: quoHalfUp(num, den), Scale: scale}, nil
}

// Mod returns the remainder of d / e truncated towards zero (the sign of d), as
// Java's BigDecimal.remainder, with scale max(d.Scale, e.Scale).
func (d Dec) Mod(e Dec) (Dec, error) {
	if e.Sign() == 0 {
		return Dec{}, ErrDivisionByZero
	}
	x, y, s := align(d, e)
	return Dec{Unscaled: new(big.Int).Rem(x, y), Scale: s}, nil
}

// Neg returns -d.
func (d Dec) Neg() Dec { return Dec{Unscaled: new(big.Int).Neg(d.unscaled()), Scale: d.Scale} }

// Cmp compares values (not representations): 1.0 and 1.00 are equal.
func (d Dec) Cmp(e Dec) int {
	if d.Scale == e.Scale {
		return d.unscaled().Cmp(e.unscaled())
	}
	if ds, es := d.Sign(), e.Sign(); ds != es {
		return cmpInt(ds, es)
	}
	x, y, _ := align(d, e)
	return x.Cmp(y)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
