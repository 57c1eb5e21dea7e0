package planner

import (
	"fmt"
	"strings"
)

// Explain renders a physical plan as an indented tree, one operator a line,
// children below their parent.
func Explain(n Node) string {
	var b strings.Builder
	explain(&b, n, 0)
	return b.String()
}

func explain(b *strings.Builder, n Node, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString(describeNode(n))
	b.WriteByte('\n')
	for _, in := range n.Inputs() {
		explain(b, in, depth+1)
	}
}

func describeNode(n Node) string {
	switch n := n.(type) {
	case *Scan:
		kind := "stream"
		if n.Table {
			kind = "table"
		}
		return fmt.Sprintf("Scan %s %s topic=%s key=%s value=%s schema=[%s]", kind, n.Source, n.Topic,
			n.KeyFormat.Name, n.ValueFormat.Name, schemaString(n.Out))
	case *Join:
		return describeJoin(n)
	case *Filter:
		return "Filter " + FormatExpr(n.Predicate, n.Input.Schema())
	case *Project:
		parts := make([]string, len(n.Exprs))
		for i, e := range n.Exprs {
			parts[i] = FormatExpr(e, n.Input.Schema()) + " AS " + n.Out.Columns[i].Name
		}
		return "Project " + strings.Join(parts, ", ")
	case *Rekey:
		return describeRekey(n)
	case *Aggregate:
		return describeAggregate(n)
	case *TableFilter:
		return "TableFilter " + FormatExpr(n.Predicate, n.Input.Schema())
	case *FlatMap:
		parts := make([]string, len(n.Calls))
		for i, c := range n.Calls {
			parts[i] = c.Name + "(" + formatList(c.Args, n.Input.Schema()) + ") AS " + n.Out.Columns[len(n.Out.Columns)-len(n.Calls)+i].Name
		}
		return "FlatMap " + strings.Join(parts, ", ")
	case *TopicSink:
		return fmt.Sprintf("TopicSink topic=%s key=%s%v value=%s%v", n.Topic, n.KeyFormat.Name,
			n.KeyColumns, n.ValueFormat.Name, n.ValueColumns)
	case *ClientSink:
		return fmt.Sprintf("ClientSink limit=%d", n.Limit)
	}
	return fmt.Sprintf("%T", n)
}

func schemaString(s *Schema) string {
	parts := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		parts[i] = c.Name + " " + c.Type.String()
		if c.Role == KeyColumn {
			parts[i] += " KEY"
		}
	}
	return strings.Join(parts, ", ")
}

// describeRekey prints the new key columns, with the expression of those
// computed rather than taken in place, and the tombstone rule.
func describeRekey(n *Rekey) string {
	if len(n.Keys) == 0 {
		return "Rekey key=NULL"
	}
	first := len(n.Out.Columns) - len(n.Exprs)
	parts := make([]string, len(n.Keys))
	for i, pos := range n.Keys {
		parts[i] = n.Out.Columns[pos].Name
		if pos >= first {
			parts[i] += " := " + FormatExpr(n.Exprs[pos-first], n.Input.Schema())
		}
	}
	s := "Rekey key=[" + strings.Join(parts, ", ") + "]"
	if len(n.TombstoneNull) > 0 {
		names := make([]string, len(n.TombstoneNull))
		for i, pos := range n.TombstoneNull {
			names[i] = n.Out.Columns[pos].Name
		}
		s += " tombstone-null=[" + strings.Join(names, ", ") + "]"
	}
	return s
}

// describeAggregate prints the grouping, the aggregate calls with the columns
// they fill, and the window.
func describeAggregate(n *Aggregate) string {
	in := n.Input.Schema()
	keys := make([]string, len(n.GroupBy))
	for i, g := range n.GroupBy {
		keys[i] = FormatExpr(g, in) + " AS " + n.Out.Columns[i].Name
	}
	aggs := make([]string, len(n.Aggs))
	for i, a := range n.Aggs {
		aggs[i] = a.Name + "(" + formatList(a.Args, in) + ") AS " + n.Out.Columns[len(n.GroupBy)+i].Name
	}
	s := "Aggregate group=[" + strings.Join(keys, ", ") + "] aggs=[" + strings.Join(aggs, ", ") + "]"
	if w := n.Window; w != nil {
		s += fmt.Sprintf(" window=%s size=%dms advance=%dms", w.Kind, w.Size, w.Advance)
	}
	return s
}
