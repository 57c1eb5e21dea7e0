package engine

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// checkPullWhere applies ksqlDB's rules for the WHERE clause of a pull query
// on a table: key comparisons must be '=' or IN against constants, NULL keys
// are rejected, and without table scans every disjunct must pin every key.
func checkPullWhere(q *sql.Query, src *planner.Source, scanEnabled bool) error {
	keys, cols := map[string]*planner.Column{}, map[string]*planner.Column{}
	for i := range src.Columns {
		cols[src.Columns[i].Name] = &src.Columns[i]
		if src.Columns[i].Role == planner.KeyColumn {
			keys[src.Columns[i].Name] = &src.Columns[i]
		}
	}
	if q.Where == nil {
		return nil
	}
	for _, disjunct := range splitOp(q.Where, sql.OpOr) {
		if err := checkDisjunct(disjunct, keys, cols, scanEnabled); err != nil {
			return err
		}
	}
	return nil
}

func splitOp(e sql.Expr, op sql.BinaryOp) []sql.Expr {
	if b, ok := e.(*sql.Binary); ok && b.Op == op {
		return append(splitOp(b.X, op), splitOp(b.Y, op)...)
	}
	return []sql.Expr{e}
}

func keyRef(e sql.Expr, keys map[string]*planner.Column) *planner.Column {
	if ref, ok := e.(*sql.ColumnRef); ok {
		return keys[ref.Name.Name]
	}
	return nil
}

// refersToColumn reports whether e reads any column.
func refersToColumn(e sql.Expr) bool {
	return readsColumn(e, func(string) bool { return true })
}

// readsColumn reports whether e reads a column for which match is true.
func readsColumn(e sql.Expr, match func(name string) bool) bool {
	found := false
	var walk func(sql.Expr)
	walk = func(e sql.Expr) {
		switch x := e.(type) {
		case *sql.ColumnRef:
			found = found || match(x.Name.Name)
		case *sql.Binary:
			walk(x.X)
			walk(x.Y)
		case *sql.Unary:
			walk(x.X)
		case *sql.FuncCall:
			for _, a := range x.Args {
				walk(a)
			}
		case *sql.Cast:
			walk(x.X)
		}
	}
	walk(e)
	return found
}

func keyDesc(c *planner.Column) string {
	return fmt.Sprintf("[`%s` %s KEY]", c.Name, c.Type)
}

func checkDisjunct(d sql.Expr, keys, cols map[string]*planner.Column, scanEnabled bool) error {
	seen := map[string]int{}
	for _, c := range splitOp(d, sql.OpAnd) {
		switch x := c.(type) {
		case *sql.Binary:
			if !x.Op.IsComparison() {
				continue
			}
			k, other := keyRef(x.X, keys), x.Y
			if k == nil {
				k, other = keyRef(x.Y, keys), x.X
			}
			if k == nil {
				if !scanEnabled && (mentionsKey(x.X, keys) || mentionsKey(x.Y, keys)) {
					return fmt.Errorf("A comparison must directly reference a key column.")
				}
				continue
			}
			if _, isNull := other.(*sql.NullLit); isNull {
				return fmt.Errorf("Error in WHERE expression: Comparison with NULL not supported: %s %s NULL\nUse 'IS NULL' or 'IS NOT NULL' instead.\nStatement: (%s)", k.Type, x.Op, strings.ReplaceAll(sql.FormatExpr(x), "NULL", "null"))
			}
			if s, ok := other.(*sql.StringLit); ok && k.Type.IsNumeric() {
				return fmt.Errorf("Error in WHERE expression: Cannot compare %s (%s) to '%s' (STRING) with EQUAL.\nStatement: (%s)", k.Name, k.Type, s.Value, sql.FormatExpr(x))
			}
			if scanEnabled {
				continue
			}
			if refersToColumn(other) {
				return fmt.Errorf("A comparison must be between a key column and a resolvable expression.")
			}
			if x.Op != sql.OpEq {
				if seen[k.Name] > 0 || len(splitOp(d, sql.OpAnd)) > 1 && countKeyConjuncts(d, k.Name) > 1 {
					return fmt.Errorf("A comparison condition on the key column cannot be combined with other comparisons such as an IN predicate.")
				}
				return fmt.Errorf("Bound on key columns '%s' must currently be '='. ", keyDesc(k))
			}
			seen[k.Name]++
		case *sql.Like:
			// Only column LIKE 'pattern' can narrow a lookup; any other LIKE
			// needs a table scan.
			ref, ok := x.X.(*sql.ColumnRef)
			if !ok {
				if !scanEnabled {
					return fmt.Errorf("Like condition must be between strings")
				}
				continue
			}
			// Unknown columns are left to the planner's error.
			if c := cols[ref.Name.Name]; c != nil && c.Type.Kind != types.String {
				return fmt.Errorf("The column type for Like condition must be VARCHAR. The column type is %s", c.Type)
			}
			switch x.Pattern.(type) {
			case *sql.StringLit, *sql.NullLit:
			default:
				return fmt.Errorf("Like condition on non-string pattern %s", sql.FormatExpr(x.Pattern))
			}
		case *sql.InList:
			k := keyRef(x.X, keys)
			if k == nil {
				continue
			}
			for _, item := range x.List {
				if _, isNull := item.(*sql.NullLit); isNull {
					return fmt.Errorf("Primary key columns can not be NULL: (%s = null)", k.Name)
				}
				if s, ok := item.(*sql.StringLit); ok && k.Type.IsNumeric() {
					return fmt.Errorf("'%s' can not be converted to the type of the key column: %s %s KEY", s.Value, k.Name, k.Type)
				}
				if !scanEnabled && refersToColumn(item) {
					return fmt.Errorf("A comparison must be between a key column and a resolvable expression.")
				}
			}
			seen[k.Name]++
		}
	}
	if scanEnabled {
		return nil
	}
	for _, n := range seen {
		if n > 1 {
			return fmt.Errorf("A comparison condition on the key column cannot be combined with other comparisons such as an IN predicate")
		}
	}
	if len(seen) == 0 {
		return fmt.Errorf("WHERE clause missing key column for disjunct: (%s)", sql.FormatExpr(d))
	}
	if len(seen) < len(keys) {
		return fmt.Errorf("Multi-column sources must specify every key in the WHERE clause")
	}
	return nil
}

func mentionsKey(e sql.Expr, keys map[string]*planner.Column) bool {
	return readsColumn(e, func(name string) bool { return keys[name] != nil })
}

func countKeyConjuncts(d sql.Expr, key string) int {
	n := 0
	for _, c := range splitOp(d, sql.OpAnd) {
		if mentionsKey(c, map[string]*planner.Column{key: {}}) {
			n++
		}
	}
	return n
}
