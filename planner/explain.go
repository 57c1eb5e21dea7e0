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
	case *Filter:
		return "Filter " + FormatExpr(n.Predicate, n.Input.Schema())
	case *Project:
		parts := make([]string, len(n.Exprs))
		for i, e := range n.Exprs {
			parts[i] = FormatExpr(e, n.Input.Schema()) + " AS " + n.Out.Columns[i].Name
		}
		return "Project " + strings.Join(parts, ", ")
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
