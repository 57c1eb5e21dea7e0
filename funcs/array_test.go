package funcs

import (
	"testing"

	"github.com/streamsql/streamsql/types"
)

var nullIntArray = null(types.ArrayOf(types.IntType))

func TestArrays(t *testing.T) {
	runCases(t, []evalCase{
		{"ARRAY_LENGTH", []any{arr(int32(1), int32(2))}, int32(2)},
		{"ARRAY_LENGTH", []any{nullIntArray}, nil},
		{"ARRAY_CONTAINS", []any{arr("Pink", nil), "Pink"}, true},
		{"ARRAY_CONTAINS", []any{arr("Red"), "Pink"}, false},
		{"ARRAY_CONTAINS", []any{null(types.ArrayOf(types.StringType)), "Pink"}, false},
		{"ARRAY_DISTINCT", []any{arr(int32(0), nil, int32(1), int32(0), nil)}, arr(int32(0), nil, int32(1))},
		{"ARRAY_DISTINCT", []any{arr(arr("a"), arr("a"), arr("b"))}, arr(arr("a"), arr("b"))},
		{"ARRAY_EXCEPT", []any{arr(int32(0), int32(0), int32(1), int32(0), int32(-1)), arr(int32(1), int32(-2))}, arr(int32(0), int32(-1))},
		{"ARRAY_EXCEPT", []any{arr(int32(0)), nullIntArray}, nil},
		{"ARRAY_INTERSECT", []any{arr(int32(0), int32(0), int32(1), int32(0), int32(-1)), arr(int32(1), int32(-2), int32(0))}, arr(int32(0), int32(1))},
		{"ARRAY_UNION", []any{arr(int32(0), int32(0), int32(1)), arr(int32(3), int32(0))}, arr(int32(0), int32(1), int32(3))},
		{"ARRAY_CONCAT", []any{nullIntArray, arr(int32(1))}, arr(int32(1))},
		{"ARRAY_CONCAT", []any{nullIntArray, nullIntArray}, nil},
		{"ARRAY_JOIN", []any{arr(true, nil, false)}, "true,null,false"},
		{"ARRAY_JOIN", []any{arr(1.23, 0.0), " "}, "1.23 0.0"},
		{"ARRAY_JOIN", []any{arr(dec("123.45"), dec("987.65")), nullStr}, "123.45987.65"},
		{"ARRAY_JOIN", []any{nullIntArray}, nil},
		{"ARRAY_MAX", []any{arr(int32(-1), int32(2), nil, int32(0))}, int32(2)},
		{"ARRAY_MIN", []any{arr("Foo", "Bar", nil, "baz")}, "Bar"},
		{"ARRAY_MAX", []any{arr(nil, nil)}, nil},
		{"ARRAY_REMOVE", []any{arr(int32(1), int32(2), int32(3), int32(2), int32(1)), int32(2)}, arr(int32(1), int32(3), int32(1))},
		{"ARRAY_REMOVE", []any{arr("Foo", nil, "baz"), nullStr}, arr("Foo", "baz")},
		{"ARRAY_SORT", []any{arr(int32(-1), int32(2), nil, int32(0))}, arr(int32(-1), int32(0), int32(2), nil)},
		{"ARRAY_SORT", []any{arr("Foo", "Bar", nil, "baz"), "desc"}, arr("baz", "Foo", "Bar", nil)},
		{"ARRAY_SORT", []any{arr(false, nil, true)}, arr(false, true, nil)},
		{"ARRAY_SORT", []any{arr(int32(1)), "sideways"}, nil},
		{"SLICE", []any{arr("a", "b", "c", "d"), int32(2), int32(3)}, arr("b", "c")},
		{"SLICE", []any{arr("a", "b"), int32(2), int32(3)}, nil},
		{"SLICE", []any{arr("a", "b"), null(types.IntType), int32(1)}, arr("a")},
		{"GENERATE_SERIES", []any{int32(1), int32(3)}, arr(int32(1), int32(2), int32(3))},
		{"GENERATE_SERIES", []any{int64(5), int64(1), int32(-2)}, arr(int64(5), int64(3), int64(1))},
		{"GENERATE_SERIES", []any{int32(1), int32(1)}, arr(int32(1))},
	})
	if _, err := eval(t, "GENERATE_SERIES", int32(1), int32(5), int32(-1)); err == nil {
		t.Error("GENERATE_SERIES with a step of the wrong sign must fail")
	}
	if _, err := Resolve("ARRAY_JOIN", []*types.Type{types.ArrayOf(types.ArrayOf(types.IntType))}); err == nil {
		t.Error("ARRAY_JOIN of nested arrays must be rejected")
	}
	r, err := Resolve("ARRAY_MAX", []*types.Type{types.ArrayOf(types.DecimalOf(5, 2))})
	if err != nil || !r.Return.Equal(types.DecimalOf(5, 2)) {
		t.Errorf("ARRAY_MAX return: %v %v", r, err)
	}
}

