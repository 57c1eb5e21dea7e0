package planner

import (
	"math"
	"strconv"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// bindExpr resolves and types an expression against sc.
func bindExpr(e sql.Expr, sc *scope, cat *Catalog) (Expr, error) {
	b := binder{sc: sc, cat: cat}
	return b.expr(e)
}

type binder struct {
	sc  *scope
	cat *Catalog
	// subst, when set, may bind e itself (aggregations replace aggregate
	// calls and grouping expressions by columns of the aggregate's output).
	subst func(e sql.Expr) (Expr, error)
}

func (b *binder) expr(e sql.Expr) (Expr, error) {
	if b.subst != nil {
		if x, err := b.subst(e); x != nil || err != nil {
			return x, err
		}
	}
	switch e := e.(type) {
	case *sql.NullLit:
		return &Literal{Value: nil, T: types.UnknownType}, nil
	case *sql.BoolLit:
		return &Literal{Value: e.Value, T: types.BooleanType}, nil
	case *sql.IntegerLit:
		if e.IsInt32() {
			return &Literal{Value: int32(e.Value), T: types.IntType}, nil
		}
		return &Literal{Value: e.Value, T: types.BigIntType}, nil
	case *sql.DecimalLit:
		d, err := types.ParseDec(e.Text)
		if err != nil {
			return nil, errorf(e.Pos(), "invalid decimal literal %s: %v", e.Text, err)
		}
		return &Literal{Value: d, T: decimalTypeOf(e.Text)}, nil
	case *sql.DoubleLit:
		return &Literal{Value: e.Value, T: types.DoubleType}, nil
	case *sql.StringLit:
		return &Literal{Value: e.Value, T: types.StringType}, nil
	case *sql.TypedLit:
		return b.typedLit(e)
	case *sql.ColumnRef:
		return b.column(e)
	case *sql.FuncCall:
		return b.call(e)
	case *sql.Cast:
		return b.cast(e)
	case *sql.Case:
		return b.caseExpr(e)
	case *sql.ArrayCtor:
		return b.arrayCtor(e)
	case *sql.MapCtor:
		return b.mapCtor(e)
	case *sql.StructCtor:
		return b.structCtor(e)
	case *sql.Subscript:
		return b.subscript(e)
	case *sql.Deref:
		return b.deref(e)
	case *sql.Binary:
		return b.binary(e)
	case *sql.Unary:
		return b.unary(e)
	case *sql.IsNull:
		x, err := b.expr(e.X)
		if err != nil {
			return nil, err
		}
		return &IsNull{Arg: x, Negated: e.Not}, nil
	case *sql.IsDistinctFrom:
		l, r, err := b.comparable(e.X, e.Y, e.Pos(), distinctOp(e.Not))
		if err != nil {
			return nil, err
		}
		return &DistinctFrom{Left: l, Right: r, Negated: e.Not}, nil
	case *sql.Between:
		return b.between(e)
	case *sql.InList:
		return b.inList(e)
	case *sql.Like:
		return b.like(e)
	case *sql.Lambda:
		return nil, errorf(e.Pos(), "a lambda is only allowed as a function argument")
	case *sql.IntervalUnit:
		return nil, errorf(e.Pos(), "a time unit is only allowed as a function argument")
	}
	return nil, errorf(e.Pos(), "unsupported expression %T", e)
}

// decimalTypeOf gives a decimal literal's type: precision = digits, scale = digits after the point.
func decimalTypeOf(text string) *types.Type {
	digits, scale, afterPoint := 0, 0, false
	for _, c := range text {
		switch {
		case c == '.':
			afterPoint = true
		case c >= '0' && c <= '9':
			digits++
			if afterPoint {
				scale++
			}
		}
	}
	// Leading zeros before the point do not count towards precision.
	intDigits := digits - scale
	for _, c := range text {
		if c == '0' && intDigits > 0 {
			intDigits--
			digits--
			continue
		}
		if c != '-' && c != '+' {
			break
		}
	}
	if digits < scale {
		digits = scale
	}
	if digits == 0 {
		digits = 1
	}
	return types.DecimalOf(digits, scale)
}

func (b *binder) typedLit(e *sql.TypedLit) (Expr, error) {
	var to *types.Type
	switch e.TypeName.Name {
	case "TIMESTAMP":
		to = types.TimestampType
	case "DATE":
		to = types.DateType
	case "TIME":
		to = types.TimeType
	case "DECIMAL":
		to = decimalTypeOf(e.Value)
	case "BYTES":
		to = types.BytesType
	default:
		return nil, errorf(e.Pos(), "unknown typed literal %s", e.TypeName.Name)
	}
	v, err := types.Cast(e.Value, types.StringType, to)
	if err != nil {
		return nil, errorf(e.Pos(), "invalid %s literal '%s': %v", e.TypeName.Name, e.Value, err)
	}
	return &Literal{Value: v, T: to}, nil
}

func (b *binder) column(e *sql.ColumnRef) (Expr, error) {
	if e.Source == nil {
		if d, i, ok := b.sc.lookupLambda(e.Name.Name); ok {
			lvl := len(b.sc.ltypes) - 1 - d
			return &LambdaRef{Depth: d, Index: i, Name: e.Name.Name, T: b.sc.ltypes[lvl][i]}, nil
		}
	}
	i, err := b.sc.resolve(e)
	if err != nil {
		return nil, err
	}
	c := b.sc.cols[i]
	return &ColumnRef{Index: i, Name: c.Name, T: c.Type}, nil
}

// cast binds CAST(X AS T); types.CanCast tells which conversions exist.
func (b *binder) cast(e *sql.Cast) (Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	t, err := ResolveType(e.Type, b.cat)
	if err != nil {
		return nil, err
	}
	if x.Type().Equal(t) {
		return x, nil
	}
	if err := types.CanCast(x.Type(), t); err != nil {
		return nil, b.compileError(errorf(e.Pos(), "%v", err))
	}
	return &Cast{Arg: x, T: t}, nil
}

// coerce makes e's type t, inserting a Cast when needed.
func coerce(e Expr, t *types.Type) Expr {
	if e.Type().Equal(t) {
		return e
	}
	if l, ok := e.(*Literal); ok && l.Value == nil {
		return &Literal{Value: nil, T: t}
	}
	return &Cast{Arg: e, T: t}
}

// intLiteral reports an integer literal's value, for LIMIT-like uses.
func intLiteral(l *sql.IntegerLit) (int, error) {
	if l.Value < 0 || l.Value > math.MaxInt32 {
		return 0, errorf(l.Pos(), "invalid number %s", strconv.FormatInt(l.Value, 10))
	}
	return int(l.Value), nil
}
