package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// User-written lists (the operand and values of IN, the elements of an
// ARRAY constructor, the keys or the values of a MAP constructor) are
// converted to one common type as ksqlDB's CoercionUtil does:
//
//   - the first item that is not NULL sets the type; each further item widens
//     it (numbers widen, STRUCTs unite their fields) or fails;
//   - a string literal next to numbers is read as a number ('4.000' widens an
//     INT list to DECIMAL(13, 3)), next to BOOLEANs as a boolean, and must
//     parse: `invalid input syntax for type INTEGER: "x".`;
//   - other literals convert laxly (a BOOLEAN or a number literal next to
//     STRINGs becomes a string); other expressions only widen strictly;
//   - a constructor item is matched part by part against the list's type;
//   - a mismatch is "operator does not exist: <list type> = <item type>
//     (<item>)" with a hint, reported for the outermost constructor.
//
// Literals are then converted to the common type and other items cast to it.

// listItem is one item of a user-written list: its syntax and its binding.
type listItem struct {
	src sql.Expr
	x   Expr
}

// coercionError is an item whose type does not meet the list's type.
type coercionError struct{ msg string }

func (e *coercionError) Error() string { return e.msg }

func mismatch(it listItem, target *types.Type) error {
	return &coercionError{fmt.Sprintf("operator does not exist: %s = %s (%s)\nHint: You might need to add explicit type casts.",
		target, it.x.Type(), sql.FormatExprKsql(it.src))}
}

// nested reports a failure inside constructor it as a mismatch of it.
func nested(err error, it listItem, target *types.Type) error {
	if _, ok := err.(*coercionError); ok {
		return mismatch(it, target)
	}
	return err
}

func (b *binder) bindItems(es []sql.Expr) ([]listItem, error) {
	items := make([]listItem, len(es))
	for i, e := range es {
		x, err := b.expr(e)
		if err != nil {
			return nil, err
		}
		items[i] = listItem{src: e, x: x}
	}
	return items, nil
}

// coerceItems converts items to their common type, which is nil when every
// item is NULL (the items are then returned as they are). A failure is
// positioned at the item that caused it.
func (b *binder) coerceItems(items []listItem) ([]Expr, *types.Type, *Error) {
	var t *types.Type
	for _, it := range items {
		if t == nil {
			if it.x.Type().Kind != types.Unknown {
				t = it.x.Type()
			}
			continue
		}
		nt, err := b.itemType(it, t)
		if err != nil {
			return nil, nil, errorf(it.src.Pos(), "%s", err)
		}
		t = nt
	}
	out := make([]Expr, len(items))
	for i, it := range items {
		if t == nil {
			out[i] = it.x
			continue
		}
		x, err := convertItem(it, t)
		if err != nil {
			return nil, nil, errorf(it.src.Pos(), "%s", err)
		}
		out[i] = x
	}
	return out, t, nil
}

// itemType is the type of a list whose items so far have type target once
// item it joins it.
func (b *binder) itemType(it listItem, target *types.Type) (*types.Type, error) {
	if it.x.Type().Kind == types.Unknown {
		return target, nil
	}
	switch src := it.src.(type) {
	case *sql.ArrayCtor:
		if _, ok := it.x.(*ArrayCtor); ok {
			return b.arrayItemType(it, src, target)
		}
	case *sql.MapCtor:
		if _, ok := it.x.(*MapCtor); ok {
			return b.mapItemType(it, src, target)
		}
	case *sql.StructCtor:
		if _, ok := it.x.(*StructCtor); ok {
			return b.structItemType(it, src, target)
		}
	case *sql.StringLit:
		switch {
		case target.IsNumeric():
			return types.NumericStringType(src.Value, target)
		case target.Kind == types.Boolean:
			return target, types.CheckBooleanString(src.Value)
		}
	}
	_, lax := it.x.(*Literal)
	if t, ok := types.CoerceType(it.x.Type(), target, lax); ok {
		return t, nil
	}
	if t, ok := types.CoerceType(target, it.x.Type(), lax); ok {
		return t, nil
	}
	return nil, mismatch(it, target)
}

// partsType matches the parts es of a constructor against target.
func (b *binder) partsType(target *types.Type, es []sql.Expr) (*types.Type, error) {
	items, err := b.bindItems(es)
	if err != nil {
		return nil, err
	}
	t := target
	for _, it := range items {
		if t, err = b.itemType(it, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (b *binder) arrayItemType(it listItem, src *sql.ArrayCtor, target *types.Type) (*types.Type, error) {
	if target.Kind != types.Array {
		return nil, mismatch(it, target)
	}
	e, err := b.partsType(target.Elem, src.Elems)
	if err != nil {
		return nil, nested(err, it, target)
	}
	return types.ArrayOf(e), nil
}

func (b *binder) mapItemType(it listItem, src *sql.MapCtor, target *types.Type) (*types.Type, error) {
	if target.Kind != types.Map {
		return nil, mismatch(it, target)
	}
	keys := make([]sql.Expr, len(src.Entries))
	vals := make([]sql.Expr, len(src.Entries))
	for i, en := range src.Entries {
		keys[i], vals[i] = en.Key, en.Value
	}
	k, err := b.partsType(target.Key, keys)
	if err != nil {
		return nil, nested(err, it, target)
	}
	v, err := b.partsType(target.Elem, vals)
	if err != nil {
		return nil, nested(err, it, target)
	}
	return types.MapOf(k, v), nil
}

// structItemType unites the constructor's fields (first) with target's,
// matching fields by exact name.
func (b *binder) structItemType(it listItem, src *sql.StructCtor, target *types.Type) (*types.Type, error) {
	if target.Kind != types.Struct {
		return nil, mismatch(it, target)
	}
	var fields []types.Field
	seen := map[string]bool{}
	for _, f := range src.Fields {
		name := f.Name.Name
		if seen[name] {
			continue
		}
		seen[name] = true
		ft, err := b.structFieldType(f, exactFieldType(target, name))
		if err != nil {
			return nil, nested(err, it, target)
		}
		fields = append(fields, types.Field{Name: name, Type: ft})
	}
	for _, f := range target.Fields {
		if !seen[f.Name] {
			fields = append(fields, f)
		}
	}
	return types.StructOf(fields...), nil
}

func (b *binder) structFieldType(f *sql.StructField, target *types.Type) (*types.Type, error) {
	x, err := b.expr(f.Value)
	if err != nil {
		return nil, err
	}
	if target == nil {
		return x.Type(), nil
	}
	return b.itemType(listItem{src: f.Value, x: x}, target)
}

func exactFieldType(t *types.Type, name string) *types.Type {
	for _, f := range t.Fields {
		if f.Name == name {
			return f.Type
		}
	}
	return nil
}

// convertItem converts a list item to the list's type t: NULL takes t, a
// literal is converted now, anything else is cast.
func convertItem(it listItem, t *types.Type) (Expr, error) {
	xt := it.x.Type()
	switch {
	case xt.Kind == types.Unknown:
		return &Literal{Value: nil, T: t}, nil
	case xt.Equal(t):
		return it.x, nil
	}
	if lit, ok := it.x.(*Literal); ok {
		v, err := types.CoerceLiteral(lit.Value, lit.T, t)
		if err != nil {
			return nil, err
		}
		return &Literal{Value: v, T: t}, nil
	}
	return &Cast{Arg: it.x, T: t}, nil
}
