package types

import "math/bits"

// Fast paths for decimals whose unscaled values fit an int64, the usual
// case: the arithmetic is done on machine words and the result boxed in one
// allocation (smallDec). Whenever a step would overflow, or the result needs
// rounding or does not fit its type, they report false and the caller takes
// the general path, which gives the same results and errors.

// int64Pow10 holds 10^0 to 10^18.
var int64Pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// smallUnscaled returns d's unscaled value when it fits an int64.
func smallUnscaled(d Dec) (int64, bool) {
	if d.Unscaled == nil {
		return 0, true
	}
	if !d.Unscaled.IsInt64() {
		return 0, false
	}
	return d.Unscaled.Int64(), true
}

// mulSmall returns a × b, false when it overflows an int64.
func mulSmall(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absU(a), absU(b))
	if hi != 0 || lo > 1<<63 || lo == 1<<63 && !neg {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

func absU(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

// scaleUp returns v × 10^n (n >= 0), false when it overflows.
func scaleUp(v int64, n int32) (int64, bool) {
	if n == 0 {
		return v, true
	}
	if n < 0 || int(n) >= len(int64Pow10) {
		return 0, false
	}
	return mulSmall(v, int64Pow10[n])
}

// digits returns the number of decimal digits of v (1 for 0), as Precision.
func digits(v int64) int {
	u, n := absU(v), 1
	for u >= 10 {
		u /= 10
		n++
	}
	return n
}

// fitSmall is Dec.Fit for v × 10^-scale into t, boxed: false when the
// value would need rounding or does not fit.
func fitSmall(v int64, scale int32, t *Type) (Value, bool) {
	if scale > int32(t.Scale) {
		return nil, false
	}
	v, ok := scaleUp(v, int32(t.Scale)-scale)
	if !ok || digits(v) > t.Precision {
		return nil, false
	}
	return smallDec(v, int32(t.Scale)), true
}

// decArithSmall is decArith for +, - and × on small operands.
func decArithSmall(op byte, a, b Dec, t *Type) (Value, bool) {
	x, ok := smallUnscaled(a)
	if !ok {
		return nil, false
	}
	y, ok := smallUnscaled(b)
	if !ok {
		return nil, false
	}
	switch op {
	case '*':
		v, ok := mulSmall(x, y)
		if !ok {
			return nil, false
		}
		return fitSmall(v, a.Scale+b.Scale, t)
	case '+', '-':
		s := max(a.Scale, b.Scale)
		if x, ok = scaleUp(x, s-a.Scale); !ok {
			return nil, false
		}
		if y, ok = scaleUp(y, s-b.Scale); !ok {
			return nil, false
		}
		if op == '-' {
			if y == -1<<63 {
				return nil, false
			}
			y = -y
		}
		v := x + y
		if (x >= 0) == (y >= 0) && (v >= 0) != (x >= 0) { // overflow
			return nil, false
		}
		return fitSmall(v, s, t)
	}
	return nil, false
}
