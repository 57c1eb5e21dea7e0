package exec

import (
	"strings"
	"testing"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

var (
	arrStr  = types.ArrayOf(types.StringType)
	mapSB   = types.MapOf(types.StringType, types.BigIntType)
	structT = types.StructOf(types.Field{Name: "A", Type: types.BigIntType}, types.Field{Name: "B", Type: types.StringType})
)

// The row every expression test evaluates over.
var (
	cI   = col(0, "I", types.BigIntType)    // 5
	cN   = col(1, "N", types.BigIntType)    // NULL
	cS   = col(2, "S", types.StringType)    // 'hello'
	cB   = col(3, "B", types.BooleanType)   // TRUE
	cNB  = col(4, "NB", types.BooleanType)  // NULL
	cArr = col(5, "ARR", arrStr)            // ['a', 'b', 'c']
	cM   = col(6, "M", mapSB)               // {'x': 1, 'y': 2}
	cSt  = col(7, "ST", structT)            // STRUCT(A := 7, B := 's')
	cF   = col(8, "F", types.BooleanType)   // FALSE
	cZ   = col(9, "Z", types.BigIntType)    // 0
	cNS  = col(10, "NS", types.StringType)  // NULL
	cPat = col(11, "PAT", types.StringType) // 'h%'
	cD   = col(12, "D", types.DoubleType)   // 2.5
	cI32 = col(13, "I32", types.IntType)    // 3
)

func testRow() types.Row {
	return types.Row{
		int64(5), nil, "hello", true, nil,
		[]types.Value{"a", "b", "c"},
		&types.MapValue{Keys: []types.Value{"x", "y"}, Vals: []types.Value{int64(1), int64(2)}},
		&types.StructValue{Type: structT, Fields: []types.Value{int64(7), "s"}},
		false, int64(0), nil, "h%", 2.5, int32(3),
	}
}

type exprCase struct {
	name string
	e    planner.Expr
	want string // showValue of the result, or "error: <substring>"
}

func runExprCases(t *testing.T, cases []exprCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := Compile(c.e)
			if err != nil {
				if want, ok := strings.CutPrefix(c.want, "compile error: "); ok && strings.Contains(err.Error(), want) {
					return
				}
				t.Fatalf("compile: %v", err)
			}
			v, err := ev(testRow(), nil)
			got := showValue(v)
			if err != nil {
				got = "error: " + err.Error()
			}
			if want, ok := strings.CutPrefix(c.want, "error: "); ok && err != nil {
				if !strings.Contains(err.Error(), want) {
					t.Fatalf("got %s, want an error containing %q", got, want)
				}
				return
			}
			if got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestExprBasics(t *testing.T) {
	defer checkLeaks(t)()
	runExprCases(t, []exprCase{
		{"column", cS, "'hello'"},
		{"literal", bigint(42), "42"},
		{"null literal", null(types.BigIntType), "NULL"},
		{"add", bin(planner.OpAdd, cI, bigint(1)), "6"},
		{"add null fails the expression, as in ksqlDB", bin(planner.OpAdd, cN, bigint(1)), "error: an operand is NULL"},
		{"div by zero", bin(planner.OpDiv, cI, cZ), "error: division by zero"},
		{"mod", bin(planner.OpMod, cI, bigint(3)), "2"},
		{"concat", bin(planner.OpConcat, cS, str("!")), "'hello!'"},
		{"concat null", bin(planner.OpConcat, cS, cNS), "NULL"},
		{"negate", &planner.Negate{Arg: cI}, "-5"},
		{"negate null", &planner.Negate{Arg: cN}, "NULL"},
		{"negate double", &planner.Negate{Arg: cD}, "-2.5"},
		{"cast to string", &planner.Cast{Arg: cI, T: types.StringType}, "'5'"},
		{"cast int to bigint", &planner.Cast{Arg: cI32, T: types.BigIntType}, "3"},
		{"cast null", &planner.Cast{Arg: cN, T: types.StringType}, "NULL"},
		{"bad cast is NULL", &planner.Cast{Arg: cS, T: types.IntType}, "NULL"},
		{"bad cast in array is a NULL element", &planner.ArrayCtor{Elems: []planner.Expr{&planner.Cast{Arg: cS, T: types.IntType}, cI32}, T: types.ArrayOf(types.IntType)}, "[NULL, 3]"},
		{"same type cast", &planner.Cast{Arg: cS, T: types.StringType}, "'hello'"},
	})
}

func TestExprComparisons(t *testing.T) {
	defer checkLeaks(t)()
	runExprCases(t, []exprCase{
		{"eq", bin(planner.OpEq, cI, bigint(5)), "true"},
		{"eq null is false", bin(planner.OpEq, cN, bigint(5)), "false"},
		{"ne null is false", bin(planner.OpNe, cN, bigint(5)), "false"},
		{"null eq null is false", bin(planner.OpEq, cN, cN), "false"},
		{"ne", bin(planner.OpNe, cI, bigint(4)), "true"},
		{"lt", bin(planner.OpLt, cI, bigint(10)), "true"},
		{"le", bin(planner.OpLe, cI, bigint(5)), "true"},
		{"gt", bin(planner.OpGt, cI, bigint(5)), "false"},
		{"ge", bin(planner.OpGe, cI, bigint(5)), "true"},
		{"lt null is false", bin(planner.OpLt, cN, bigint(10)), "false"},
		{"string lt", bin(planner.OpLt, cS, str("world")), "true"},
		{"array eq", bin(planner.OpEq, cArr, &planner.ArrayCtor{Elems: []planner.Expr{str("a"), str("b"), str("c")}, T: arrStr}), "true"},
		{"is null", &planner.IsNull{Arg: cN}, "true"},
		{"is not null", &planner.IsNull{Arg: cI, Negated: true}, "true"},
		{"is not null of null", &planner.IsNull{Arg: cN, Negated: true}, "false"},
		{"distinct null null", &planner.DistinctFrom{Left: cN, Right: cN}, "false"},
		{"distinct null value", &planner.DistinctFrom{Left: cN, Right: cI}, "true"},
		{"distinct values", &planner.DistinctFrom{Left: cI, Right: bigint(6)}, "true"},
		{"not distinct", &planner.DistinctFrom{Left: cI, Right: bigint(5), Negated: true}, "true"},
		{"not distinct null null", &planner.DistinctFrom{Left: cN, Right: cN, Negated: true}, "true"},
		{"between", &planner.Between{Arg: cI, Lo: bigint(1), Hi: bigint(5)}, "true"},
		{"between outside", &planner.Between{Arg: cI, Lo: bigint(6), Hi: bigint(9)}, "false"},
		{"between null", &planner.Between{Arg: cN, Lo: bigint(1), Hi: bigint(5)}, "false"},
		{"between null bound", &planner.Between{Arg: cI, Lo: cN, Hi: bigint(5)}, "false"},
		{"not between", &planner.Between{Arg: cI, Lo: bigint(6), Hi: bigint(9), Negated: true}, "true"},
		{"not between null", &planner.Between{Arg: cN, Lo: bigint(1), Hi: bigint(5), Negated: true}, "true"},
	})
}

func TestExprLogic(t *testing.T) {
	defer checkLeaks(t)()
	divErr := bin(planner.OpEq, bin(planner.OpDiv, cI, cZ), bigint(1))
	runExprCases(t, []exprCase{
		{"true and null", bin(planner.OpAnd, cB, cNB), "NULL"},
		{"null and true", bin(planner.OpAnd, cNB, cB), "NULL"},
		{"false and null", bin(planner.OpAnd, cF, cNB), "false"},
		{"null and false", bin(planner.OpAnd, cNB, cF), "false"},
		{"true and true", bin(planner.OpAnd, cB, cB), "true"},
		{"true or null", bin(planner.OpOr, cB, cNB), "true"},
		{"null or true", bin(planner.OpOr, cNB, cB), "true"},
		{"null or false", bin(planner.OpOr, cNB, cF), "NULL"},
		{"false or false", bin(planner.OpOr, cF, cF), "false"},
		{"not null", &planner.Not{Arg: cNB}, "NULL"},
		{"not true", &planner.Not{Arg: cB}, "false"},
		{"and short-circuits", bin(planner.OpAnd, cF, divErr), "false"},
		{"or short-circuits", bin(planner.OpOr, cB, divErr), "true"},
		{"and propagates error", bin(planner.OpAnd, cB, divErr), "error: division by zero"},
	})
}

func TestExprLike(t *testing.T) {
	defer checkLeaks(t)()
	like := func(arg, pat planner.Expr, esc rune, neg bool) *planner.Like {
		return &planner.Like{Arg: arg, Pattern: pat, Escape: esc, Negated: neg}
	}
	runExprCases(t, []exprCase{
		{"exact", like(cS, str("hello"), 0, false), "true"},
		{"exact mismatch", like(cS, str("hell"), 0, false), "false"},
		{"prefix", like(cS, str("he%"), 0, false), "true"},
		{"suffix", like(cS, str("%llo"), 0, false), "true"},
		{"infix", like(cS, str("%ll%"), 0, false), "true"},
		{"underscore", like(cS, str("h_llo"), 0, false), "true"},
		{"underscore too short", like(cS, str("h_lo"), 0, false), "false"},
		{"percent matches empty", like(cS, str("hello%"), 0, false), "true"},
		{"only percent", like(cS, str("%"), 0, false), "true"},
		{"backtracking", like(str("abcabcabd"), str("%abc%abd"), 0, false), "true"},
		{"backtracking fail", like(str("abcabcabe"), str("%abc%abd"), 0, false), "false"},
		{"case sensitive", like(cS, str("H%"), 0, false), "false"},
		{"unicode underscore", like(str("café"), str("caf_"), 0, false), "true"},
		{"not like", like(cS, str("x%"), 0, true), "true"},
		{"null arg", like(cNS, str("x%"), 0, false), "NULL"},
		{"null arg not like", like(cNS, str("x%"), 0, true), "NULL"},
		{"null pattern", like(cS, null(types.StringType), 0, false), "NULL"},
		{"escape percent", like(str("100%"), str("100!%"), '!', false), "true"},
		{"escape percent mismatch", like(str("1000"), str("100!%"), '!', false), "false"},
		{"escape underscore", like(str("a_b"), str("a!_b"), '!', false), "true"},
		{"escape escape", like(str("a!b"), str("a!!b"), '!', false), "true"},
		{"trailing escape literal", like(cS, str("abc!"), '!', false), "compile error: must not end with escape character"},
		{"pattern from column", like(cS, cPat, 0, false), "true"},
		{"trailing escape at run time", like(str("x"), bin(planner.OpConcat, str("x"), str("!")), '!', false), "error: must not end with escape character"},
	})
}

func TestExprInAndCase(t *testing.T) {
	defer checkLeaks(t)()
	in := func(arg planner.Expr, neg bool, list ...planner.Expr) *planner.In {
		return &planner.In{Arg: arg, List: list, Negated: neg}
	}
	divErr := bin(planner.OpDiv, cI, cZ)
	runExprCases(t, []exprCase{
		{"in", in(cI, false, bigint(1), bigint(5)), "true"},
		{"not found", in(cI, false, bigint(1), bigint(2)), "false"},
		{"null entry never matches", in(cI, false, bigint(1), null(types.BigIntType)), "false"},
		{"null arg", in(cN, false, null(types.BigIntType), bigint(5)), "false"},
		{"not in null arg", in(cN, true, bigint(1)), "true"},
		{"not in", in(cI, true, bigint(1), bigint(5)), "false"},
		{"in arrays", in(cArr, false, &planner.ArrayCtor{Elems: []planner.Expr{str("a"), str("b"), str("c")}, T: arrStr}), "true"},
		{"case first", &planner.Case{Whens: []planner.When{
			{Cond: bin(planner.OpGt, cI, bigint(3)), Result: str("big")},
			{Cond: cB, Result: str("true")},
		}, Else: str("small"), T: types.StringType}, "'big'"},
		{"case else", &planner.Case{Whens: []planner.When{
			{Cond: bin(planner.OpGt, cI, bigint(30)), Result: str("big")},
		}, Else: str("small"), T: types.StringType}, "'small'"},
		{"case no else", &planner.Case{Whens: []planner.When{
			{Cond: cF, Result: str("x")},
		}, T: types.StringType}, "NULL"},
		{"case null condition not taken", &planner.Case{Whens: []planner.When{
			{Cond: cNB, Result: str("x")},
		}, Else: str("y"), T: types.StringType}, "'y'"},
		{"case lazy", &planner.Case{Whens: []planner.When{
			{Cond: cB, Result: bigint(1)},
		}, Else: divErr, T: types.BigIntType}, "1"},
		{"case lazy condition", &planner.Case{Whens: []planner.When{
			{Cond: cB, Result: bigint(1)},
			{Cond: bin(planner.OpEq, divErr, bigint(0)), Result: bigint(2)},
		}, T: types.BigIntType}, "1"},
	})
}

func TestExprAccess(t *testing.T) {
	defer checkLeaks(t)()
	sub := func(base, idx planner.Expr, t *types.Type) *planner.Subscript {
		return &planner.Subscript{Base: base, Index: idx, T: t}
	}
	i32 := func(v int32) *planner.Literal { return lit(v, types.IntType) }
	runExprCases(t, []exprCase{
		{"first", sub(cArr, i32(1), types.StringType), "'a'"},
		{"last", sub(cArr, i32(3), types.StringType), "'c'"},
		{"minus one", sub(cArr, i32(-1), types.StringType), "'c'"},
		{"minus three", sub(cArr, i32(-3), types.StringType), "'a'"},
		{"past end", sub(cArr, i32(4), types.StringType), "NULL"},
		{"zero", sub(cArr, i32(0), types.StringType), "NULL"},
		{"before start", sub(cArr, i32(-4), types.StringType), "NULL"},
		{"bigint index", sub(cArr, bigint(2), types.StringType), "'b'"},
		{"null index", sub(cArr, null(types.IntType), types.StringType), "NULL"},
		{"null array", sub(null(arrStr), i32(1), types.StringType), "NULL"},
		{"map key", sub(cM, str("y"), types.BigIntType), "2"},
		{"map missing key", sub(cM, str("zz"), types.BigIntType), "NULL"},
		{"deref", &planner.Deref{Base: cSt, Field: 1, Name: "B", T: types.StringType}, "'s'"},
		{"deref null", &planner.Deref{Base: null(structT), Field: 0, Name: "A", T: types.BigIntType}, "NULL"},
		{"array ctor", &planner.ArrayCtor{Elems: []planner.Expr{cI, cN}, T: types.ArrayOf(types.BigIntType)}, "[5, NULL]"},
		{"map ctor", &planner.MapCtor{Keys: []planner.Expr{str("k"), str("n")}, Vals: []planner.Expr{cS, cN}, T: types.MapOf(types.StringType, types.StringType)}, "{'k': 'hello', 'n': NULL}"},
		{"struct ctor", &planner.StructCtor{Fields: []planner.Expr{cI, cS}, T: structT}, "STRUCT(A := 5, B := 'hello')"},
		{"nested", sub(&planner.ArrayCtor{Elems: []planner.Expr{cArr}, T: types.ArrayOf(arrStr)}, i32(1), arrStr), "['a', 'b', 'c']"},
	})
}

// fakeCall builds a call to an unregistered overload, to test the call path
// without depending on the function registry.
func fakeCall(name string, t *types.Type, eval func([]types.Value) (types.Value, error), args ...planner.Expr) *planner.Call {
	return &planner.Call{Name: name, Overload: &funcs.Overload{Eval: eval}, Args: args, T: t}
}

// showArgs returns its arguments rendered, showing that NULLs arrive as nil.
func showArgs(args []types.Value) (types.Value, error) { return showRow(args), nil }

// transform applies a lambda to every element of an array.
func transform(args []types.Value) (types.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	in, fn := args[0].([]types.Value), args[1].(funcs.Lambda)
	out := make([]types.Value, len(in))
	for i, e := range in {
		v, err := fn(e)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func TestExprCallsAndLambdas(t *testing.T) {
	defer checkLeaks(t)()
	x := &planner.LambdaRef{Depth: 0, Index: 0, Name: "X", T: types.StringType}
	// TRANSFORM(ARR, x => x + S)
	capture := fakeCall("TRANSFORM", arrStr, transform, cArr,
		&planner.Lambda{Params: []string{"X"}, Body: bin(planner.OpConcat, x, cS)})
	// TRANSFORM(ARR, x => ARRAY_JOIN(TRANSFORM(ARR, y => x + y)))
	y := &planner.LambdaRef{Depth: 0, Index: 0, Name: "Y", T: types.StringType}
	outerX := &planner.LambdaRef{Depth: 1, Index: 0, Name: "X", T: types.StringType}
	inner := fakeCall("TRANSFORM", arrStr, transform, cArr,
		&planner.Lambda{Params: []string{"Y"}, Body: bin(planner.OpConcat, outerX, y)})
	join := fakeCall("JOIN", types.StringType, func(a []types.Value) (types.Value, error) {
		return showValue(a[0]), nil
	}, inner)
	nested := fakeCall("TRANSFORM", arrStr, transform, cArr, &planner.Lambda{Params: []string{"X"}, Body: join})
	failing := fakeCall("BOOM", types.StringType, func([]types.Value) (types.Value, error) {
		return nil, errBoom
	})
	runExprCases(t, []exprCase{
		{"nulls pass through", fakeCall("SHOW", types.StringType, showArgs, cI, cN, cNS), "'[5, NULL, NULL]'"},
		{"lambda captures row", capture, "['ahello', 'bhello', 'chello']"},
		{"nested lambdas", nested, "['['aa', 'ab', 'ac']', '['ba', 'bb', 'bc']', '['ca', 'cb', 'cc']']"},
		{"function error names the function", failing, "error: BOOM: boom"},
		{"a failing call as an argument is NULL", fakeCall("SHOW", types.StringType, showArgs, failing, cI), "'[NULL, 5]'"},
		{"a failing operand is not", fakeCall("SHOW", types.StringType, showArgs, bin(planner.OpDiv, cI, cZ)), "error: division by zero"},
		{"lambda result cast", fakeCall("TRANSFORM", types.ArrayOf(types.BigIntType), transform, cArr,
			&planner.Cast{Arg: &planner.Lambda{Params: []string{"X"}, Body: cI32}, T: funcs.LambdaArg(types.BigIntType)}),
			"[3, 3, 3]"},
		{"lambda body error", fakeCall("TRANSFORM", arrStr, transform, cArr,
			&planner.Lambda{Params: []string{"X"}, Body: bin(planner.OpDiv, cI, cZ)}), "error: division by zero"},
	})
}

type boomError struct{}

func (boomError) Error() string { return "boom" }

var errBoom = boomError{}

func TestCompileErrors(t *testing.T) {
	defer checkLeaks(t)()
	if _, err := Compile(nil); err == nil || !strings.Contains(err.Error(), "nil expression") {
		t.Fatalf("Compile(nil) = %v", err)
	}
	noImpl := &planner.Call{Name: "COUNT", Overload: &funcs.Overload{}, T: types.BigIntType}
	if _, err := Compile(noImpl); err == nil || !strings.Contains(err.Error(), "COUNT has no scalar implementation") {
		t.Fatalf("Compile(COUNT) = %v", err)
	}
}

func TestLambdaResultCastType(t *testing.T) {
	defer checkLeaks(t)()
	e := fakeCall("TRANSFORM", types.ArrayOf(types.BigIntType), transform, cArr,
		&planner.Cast{Arg: &planner.Lambda{Params: []string{"X"}, Body: cI32}, T: funcs.LambdaArg(types.BigIntType)})
	ev, err := Compile(e)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ev(testRow(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := v.([]types.Value)[0].(int64); !ok || got != 3 {
		t.Fatalf("element = %#v, want int64(3)", v.([]types.Value)[0])
	}
}
