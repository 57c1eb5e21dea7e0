package planner

import "github.com/streamsql/streamsql/sql"

// walkSQL calls fn for e and each expression below it, parents first; fn
// returns false to skip a node's children.
func walkSQL(e sql.Expr, fn func(sql.Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	for _, c := range sqlChildren(e) {
		walkSQL(c, fn)
	}
}

func sqlChildren(e sql.Expr) []sql.Expr {
	switch e := e.(type) {
	case *sql.Binary:
		return []sql.Expr{e.X, e.Y}
	case *sql.Unary:
		return []sql.Expr{e.X}
	case *sql.FuncCall:
		return e.Args
	case *sql.Cast:
		return []sql.Expr{e.X}
	case *sql.Case:
		out := []sql.Expr{e.Operand, e.Else}
		for _, w := range e.Whens {
			out = append(out, w.Cond, w.Result)
		}
		return out
	case *sql.ArrayCtor:
		return e.Elems
	case *sql.MapCtor:
		var out []sql.Expr
		for _, en := range e.Entries {
			out = append(out, en.Key, en.Value)
		}
		return out
	case *sql.StructCtor:
		var out []sql.Expr
		for _, f := range e.Fields {
			out = append(out, f.Value)
		}
		return out
	case *sql.Subscript:
		return []sql.Expr{e.X, e.Index}
	case *sql.Deref:
		return []sql.Expr{e.X}
	case *sql.IsNull:
		return []sql.Expr{e.X}
	case *sql.IsDistinctFrom:
		return []sql.Expr{e.X, e.Y}
	case *sql.Between:
		return []sql.Expr{e.X, e.Lo, e.Hi}
	case *sql.InList:
		return append([]sql.Expr{e.X}, e.List...)
	case *sql.Like:
		return []sql.Expr{e.X, e.Pattern}
	case *sql.Lambda:
		return []sql.Expr{e.Body}
	}
	return nil
}
