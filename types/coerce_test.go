package types

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCommonType(t *testing.T) {
	d42 := DecimalOf(4, 2)
	sAB := StructOf(Field{"A", IntType}, Field{"B", StringType})
	sAC := StructOf(Field{"A", BigIntType}, Field{"C", BooleanType})
	for _, tc := range []struct {
		name string
		a, b *Type
		want *Type // nil: no common type
	}{
		{"null left", UnknownType, IntType, IntType},
		{"null right", StringType, UnknownType, StringType},
		{"null null", UnknownType, UnknownType, UnknownType},
		{"same", d42, DecimalOf(4, 2), d42},
		{"int bigint", IntType, BigIntType, BigIntType},
		{"int int", IntType, IntType, IntType},
		{"bigint double", BigIntType, DoubleType, DoubleType},
		{"decimal double", d42, DoubleType, DoubleType},
		{"int decimal", IntType, d42, DecimalOf(12, 2)},
		{"decimal bigint", d42, BigIntType, DecimalOf(21, 2)},
		{"decimals", DecimalOf(5, 3), DecimalOf(4, 1), DecimalOf(6, 3)},
		{"string timestamp", StringType, TimestampType, TimestampType},
		{"date string", DateType, StringType, DateType},
		{"string bytes", StringType, BytesType, BytesType},
		{"date timestamp", DateType, TimestampType, TimestampType},
		{"arrays", ArrayOf(IntType), ArrayOf(BigIntType), ArrayOf(BigIntType)},
		{"array of null", ArrayOf(UnknownType), ArrayOf(StringType), ArrayOf(StringType)},
		{"maps", MapOf(StringType, IntType), MapOf(StringType, d42), MapOf(StringType, DecimalOf(12, 2))},
		{"structs", sAB, sAC, StructOf(Field{"A", BigIntType}, Field{"B", StringType}, Field{"C", BooleanType})},
		{"boolean int", BooleanType, IntType, nil},
		{"string int", StringType, IntType, nil},
		{"string boolean", StringType, BooleanType, nil},
		{"time timestamp", TimeType, TimestampType, nil},
		{"array int", ArrayOf(IntType), IntType, nil},
		{"array elements", ArrayOf(IntType), ArrayOf(BooleanType), nil},
		{"map values", MapOf(StringType, BigIntType), MapOf(StringType, BooleanType), nil},
		{"struct fields", sAB, StructOf(Field{"B", IntType}), nil},
		{"struct array", sAB, ArrayOf(IntType), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := CommonType(tc.a, tc.b)
			if tc.want == nil {
				assert.False(t, ok, "got %v", got)
				return
			}
			assert.True(t, ok)
			assert.True(t, tc.want.Equal(got), "want %s, got %s", tc.want, got)
		})
	}
}

func TestCanImplicitlyCast(t *testing.T) {
	d42 := DecimalOf(4, 2)
	for _, tc := range []struct {
		from, to *Type
		want     bool
	}{
		{UnknownType, ArrayOf(IntType), true},
		{IntType, IntType, true},
		{IntType, BigIntType, true},
		{IntType, DoubleType, true},
		{BigIntType, DoubleType, true},
		{d42, DoubleType, true},
		{BigIntType, IntType, false},
		{DoubleType, BigIntType, false},
		{DoubleType, d42, false},
		{d42, DecimalOf(5, 3), true},
		{d42, DecimalOf(5, 1), false},
		{d42, DecimalOf(3, 2), false},
		{IntType, DecimalOf(12, 2), true},
		{IntType, DecimalOf(11, 2), false},
		{BigIntType, DecimalOf(19, 0), true},
		{StringType, TimestampType, true},
		{StringType, DateType, true},
		{StringType, TimeType, true},
		{StringType, BytesType, true},
		{StringType, IntType, false},
		{IntType, StringType, false},
		{BooleanType, StringType, false},
		{DateType, TimestampType, false},
		{ArrayOf(IntType), ArrayOf(DoubleType), true},
		{ArrayOf(DoubleType), ArrayOf(IntType), false},
		{MapOf(StringType, IntType), MapOf(StringType, BigIntType), true},
		{MapOf(IntType, IntType), MapOf(StringType, IntType), false},
		{StructOf(Field{"A", IntType}), StructOf(Field{"A", BigIntType}), true},
		{StructOf(Field{"A", IntType}), StructOf(Field{"B", IntType}), false},
		{StructOf(Field{"A", IntType}), StructOf(Field{"A", IntType}, Field{"B", IntType}), false},
		{ArrayOf(IntType), MapOf(StringType, IntType), false},
	} {
		assert.Equal(t, tc.want, CanImplicitlyCast(tc.from, tc.to), "%s -> %s", tc.from, tc.to)
	}
}

func TestCanCompare(t *testing.T) {
	arr := ArrayOf(IntType)
	for _, tc := range []struct {
		l, r     *Type
		ordering bool
		want     bool
	}{
		{IntType, DecimalOf(4, 3), true, true},
		{DoubleType, BigIntType, false, true},
		{StringType, StringType, true, true},
		{StringType, TimestampType, true, true},
		{TimestampType, DateType, true, true},
		{DateType, StringType, true, true},
		{TimeType, StringType, true, true},
		{TimeType, TimestampType, false, false},
		{BytesType, BytesType, true, true},
		{BooleanType, BooleanType, false, true},
		{BooleanType, BooleanType, true, false},
		{arr, arr, false, true},
		{arr, arr, true, false},
		{MapOf(StringType, IntType), MapOf(StringType, IntType), true, false},
		{StructOf(Field{"ID", IntType}), StructOf(Field{"ID", IntType}), false, true},
		{IntType, StringType, false, false},
		{StringType, IntType, false, false},
		{BooleanType, IntType, false, false},
		{IntType, UnknownType, false, false},
		{UnknownType, UnknownType, false, false},
	} {
		assert.Equal(t, tc.want, CanCompare(tc.l, tc.r, tc.ordering), "%s vs %s (ordering %v)", tc.l, tc.r, tc.ordering)
	}
}
