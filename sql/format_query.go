package sql

import (
	"strconv"
	"strings"
)

func itoa64(i int64) string { return strconv.FormatInt(i, 10) }

func (w *stmtWriter) query(q *Query) {
	items := make([]string, len(q.Select))
	for i, it := range q.Select {
		items[i] = w.f.selectItem(it)
	}
	w.kw("SELECT", strings.Join(items, ", "), "FROM")
	w.relation(q.From)
	if q.Window != nil {
		w.window(q.Window)
	}
	if q.Where != nil {
		w.kw("WHERE", w.f.Expr(q.Where))
	}
	w.grouping("GROUP BY", q.GroupBy)
	w.grouping("PARTITION BY", q.PartitionBy)
	if q.Having != nil {
		w.kw("HAVING", w.f.Expr(q.Having))
	}
	w.when(q.Emit != EmitNone, "EMIT", q.Emit.String())
	if q.Limit != nil {
		w.kw("LIMIT", q.Limit.Text)
	}
}

func (f Formatter) selectItem(it SelectItem) string {
	switch it := it.(type) {
	case *SelectStar:
		if it.Source != nil {
			return f.Ident(it.Source) + ".*"
		}
		return "*"
	case *SelectStructStar:
		return f.operand(it.X, precPrimary) + "->*"
	case *SelectExpr:
		if it.Alias != nil {
			return f.Expr(it.X) + " AS " + f.Ident(it.Alias)
		}
		return f.Expr(it.X)
	}
	return "?"
}

// grouping writes GROUP BY / PARTITION BY; an empty non-nil list is ().
func (w *stmtWriter) grouping(clause string, es []Expr) {
	switch {
	case es == nil:
	case len(es) == 0:
		w.kw(clause, "()")
	default:
		parts := make([]string, len(es))
		for i, e := range es {
			parts[i] = w.f.operand(e, precConcat) // value expressions only
		}
		w.kw(clause, strings.Join(parts, ", "))
	}
}

func (w *stmtWriter) relation(r Relation) {
	switch r := r.(type) {
	case *Table:
		w.table(r)
	case *Join:
		w.relation(r.Left)
		w.kw(r.Type.String(), "JOIN")
		w.table(r.Right)
		if r.Within != nil {
			w.joinWindow(r.Within)
		}
		w.kw("ON", w.f.Expr(r.On))
	}
}

func (w *stmtWriter) table(t *Table) {
	w.ident(t.Name)
	if t.Alias != nil {
		w.ident(t.Alias)
	}
}

func (w *stmtWriter) joinWindow(jw *JoinWindow) {
	w.kw("WITHIN")
	if jw.Single {
		w.duration(jw.Before)
	} else {
		w.kw("(" + itoa64(jw.Before.Value) + " " + jw.Before.Unit.String() + ",")
		w.kw(itoa64(jw.After.Value), jw.After.Unit.String()+")")
	}
	if jw.Grace != nil {
		w.kw("GRACE PERIOD")
		w.duration(*jw.Grace)
	}
}

func (w *stmtWriter) window(win *Window) {
	size := itoa64(win.Size.Value) + " " + win.Size.Unit.String()
	parts := []string{"SIZE " + size}
	switch win.Kind {
	case Hopping:
		parts = append(parts, "ADVANCE BY "+itoa64(win.Advance.Value)+" "+win.Advance.Unit.String())
	case Session:
		parts[0] = size
	}
	if d := win.Retention; d != nil {
		parts = append(parts, "RETENTION "+itoa64(d.Value)+" "+d.Unit.String())
	}
	if d := win.Grace; d != nil {
		parts = append(parts, "GRACE PERIOD "+itoa64(d.Value)+" "+d.Unit.String())
	}
	w.kw("WINDOW", win.Kind.String(), "("+strings.Join(parts, ", ")+")")
}
