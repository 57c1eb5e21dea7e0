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
		l, r, err := b.comparable(e.X, e.Y, e.OpPos, comparisonOps[e.Op])
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
	if e.Op == sql.OpConcat {
		return b.concat(e, l, r)
	}
	return b.arith(e, l, r)
}

// arith types l op r as ksqlDB does (types.ArithType): numbers widen, STRING +
// STRING concatenates, and anything else, a NULL literal included, fails.
func (b *binder) arith(e *sql.Binary, l, r Expr) (Expr, error) {
	op := arithOps[e.Op]
	lt, rt := l.Type(), r.Type()
	t, err := types.ArithType(arithSymbols[op], lt, rt)
	if err != nil {
		return nil, errorf(e.OpPos, "Error processing expression: %s. %v", sql.FormatExprKsql(e), err)
	}
	switch t.Kind {
	case types.String:
		return &Binary{Op: OpConcat, Left: l, Right: r, T: t}, nil
	case types.Decimal:
		// Decimal operands keep their own precision and scale; widen integers only.
		return &Binary{Op: op, Left: toDecimal(l, lt), Right: toDecimal(r, rt), T: t}, nil
	}
	return &Binary{Op: op, Left: coerce(l, t), Right: coerce(r, t), T: t}, nil
}

// concat binds X || Y over strings; a NULL operand is a NULL STRING.
func (b *binder) concat(e *sql.Binary, l, r Expr) (Expr, error) {
	for _, x := range []Expr{l, r} {
		if k := x.Type().Kind; k != types.String && k != types.Unknown {
			return nil, errorf(e.OpPos, "Error processing expression: %s. Arithmetic on types %s and %s are not supported.",
				sql.FormatExprKsql(e), l.Type(), r.Type())
		}
	}
	return &Binary{Op: OpConcat, Left: coerce(l, types.StringType), Right: coerce(r, types.StringType), T: types.StringType}, nil
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

// compileError prefixes err as ksqlDB does for the errors it finds while
// compiling a clause's expressions (after type checking): "Invalid
// Predicate: " in WHERE and HAVING, "Invalid Select: " in the select list.
func (b *binder) compileError(err *Error) *Error {
	switch b.sc.clause {
	case "WHERE", "HAVING":
		return &Error{Pos: err.Pos, Msg: "Invalid Predicate: " + err.Msg}
	case "SELECT":
		return &Error{Pos: err.Pos, Msg: "Invalid Select: " + err.Msg}
	}
	return err
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

// inList binds X IN (...): NULL items are dropped (they never match), and X
// and the other items are converted to their common type as ksqlDB does
// (see bind_coerce.go).
func (b *binder) inList(e *sql.InList) (Expr, error) {
	srcs := []sql.Expr{e.X}
	for _, item := range e.List {
		if _, null := item.(*sql.NullLit); !null {
			srcs = append(srcs, item)
		}
	}
	items, err := b.bindItems(srcs)
	if err != nil {
		return nil, err
	}
	list, _, cerr := b.coerceItems(items)
	if cerr != nil {
		return nil, b.compileError(cerr)
	}
	return &In{Arg: list[0], List: list[1:], Negated: e.Not}, nil
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
			return nil, errorf(e.Pos(), "The column type for Like condition must be VARCHAR. The column type is %s", o.Type())
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
