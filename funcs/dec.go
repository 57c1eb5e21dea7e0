package funcs

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// Decimal helpers on types.Dec (Unscaled × 10^-Scale). Results are new values.

type roundMode uint8

const (
	roundHalfUp   roundMode = iota // away from zero on ties
	roundHalfDown                  // towards zero on ties
	roundHalfEven
	roundFloor
	roundCeiling
	roundDown // towards zero
)

var bigTen = big.NewInt(10)

func pow10(n int32) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

func decFromInt(i int64) types.Dec { return types.Dec{Unscaled: big.NewInt(i)} }

// decParse parses plain or exponent notation ("-1.50", "1E+3").
func decParse(s string) (types.Dec, bool) {
	mant, exp := s, int64(0)
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.ParseInt(s[i+1:], 10, 32)
		if err != nil {
			return types.Dec{}, false
		}
		mant, exp = s[:i], e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	u, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok || strings.ContainsAny(frac, "+-") {
		return types.Dec{}, false
	}
	d := types.Dec{Unscaled: u, Scale: int32(int64(len(frac)) - exp)}
	if d.Scale < 0 {
		d = decRescale(d, 0, roundDown)
	}
	return d, true
}

// decFromFloat converts like Java's BigDecimal.valueOf(double): through the
// shortest decimal string.
func decFromFloat(f float64) types.Dec {
	d, _ := decParse(strconv.FormatFloat(f, 'g', -1, 64))
	return d
}

func decToFloat(d types.Dec) float64 {
	f, _ := strconv.ParseFloat(decString(d), 64)
	return f
}

// decString renders d in plain notation with exactly Scale fractional digits.
func decString(d types.Dec) string {
	s := new(big.Int).Abs(d.Unscaled).String()
	neg := d.Unscaled.Sign() < 0
	if d.Scale > 0 {
		if pad := int(d.Scale) + 1 - len(s); pad > 0 {
			s = strings.Repeat("0", pad) + s
		}
		s = s[:len(s)-int(d.Scale)] + "." + s[len(s)-int(d.Scale):]
	} else if d.Scale < 0 {
		s += strings.Repeat("0", int(-d.Scale))
	}
	if neg {
		return "-" + s
	}
	return s
}

// decAlign returns the unscaled values of a and b at their common scale.
func decAlign(a, b types.Dec) (*big.Int, *big.Int, int32) {
	switch {
	case a.Scale == b.Scale:
		return a.Unscaled, b.Unscaled, a.Scale
	case a.Scale < b.Scale:
		return new(big.Int).Mul(a.Unscaled, pow10(b.Scale-a.Scale)), b.Unscaled, b.Scale
	}
	return a.Unscaled, new(big.Int).Mul(b.Unscaled, pow10(a.Scale-b.Scale)), a.Scale
}

func decCmp(a, b types.Dec) int {
	x, y, _ := decAlign(a, b)
	return x.Cmp(y)
}

func decAdd(a, b types.Dec) types.Dec {
	x, y, s := decAlign(a, b)
	return types.Dec{Unscaled: new(big.Int).Add(x, y), Scale: s}
}

func decSub(a, b types.Dec) types.Dec {
	x, y, s := decAlign(a, b)
	return types.Dec{Unscaled: new(big.Int).Sub(x, y), Scale: s}
}

func decNeg(a types.Dec) types.Dec {
	return types.Dec{Unscaled: new(big.Int).Neg(a.Unscaled), Scale: a.Scale}
}

// decNormalize strips trailing zeros from the fraction.
func decNormalize(d types.Dec) types.Dec {
	u, s := new(big.Int).Set(d.Unscaled), d.Scale
	r := new(big.Int)
	for s > 0 && u.Sign() != 0 {
		q, m := new(big.Int).QuoRem(u, bigTen, r)
		if m.Sign() != 0 {
			break
		}
		u, s = q, s-1
	}
	if u.Sign() == 0 {
		s = 0
	}
	return types.Dec{Unscaled: u, Scale: s}
}

// decRescale sets d's scale, rounding with mode when digits are dropped.
// A negative scale rounds to tens, hundreds… and returns scale 0.
func decRescale(d types.Dec, scale int32, mode roundMode) types.Dec {
	if scale >= d.Scale {
		return types.Dec{Unscaled: new(big.Int).Mul(d.Unscaled, pow10(scale-d.Scale)), Scale: scale}
	}
	div := pow10(d.Scale - scale)
	q, r := new(big.Int).QuoRem(d.Unscaled, div, new(big.Int))
	if r.Sign() != 0 && roundAway(q, r, div, d.Unscaled.Sign(), mode) {
		q.Add(q, big.NewInt(int64(d.Unscaled.Sign())))
	}
	if scale < 0 {
		return types.Dec{Unscaled: q.Mul(q, pow10(-scale))}
	}
	return types.Dec{Unscaled: q, Scale: scale}
}

// roundAway decides whether truncated quotient q (remainder r of divisor
// div, sign of the value sign) moves one step away from zero.
func roundAway(q, r, div *big.Int, sign int, mode roundMode) bool {
	twice := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2))
	half := twice.Cmp(div)
	switch mode {
	case roundHalfUp:
		return half >= 0
	case roundHalfDown:
		return half > 0
	case roundHalfEven:
		return half > 0 || half == 0 && q.Bit(0) == 1
	case roundFloor:
		return sign < 0
	case roundCeiling:
		return sign > 0
	}
	return false
}

// decPrecision is the number of digits of d's unscaled value.
func decPrecision(d types.Dec) int {
	s := new(big.Int).Abs(d.Unscaled).String()
	return len(s)
}
