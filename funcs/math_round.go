package funcs

import (
	"math"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		roundingFunc("ROUND", "Rounds a value to a number of decimal places (default 0); "+
			"a negative scale rounds to the left of the decimal point. Ties round up (towards +infinity).",
			javaRound, roundDouble, roundDec),
		roundingFunc("TRUNC", "Truncates a value to a number of decimal places (default 0); "+
			"a negative scale truncates to the left of the decimal point.",
			truncDouble, truncPlaces,
			func(d types.Dec, n int32) types.Dec { return decRescale(d, n, roundDown) }),
		ceilFloor("CEIL", "The smallest integer value greater than or equal to a value.", math.Ceil, roundCeiling),
		ceilFloor("FLOOR", "The largest integer value less than or equal to a value.", math.Floor, roundFloor),
	)
}

// roundingFunc builds ROUND and TRUNC: whole-number forms return BIGINT (or
// DECIMAL(p-s, 0)); forms with a scale keep the argument's type.
func roundingFunc(name, desc string, whole func(float64) int64, places func(float64, int32) float64,
	dec func(types.Dec, int32) types.Dec) *Func {
	return &Func{Name: name, Category: CatMath, Description: desc, Overloads: []*Overload{
		{Params: ps(p("value", tBigInt)), Returns: tBigInt, Eval: strictPure(func(a []types.Value) types.Value { return a[0] })},
		{Params: ps(p("value", tInt)), Returns: tBigInt, Eval: strictPure(func(a []types.Value) types.Value {
			return int64(a[0].(int32))
		})},
		{Params: ps(p("value", tDouble)), Returns: tBigInt, Eval: strictPure(func(a []types.Value) types.Value {
			return whole(a[0].(float64))
		})},
		{Params: ps(p("value", tDouble), p("scale", tInt)), Returns: tDouble, Eval: strictPure(func(a []types.Value) types.Value {
			return places(a[0].(float64), a[1].(int32))
		})},
		{Params: ps(p("value", tDecimal)), Returns: tDecimal, Return: wholeDecimal, Eval: strictPure(func(a []types.Value) types.Value {
			return dec(a[0].(types.Dec), 0)
		})},
		{Params: ps(p("value", tDecimal), p("scale", tInt)), Returns: tDecimal, Return: sameAsArg(0),
			Eval: strictPure(func(a []types.Value) types.Value {
				d := a[0].(types.Dec)
				return decRescale(dec(d, a[1].(int32)), d.Scale, roundDown)
			})},
	}}
}

// wholeDecimal is DECIMAL(p - s, 0) for a DECIMAL(p, s) argument.
func wholeDecimal(args []*types.Type) (*types.Type, error) {
	t := args[0]
	return types.DecimalOf(max(t.Precision-t.Scale, 1), 0), nil
}

// javaRound is Java's Math.round: the nearest integer, ties towards positive
// infinity, saturating at the int64 range; NaN rounds to 0.
func javaRound(x float64) int64 {
	if math.IsNaN(x) {
		return 0
	}
	f := math.Floor(x)
	if x-f >= 0.5 {
		f++
	}
	return saturate(f)
}

// truncDouble is Java's (long) conversion: towards zero, saturating.
func truncDouble(x float64) int64 {
	if math.IsNaN(x) {
		return 0
	}
	return saturate(math.Trunc(x))
}

func truncPlaces(x float64, n int32) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	return decToFloat(decRescale(decFromFloat(x), n, roundDown))
}

func saturate(f float64) int64 {
	switch {
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// roundMode for ksqlDB's ROUND: half up for positive values, half down for
// the rest, so that ties go towards positive infinity.
func roundModeFor(sign int) roundMode {
	if sign > 0 {
		return roundHalfUp
	}
	return roundHalfDown
}

func roundDouble(x float64, n int32) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	d := decFromFloat(x)
	return decToFloat(decRescale(d, n, roundModeFor(ubig(d).Sign())))
}

func roundDec(d types.Dec, n int32) types.Dec {
	return decRescale(d, n, roundModeFor(ubig(d).Sign()))
}

func ceilFloor(name, desc string, f func(float64) float64, mode roundMode) *Func {
	same := strictPure(func(a []types.Value) types.Value { return a[0] })
	return &Func{Name: name, Category: CatMath, Description: desc, Overloads: []*Overload{
		{Params: ps(p("value", tInt)), Returns: tInt, Eval: same},
		{Params: ps(p("value", tBigInt)), Returns: tBigInt, Eval: same},
		{Params: ps(p("value", tDouble)), Returns: tDouble, Eval: strictPure(func(a []types.Value) types.Value {
			return f(a[0].(float64))
		})},
		{Params: ps(p("value", tDecimal)), Returns: tDecimal, Return: sameAsArg(0), Eval: strictPure(func(a []types.Value) types.Value {
			d := a[0].(types.Dec)
			return decRescale(decRescale(d, 0, mode), d.Scale, roundDown)
		})},
	}}
}
