package types

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
)

// TestSlab checks that slab-boxed values are indistinguishable from
// ordinarily boxed ones, also after garbage collection, and that a full slab
// falls back to ordinary boxing.
func TestSlab(t *testing.T) {
	var vals, want []Value
	for i := 0; i < 200; i++ {
		s := NewSlab(5)
		n := int64(i) * 1_000_003
		vals = append(vals, s.Int64(n), s.Float64(float64(n)/3), s.Timestamp(TimestampValue(n)),
			s.Int32(int32(-i-1000)), s.String(fmt.Sprint("s", i)), s.String("spill"), s.Date(DateValue(i)))
		want = append(want, n, float64(n)/3, TimestampValue(n), int32(-i-1000), fmt.Sprint("s", i), "spill", DateValue(i))
	}
	runtime.GC()
	for i, v := range vals {
		if v != want[i] || reflect.TypeOf(v) != reflect.TypeOf(want[i]) || fmt.Sprint(v) != fmt.Sprint(want[i]) {
			t.Fatalf("value %d: got %#v, want %#v", i, v, want[i])
		}
	}
	var zero Slab
	if v := zero.Int64(1 << 40); v != int64(1<<40) {
		t.Errorf("zero slab: %v", v)
	}
}

// TestSmallDecimalPaths compares the word-sized decimal fast paths with the
// general big.Int ones on random operands, including values near the int64
// limits, and results that overflow their type.
func TestSmallDecimalPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	operand := func() Dec {
		var u int64
		switch r.IntN(4) {
		case 0:
			u = r.Int64N(2000) - 1000
		case 1:
			u = r.Int64() >> r.IntN(63)
		case 2:
			u = math.MaxInt64 - r.Int64N(3)
		default:
			u = math.MinInt64 + r.Int64N(3)
		}
		if r.IntN(2) == 0 {
			u = -u
		}
		return Dec{Unscaled: big.NewInt(u), Scale: int32(r.IntN(6))}
	}
	show := func(v Value, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		d := v.(Dec)
		return fmt.Sprintf("%s (scale %d)", d, d.Scale)
	}
	for n := 0; n < 50000; n++ {
		a, b := operand(), operand()
		to := DecimalOf(1+r.IntN(38), r.IntN(8))
		to.Scale = min(to.Scale, to.Precision)
		op := "+-*"[r.IntN(3)]
		var general Dec
		switch op {
		case '+':
			general = a.Add(b)
		case '-':
			general = a.Sub(b)
		default:
			general = a.Mul(b)
		}
		fitted, ferr := general.Fit(to.Precision, to.Scale)
		want := show(fitted, ferr)
		if got := show(decArith(op, a, b, to)); got != want {
			t.Fatalf("%s %c %s as %s: got %s, want %s", a, op, b, to, got, want)
		}
		fitted, ferr = a.Fit(to.Precision, to.Scale)
		want = show(fitted, ferr)
		if got := show(castToDecimal(a, to)); got != want {
			t.Fatalf("CAST(%s AS %s): got %s, want %s", a, to, got, want)
		}
		i := a.Unscaled.Int64()
		fitted, ferr = DecFromInt64(i).Fit(to.Precision, to.Scale)
		want = show(fitted, ferr)
		if got := show(castToDecimal(i, to)); got != want {
			t.Fatalf("CAST(%d AS %s): got %s, want %s", i, to, got, want)
		}
	}
}

func TestSmallDecIsOrdinary(t *testing.T) {
	for _, u := range []int64{0, 1, -1, 42, -908, math.MaxInt64, math.MinInt64} {
		v := smallDec(u, 3)
		d, ok := v.(Dec)
		if !ok || d.Unscaled.Int64() != u || d.Scale != 3 || d.String() != NewDec(u, 3).String() {
			t.Errorf("smallDec(%d, 3) = %#v", u, v)
		}
		if c, err := Compare(v, NewDec(u, 3)); err != nil || c != 0 {
			t.Errorf("smallDec(%d, 3) compares %d, %v", u, c, err)
		}
	}
}
