package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// cmpOp is a comparison as ksqlDB names it in messages.
type cmpOp struct {
	name     string // EQUAL, LESS_THAN, ...
	symbol   string // =, <, ...
	ordering bool   // < <= > >=, which complex types and BOOLEAN do not support
}

var (
	opEqual        = cmpOp{"EQUAL", "=", false}
	opGreaterEqual = cmpOp{"GREATER_THAN_OR_EQUAL", ">=", true}
	opLessEqual    = cmpOp{"LESS_THAN_OR_EQUAL", "<=", true}
	comparisonOps  = map[sql.BinaryOp]cmpOp{
		sql.OpEq: opEqual, sql.OpNe: {"NOT_EQUAL", "<>", false},
		sql.OpLt: {"LESS_THAN", "<", true}, sql.OpLe: opLessEqual,
		sql.OpGt: {"GREATER_THAN", ">", true}, sql.OpGe: opGreaterEqual,
	}
)

func distinctOp(not bool) cmpOp {
	if not {
		return cmpOp{"IS_NOT_DISTINCT_FROM", "IS NOT DISTINCT FROM", false}
	}
	return cmpOp{"IS_DISTINCT_FROM", "IS DISTINCT FROM", false}
}

// comparable binds two operands of a comparison and checks them.
func (b *binder) comparable(x, y sql.Expr, pos sql.Pos, op cmpOp) (Expr, Expr, error) {
	l, err := b.expr(x)
	if err != nil {
		return nil, nil, err
	}
	r, err := b.expr(y)
	if err != nil {
		return nil, nil, err
	}
	return b.compareBound(l, r, x, y, pos, op)
}

// compareBound checks a comparison as ksqlDB does (types.CanCompare): NULL
// literals are refused, numbers compare with numbers, strings with strings
// and times, BOOLEAN and the complex types for equality with their own kind.
// In WHERE, ROWTIME, WINDOWSTART and WINDOWEND compare with timestamp
// strings, which become milliseconds. Operands with a common type are cast
// to it.
func (b *binder) compareBound(l, r Expr, x, y sql.Expr, pos sql.Pos, op cmpOp) (Expr, Expr, error) {
	var err error
	if b.sc.clause == "WHERE" {
		if r, err = magicTimestamp(l, r, pos); err != nil {
			return nil, nil, err
		}
		if l, err = magicTimestamp(r, l, pos); err != nil {
			return nil, nil, err
		}
	}
	lt, rt := l.Type(), r.Type()
	if lt.Kind == types.Unknown || rt.Kind == types.Unknown {
		return nil, nil, errorf(pos, "Comparison with NULL not supported: %s %s %s\nUse 'IS NULL' or 'IS NOT NULL' instead.",
			lt.Kind, op.symbol, rt.Kind)
	}
	if !types.CanCompare(lt, rt, op.ordering) {
		err := errorf(pos, "Cannot compare %s (%s) to %s (%s) with %s.",
			sql.FormatExprKsql(x), lt, sql.FormatExprKsql(y), rt, op.name)
		err.typeCheck = true
		return nil, nil, err
	}
	if t, ok := types.CommonType(lt, rt); ok {
		return coerce(l, t), coerce(r, t), nil
	}
	return l, r, nil
}

// timeColumns are BIGINT pseudo columns that compare with timestamp strings.
var timeColumns = map[string]bool{"ROWTIME": true, "WINDOWSTART": true, "WINDOWEND": true}

// magicTimestamp returns r as milliseconds when it is a string literal that
// l, a ROWTIME-like column, is compared with.
func magicTimestamp(l, r Expr, pos sql.Pos) (Expr, error) {
	ref, ok := l.(*ColumnRef)
	if !ok || !timeColumns[ref.Name] || ref.T.Kind != types.BigInt {
		return r, nil
	}
	lit, ok := r.(*Literal)
	if !ok || lit.T.Kind != types.String || lit.Value == nil {
		return r, nil
	}
	ts, err := types.ParseTimestamp(lit.Value.(string))
	if err != nil {
		return nil, errorf(pos, "Invalid Predicate: %v", err)
	}
	return &Literal{Value: int64(ts), T: types.BigIntType}, nil
}

// between binds X BETWEEN Lo AND Hi as ksqlDB checks it: X >= Lo and
// X <= Hi must both be valid comparisons.
func (b *binder) between(e *sql.Between) (Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	lo, err := b.expr(e.Lo)
	if err != nil {
		return nil, err
	}
	hi, err := b.expr(e.Hi)
	if err != nil {
		return nil, err
	}
	if _, lo, err = b.compareBound(x, lo, e.X, e.Lo, e.Pos(), opGreaterEqual); err != nil {
		return nil, err
	}
	if _, hi, err = b.compareBound(x, hi, e.X, e.Hi, e.Pos(), opLessEqual); err != nil {
		return nil, err
	}
	// Cast to the common type of the three when there is one; otherwise the
	// values compare across kinds (a STRING with a TIMESTAMP is parsed).
	if t, ok := types.CommonType(x.Type(), lo.Type()); ok {
		if t, ok = types.CommonType(t, hi.Type()); ok {
			x, lo, hi = coerce(x, t), coerce(lo, t), coerce(hi, t)
		}
	}
	return &Between{Arg: x, Lo: lo, Hi: hi, Negated: e.Not}, nil
}
