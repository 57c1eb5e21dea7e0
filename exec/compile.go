package exec

import (
	"fmt"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Evaluator computes a compiled expression over one input row. scope holds
// the arguments of the enclosing lambdas; it is nil outside lambdas.
//
// An Evaluator is not safe for concurrent use (it owns scratch buffers for
// function arguments): compile once per task. It does not allocate beyond the
// values it builds.
type Evaluator func(row types.Row, scope *Scope) (types.Value, error)

// Scope is one activation of a lambda: its arguments, and the scope of the
// lambda that encloses it.
type Scope struct {
	Args  []types.Value
	Outer *Scope
}

// Compile turns a resolved expression into an Evaluator. It fails only for
// malformed plans (an unknown node, a LIKE escape with a bad pattern literal).
func Compile(e planner.Expr) (Evaluator, error) {
	switch e := e.(type) {
	case *planner.ColumnRef:
		return compileColumn(e), nil
	case *planner.LambdaRef:
		return compileLambdaRef(e), nil
	case *planner.Literal:
		v := e.Value
		return func(types.Row, *Scope) (types.Value, error) { return v, nil }, nil
	case *planner.Cast:
		return compileCast(e)
	case *planner.Binary:
		return compileBinary(e)
	case *planner.Not:
		return compileNot(e)
	case *planner.Negate:
		return compileNegate(e)
	case *planner.IsNull:
		return compileIsNull(e)
	case *planner.DistinctFrom:
		return compileDistinct(e)
	case *planner.Like:
		return compileLike(e)
	case *planner.Between:
		return compileBetween(e)
	case *planner.In:
		return compileIn(e)
	case *planner.Case:
		return compileCase(e)
	case *planner.Subscript:
		return compileSubscript(e)
	case *planner.Deref:
		return compileDeref(e)
	case *planner.ArrayCtor:
		return compileArray(e)
	case *planner.MapCtor:
		return compileMap(e)
	case *planner.StructCtor:
		return compileStruct(e)
	case *planner.Lambda:
		return compileLambda(e)
	case *planner.Call:
		return compileCall(e)
	case nil:
		return nil, fmt.Errorf("exec: cannot compile a nil expression")
	}
	return nil, fmt.Errorf("exec: cannot compile expression of type %T", e)
}

// compileAll compiles each expression of es.
func compileAll(es []planner.Expr) ([]Evaluator, error) {
	evs := make([]Evaluator, len(es))
	for i, e := range es {
		ev, err := Compile(e)
		if err != nil {
			return nil, err
		}
		evs[i] = ev
	}
	return evs, nil
}

// compileAllOrNull compiles es with errors turned into NULL (see orNull).
func compileAllOrNull(es []planner.Expr) ([]Evaluator, error) {
	evs, err := compileAll(es)
	for i := range evs {
		evs[i] = orNull(evs[i])
	}
	return evs, err
}

// orNull evaluates ev and turns a failure into NULL, as ksqlDB does for
// nested expressions (ksql.nested.error.set.null, on by default): the
// elements of ARRAY, MAP and STRUCT constructors, CAST, and function
// arguments that are function calls or struct field accesses. The rest of
// the expression then sees NULL, so IFNULL and COALESCE can replace it.
func orNull(ev Evaluator) Evaluator {
	if ev == nil {
		return nil
	}
	return func(row types.Row, s *Scope) (types.Value, error) {
		v, err := ev(row, s)
		if err != nil {
			return nil, nil
		}
		return v, nil
	}
}

// compile2 compiles two operands.
func compile2(a, b planner.Expr) (Evaluator, Evaluator, error) {
	ea, err := Compile(a)
	if err != nil {
		return nil, nil, err
	}
	eb, err := Compile(b)
	if err != nil {
		return nil, nil, err
	}
	return ea, eb, nil
}

func compileColumn(e *planner.ColumnRef) Evaluator {
	idx, name := e.Index, e.Name
	return func(row types.Row, _ *Scope) (types.Value, error) {
		if idx >= len(row) {
			return nil, fmt.Errorf("column %s (#%d) is outside the row of %d columns", name, idx, len(row))
		}
		return row[idx], nil
	}
}

func compileLambdaRef(e *planner.LambdaRef) Evaluator {
	depth, idx, name := e.Depth, e.Index, e.Name
	return func(_ types.Row, s *Scope) (types.Value, error) {
		for d := 0; d < depth && s != nil; d++ {
			s = s.Outer
		}
		if s == nil || idx >= len(s.Args) {
			return nil, fmt.Errorf("lambda variable %s is not bound", name)
		}
		return s.Args[idx], nil
	}
}

func compileCast(e *planner.Cast) (Evaluator, error) {
	if lam, ok := e.Arg.(*planner.Lambda); ok {
		// A lambda whose result must be cast: cast its body instead.
		if body, ok := funcs.LambdaBody(e.T); ok {
			return compileLambda(&planner.Lambda{Params: lam.Params, Body: &planner.Cast{Arg: lam.Body, T: body}})
		}
	}
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	from, to := e.Arg.Type(), e.T
	if from.Equal(to) {
		return arg, nil
	}
	if lit, ok := e.Arg.(*planner.Literal); ok {
		// Fold it: the value is the same for every row (a failed cast is
		// NULL, as orNull makes it at run time).
		var v types.Value
		if lit.Value != nil {
			if c, err := types.Cast(lit.Value, from, to); err == nil {
				v = c
			}
		}
		return func(types.Row, *Scope) (types.Value, error) { return v, nil }, nil
	}
	return orNull(func(row types.Row, s *Scope) (types.Value, error) {
		v, err := arg(row, s)
		if err != nil || v == nil {
			return nil, err
		}
		return types.Cast(v, from, to)
	}), nil
}

func compileNegate(e *planner.Negate) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	return func(row types.Row, s *Scope) (types.Value, error) {
		v, err := arg(row, s)
		if err != nil || v == nil {
			return nil, err
		}
		return types.Negate(v)
	}, nil
}

func compileCase(e *planner.Case) (Evaluator, error) {
	conds := make([]Evaluator, len(e.Whens))
	results := make([]Evaluator, len(e.Whens))
	for i, w := range e.Whens {
		c, r, err := compile2(w.Cond, w.Result)
		if err != nil {
			return nil, err
		}
		conds[i], results[i] = c, r
	}
	var els Evaluator
	if e.Else != nil {
		var err error
		if els, err = Compile(e.Else); err != nil {
			return nil, err
		}
	}
	return func(row types.Row, s *Scope) (types.Value, error) {
		for i, c := range conds {
			v, err := c(row, s)
			if err != nil {
				return nil, err
			}
			if b, _ := v.(bool); b {
				return results[i](row, s)
			}
		}
		if els == nil {
			return nil, nil
		}
		return els(row, s)
	}, nil
}
