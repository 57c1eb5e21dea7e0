package planner_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// TestPlans runs testdata/*: `ddl` registers CREATE STREAM/TABLE statements,
// `plan` prints the physical plan of a query or CREATE AS SELECT, or its error
// with line:col; for INSERT ... VALUES it prints the bound value of each column.
func TestPlans(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		cat := planner.NewCatalog()
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			stmts, err := sql.ParseStatements(d.Input)
			if err != nil {
				return sql.FormatError(d.Input, err) + "\n"
			}
			var out strings.Builder
			for _, st := range stmts {
				out.WriteString(run(d.Cmd, st, d.Input, cat))
			}
			return out.String()
		})
	})
}

func run(cmd string, st sql.Statement, src string, cat *planner.Catalog) string {
	cfg := planner.Config{}
	fail := func(err error) string {
		if pe, ok := err.(*planner.Error); ok && pe.Pos >= 0 {
			line, col := pe.Pos.LineCol(src)
			return fmt.Sprintf("error: line %d:%d: %s\n", line, col, pe.Msg)
		}
		return "error: " + err.Error() + "\n"
	}
	switch n := st.Stmt.(type) {
	case *sql.CreateSource:
		s, err := planner.BuildSource(n, st.Text, cat, cfg)
		if err != nil {
			return fail(err)
		}
		cat.Put(s)
		return fmt.Sprintf("%s %s: %s key=%s value=%s\n", s.Kind(), s.Name, s.SchemaString(), s.KeyFormat.Name, s.ValueFormat.Name)
	case *sql.CreateAsSelect:
		p, err := planner.BuildCreateAsSelect(n, st.Text, cat, cfg)
		if err != nil {
			return fail(err)
		}
		cat.Put(p.Target)
		return fmt.Sprintf("%s %s: %s\n%s", p.Target.Kind(), p.Target.Name, p.Target.SchemaString(), planner.Explain(p.Sink))
	case *sql.InsertValues:
		p, err := planner.BuildInsertValues(n, cat)
		if err != nil {
			return fail(err)
		}
		var b strings.Builder
		for i, v := range p.Values {
			if v != nil {
				fmt.Fprintf(&b, "%s := %s\n", p.Target.Columns[i].Name, planner.FormatExpr(v, nil))
			}
		}
		return b.String()
	case *sql.Query:
		p, err := planner.BuildQuery(n, cat, cfg)
		if err != nil {
			return fail(err)
		}
		return planner.Explain(p.Root)
	}
	return fmt.Sprintf("unexpected statement for %s: %T\n", cmd, st.Stmt)
}
