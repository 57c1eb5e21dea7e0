package serde

import (
	"fmt"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// Local exact-decimal helpers. They follow java.math.BigDecimal, which is what
// ksqlDB uses for DECIMAL on the wire. They can be replaced by types.ParseDec
// and Dec.String once those exist; nothing outside this file depends on them.

// bigDec is a parsed decimal literal: digits (no sign, no leading zeros except
// a lone "0") × 10^-scale, negated when neg. scale may be negative.
type bigDec struct {
	digits string
	neg    bool
	scale  int64
}

// maxExponent bounds literal exponents so that "1e999999999" cannot make us
// allocate enormous numbers; BigDecimal itself allows ±2^31.
const maxExponent = 1 << 20

// parseBigDec parses BigDecimal syntax: [+-]? (d+ [. d*] | . d+) [(e|E) [+-]? d+].
func parseBigDec(s string) (bigDec, bool) {
	var d bigDec
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		d.neg = s[i] == '-'
		i++
	}
	var digits strings.Builder
	nInt, nFrac := 0, 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits.WriteByte(s[i])
		nInt++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits.WriteByte(s[i])
			nFrac++
		}
	}
	if nInt+nFrac == 0 {
		return d, false
	}
	var exp int64
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		e, err := strconv.ParseInt(s[i+1:], 10, 64)
		if err != nil || e > maxExponent || e < -maxExponent {
			return d, false
		}
		exp, i = e, len(s)
	}
	if i != len(s) {
		return d, false
	}
	d.digits = strings.TrimLeft(digits.String(), "0")
	if d.digits == "" {
		d.digits = "0"
	}
	d.scale = int64(nFrac) - exp
	return d, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (d bigDec) isZero() bool { return d.digits == "0" }

// fit converts d to DECIMAL(precision, scale) exactly, as ksqlDB's
// DecimalUtil.ensureFit does: the integer part must fit and no non-zero digit
// may be dropped (no rounding).
func (d bigDec) fit(t *types.Type) (types.Dec, error) {
	p, s := int64(t.Precision), int64(t.Scale)
	if d.isZero() {
		return types.Dec{Unscaled: new(big.Int), Scale: int32(s)}, nil
	}
	if int64(len(d.digits))-d.scale > p-s {
		return types.Dec{}, fmt.Errorf("value %s is too large for %s: the integer part may have at most %d digits",
			d.String(), t, p-s)
	}
	digits := d.digits
	switch {
	case d.scale > s:
		drop := d.scale - s
		if drop > int64(len(digits)) || strings.TrimRight(digits[int64(len(digits))-drop:], "0") != "" {
			return types.Dec{}, fmt.Errorf("cannot fit %s into %s without rounding", d.String(), t)
		}
		digits = digits[:int64(len(digits))-drop]
	case d.scale < s:
		digits += strings.Repeat("0", int(s-d.scale))
	}
	u, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return types.Dec{}, fmt.Errorf("invalid decimal %q", d.String())
	}
	if d.neg {
		u.Neg(u)
	}
	return types.Dec{Unscaled: u, Scale: int32(s)}, nil
}

// truncInt returns d truncated toward zero as an int64 (Java's
// BigDecimal.longValue, minus its silent wrap-around: ok is false on overflow).
func (d bigDec) truncInt() (int64, bool) {
	digits := d.digits
	switch {
	case d.scale >= int64(len(digits)):
		return 0, true
	case d.scale > 0:
		digits = digits[:int64(len(digits))-d.scale]
	case d.scale < 0:
		if int64(len(digits))-d.scale > 19 {
			return 0, false
		}
		digits += strings.Repeat("0", int(-d.scale))
	}
	if d.neg {
		digits = "-" + digits
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	return v, err == nil
}

// String renders d as java.math.BigDecimal.toString does (scientific notation
// when the scale is negative or the number is very small). Jackson uses it when
// a JSON number is read into a STRING column.
func (d bigDec) String() string {
	coeff := d.digits
	adjusted := -d.scale + int64(len(coeff)-1)
	var b strings.Builder
	if d.neg && !d.isZero() {
		b.WriteByte('-')
	}
	if d.scale >= 0 && adjusted >= -6 {
		b.WriteString(plainDigits(coeff, d.scale))
		return b.String()
	}
	b.WriteByte(coeff[0])
	if len(coeff) > 1 {
		b.WriteByte('.')
		b.WriteString(coeff[1:])
	}
	if adjusted != 0 {
		b.WriteByte('E')
		if adjusted > 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.FormatInt(adjusted, 10))
	}
	return b.String()
}