func TestMaps(t *testing.T) {
	nullMap := null(types.MapOf(types.StringType, types.IntType))
	runCases(t, []evalCase{
		{"MAP_KEYS", []any{mapv("foo", int32(10), "bar", nil)}, arr("foo", "bar")},
		{"MAP_VALUES", []any{mapv("foo", int32(10), "bar", nil)}, arr(int32(10), nil)},
		{"MAP_KEYS", []any{nullMap}, nil},
		{"MAP_UNION", []any{mapv("foo", int32(10), "bar", int32(20)), typed{nullMap.t, mapv("foo", nil)}}, mapv("foo", nil, "bar", int32(20))},
		{"MAP_UNION", []any{nullMap, mapv("foo", int32(1))}, mapv("foo", int32(1))},
		{"MAP_UNION", []any{nullMap, nullMap}, nil},
		{"AS_MAP", []any{arr("a", "b"), arr(int32(1))}, mapv("a", int32(1), "b", nil)},
		{"AS_MAP", []any{null(types.ArrayOf(types.StringType)), arr(int32(1))}, nil},
	})
	r, vs, err := resolveArgs("ENTRIES", []any{mapv("b", int32(2), "a", int32(1)), true})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := r.Evaluator()(vs)
	want := types.ArrayOf(types.StructOf(types.Field{Name: "K", Type: types.StringType}, types.Field{Name: "V", Type: types.IntType}))
	if !r.Return.Equal(want) {
		t.Errorf("ENTRIES returns %v", r.Return)
	}
	entries := got.([]types.Value)
	if first := entries[0].(*types.StructValue); first.Field("K") != "a" || first.Field("V") != int32(1) || !first.Type.Equal(want.Elem) {
		t.Errorf("ENTRIES = %v", entries)
	}
}

func TestNulls(t *testing.T) {
	runCases(t, []evalCase{
		{"COALESCE", []any{null(types.IntType), int32(2), int32(3)}, int32(2)},
		{"COALESCE", []any{null(types.IntType)}, nil},
		{"COALESCE", []any{nullIntArray, arr(int32(10), int32(20))}, arr(int32(10), int32(20))},
		{"IFNULL", []any{nullStr, "x"}, "x"},
		{"IFNULL", []any{"a", "x"}, "a"},
		{"NULLIF", []any{"a", "a"}, nil},
		{"NULLIF", []any{"a", "b"}, "a"},
		{"AS_VALUE", []any{int64(5)}, int64(5)},
		{"COALESCE", []any{int32(1), dec("2.5")}, dec("1.0")},
	})
	r, err := Resolve("COALESCE", []*types.Type{types.IntType, types.DecimalOf(2, 1)})
	if err != nil || !r.Return.Equal(types.DecimalOf(11, 1)) {
		t.Errorf("COALESCE(INT, DECIMAL(2,1)) = %v, %v", r, err)
	}
}

