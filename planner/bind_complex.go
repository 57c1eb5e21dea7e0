package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

func (b *binder) caseExpr(e *sql.Case) (Expr, error) {
	var operand Expr
	var err error
	if e.Operand != nil {
		if operand, err = b.expr(e.Operand); err != nil {
			return nil, err
		}
	}
	c := &Case{}
	var results []Expr
	for _, w := range e.Whens {
		var cond Expr
		if operand != nil {
			v, err := b.expr(w.Cond)
			if err != nil {
				return nil, err
			}
			t, err := b.common(w.Pos(), operand.Type(), v.Type())
			if err != nil {
				return nil, err
			}
			cond = &Binary{Op: OpEq, Left: coerce(operand, t), Right: coerce(v, t), T: types.BooleanType}
		} else if cond, err = b.boolean(w.Cond); err != nil {
			return nil, err
		}
		r, err := b.expr(w.Result)
		if err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, When{Cond: cond})
		results = append(results, r)
	}
	if e.Else != nil {
		if c.Else, err = b.expr(e.Else); err != nil {
			return nil, err
		}
		results = append(results, c.Else)
	}
	t := types.UnknownType
	for _, r := range results {
		nt, err := b.common(e.Pos(), t, r.Type())
		if err != nil {
			return nil, errorf(e.Pos(), "Invalid Case expression. Type for all 'THEN' clauses should be the same. THEN expression '%s' has type: %s, expected: %s", "", r.Type(), t)
		}
		t = nt
	}
	for i := range c.Whens {
		c.Whens[i].Result = coerce(results[i], t)
	}
	if c.Else != nil {
		c.Else = coerce(c.Else, t)
	}
	c.T = t
	return c, nil
}

func (b *binder) list(es []sql.Expr) ([]Expr, *types.Type, error) {
	out := make([]Expr, len(es))
	t := types.UnknownType
	for i, x := range es {
		e, err := b.expr(x)
		if err != nil {
			return nil, nil, err
		}
		if t, err = b.common(x.Pos(), t, e.Type()); err != nil {
			return nil, nil, err
		}
		out[i] = e
	}
	for i := range out {
		out[i] = coerce(out[i], t)
	}
	return out, t, nil
}

func (b *binder) arrayCtor(e *sql.ArrayCtor) (Expr, error) {
	elems, t, err := b.list(e.Elems)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return nil, errorf(e.Pos(), "Array constructor cannot be empty")
	}
	return &ArrayCtor{Elems: elems, T: types.ArrayOf(t)}, nil
}

func (b *binder) mapCtor(e *sql.MapCtor) (Expr, error) {
	var ks, vs []sql.Expr
	for _, en := range e.Entries {
		ks = append(ks, en.Key)
		vs = append(vs, en.Value)
	}
	keys, kt, err := b.list(ks)
	if err != nil {
		return nil, err
	}
	vals, vt, err := b.list(vs)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, errorf(e.Pos(), "Map constructor cannot be empty")
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