// plainDigits places a decimal point scale digits from the right of the
// unsigned digit string, padding with zeros as needed.
func plainDigits(digits string, scale int64) string {
	switch {
	case scale <= 0:
		if digits == "0" {
			return digits
		}
		return digits + strings.Repeat("0", int(-scale))
	case int64(len(digits)) > scale:
		cut := int64(len(digits)) - scale
		return digits[:cut] + "." + digits[cut:]
	default:
		return "0." + strings.Repeat("0", int(scale-int64(len(digits)))) + digits
	}
}

// appendDec appends d in plain notation with at least minScale fraction digits.
func appendDec(dst []byte, d types.Dec, minScale int) []byte {
	scale := int(d.Scale)
	if d.Unscaled == nil || d.Unscaled.Sign() == 0 {
		dst = append(dst, '0')
		if scale = max(scale, minScale); scale > 0 {
			dst = append(append(dst, '.'), strings.Repeat("0", scale)...)
		}
		return dst
	}
	start := len(dst)
	if d.Unscaled.IsInt64() {
		dst = strconv.AppendInt(dst, d.Unscaled.Int64(), 10) // Append allocates
	} else {
		dst = d.Unscaled.Append(dst, 10)
	}
	for ; scale < minScale; scale++ {
		dst = append(dst, '0')
	}
	if dst[start] == '-' {
		start++
	}
	n := len(dst) - start // digits
	switch {
	case scale < 0:
		return append(dst, strings.Repeat("0", -scale)...)
	case scale == 0:
		return dst
	case n > scale:
		return insertAt(dst, len(dst)-scale, ".")
	default:
		return insertAt(dst, start, "0."+strings.Repeat("0", scale-n))
	}
}

// insertAt inserts s into b before index i.
func insertAt(b []byte, i int, s string) []byte {
	b = append(b, s...)
	copy(b[i+len(s):], b[i:])
	copy(b[i:], s)
	return b
}

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// fastDec converts a short plain literal ([+-]digits[.digits], at most 18
// digits, no exponent) to DECIMAL(p, s) with int64 arithmetic. ok is false
// when the literal is not of that shape or does not fit; the caller then takes
// the general path, which also produces the error.
func fastDec(lit []byte, t *types.Type) (d types.Dec, ok bool) {
	i, neg := 0, false
	if len(lit) > 0 && (lit[0] == '-' || lit[0] == '+') {
		neg, i = lit[0] == '-', 1
	}
	var u int64
	n, frac, dot := 0, 0, false
	for ; i < len(lit); i++ {
		switch c := lit[i]; {
		case isDigit(c):
			u = u*10 + int64(c-'0')
			if n++; dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return d, false
		}
	}
	if n == 0 || n > 18 || t.Precision > 18 || t.Scale > 18 {
		return d, false
	}
	switch scale := t.Scale; {
	case frac > scale:
		p := pow10[frac-scale]
		if u%p != 0 {
			return d, false
		}
		u /= p
	case frac < scale:
		if n+scale-frac > 18 {
			return d, false
		}
		u *= pow10[scale-frac]
	}
	if u >= pow10[t.Precision] {
		return d, false
	}
	if neg {
		u = -u
	}
	return types.Dec{Unscaled: smallBigInt(u), Scale: int32(t.Scale)}, true
}

// smallBigInt returns a big.Int holding v, allocating the Int and its single
// word together.
func smallBigInt(v int64) *big.Int {
	if v == 0 || bits.UintSize < 64 {
		return big.NewInt(v)
	}
	box := new(struct {
		i big.Int
		w [1]big.Word
	})
	abs := uint64(v)
	if v < 0 {
		abs = -abs
	}
	box.w[0] = big.Word(abs)
	box.i.SetBits(box.w[:])
	if v < 0 {
		box.i.Neg(&box.i)
	}
	return &box.i
}
