package funcs

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		doubleFn("ACOS", "The inverse (arc) cosine of a value, in radians; NaN outside [-1, 1].", math.Acos),
		doubleFn("ASIN", "The inverse (arc) sine of a value, in radians; NaN outside [-1, 1].", math.Asin),
		doubleFn("ATAN", "The inverse (arc) tangent of a value, in radians.", math.Atan),
		doubleFn("CBRT", "The cube root of a value.", math.Cbrt),
		doubleFn("COS", "The cosine of a value given in radians.", math.Cos),
		doubleFn("COSH", "The hyperbolic cosine of a value given in radians.", math.Cosh),
		doubleFn("COT", "The cotangent of a value given in radians.", func(x float64) float64 { return 1 / math.Tan(x) }),
		doubleFn("DEGREES", "Converts a value in radians to degrees.", func(x float64) float64 { return x * (180 / math.Pi) }),
		doubleFn("EXP", "e raised to the power of a value.", math.Exp),
		doubleFn("LN", "The natural logarithm of a value.", math.Log),
		doubleFn("RADIANS", "Converts a value in degrees to radians.", func(x float64) float64 { return x * (math.Pi / 180) }),
		doubleFn("SIN", "The sine of a value given in radians.", math.Sin),
		doubleFn("SINH", "The hyperbolic sine of a value given in radians.", math.Sinh),
		doubleFn("SQRT", "The square root of a value.", math.Sqrt),
		doubleFn("TAN", "The tangent of a value given in radians.", math.Tan),
		doubleFn("TANH", "The hyperbolic tangent of a value given in radians.", math.Tanh),
		doubleFn2("ATAN2", "The inverse (arc) tangent of y / x, in radians.", "y", "x", math.Atan2),
		doubleFn2("POWER", "A base raised to the power of an exponent.", "base", "exponent", math.Pow),
		logFunc, absFunc, signFunc, piFunc, randomFunc, geoDistanceFunc,
	)
}

// doubleFn is a DOUBLE function of one numeric argument, with INT, BIGINT and
// DOUBLE overloads as in ksqlDB.
func doubleFn(name, desc string, f func(float64) float64) *Func {
	eval := strictPure(func(a []types.Value) types.Value { return f(toFloat(a[0])) })
	fn := &Func{Name: name, Category: CatMath, Description: desc}
	for _, t := range []*ParamType{tInt, tBigInt, tDouble} {
		fn.Overloads = append(fn.Overloads, &Overload{Params: ps(p("value", t)), Returns: tDouble, Eval: eval})
	}
	return fn
}

func doubleFn2(name, desc, a, b string, f func(x, y float64) float64) *Func {
	eval := strictPure(func(v []types.Value) types.Value { return f(toFloat(v[0]), toFloat(v[1])) })
	fn := &Func{Name: name, Category: CatMath, Description: desc}
	for _, t := range []*ParamType{tInt, tBigInt, tDouble} {
		fn.Overloads = append(fn.Overloads, &Overload{Params: ps(p(a, t), p(b, t)), Returns: tDouble, Eval: eval})
	}
	return fn
}

var logFunc = func() *Func {
	fn := doubleFn("LOG", "The natural logarithm of a value, or its logarithm in a given base.", math.Log)
	eval := strictPure(func(v []types.Value) types.Value { return logBase(toFloat(v[0]), toFloat(v[1])) })
	for _, t := range []*ParamType{tInt, tBigInt, tDouble} {
		fn.Overloads = append(fn.Overloads, &Overload{Params: ps(p("base", t), p("value", t)), Returns: tDouble, Eval: eval})
	}
	return fn
}()

// logBase follows ksqlDB: -Infinity for a zero value, NaN for a negative
// value or a base that is negative, zero or one.
func logBase(base, value float64) float64 {
	switch {
	case value == 0:
		return math.Inf(-1)
	case value < 0 || base <= 0 || base == 1:
		return math.NaN()
	}
	return math.Log(value) / math.Log(base)
}