func TestLambdas(t *testing.T) {
	plus5 := lam{types.IntType, func(a ...types.Value) (types.Value, error) { return a[0].(int32) + 5, nil }}
	positive := lam{types.BooleanType, func(a ...types.Value) (types.Value, error) {
		if a[0] == nil {
			return nil, nil
		}
		return a[0].(int32) > 0, nil
	}}
	sum := lam{types.IntType, func(a ...types.Value) (types.Value, error) { return a[0].(int32) + a[1].(int32), nil }}
	keyUpper := lam{types.StringType, func(a ...types.Value) (types.Value, error) { return a[0].(string) + "!", nil }}
	valDouble := lam{types.BigIntType, func(a ...types.Value) (types.Value, error) { return int64(a[1].(int32)) * 2, nil }}
	runCases(t, []evalCase{
		{"TRANSFORM", []any{arr(int32(3), int32(6)), plus5}, arr(int32(8), int32(11))},
		{"TRANSFORM", []any{nullIntArray, plus5}, nil},
		{"TRANSFORM", []any{mapv("a", int32(1)), keyUpper, valDouble}, mapv("a!", int64(2))},
		{"FILTER", []any{arr(int32(-1), nil, int32(2)), positive}, arr(int32(2))},
		{"REDUCE", []any{arr(int32(3), int32(6)), int32(2), sum}, int32(11)},
		{"REDUCE", []any{nullIntArray, int32(2), sum}, int32(2)},
		{"REDUCE", []any{arr(int32(3)), null(types.IntType), sum}, nil},
	})
	// The planner learns lambda parameter types before typing the body.
	m := types.MapOf(types.StringType, types.ArrayOf(types.IntType))
	ins, err := LambdaParams("transform", []*types.Type{m, nil, nil}, 1)
	if err != nil || len(ins) != 2 || !ins[0].Equal(types.StringType) || !ins[1].Equal(m.Elem) {
		t.Errorf("TRANSFORM map key lambda params = %v, %v", ins, err)
	}
	ins, err = LambdaParams("REDUCE", []*types.Type{types.ArrayOf(types.IntType), types.BigIntType, nil}, 2)
	if err != nil || !ins[0].Equal(types.BigIntType) || !ins[1].Equal(types.IntType) {
		t.Errorf("REDUCE lambda params = %v, %v", ins, err)
	}
	if _, err := LambdaParams("REDUCE", []*types.Type{types.ArrayOf(types.IntType), nil, nil}, 2); err == nil {
		t.Error("REDUCE with a NULL initial state cannot type its lambda")
	}
	r, err := Resolve("REDUCE", []*types.Type{types.ArrayOf(types.IntType), types.BigIntType, LambdaArg(types.BigIntType)})
	if err != nil || !r.Return.Equal(types.BigIntType) {
		t.Errorf("REDUCE resolves to %v, %v", r, err)
	}
	r, err = Resolve("TRANSFORM", []*types.Type{types.ArrayOf(types.IntType), LambdaArg(types.StringType)})
	if err != nil || !r.Return.Equal(types.ArrayOf(types.StringType)) {
		t.Errorf("TRANSFORM resolves to %v, %v", r, err)
	}
	// An INT body for a BIGINT state is widened: the target says so.
	r, err = Resolve("REDUCE", []*types.Type{types.ArrayOf(types.IntType), types.BigIntType, LambdaArg(types.IntType)})
	if body, ok := LambdaBody(r.Args[2]); err != nil || !ok || !body.Equal(types.BigIntType) {
		t.Errorf("REDUCE lambda target = %v, %v", r.Args[2], err)
	}
	if _, err := Resolve("FILTER", []*types.Type{types.ArrayOf(types.IntType), LambdaArg(types.IntType)}); err == nil {
		t.Error("FILTER needs a BOOLEAN lambda")
	}
}
