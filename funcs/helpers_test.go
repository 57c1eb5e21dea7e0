package funcs

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/streamsql/streamsql/types"
)

// typed is a test argument with an explicit SQL type (for NULLs of a type,
// decimals of a given precision, string literals…).
type typed struct {
	t *types.Type
	v types.Value
}

func null(t *types.Type) typed { return typed{t: t} }

// lam is a lambda test argument: its body type and implementation.
type lam struct {
	body *types.Type
	fn   Lambda
}

func dec(s string) types.Dec {
	d, err := types.ParseDec(s)
	if err != nil {
		panic(err)
	}
	return d
}

func arr(vs ...types.Value) []types.Value { return vs }

func mapv(kv ...types.Value) *types.MapValue {
	m := &types.MapValue{}
	for i := 0; i < len(kv); i += 2 {
		m.Put(kv[i], kv[i+1])
	}
	return m
}

// typeOf infers the SQL type of a Go test value.
func typeOf(v any) *types.Type {
	switch x := v.(type) {
	case nil:
		return types.UnknownType
	case typed:
		return x.t
	case lam:
		return LambdaArg(x.body)
	case bool:
		return types.BooleanType
	case int32:
		return types.IntType
	case int64:
		return types.BigIntType
	case float64:
		return types.DoubleType
	case string:
		return types.StringType
	case []byte:
		return types.BytesType
	case types.Dec:
		p := len(new(big.Int).Abs(x.Unscaled).String())
		return types.DecimalOf(max(p, int(x.Scale)), int(x.Scale))
	case types.TimestampValue:
		return types.TimestampType
	case types.DateValue:
		return types.DateType
	case types.TimeValue:
		return types.TimeType
	case []types.Value:
		for _, e := range x {
			if e != nil {
				return types.ArrayOf(typeOf(e))
			}
		}
		return types.ArrayOf(types.StringType)
	case *types.MapValue:
		kt, vt := types.StringType, types.StringType
		for i, k := range x.Keys {
			kt = typeOf(k)
			if x.Vals[i] != nil {
				vt = typeOf(x.Vals[i])
			}
		}
		return types.MapOf(kt, vt)
	case *types.StructValue:
		return x.Type
	}
	panic(fmt.Sprintf("typeOf %T", v))
}

func valueOf(v any) types.Value {
	switch x := v.(type) {
	case typed:
		return x.v
	case lam:
		return x.fn
	}
	return v
}

// resolveArgs resolves name for the test arguments.
func resolveArgs(name string, args []any) (*Resolved, []types.Value, error) {
	ts := make([]*types.Type, len(args))
	vs := make([]types.Value, len(args))
	for i, a := range args {
		ts[i], vs[i] = typeOf(a), valueOf(a)
	}
	r, err := Resolve(name, ts)
	if err != nil {
		return nil, nil, err
	}
	for i := range vs {
		if _, isLambda := LambdaBody(ts[i]); isLambda || ts[i] == IntervalUnit || vs[i] == nil {
			continue
		}
		if !ts[i].Equal(r.Args[i]) {
			c, err := types.Cast(vs[i], ts[i], r.Args[i])
			if err != nil {
				return nil, nil, fmt.Errorf("cast arg %d: %w", i, err)
			}
			vs[i] = c
		}
	}
	return r, vs, nil
}

// eval resolves and runs a scalar function.
func eval(t *testing.T, name string, args ...any) (types.Value, error) {
	t.Helper()
	r, vs, err := resolveArgs(name, args)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r.Evaluator()(vs)
}

// evalCase is one row of a table-driven scalar test.
type evalCase struct {
	fn   string
	args []any
	want types.Value
}

func runCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		got, err := eval(t, c.fn, c.args...)
		if err != nil {
			t.Errorf("%s%v: unexpected error %v", c.fn, c.args, err)
			continue
		}
		if !sameValue(got, c.want) {
			t.Errorf("%s%v = %#v (%T), want %#v (%T)", c.fn, c.args, got, got, c.want, c.want)
		}
	}
}

// sameValue compares results strictly: same Go representation, decimals with
// the same scale.
func sameValue(a, b types.Value) bool {
	if fmt.Sprintf("%T", a) != fmt.Sprintf("%T", b) {
		return false
	}
	if da, ok := a.(types.Dec); ok {
		return da.String() == b.(types.Dec).String()
	}
	if fa, ok := a.(float64); ok {
		fb := b.(float64)
		return fa == fb || fa != fa && fb != fb
	}
	return valueEqual(a, b)
}
