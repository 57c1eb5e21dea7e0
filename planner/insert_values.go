package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// InsertValues is a planned INSERT INTO ... VALUES: one expression per target
// column (nil: NULL), evaluated over an empty row, and an optional ROWTIME.
type InsertValues struct {
	Target  *Source
	Values  []Expr // parallel to Target.Columns
	Rowtime Expr   // nil: the current time
}

// BuildInsertValues binds the values of an INSERT INTO ... VALUES statement.
func BuildInsertValues(st *sql.InsertValues, cat *Catalog) (*InsertValues, error) {
	target, ok := cat.Source(st.Target.Name)
	if !ok {
		return nil, unknownInsertTarget(st.Target, cat)
	}
	names := make([]string, 0, len(target.Columns))
	positions := make([]sql.Pos, 0, len(target.Columns))
	if st.Columns == nil {
		for _, c := range target.Columns {
			if c.Role != HeaderColumn {
				names = append(names, c.Name)
				positions = append(positions, st.Pos())
			}
		}
	} else {
		for _, c := range st.Columns {
			names = append(names, c.Name)
			positions = append(positions, c.Pos())
		}
	}
	if len(names) != len(st.Values) {
		return nil, errorf(st.Pos(), "Failed to prepare statement: Expected number columns and values to match: %d, %d", len(names), len(st.Values))
	}
	plan := &InsertValues{Target: target, Values: make([]Expr, len(target.Columns))}
	sc := &scope{clause: "VALUES"}
	b := &binder{sc: sc, cat: cat}
	for i, name := range names {
		if err := checkNoSources(st.Values[i]); err != nil {
			return nil, err
		}
		v, err := b.expr(st.Values[i])
		if err != nil {
			return nil, err
		}
		switch name {
		case "ROWTIME":
			if types.CanCast(v.Type(), types.BigIntType) != nil {
				return nil, errorf(st.Values[i].Pos(), "Expected type BIGINT for field `ROWTIME` but got %s(%s)", v.Type(), sql.FormatExpr(st.Values[i]))
			}
			plan.Rowtime = coerce(v, types.BigIntType)
			continue
		case "ROWPARTITION", "ROWOFFSET":
			return nil, errorf(positions[i], "Inserting into column `%s` is not allowed.", name)
		}
		idx := -1
		for j, c := range target.Columns {
			if c.Name == name {
				idx = j
			}
		}
		if idx < 0 {
			return nil, errorf(positions[i], "Column name %s does not exist.", name)
		}
		want := target.Columns[idx].Type
		if v.Type().Kind != types.Unknown && !v.Type().Equal(want) && !assignable(v.Type(), want) {
			return nil, errorf(st.Values[i].Pos(), "Expected type %s for field `%s` but got %s(%s)", want, name, v.Type(), sql.FormatExpr(st.Values[i]))
		}
		plan.Values[idx] = coerce(v, want)
	}
	return plan, nil
}

// assignable reports whether a value of type f may be stored in a column of type t.
func assignable(f, t *types.Type) bool {
	if types.CanImplicitlyCast(f, t) {
		return true
	}
	switch {
	case f.Kind == types.Struct && t.Kind == types.Struct,
		f.Kind == types.Array && t.Kind == types.Array,
		f.Kind == types.Map && t.Kind == types.Map:
		return true
	case f.Kind == types.String && (t.Kind == types.Timestamp || t.Kind == types.Date || t.Kind == types.Time):
		return true
	}
	return false
}

// checkNoSources refuses qualified column references in a value: VALUES has
// no sources, and ksqlDB reports an unknown qualifier while preparing the
// statement.
func checkNoSources(e sql.Expr) error {
	var err error
	walkSQL(e, func(x sql.Expr) bool {
		if ref, ok := x.(*sql.ColumnRef); ok && ref.Source != nil && err == nil {
			err = errorf(ref.Pos(), "Failed to prepare statement: '%s' is not a valid stream/table name or alias.", ref.Source.Name)
		}
		return err == nil
	})
	return err
}

// unknownInsertTarget is ksqlDB's error for INSERT VALUES into a source that
// does not exist, with its hint when the name differs only in case from one
// that does (a quoting mistake).
func unknownInsertTarget(id *sql.Ident, cat *Catalog) error {
	msg := fmt.Sprintf("Cannot insert values into an unknown stream/table: `%s`", id.Name)
	for _, src := range cat.Sources() {
		if !strings.EqualFold(src.Name, id.Name) {
			continue
		}
		if id.Quoted {
			msg += fmt.Sprintf("\nDid you mean %s? Hint: try removing double quotes from the source name.", src.Name)
		} else {
			msg += fmt.Sprintf("\nDid you mean \"%s\"? Hint: wrap the source name in double quotes to make it case-sensitive.", src.Name)
		}
		break
	}
	return errorf(id.Pos(), "%s", msg)
}