var absFunc = &Func{
	Name: "ABS", Category: CatMath, Description: "The absolute value of a value.",
	Overloads: []*Overload{
		{Params: ps(p("value", tInt)), Returns: tInt, Eval: strictPure(func(a []types.Value) types.Value {
			if x := a[0].(int32); x < 0 {
				return -x
			}
			return a[0]
		})},
		{Params: ps(p("value", tBigInt)), Returns: tBigInt, Eval: strictPure(func(a []types.Value) types.Value {
			if x := a[0].(int64); x < 0 {
				return -x
			}
			return a[0]
		})},
		{Params: ps(p("value", tDouble)), Returns: tDouble, Eval: strictPure(func(a []types.Value) types.Value {
			return math.Abs(a[0].(float64))
		})},
		{Params: ps(p("value", tDecimal)), Returns: tDecimal, Return: sameAsArg(0), Eval: strictPure(func(a []types.Value) types.Value {
			d := a[0].(types.Dec)
			return types.Dec{Unscaled: new(big.Int).Abs(ubig(d)), Scale: d.Scale}
		})},
	},
}

var signFunc = &Func{
	Name: "SIGN", Category: CatMath, Description: "The sign of a value as an INTEGER: -1, 0 or 1.",
	Overloads: []*Overload{
		{Params: ps(p("value", tInt)), Returns: tInt, Eval: strictPure(func(a []types.Value) types.Value {
			return int32(sign64(int64(a[0].(int32))))
		})},
		{Params: ps(p("value", tBigInt)), Returns: tInt, Eval: strictPure(func(a []types.Value) types.Value {
			return int32(sign64(a[0].(int64)))
		})},
		{Params: ps(p("value", tDouble)), Returns: tInt, Eval: strictPure(func(a []types.Value) types.Value {
			switch x := a[0].(float64); {
			case x > 0:
				return int32(1)
			case x < 0:
				return int32(-1)
			}
			return int32(0)
		})},
		{Params: ps(p("value", tDecimal)), Returns: tInt, Eval: strictPure(func(a []types.Value) types.Value {
			return int32(a[0].(types.Dec).Sign())
		})},
	},
}

func sign64(x int64) int64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

var piFunc = &Func{
	Name: "PI", Category: CatMath, Description: "An approximate value of pi.",
	Overloads: []*Overload{{Returns: tDouble, Eval: pure(func([]types.Value) types.Value { return math.Pi })}},
}

var randomFunc = &Func{
	Name: "RANDOM", Category: CatMath, Description: "A random DOUBLE between 0.0 and 1.0.", Volatile: true,
	Overloads: []*Overload{{Returns: tDouble, Eval: pure(func([]types.Value) types.Value { return rand.Float64() })}},
}

var geoDistanceFunc = &Func{
	Name: "GEO_DISTANCE", Category: CatMath,
	Description: "The great-circle distance between two lat-long points given in decimal degrees, " +
		"in kilometers (default) or miles.",
	Overloads: []*Overload{
		{Params: ps(p("lat1", tDouble), p("lon1", tDouble), p("lat2", tDouble), p("lon2", tDouble)),
			Returns: tDouble, Eval: strict(geoDistance)},
		{Params: ps(p("lat1", tDouble), p("lon1", tDouble), p("lat2", tDouble), p("lon2", tDouble), p("units", tString)),
			Returns: tDouble, Eval: geoDistance},
	},
}

func geoDistance(a []types.Value) (types.Value, error) {
	for _, v := range a[:4] {
		if v == nil {
			return nil, nil
		}
	}
	lat1, lon1, lat2, lon2 := a[0].(float64), a[1].(float64), a[2].(float64), a[3].(float64)
	if lat1 < -90 || lat2 < -90 || lat1 > 90 || lat2 > 90 {
		return nil, fmt.Errorf("valid latitude values for GeoDistance function are in the range of -90 to 90 decimal degrees")
	}
	if lon1 < -180 || lon2 < -180 || lon1 > 180 || lon2 > 180 {
		return nil, fmt.Errorf("valid longitude values for GeoDistance function are in the range of -180 to +180 decimal degrees")
	}
	radius := 6371.0
	if len(a) == 5 && a[4] != nil && strings.TrimSpace(a[4].(string)) != "" {
		switch strings.ToLower(strings.TrimSpace(a[4].(string))) {
		case "mi", "mile", "miles":
			radius = 3959
		case "km", "kilometer", "kilometers", "kilometre", "kilometres":
		default:
			return nil, fmt.Errorf("GeoDistance function units parameter must be one of mi, mile, miles, km, " +
				"kilometer, kilometers, kilometre or kilometres. Values are case-insensitive.")
		}
	}
	rad := math.Pi / 180
	hav := func(x float64) float64 { return math.Pow(math.Sin(x/2), 2) }
	h := hav((lat2-lat1)*rad) + hav((lon2-lon1)*rad)*math.Cos(lat1*rad)*math.Cos(lat2*rad)
	return 2 * math.Asin(math.Sqrt(h)) * radius, nil
}
