package planner

import (
	"fmt"
	"strings"
)

// FormatExpr renders a resolved expression for EXPLAIN, naming columns from in.
func FormatExpr(e Expr, in *Schema) string {
	switch e := e.(type) {
	case *ColumnRef:
		return e.Name
	case *LambdaRef:
		return e.Name
	case *Literal:
		if e.Value == nil {
			return "NULL"
		}
		if s, ok := e.Value.(string); ok {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		return fmt.Sprint(e.Value)
	case *Cast:
		return "CAST(" + FormatExpr(e.Arg, in) + " AS " + e.T.String() + ")"
	case *Binary:
		return "(" + FormatExpr(e.Left, in) + " " + e.Op.String() + " " + FormatExpr(e.Right, in) + ")"
	case *Not:
		return "(NOT " + FormatExpr(e.Arg, in) + ")"
	case *Negate:
		return "-" + FormatExpr(e.Arg, in)
	case *IsNull:
		return "(" + FormatExpr(e.Arg, in) + ifs(e.Negated, " IS NOT NULL)", " IS NULL)")
	case *DistinctFrom:
		return "(" + FormatExpr(e.Left, in) + ifs(e.Negated, " IS NOT DISTINCT FROM ", " IS DISTINCT FROM ") + FormatExpr(e.Right, in) + ")"
	case *Like:
		return "(" + FormatExpr(e.Arg, in) + ifs(e.Negated, " NOT LIKE ", " LIKE ") + FormatExpr(e.Pattern, in) + ")"
	case *Between:
		return "(" + FormatExpr(e.Arg, in) + ifs(e.Negated, " NOT BETWEEN ", " BETWEEN ") + FormatExpr(e.Lo, in) + " AND " + FormatExpr(e.Hi, in) + ")"
	case *In:
		return "(" + FormatExpr(e.Arg, in) + ifs(e.Negated, " NOT IN (", " IN (") + formatList(e.List, in) + "))"
	case *Case:
		var b strings.Builder
		b.WriteString("CASE")
		for _, w := range e.Whens {
			b.WriteString(" WHEN " + FormatExpr(w.Cond, in) + " THEN " + FormatExpr(w.Result, in))
		}
		if e.Else != nil {
			b.WriteString(" ELSE " + FormatExpr(e.Else, in))
		}
		return b.String() + " END"
	case *Subscript:
		return FormatExpr(e.Base, in) + "[" + FormatExpr(e.Index, in) + "]"
	case *Deref:
		return FormatExpr(e.Base, in) + "->" + e.Name
	case *ArrayCtor:
		return "ARRAY[" + formatList(e.Elems, in) + "]"
	case *MapCtor:
		parts := make([]string, len(e.Keys))
		for i := range e.Keys {
			parts[i] = FormatExpr(e.Keys[i], in) + ":=" + FormatExpr(e.Vals[i], in)
		}
		return "MAP(" + strings.Join(parts, ", ") + ")"
	case *StructCtor:
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = e.T.Fields[i].Name + ":=" + FormatExpr(f, in)
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")"
	case *Lambda:
		return "(" + strings.Join(e.Params, ", ") + ") => " + FormatExpr(e.Body, in)
	case *Call:
		return e.Name + "(" + formatList(e.Args, in) + ")"
	}
	return fmt.Sprintf("%T", e)
}

func formatList(es []Expr, in *Schema) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = FormatExpr(e, in)
	}
	return strings.Join(parts, ", ")
}

func ifs(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}
