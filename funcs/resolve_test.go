package funcs

import (
	"strings"
	"testing"

	"github.com/streamsql/streamsql/types"
)

func TestResolveErrors(t *testing.T) {
	var (
		i, bi, s, d = types.IntType, types.BigIntType, types.StringType, types.DoubleType
		nul         *types.Type
	)
	cases := []struct {
		name string
		args []*types.Type
		want string // prefix of the error
	}{
		{"WONT_FIND_ME", nil, "Can't find any functions with the name 'WONT_FIND_ME'"},
		{"least", []*types.Type{i, bi}, "Function 'least' cannot be resolved due to ambiguous method parameters (INTEGER, BIGINT)."},
		{"least", []*types.Type{i, bi, types.DecimalOf(50, 30)},
			"Function 'least' cannot be resolved due to ambiguous method parameters (INTEGER, BIGINT, DECIMAL(50, 30))."},
		{"least", []*types.Type{nul, nul, types.UnknownType, nul},
			"Function 'least' cannot be resolved due to ambiguous method parameters (null, null, null, null)."},
		{"least", nil, "Function 'least' does not accept parameters ()."},
		{"least", []*types.Type{s, i}, "Function 'least' does not accept parameters (STRING, INTEGER)."},
		{"COALESCE", nil, "Function 'COALESCE' does not accept parameters ()"},
		{"geo_distance", []*types.Type{d, d, s, i}, "Function 'geo_distance' does not accept parameters"},
		{"TRANSFORM", []*types.Type{types.ArrayOf(i), types.StructOf(types.Field{Name: "A", Type: i})},
			"Function 'TRANSFORM' does not accept parameters (ARRAY<INTEGER>, STRUCT<A INTEGER>)"},
	}
	for _, c := range cases {
		_, err := Resolve(c.name, c.args)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Resolve(%s, %v) = %v, want %q", c.name, c.args, err, c.want)
		}
	}
	_, err := Resolve("ABS", []*types.Type{s})
	if err == nil || !strings.Contains(err.Error(), "Valid alternatives are:\nABS(INTEGER value)\n") {
		t.Errorf("ABS(STRING) error lists no alternatives: %v", err)
	}
}

func TestResolveWidening(t *testing.T) {
	var i, bi, d = types.IntType, types.BigIntType, types.DoubleType
	r, err := Resolve("geo_distance", []*types.Type{d, d, i, bi})
	if err != nil || !r.Args[2].Equal(d) || !r.Args[3].Equal(d) || !r.Return.Equal(d) {
		t.Fatalf("GEO_DISTANCE(DOUBLE, DOUBLE, INT, BIGINT) = %+v, %v", r, err)
	}
	r, err = Resolve("LEAST", []*types.Type{i, bi, types.DecimalOf(30, 18), d, nil})
	if err != nil || !r.Return.Equal(d) || !r.Args[4].Equal(d) {
		t.Fatalf("LEAST(INT, BIGINT, DECIMAL, DOUBLE, NULL) = %+v, %v", r, err)
	}
	// An exact match beats widening: ABS(INT) stays INTEGER.
	if r, _ = Resolve("abs", []*types.Type{i}); !r.Return.Equal(i) {
		t.Errorf("ABS(INT) returns %v", r.Return)
	}
	// With a single candidate, widening picks it: EXP(DECIMAL) casts to DOUBLE.
	if r, err = Resolve("EXP", []*types.Type{types.DecimalOf(3, 1)}); err != nil || !r.Args[0].Equal(d) {
		t.Errorf("EXP(DECIMAL) = %+v, %v", r, err)
	}
	// INT widens to DECIMAL(10, 0) for a DECIMAL parameter.
	if got := (&ParamType{kind: ptConcrete, typ: tDecimal.typ}).target(i, bindings{}); !got.Equal(types.DecimalOf(10, 0)) {
		t.Errorf("INT → DECIMAL is %v", got)
	}
	// A NULL argument takes the parameter's type.
	if r, err = Resolve("SUBSTRING", []*types.Type{types.StringType, nil}); err != nil || !r.Args[1].Equal(i) {
		t.Errorf("SUBSTRING(STRING, NULL) = %+v, %v", r, err)
	}
	// Generic arguments must agree, except for numeric widening.
	if _, err = Resolve("ARRAY_CONTAINS", []*types.Type{types.ArrayOf(types.StringType), i}); err == nil {
		t.Error("ARRAY_CONTAINS(ARRAY<STRING>, INT) must fail")
	}
	if r, err = Resolve("ARRAY_CONTAINS", []*types.Type{types.ArrayOf(bi), i}); err != nil || !r.Args[1].Equal(bi) {
		t.Errorf("ARRAY_CONTAINS(ARRAY<BIGINT>, INT) = %+v, %v", r, err)
	}
}

func TestSignatureAndParamStrings(t *testing.T) {
	f, _ := Lookup("TRANSFORM")
	if got := f.Overloads[1].Signature("TRANSFORM"); got !=
		"TRANSFORM(MAP<K, V> map, LAMBDA (K, V) => K2 keyFn, LAMBDA (K, V) => V2 valueFn)" {
		t.Errorf("signature = %s", got)
	}
	f, _ = Lookup("CONCAT")
	if got := f.Overloads[0].Signature("CONCAT"); got != "CONCAT(STRING... inputs)" {
		t.Errorf("signature = %s", got)
	}
	if Aggregate.String() != "AGGREGATE" || Scalar.String() != "SCALAR" || Table.String() != "TABLE" {
		t.Error("kind names")
	}
}
