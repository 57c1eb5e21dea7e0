package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

var arithOps = map[sql.BinaryOp]BinaryOp{
	sql.OpAdd: OpAdd, sql.OpSub: OpSub, sql.OpMul: OpMul, sql.OpDiv: OpDiv, sql.OpMod: OpMod,
}

var compareOps = map[sql.BinaryOp]BinaryOp{
	sql.OpEq: OpEq, sql.OpNe: OpNe, sql.OpLt: OpLt, sql.OpLe: OpLe, sql.OpGt: OpGt, sql.OpGe: OpGe,
}

var arithSymbols = map[BinaryOp]byte{OpAdd: '+', OpSub: '-', OpMul: '*', OpDiv: '/', OpMod: '%'}

func (b *binder) binary(e *sql.Binary) (Expr, error) {
	switch {
	case e.Op.IsLogical():
		l, err := b.boolean(e.X)
		if err != nil {
			return nil, err
		}
		r, err := b.boolean(e.Y)
		if err != nil {
			return nil, err
		}
		op := OpAnd
		if e.Op == sql.OpOr {
			op = OpOr
		}
		return &Binary{Op: op, Left: l, Right: r, T: types.BooleanType}, nil
	case e.Op.IsComparison():
		l, r, err := b.comparable(e.X, e.Y, e.OpPos)
		if err != nil {
			return nil, err
		}
		return &Binary{Op: compareOps[e.Op], Left: l, Right: r, T: types.BooleanType}, nil
	}
	l, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	r, err := b.expr(e.Y)
	if err != nil {
		return nil, err
	}
	lt, rt := l.Type(), r.Type()
	if lt.Kind == types.Unknown {
		lt = rt
	}
	if rt.Kind == types.Unknown {
		rt = lt
	}
	if e.Op == sql.OpConcat || (e.Op == sql.OpAdd && lt.Kind == types.String && rt.Kind == types.String) {
		if lt.Kind != types.String || rt.Kind != types.String {
			return nil, errorf(e.OpPos, "Error processing expression: %s. Unsupported arithmetic types. %s %s", sql.FormatExpr(e), lt, rt)
		}
		return &Binary{Op: OpConcat, Left: coerce(l, types.StringType), Right: coerce(r, types.StringType), T: types.StringType}, nil
	}
	op := arithOps[e.Op]
	if lt.Kind == types.Unknown {
		return &Literal{Value: nil, T: types.IntType}, nil
	}
	t, terr := types.ArithType(arithSymbols[op], lt, rt)
	if terr != nil {
		return nil, errorf(e.OpPos, "Error processing expression: %s. Unsupported arithmetic types. %s %s", sql.FormatExpr(e), lt, rt)
	}
	operand := t
	if t.Kind == types.Decimal {
		// Decimal operands keep their own precision and scale; widen integers only.
		return &Binary{Op: op, Left: toDecimal(l, lt), Right: toDecimal(r, rt), T: t}, nil
	}
	return &Binary{Op: op, Left: coerce(l, operand), Right: coerce(r, operand), T: t}, nil
}

// toDecimal widens an integer operand to the decimal that holds it exactly.
func toDecimal(e Expr, t *types.Type) Expr {
	switch t.Kind {
	case types.Int:
		return coerce(e, types.DecimalOf(10, 0))
	case types.BigInt:
		return coerce(e, types.DecimalOf(19, 0))
	}
	return coerce(e, t)
}

// boolean binds e and checks it is BOOLEAN.
func (b *binder) boolean(e sql.Expr) (Expr, error) {
	x, err := b.expr(e)
	if err != nil {
		return nil, err
	}
	switch x.Type().Kind {
	case types.Boolean:
		return x, nil
	case types.Unknown:
		return coerce(x, types.BooleanType), nil
	}
	return nil, errorf(e.Pos(), "Type error in %s: expected BOOLEAN, found %s: %s", b.clause(), x.Type(), sql.FormatExpr(e))
}

func (b *binder) clause() string {
	if b.sc.clause == "" {
		return "expression"
	}
	return b.sc.clause
}

// comparable binds two operands and casts them to a common type.
func (b *binder) comparable(x, y sql.Expr, pos sql.Pos) (Expr, Expr, error) {
	l, err := b.expr(x)
	if err != nil {
		return nil, nil, err
	}
	r, err := b.expr(y)
	if err != nil {
		return nil, nil, err
	}
	if l, r, err = coerceLiteral(l, r); err != nil {
		return nil, nil, errorf(pos, "Invalid Predicate: %v", err)
	}
	if r, l, err = coerceLiteral(r, l); err != nil {
		return nil, nil, errorf(pos, "Invalid Predicate: %v", err)
	}
	t, err := b.common(pos, l.Type(), r.Type())
	if err != nil {
		return nil, nil, err
	}
	return coerce(l, t), coerce(r, t), nil
}

