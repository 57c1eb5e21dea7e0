package exec

import (
	"fmt"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// arithOps maps arithmetic operators to the byte types.Arith takes.
var arithOps = map[planner.BinaryOp]byte{
	planner.OpAdd: '+', planner.OpSub: '-', planner.OpMul: '*', planner.OpDiv: '/', planner.OpMod: '%',
}

func compileBinary(e *planner.Binary) (Evaluator, error) {
	l, r, err := compile2(e.Left, e.Right)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case planner.OpAnd:
		return andEval(l, r), nil
	case planner.OpOr:
		return orEval(l, r), nil
	case planner.OpConcat:
		return concatEval(l, r), nil
	case planner.OpEq, planner.OpNe:
		return equalEval(l, r, e.Op == planner.OpNe), nil
	case planner.OpLt, planner.OpLe, planner.OpGt, planner.OpGe:
		return compareEval(l, r, orderTest(e.Op)), nil
	}
	op, ok := arithOps[e.Op]
	if !ok {
		return nil, fmt.Errorf("exec: unknown binary operator %d", e.Op)
	}
	t := e.T
	// ksqlDB evaluates numeric operators on boxed Java values: a NULL
	// operand fails the whole expression (it is logged and yields NULL at
	// the top), rather than making just this operation NULL.
	nullErr := error(nil)
	if t.Kind != types.String {
		nullErr = fmt.Errorf("cannot evaluate %s: an operand is NULL", planner.FormatExpr(e, nil))
	}
	return func(row types.Row, s *Scope) (types.Value, error) {
		a, b, err := eval2(l, r, row, s)
		if err != nil {
			return nil, err
		}
		if a == nil || b == nil {
			return nil, nullErr
		}
		return types.Arith(op, a, b, t)
	}, nil
}

// eval2 evaluates two operands, left first.
func eval2(l, r Evaluator, row types.Row, s *Scope) (types.Value, types.Value, error) {
	a, err := l(row, s)
	if err != nil {
		return nil, nil, err
	}
	b, err := r(row, s)
	return a, b, err
}

func concatEval(l, r Evaluator) Evaluator {
	return func(row types.Row, s *Scope) (types.Value, error) {
		a, b, err := eval2(l, r, row, s)
		if err != nil || a == nil || b == nil {
			return nil, err
		}
		return a.(string) + b.(string), nil
	}
}

// orderTest turns a comparison result (-1, 0, 1) into the operator's answer.
func orderTest(op planner.BinaryOp) func(c int) bool {
	switch op {
	case planner.OpLt:
		return func(c int) bool { return c < 0 }
	case planner.OpLe:
		return func(c int) bool { return c <= 0 }
	case planner.OpGt:
		return func(c int) bool { return c > 0 }
	}
	return func(c int) bool { return c >= 0 }
}

// equalEval is = (or <> when negate): FALSE when either side is NULL.
func equalEval(l, r Evaluator, negate bool) Evaluator {
	return func(row types.Row, s *Scope) (types.Value, error) {
		a, b, err := eval2(l, r, row, s)
		if err != nil {
			return nil, err
		}
		if a == nil || b == nil {
			return false, nil
		}
		return types.Equal(a, b) != negate, nil
	}
}

// compareEval is an ordering comparison: FALSE when either side is NULL.
func compareEval(l, r Evaluator, test func(int) bool) Evaluator {
	return func(row types.Row, s *Scope) (types.Value, error) {
		a, b, err := eval2(l, r, row, s)
		if err != nil {
			return nil, err
		}
		if a == nil || b == nil {
			return false, nil
		}
		c, err := types.Compare(a, b)
		if err != nil {
			return nil, err
		}
		return test(c), nil
	}
}

// andEval is three-valued AND; it skips the right side when the left is FALSE.
func andEval(l, r Evaluator) Evaluator {
	return func(row types.Row, s *Scope) (types.Value, error) {
		a, err := l(row, s)
		if err != nil || a == false {
			return a, err
		}
		b, err := r(row, s)
		if err != nil || b == false {
			return b, err
		}
		if a == nil || b == nil {
			return nil, nil
		}
		return true, nil
	}
}

// orEval is three-valued OR; it skips the right side when the left is TRUE.
func orEval(l, r Evaluator) Evaluator {
	return func(row types.Row, s *Scope) (types.Value, error) {
		a, err := l(row, s)
		if err != nil || a == true {
			return a, err
		}
		b, err := r(row, s)
		if err != nil || b == true {
			return b, err
		}
		if a == nil || b == nil {
			return nil, nil
		}
		return false, nil
	}
}

func compileNot(e *planner.Not) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	return negateBool(arg), nil
}

// negateBool is three-valued NOT.
func negateBool(arg Evaluator) Evaluator {
	return func(row types.Row, s *Scope) (types.Value, error) {
		v, err := arg(row, s)
		if err != nil || v == nil {
			return nil, err
		}
		return !v.(bool), nil
	}
}

func compileIsNull(e *planner.IsNull) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	neg := e.Negated
	return func(row types.Row, s *Scope) (types.Value, error) {
		v, err := arg(row, s)
		if err != nil {
			return nil, err
		}
		return (v == nil) != neg, nil
	}, nil
}

func compileDistinct(e *planner.DistinctFrom) (Evaluator, error) {
	l, r, err := compile2(e.Left, e.Right)
	if err != nil {
		return nil, err
	}
	neg := e.Negated
	return func(row types.Row, s *Scope) (types.Value, error) {
		a, b, err := eval2(l, r, row, s)
		if err != nil {
			return nil, err
		}
		var distinct bool
		if a == nil || b == nil {
			distinct = (a == nil) != (b == nil)
		} else {
			distinct = !types.Equal(a, b)
		}
		return distinct != neg, nil
	}, nil
}

func compileBetween(e *planner.Between) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	lo, hi, err := compile2(e.Lo, e.Hi)
	if err != nil {
		return nil, err
	}
	neg := e.Negated
	return func(row types.Row, s *Scope) (types.Value, error) {
		in, err := between(arg, lo, hi, row, s)
		if err != nil {
			return nil, err
		}
		return in != neg, nil
	}, nil
}

// between reports lo <= v <= hi, FALSE when any operand is NULL.
func between(arg, lo, hi Evaluator, row types.Row, s *Scope) (bool, error) {
	v, err := arg(row, s)
	if err != nil || v == nil {
		return false, err
	}
	l, h, err := eval2(lo, hi, row, s)
	if err != nil || l == nil || h == nil {
		return false, err
	}
	c, err := types.Compare(v, l)
	if err != nil || c < 0 {
		return false, err
	}
	c, err = types.Compare(v, h)
	return c <= 0, err
}

func compileIn(e *planner.In) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	list, err := compileAll(e.List)
	if err != nil {
		return nil, err
	}
	neg := e.Negated
	return func(row types.Row, s *Scope) (types.Value, error) {
		v, err := arg(row, s)
		if err != nil {
			return nil, err
		}
		found := false
		for _, item := range list {
			if v == nil {
				break
			}
			w, err := item(row, s)
			if err != nil {
				return nil, err
			}
			if w != nil && types.Equal(v, w) {
				found = true
				break
			}
		}
		return found != neg, nil
	}, nil
}
