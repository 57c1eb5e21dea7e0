package funcs

import (
	"math"
	"testing"

	"github.com/streamsql/streamsql/types"
)

func TestMath(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	runCases(t, []evalCase{
		{"ABS", []any{int32(-3)}, int32(3)},
		{"ABS", []any{int64(-3)}, int64(3)},
		{"ABS", []any{-2.5}, 2.5},
		{"ABS", []any{dec("-1.50")}, dec("1.50")},
		{"ABS", []any{null(types.IntType)}, nil},
		{"SIGN", []any{-2.5}, int32(-1)},
		{"SIGN", []any{int64(0)}, int32(0)},
		{"SIGN", []any{null(types.DoubleType)}, nil},
		{"EXP", []any{int32(0)}, 1.0},
		{"LN", []any{int32(-1)}, nan},
		{"LN", []any{0.0}, math.Inf(-1)},
		{"SQRT", []any{int64(4)}, 2.0},
		{"CBRT", []any{int32(-8)}, -2.0},
		{"COT", []any{int32(0)}, inf},
		{"POWER", []any{int32(15), int32(-1)}, 0.06666666666666667},
		{"POWER", []any{int32(15), null(types.IntType)}, nil},
		{"LOG", []any{int32(13)}, 2.5649493574615367},
		{"LOG", []any{int32(15), int32(13)}, 0.9471572411831843},
		{"LOG", []any{int32(15), int32(0)}, math.Inf(-1)},
		{"LOG", []any{int32(1), int32(13)}, nan},
		{"LOG", []any{int32(-15), int32(13)}, nan},
		{"ATAN2", []any{int32(0), int32(-3)}, math.Pi},
		{"PI", nil, math.Pi},
		{"GEO_DISTANCE", []any{37.4439, -122.1663, int32(51), int32(0)}, 8682.459061368269},
		{"GEO_DISTANCE", []any{37.4439, -122.1663, 51.0, 0.0, "MI"}, 5395.362646987439},
	})
}

func TestRounding(t *testing.T) {
	runCases(t, []evalCase{
		{"ROUND", []any{1.5}, int64(2)},
		{"ROUND", []any{-1.5}, int64(-1)},
		{"ROUND", []any{-1.7}, int64(-2)},
		{"ROUND", []any{int32(7)}, int64(7)},
		{"ROUND", []any{1.234567, int32(2)}, 1.23},
		{"ROUND", []any{-12345.678, int32(-1)}, -12350.0},
		{"ROUND", []any{111.0, int32(-2)}, 100.0},
		{"ROUND", []any{-1.5, int32(0)}, -1.0},
		{"ROUND", []any{dec("12345678987654321.2345678987654321")}, dec("12345678987654321")},
		{"ROUND", []any{dec("12345678987654321.2345678987654321"), int32(1)}, dec("12345678987654321.2000000000000000")},
		{"ROUND", []any{dec("12345678987654321.2345678987654321"), int32(-2)}, dec("12345678987654300.0000000000000000")},
		{"ROUND", []any{dec("-2.5")}, dec("-2")},
		{"ROUND", []any{null(types.DoubleType), int32(2)}, nil},
		{"TRUNC", []any{-1.7}, int64(-1)},
		{"TRUNC", []any{12345.678, int32(2)}, 12345.67},
		{"TRUNC", []any{-12345.678, int32(-1)}, -12340.0},
		{"TRUNC", []any{dec("-12345.6780000"), int32(1)}, dec("-12345.6000000")},
		{"TRUNC", []any{dec("1.7000000")}, dec("1")},
		{"CEIL", []any{1.2}, 2.0},
		{"CEIL", []any{dec("-1.20")}, dec("-1.00")},
		{"FLOOR", []any{dec("-1.20")}, dec("-2.00")},
		{"FLOOR", []any{int32(3)}, int32(3)},
	})
	r, err := Resolve("ROUND", []*types.Type{types.DecimalOf(33, 16)})
	if err != nil || !r.Return.Equal(types.DecimalOf(17, 0)) {
		t.Errorf("ROUND(DECIMAL(33,16)) returns %v, %v; want DECIMAL(17, 0)", r.Return, err)
	}
}

func TestGreatestLeast(t *testing.T) {
	runCases(t, []evalCase{
		{"LEAST", []any{int32(2147483647), int32(-2147483648), null(types.IntType), int32(5)}, int32(-2147483648)},
		{"GREATEST", []any{"apple", "banana", null(types.StringType)}, "banana"},
		{"LEAST", []any{null(types.StringType), null(types.StringType), "hello"}, "hello"},
		{"LEAST", []any{int32(1), int64(-1000000000000), dec("-99999.99999"), 2.5, nil}, -1000000000000.0},
		{"LEAST", []any{[]byte("apple"), []byte("!")}, []byte("!")},
		{"LEAST", []any{types.DateValue(19071), types.DateValue(-5883), typed{StringLiteral, "2022-06-14"}}, types.DateValue(-5883)},
	})
	// Decimal arguments are widened to a common DECIMAL type.
	r, err := Resolve("LEAST", []*types.Type{types.DecimalOf(9, 2), types.DecimalOf(7, 6)})
	if err != nil || !r.Return.Equal(types.DecimalOf(13, 6)) || !r.Args[0].Equal(types.DecimalOf(13, 6)) {
		t.Fatalf("LEAST(DECIMAL(9,2), DECIMAL(7,6)): %+v, %v", r, err)
	}
}
