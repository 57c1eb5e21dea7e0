package types

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCoerceType(t *testing.T) {
	d42 := DecimalOf(4, 2)
	sA := StructOf(Field{"A", IntType})
	sAB := StructOf(Field{"A", BigIntType}, Field{"B", StringType})
	for _, tc := range []struct {
		name     string
		from, to *Type
		lax      bool
		want     *Type // nil: no coercion
	}{
		{"int bigint", IntType, BigIntType, false, BigIntType},
		{"bigint int", BigIntType, IntType, false, nil},
		{"int decimal widens", IntType, d42, false, DecimalOf(12, 2)},
		{"decimal decimal widens", DecimalOf(3, 1), d42, false, DecimalOf(4, 2)},
		{"decimal double", d42, DoubleType, false, DoubleType},
		{"double decimal", DoubleType, d42, false, nil},
		{"string timestamp", StringType, TimestampType, false, TimestampType},
		{"boolean string strict", BooleanType, StringType, false, nil},
		{"boolean string lax", BooleanType, StringType, true, StringType},
		{"decimal string lax", d42, StringType, true, StringType},
		{"string int lax", StringType, IntType, true, IntType},
		{"string boolean strict", StringType, BooleanType, false, nil},
		{"int boolean lax", IntType, BooleanType, true, nil},
		{"arrays", ArrayOf(IntType), ArrayOf(BigIntType), false, ArrayOf(BigIntType)},
		{"arrays fail", ArrayOf(BooleanType), ArrayOf(BigIntType), false, nil},
		{"maps", MapOf(StringType, IntType), MapOf(StringType, d42), false, MapOf(StringType, DecimalOf(12, 2))},
		{"structs unite from first", sA, sAB, false, StructOf(Field{"A", BigIntType}, Field{"B", StringType})},
		{"structs", sAB, StructOf(Field{"C", IntType}, Field{"A", IntType}), false, nil},
		{"struct vs array", sA, ArrayOf(IntType), true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := CoerceType(tc.from, tc.to, tc.lax)
			if tc.want == nil {
				assert.False(t, ok, "got %v", got)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want.String(), got.String())
		})
	}
}

func TestStringNumericTypes(t *testing.T) {
	for _, tc := range []struct {
		text   string
		target *Type
		want   string // type, or the error
	}{
		{"4", BigIntType, "BIGINT"},
		{" 4 ", IntType, "INTEGER"},
		{"2147483648", IntType, "BIGINT"},
		{"2147483647", IntType, "BIGINT"}, // ksqlDB's bounds are exclusive
		{"9223372036854775808", BigIntType, "DECIMAL(19, 0)"},
		{"4.000", IntType, "DECIMAL(13, 3)"},
		{"1e3", IntType, "DECIMAL(10, 0)"},
		{"4", DecimalOf(4, 2), "DECIMAL(12, 2)"},
		{"0.5", DoubleType, "DOUBLE"},
		{"10 - not a number", IntType, `invalid input syntax for type INTEGER: "10 - not a number".`},
		{"x", DecimalOf(4, 2), `invalid input syntax for type DECIMAL: "x".`},
	} {
		got, err := NumericStringType(tc.text, tc.target)
		if err != nil {
			assert.Equal(t, tc.want, err.Error(), tc.text)
			continue
		}
		assert.Equal(t, tc.want, got.String(), tc.text)
	}
	assert.NoError(t, CheckBooleanString("Y"))
	assert.EqualError(t, CheckBooleanString("Not a boolean"), `invalid input syntax for type BOOLEAN: "Not a boolean".`)
}

func TestCoerceLiteral(t *testing.T) {
	for _, tc := range []struct {
		v        Value
		from, to *Type
		want     Value
	}{
		{"TrUe", StringType, BooleanType, true},
		{"4.000", StringType, DoubleType, 4.0},
		{true, BooleanType, StringType, "true"},
		{int32(10), IntType, StringType, "10"},
		{NewDec(1030, 2), DecimalOf(4, 2), StringType, "10.30"},
		{int32(10), IntType, DecimalOf(12, 2), NewDec(1000, 2)},
		{int32(10), IntType, BigIntType, int64(10)},
	} {
		got, err := CoerceLiteral(tc.v, tc.from, tc.to)
		require.NoError(t, err)
		assert.True(t, Equal(tc.want, got), "%v → %s: got %v", tc.v, tc.to, got)
	}
}
