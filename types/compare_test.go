package types

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompare(t *testing.T) {
	ts2020 := TimestampValue(1577836800000) // 2020-01-01T00:00:00Z
	for _, tc := range []struct {
		name string
		a, b Value
		want int
	}{
		{"int int", int32(1), int32(2), -1},
		{"int bigint", int32(1), int64(1), 0},
		{"bigint int", int64(3), int32(2), 1},
		{"int double", int32(1), 1.5, -1},
		{"double bigint", 1.5, int64(1), 1},
		{"double double", 0.099, 0.1, -1},
		{"neg zero", math.Copysign(0, -1), 0.0, 0},
		{"nan is greatest", math.NaN(), math.Inf(1), 1},
		{"nan equals nan", math.NaN(), math.NaN(), 0},
		{"decimal decimal scale", dec(t, "10.01"), dec(t, "10.010"), 0},
		{"decimal decimal", dec(t, "10.01"), dec(t, "10.012"), -1},
		{"decimal int", dec(t, "1.20"), int32(1), 1},
		{"bigint decimal", int64(-3), dec(t, "-2.5"), -1},
		{"decimal double shortest", dec(t, "1.10"), 1.1, 0},
		{"double decimal shortest", 1.2, dec(t, "1.20"), 0},
		{"decimal double", dec(t, "1.19"), 1.2, -1},
		{"decimal inf", dec(t, "1e30"), math.Inf(1), -1},
		{"decimal -inf", dec(t, "-1e30"), math.Inf(-1), 1},
		{"decimal nan", dec(t, "1"), math.NaN(), -1},
		{"strings", "Foo", "foo", -1},
		{"strings eq", "foo", "foo", 0},
		{"bools", false, true, -1},
		{"bools eq", true, true, 0},
		{"bytes", []byte{1, 2}, []byte{1, 3}, -1},
		{"bytes signed", []byte{0x80}, []byte{0x01}, -1},
		{"bytes prefix", []byte{1}, []byte{1, 0}, -1},
		{"timestamps", ts2020, ts2020 + 1, -1},
		{"timestamp date", ts2020, DateValue(18262), 0},
		{"date timestamp", DateValue(18262), ts2020 + 1, -1},
		{"timestamp string", ts2020, "2020-01-01T00:00:00.001", -1},
		{"string timestamp", "2020", ts2020, 0},
		{"date string", DateValue(18262), "2019-12-31", 1},
		{"time string", TimeValue(36000000), "10:00", 0},
		{"string time", "09:59:59.999", TimeValue(36000000), -1},
		{"arrays", []Value{int32(1), int32(2)}, []Value{int32(1), int32(3)}, -1},
		{"arrays length", []Value{int32(1)}, []Value{int32(1), int32(0)}, -1},
		{"structs", &StructValue{Fields: []Value{"b"}}, &StructValue{Fields: []Value{"a"}}, 1},
		{"equal maps", mapOf("a", int32(1), "b", int32(2)), mapOf("b", int32(2), "a", int32(1)), 0},
		{"nulls", nil, nil, 0},
		{"null first", nil, int32(0), -1},
		{"null last", "", nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Compare(tc.a, tc.b)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCompareErrors(t *testing.T) {
	for _, tc := range []struct {
		a, b Value
		want string
	}{
		{"1", int32(1), "cannot compare STRING with INTEGER"},
		{true, int32(1), "cannot compare BOOLEAN with INTEGER"},
		{TimeValue(0), DateValue(0), "cannot compare TIME with DATE"},
		{mapOf("a", int32(1)), mapOf("a", int32(2)), "maps can only be compared for equality"},
		{[]Value{"x"}, []Value{int32(1)}, "cannot compare STRING with INTEGER"},
	} {
		_, err := Compare(tc.a, tc.b)
		assert.EqualError(t, err, tc.want)
	}
	_, err := Compare(TimestampValue(0), "not a time")
	assert.ErrorContains(t, err, "failed to parse timestamp 'not a time'")
}

func mapOf(kv ...Value) *MapValue {
	m := &MapValue{}
	for i := 0; i < len(kv); i += 2 {
		m.Put(kv[i], kv[i+1])
	}
	return m
}

func TestEqual(t *testing.T) {
	st := StructOf(Field{"ID", IntType})
	other := StructOf(Field{"I", IntType})
	for _, tc := range []struct {
		name string
		a, b Value
		want bool
	}{
		{"nulls", nil, nil, true},
		{"null vs value", nil, int32(0), false},
		{"value vs null", "", nil, false},
		{"int kinds", int32(11), int64(11), true},
		{"int double", int64(1), 1.0, true},
		{"decimal scales", dec(t, "1.2"), dec(t, "1.20"), true},
		{"decimal double", dec(t, "1.1"), 1.1, true},
		{"nan", math.NaN(), math.NaN(), true},
		{"strings case", "foo", "Foo", false},
		{"string vs number", "1", int32(1), false},
		{"string vs timestamp", "1970-01-01", TimestampValue(0), false},
		{"timestamp vs string", TimestampValue(0), "1970-01-01", false},
		{"timestamp vs date", TimestampValue(0), DateValue(0), true},
		{"bytes", []byte("ab"), []byte("ab"), true},
		{"bytes differ", []byte("ab"), []byte("a"), false},
		{"bools", true, false, false},
		{"arrays", []Value{int32(1), int32(2)}, []Value{int32(1), int32(2)}, true},
		{"arrays differ", []Value{int32(1), int32(2)}, []Value{int32(1)}, false},
		{"arrays with nulls", []Value{nil, "a"}, []Value{nil, "a"}, true},
		{"maps any order", mapOf("a", int32(1), "b", nil), mapOf("b", nil, "a", int32(1)), true},
		{"maps differ value", mapOf("a", int32(1)), mapOf("a", int32(2)), false},
		{"maps differ key", mapOf("a", int32(1)), mapOf("b", int32(1)), false},
		{"structs", &StructValue{st, []Value{int32(2)}}, &StructValue{st, []Value{int32(2)}}, true},
		{"structs differ", &StructValue{st, []Value{int32(2)}}, &StructValue{st, []Value{int32(1)}}, false},
		{"structs names", &StructValue{st, []Value{int32(2)}}, &StructValue{other, []Value{int32(2)}}, false},
		{"nested", []Value{&StructValue{st, []Value{nil}}, mapOf("k", []Value{dec(t, "1.0")})},
			[]Value{&StructValue{st, []Value{nil}}, mapOf("k", []Value{dec(t, "1.00")})}, true},
		{"array vs map", []Value{}, &MapValue{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Equal(tc.a, tc.b))
			assert.Equal(t, tc.want, Equal(tc.b, tc.a), "symmetric")
		})
	}
}

func TestMapValueLookup(t *testing.T) {
	m := mapOf(dec(t, "1.50"), "decimal", []byte("k"), "bytes", "s", "string", int32(7), "int")
	for _, tc := range []struct {
		key  Value
		want Value
	}{
		{dec(t, "1.5"), "decimal"},
		{[]byte("k"), "bytes"},
		{"s", "string"},
		{int32(7), "int"},
		{int64(7), "int"},
	} {
		got, ok := m.Lookup(tc.key)
		assert.True(t, ok, "%v", tc.key)
		assert.Equal(t, tc.want, got)
	}
	_, ok := m.Lookup("missing")
	assert.False(t, ok)
	m.Put("s", "replaced")
	assert.Equal(t, 4, m.Len())
	got, _ := m.Lookup("s")
	assert.Equal(t, "replaced", got)
}
