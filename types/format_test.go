package types

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFormatDouble(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{1, "1.0"},
		{10.3, "10.3"},
		{13.21, "13.21"},
		{100, "100.0"},
		{-2.5, "-2.5"},
		{0.001, "0.001"},
		{0.00099, "9.9E-4"},
		{9999999, "9999999.0"},
		{1e7, "1.0E7"},
		{123456789, "1.23456789E8"},
		{1.234e-5, "1.234E-5"},
		{0.30000000000000004, "0.30000000000000004"},
		{0.3, "0.3"},
		{1e23, "1.0E23"},
		{2e-3, "0.002"},
		{8682.459061368269, "8682.459061368269"},
		{math.Copysign(0, -1), "-0.0"},
		{0, "0.0"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		// literals.json "DOUBLE literal min/max".
		{4.9e-324, "4.9E-324"},
		{-4.9e-324, "-4.9E-324"},
		{2.2250738585072014e-308, "2.2250738585072014E-308"},
		{1.7976931348623157e308, "1.7976931348623157E308"},
		{-1.7976931348623157e308, "-1.7976931348623157E308"},
	} {
		assert.Equal(t, tc.want, FormatDouble(tc.f), "%v", tc.f)
	}
}

func TestFormatDoubleRoundTrips(t *testing.T) {
	for _, f := range []float64{1e-3, 5e-324, 1.5e300, 123.456e-10, 9.999999999999999e6, 1e16, 0.3} {
		got, err := strconv.ParseFloat(FormatDouble(f), 64)
		assert.NoError(t, err)
		assert.Equal(t, f, got)
	}
}

func daysOf(y int, m time.Month, d int) DateValue {
	return DateValue(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func TestFormatValue(t *testing.T) {
	st := StructOf(Field{"A", IntType}, Field{"B", StringType}, Field{"C", DoubleType})
	for _, tc := range []struct {
		name string
		v    Value
		want string
	}{
		{"null", nil, "null"},
		{"bool", false, "false"},
		{"int", int32(-2147483647), "-2147483647"},
		{"bigint", int64(9223372036854775807), "9223372036854775807"},
		{"double", 2.0, "2.0"},
		{"decimal keeps scale", dec(t, "10.120"), "10.120"},
		{"decimal plain", NewDec(1, 8), "0.00000001"},
		{"string", "bob", "bob"},
		{"bytes", []byte("yes"), "eWVz"},
		{"timestamp", TimestampValue(1510613998999), "2017-11-13T22:59:58.999"},
		{"timestamp negative", TimestampValue(-1), "1969-12-31T23:59:59.999"},
		{"timestamp far", TimestampValue(253402300800000), "+10000-01-01T00:00:00.000"},
		{"date", DateValue(18408), "2020-05-26"},
		{"date negative", DateValue(-10), "1969-12-22"},
		{"date year 5", daysOf(5, 1, 1), "0005-01-01"},
		{"date year 10000", daysOf(10000, 1, 1), "+10000-01-01"},
		{"date year -1", daysOf(-1, 12, 31), "-0001-12-31"},
		{"time minutes", TimeValue(36000000), "10:00"},
		{"time seconds", TimeValue(36005123), "10:00:05"},
		{"time midnight", TimeValue(0), "00:00"},
		{"array", []Value{int32(1), nil, int32(2)}, "[1, null, 2]"},
		{"empty array", []Value{}, "[]"},
		{"array of doubles", []Value{1.0, 1e-7}, "[1.0, 1.0E-7]"},
		{"array of decimals", []Value{dec(t, "1.10"), NewDec(1, 7)}, "[1.10, 1E-7]"},
		{"array of strings", []Value{"a", "b c"}, "[a, b c]"},
		{"nested timestamps", []Value{TimestampValue(1577836800000), TimestampValue(1577872800123)},
			"[2020-01-01 00:00:00.0, 2020-01-01 10:00:00.123]"},
		{"nested timestamp tenth", []Value{TimestampValue(100)}, "[1970-01-01 00:00:00.1]"},
		{"nested date and time", []Value{DateValue(0), TimeValue(36000000)}, "[1970-01-01, 10:00:00]"},
		{"map", mapOf("a", int32(1), "b", []Value{"x"}), "{a=1, b=[x]}"},
		{"map null value", mapOf("a", nil), "{a=null}"},
		{"struct", &StructValue{st, []Value{int32(1), "x", 2.5}}, "Struct{A=1,B=x,C=2.5}"},
		{"struct skips nulls", &StructValue{st, []Value{nil, "x", nil}}, "Struct{B=x}"},
		{"struct all null", &StructValue{st, []Value{nil, nil, nil}}, "Struct{}"},
		{"nested struct", []Value{&StructValue{st, []Value{int32(1), nil, nil}}}, "[Struct{A=1}]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, FormatValue(tc.v, nil))
		})
	}
}