// timeColumns are BIGINT pseudo columns that compare with timestamp strings.
var timeColumns = map[string]bool{"ROWTIME": true, "WINDOWSTART": true, "WINDOWEND": true}

// coerceLiteral converts a string literal r compared with a non-string l to
// l's type, as ksqlDB does: numbers are parsed, and ROWTIME-like columns take
// timestamp strings as milliseconds.
func coerceLiteral(l, r Expr) (Expr, Expr, error) {
	lit, ok := r.(*Literal)
	if !ok || lit.T.Kind != types.String || lit.Value == nil || l.Type().Kind == types.String || l.Type().Kind == types.Unknown {
		return l, r, nil
	}
	text := lit.Value.(string)
	if ref, ok := l.(*ColumnRef); ok && timeColumns[ref.Name] {
		ts, err := types.ParseTimestamp(text)
		if err != nil {
			return nil, nil, err
		}
		return l, &Literal{Value: int64(ts), T: types.BigIntType}, nil
	}
	switch l.Type().Kind {
	case types.Int, types.BigInt, types.Double, types.Decimal, types.Boolean, types.Timestamp, types.Date, types.Time:
		v, err := types.CoerceString(text, l.Type())
		if err != nil {
			return nil, nil, err
		}
		return l, &Literal{Value: v, T: l.Type()}, nil
	}
	return l, r, nil
}

// common finds the type two operands compare or combine in.
func (b *binder) common(pos sql.Pos, l, r *types.Type) (*types.Type, error) {
	switch {
	case l.Kind == types.Unknown:
		return r, nil
	case r.Kind == types.Unknown:
		return l, nil
	}
	if t, ok := types.CommonType(l, r); ok {
		return t, nil
	}
	return nil, errorf(pos, "Cannot compare %s to %s", l, r)
}

func (b *binder) unary(e *sql.Unary) (Expr, error) {
	switch e.Op {
	case sql.OpNot:
		x, err := b.boolean(e.X)
		if err != nil {
			return nil, err
		}
		return &Not{Arg: x}, nil
	}
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	if !x.Type().IsNumeric() && x.Type().Kind != types.Unknown {
		return nil, errorf(e.Pos(), "unary %s needs a numeric operand, found %s", e.Op, x.Type())
	}
	if e.Op == sql.OpPlus {
		return x, nil
	}
	return &Negate{Arg: x}, nil
}

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
	t, err := b.common(e.Pos(), x.Type(), lo.Type())
	if err != nil {
		return nil, err
	}
	if t, err = b.common(e.Pos(), t, hi.Type()); err != nil {
		return nil, err
	}
	return &Between{Arg: coerce(x, t), Lo: coerce(lo, t), Hi: coerce(hi, t), Negated: e.Not}, nil
}

func (b *binder) inList(e *sql.InList) (Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	list := make([]Expr, len(e.List))
	t := x.Type()
	for i, item := range e.List {
		if list[i], err = b.expr(item); err != nil {
			return nil, err
		}
		if t, err = b.common(item.Pos(), t, list[i].Type()); err != nil {
			return nil, errorf(item.Pos(), "invalid IN list: %s", err)
		}
	}
	for i := range list {
		list[i] = coerce(list[i], t)
	}
	return &In{Arg: coerce(x, t), List: list, Negated: e.Not}, nil
}

func (b *binder) like(e *sql.Like) (Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	p, err := b.expr(e.Pattern)
	if err != nil {
		return nil, err
	}
	for _, o := range []Expr{x, p} {
		if k := o.Type().Kind; k != types.String && k != types.Unknown {
			return nil, errorf(e.Pos(), "LIKE needs STRING operands, found %s", o.Type())
		}
	}
	var esc rune
	if e.Escape != nil {
		r := []rune(e.Escape.Value)
		if len(r) != 1 {
			return nil, errorf(e.Escape.Pos(), "ESCAPE must be a single character, found '%s'", e.Escape.Value)
		}
		esc = r[0]
	}
	return &Like{Arg: coerce(x, types.StringType), Pattern: coerce(p, types.StringType), Escape: esc, Negated: e.Not}, nil
}
