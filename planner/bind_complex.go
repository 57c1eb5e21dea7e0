package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// caseExpr binds CASE as ksqlDB types it: every WHEN must be BOOLEAN (a
// simple CASE compares its operand for equality), the THEN and ELSE results
// that are not NULL must all have the same type, and at least one must.
func (b *binder) caseExpr(e *sql.Case) (Expr, error) {
	c := &Case{}
	var t *types.Type
	for _, w := range e.Whens {
		cond, err := b.whenCond(e, w)
		if err != nil {
			return nil, err
		}
		r, err := b.expr(w.Result)
		if err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, When{Cond: cond, Result: r})
		rt := r.Type()
		switch {
		case rt.Kind == types.Unknown:
		case t == nil:
			t = rt
		case !t.Equal(rt):
			return nil, errorf(w.Pos(), "Invalid Case expression. Type for all 'THEN' clauses should be the same.\n"+
				"THEN expression 'WHEN %s THEN %s' has type: %s.\nPrevious THEN expression(s) type: %s.",
				sql.FormatExprKsql(w.Cond), sql.FormatExprKsql(w.Result), rt, t)
		}
	}
	if e.Else != nil {
		x, err := b.expr(e.Else)
		if err != nil {
			return nil, err
		}
		c.Else = x
		switch et := x.Type(); {
		case et.Kind == types.Unknown:
		case t == nil:
			t = et
		case !t.Equal(et):
			return nil, errorf(e.Else.Pos(), "Invalid Case expression. Type for the default clause should be the same as for 'THEN' clauses.\n"+
				"THEN type: %s.\nDEFAULT type: %s.", t, et)
		}
	}
	if t == nil {
		return nil, errorf(e.Pos(), "Invalid Case expression. All case branches have NULL type")
	}
	for i := range c.Whens {
		c.Whens[i].Result = coerce(c.Whens[i].Result, t)
	}
	if c.Else != nil {
		c.Else = coerce(c.Else, t)
	}
	c.T = t
	return c, nil
}

// whenCond binds the condition of one WHEN: a BOOLEAN for a searched CASE,
// Operand = value for a simple one.
func (b *binder) whenCond(e *sql.Case, w *sql.When) (Expr, error) {
	if e.Operand == nil {
		cond, err := b.expr(w.Cond)
		if err != nil {
			return nil, err
		}
		switch cond.Type().Kind {
		case types.Boolean:
			return cond, nil
		case types.Unknown:
			return coerce(cond, types.BooleanType), nil
		}
		return nil, errorf(w.Cond.Pos(), "WHEN operand type should be boolean.\nType for '%s' is %s", sql.FormatExprKsql(w.Cond), cond.Type())
	}
	l, r, err := b.comparable(e.Operand, w.Cond, w.Cond.Pos(), opEqual)
	if err != nil {
		return nil, err
	}
	return &Binary{Op: OpEq, Left: l, Right: r, T: types.BooleanType}, nil
}

// coerceList binds a constructor's items and converts them to their common
// type (nil when every item is NULL).
func (b *binder) coerceList(es []sql.Expr) ([]Expr, *types.Type, error) {
	items, err := b.bindItems(es)
	if err != nil {
		return nil, nil, err
	}
	out, t, cerr := b.coerceItems(items)
	if cerr != nil {
		return nil, nil, cerr
	}
	return out, t, nil
}

const issue4239 = "(see https://github.com/confluentinc/ksql/issues/4239)"

func (b *binder) arrayCtor(e *sql.ArrayCtor) (Expr, error) {
	if len(e.Elems) == 0 {
		return nil, errorf(e.Pos(), "Array constructor cannot be empty. Please supply at least one element %s.", issue4239)
	}
	elems, t, err := b.coerceList(e.Elems)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, errorf(e.Pos(), "Cannot construct an array with all NULL elements %s. "+
			"As a workaround, you may cast a NULL value to the desired type.", issue4239)
	}
	return &ArrayCtor{Elems: elems, T: types.ArrayOf(t)}, nil
}

func (b *binder) mapCtor(e *sql.MapCtor) (Expr, error) {
	if len(e.Entries) == 0 {
		return nil, errorf(e.Pos(), "Map constructor cannot be empty. Please supply at least one key value pair %s.", issue4239)
	}
	var ks, vs []sql.Expr
	for _, en := range e.Entries {
		ks = append(ks, en.Key)
		vs = append(vs, en.Value)
	}
	keys, kt, err := b.coerceList(ks)
	if err != nil {
		return nil, err
	}
	if kt == nil {
		return nil, errorf(e.Pos(), "Cannot construct a map with all NULL keys %s. "+
			"As a workaround, you may cast a NULL key to the desired type.", issue4239)
	}
	vals, vt, err := b.coerceList(vs)
	if err != nil {
		return nil, err
	}
	if vt == nil {
		return nil, errorf(e.Pos(), "Cannot construct a map with all NULL values %s. "+
			"As a workaround, you may cast a NULL value to the desired type.", issue4239)
	}
	return &MapCtor{Keys: keys, Vals: vals, T: types.MapOf(kt, vt)}, nil
}

func (b *binder) structCtor(e *sql.StructCtor) (Expr, error) {
	c := &StructCtor{}
	var fields []types.Field
	for _, f := range e.Fields {
		v, err := b.expr(f.Value)
		if err != nil {
			return nil, err
		}
		c.Fields = append(c.Fields, v)
		fields = append(fields, types.Field{Name: f.Name.Name, Type: v.Type()})
	}
	c.T = types.StructOf(fields...)
	return c, nil
}

func (b *binder) subscript(e *sql.Subscript) (Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	idx, err := b.expr(e.Index)
	if err != nil {
		return nil, err
	}
	switch t := x.Type(); t.Kind {
	case types.Array:
		if k := idx.Type().Kind; k != types.Int && k != types.BigInt && k != types.Unknown {
			return nil, errorf(e.Index.Pos(), "array index must be an INTEGER, found %s", idx.Type())
		}
		return &Subscript{Base: x, Index: coerce(idx, types.IntType), T: t.Elem}, nil
	case types.Map:
		return &Subscript{Base: x, Index: coerce(idx, t.Key), T: t.Elem}, nil
	default:
		return nil, errorf(e.Pos(), "only ARRAY and MAP values can be subscripted, found %s", t)
	}
}

func (b *binder) deref(e *sql.Deref) (Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	t := x.Type()
	if t.Kind != types.Struct {
		return nil, errorf(e.Pos(), "Expected STRUCT type, found %s: %s", t, sql.FormatExpr(e))
	}
	i := t.FieldIndex(e.Field.Name)
	if i < 0 {
		return nil, errorf(e.Field.Pos(), "Could not find field '%s' in '%s'.", e.Field.Name, sql.FormatExpr(e.X))
	}
	return &Deref{Base: x, Field: i, Name: t.Fields[i].Name, T: t.Fields[i].Type}, nil
}
