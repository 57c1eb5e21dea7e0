package funcs

import (
	"math/big"
	"strconv"

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

// ubig is d's unscaled value; the zero Dec reads as 0.
func ubig(d types.Dec) *big.Int {
	if d.Unscaled == nil {
		return new(big.Int)
	}
	return d.Unscaled
}

// decParse parses plain or exponent notation ("-1.50", "1E+3").
func decParse(s string) (types.Dec, bool) {
	d, err := types.ParseDec(s)
	return d, err == nil
}

// decFromFloat converts like Java's BigDecimal.valueOf(double): through the
// shortest decimal string.
func decFromFloat(f float64) types.Dec {
	d, _ := decParse(strconv.FormatFloat(f, 'g', -1, 64))
	return d
}

func decToFloat(d types.Dec) float64 { return d.Float64() }

// decNormalize strips trailing zeros from the fraction.
func decNormalize(d types.Dec) types.Dec {
	u, s := new(big.Int).Set(ubig(d)), d.Scale
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
	d.Unscaled = ubig(d)
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
