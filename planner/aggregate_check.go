package planner

import (
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// checkGrouping applies ksqlDB's rules on what an aggregation may contain:
// no aggregate inside GROUP BY or inside another aggregate, and every column
// outside an aggregate must be grouped.
func checkGrouping(q *sql.Query) error {
	groupText := map[string]bool{}
	groupCols := map[string]bool{"WINDOWSTART": true, "WINDOWEND": true}
	for _, g := range q.GroupBy {
		var err error
		walkSQL(g, func(e sql.Expr) bool {
			if err == nil && isAggregateCall(e) {
				err = errorf(e.Pos(), "GROUP BY does not support aggregate functions: %s is an aggregate function.", e.(*sql.FuncCall).Name.Name)
			}
			return err == nil
		})
		if err != nil {
			return err
		}
		groupText[sql.FormatExpr(g)] = true
		if ref, ok := g.(*sql.ColumnRef); ok {
			groupCols[ref.Name.Name] = true
		}
	}
	var err error
	nested := func(e sql.Expr) bool {
		if err != nil || !isAggregateCall(e) {
			return err == nil
		}
		for _, a := range e.(*sql.FuncCall).Args {
			walkSQL(a, func(x sql.Expr) bool {
				if err == nil && isAggregateCall(x) {
					err = errorf(x.Pos(), "Aggregate functions can not be nested: %s", sql.FormatExprKsql(e))
				}
				return err == nil
			})
		}
		return false
	}
	// ungrouped reports the first column of e used outside aggregates and
	// grouping expressions, or "".
	ungrouped := func(e sql.Expr) string {
		found := ""
		walkSQL(e, func(x sql.Expr) bool {
			if found != "" || isAggregateCall(x) || groupText[sql.FormatExpr(x)] {
				return false
			}
			if ref, ok := x.(*sql.ColumnRef); ok && !groupCols[ref.Name.Name] {
				found = ref.Name.Name
			}
			return true
		})
		return found
	}
	var bad []string
	for _, it := range q.Select {
		se, ok := it.(*sql.SelectExpr)
		if !ok {
			continue
		}
		walkSQL(se.X, nested)
		if err != nil {
			return err
		}
		if ungrouped(se.X) != "" {
			bad = append(bad, sql.FormatExprKsql(se.X))
		}
	}
	if len(bad) > 0 {
		return errorf(q.Pos(), "Non-aggregate SELECT expression(s) not part of GROUP BY: %s\nEither add the column(s) to the GROUP BY or remove them from the SELECT.", strings.Join(bad, ", "))
	}
	walkSQL(q.Having, nested)
	if err != nil {
		return err
	}
	if col := ungrouped(q.Having); q.Having != nil && col != "" {
		return errorf(q.Having.Pos(), "Non-aggregate HAVING expression not part of GROUP BY: %s\nEither add the column to the GROUP BY or remove it from the HAVING.", col)
	}
	return nil
}

// expandStar replaces SELECT * with the input's key and value columns, so an
// aggregation treats them like listed columns.
func expandStar(items []sql.SelectItem, sc *scope) []sql.SelectItem {
	var out []sql.SelectItem
	for _, it := range items {
		star, ok := it.(*sql.SelectStar)
		if !ok {
			out = append(out, it)
			continue
		}
		for _, role := range []ColumnRole{KeyColumn, ValueColumn} {
			for _, c := range sc.cols {
				if c.Role != role || (star.Source != nil && c.Source != star.Source.Name) {
					continue
				}
				ref := &sql.ColumnRef{Span: star.Span, Name: &sql.Ident{Span: star.Span, Name: c.Name}}
				out = append(out, &sql.SelectExpr{Span: star.Span, X: ref})
			}
		}
	}
	return out
}

// sameGrouping reports whether two grouping expressions are the same.
func sameGrouping(a, b Expr) bool {
	ra, okA := a.(*ColumnRef)
	rb, okB := b.(*ColumnRef)
	if okA && okB {
		return ra.Index == rb.Index
	}
	return FormatExpr(a, nil) == FormatExpr(b, nil)
}

// qualified renders a grouping expression as ksqlDB names it in messages.
func qualified(e sql.Expr, source string) string {
	if ref, ok := e.(*sql.ColumnRef); ok {
		return source + "." + ref.Name.Name
	}
	return sql.FormatExprKsql(e)
}

// windowBoundIn returns WINDOWSTART or WINDOWEND if e reads one, else "".
func windowBoundIn(e sql.Expr) string {
	found := ""
	walkSQL(e, func(x sql.Expr) bool {
		if ref, ok := x.(*sql.ColumnRef); ok && found == "" && (ref.Name.Name == "WINDOWSTART" || ref.Name.Name == "WINDOWEND") {
			found = ref.Name.Name
		}
		return found == ""
	})
	return found
}
