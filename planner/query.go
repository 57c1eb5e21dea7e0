package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// QueryPlan is a planned SELECT: Root emits rows laid out as Out.
type QueryPlan struct {
	Root   Node
	Out    *Schema
	Source *Source // the source read
	Table  bool    // the result is a table (changelog of a key)
	Limit  int     // -1 when absent
	Push   bool    // EMIT CHANGES / FINAL
	// GroupBy holds the grouping expressions as written when the query
	// aggregates: they are the result's key columns.
	GroupBy []string
	// Windowed is the window kind of a windowed aggregation, else "".
	Windowed   string
	WindowSize int64
	// KeyOrder names the key columns in key order when it differs from the
	// select order (GROUP BY keys follow the GROUP BY).
	KeyOrder []string
}

// Pseudo column names and types every scan provides after the source columns.
var pseudoColumns = []Column{
	{Name: "ROWTIME", Type: types.BigIntType, Role: PseudoColumn},
	{Name: "ROWPARTITION", Type: types.IntType, Role: PseudoColumn},
	{Name: "ROWOFFSET", Type: types.BigIntType, Role: PseudoColumn},
}

// BuildQuery plans a query over the catalog.
func BuildQuery(q *sql.Query, cat *Catalog, cfg Config) (*QueryPlan, error) {
	from, ok := q.From.(*sql.Table)
	if !ok {
		return nil, errorf(q.From.Pos(), "joins are not supported yet")
	}
	src, ok := cat.Source(from.Name.Name)
	if !ok {
		return nil, errorf(from.Pos(), "%s does not exist.", from.Name.Name)
	}
	aggregated := len(q.GroupBy) > 0 || hasAggregates(q)
	switch {
	case q.Window != nil && len(q.GroupBy) == 0:
		return nil, errorf(q.Window.Pos(), "WINDOW clause requires a GROUP BY clause.")
	case q.Having != nil && len(q.GroupBy) == 0:
		return nil, errorf(q.Having.Pos(), "HAVING clause requires a GROUP BY clause.")
	case len(q.GroupBy) > 0 && !hasAggregates(q):
		return nil, errorf(q.GroupBy[0].Pos(), "GROUP BY requires aggregate functions in either the SELECT or HAVING clause.")
	case len(q.PartitionBy) > 0:
		return nil, errorf(q.PartitionBy[0].Pos(), "PARTITION BY is not supported yet")
	}
	alias := src.Name
	if from.Alias != nil {
		alias = from.Alias.Name
	}
	var root Node = newScan(src)
	sc := newScope(alias, root.Schema())
	if alias != src.Name {
		// The source name stays usable as a qualifier next to its alias.
		for _, c := range root.Schema().Columns {
			sc.cols = append(sc.cols, scopeColumn{Source: src.Name, Column: c})
		}
		sc.cols = sc.cols[:len(root.Schema().Columns)]
	}
	if q.Where != nil {
		sc.clause = "WHERE"
		pred, err := (&binder{sc: sc, cat: cat}).boolean(q.Where)
		if err != nil {
			return nil, err
		}
		root = &Filter{Input: root, Predicate: pred}
	}
	sc.clause = "SELECT"
	var proj *Project
	var err error
	var groupBy, keyOrder []string
	windowed, windowSize := "", int64(0)
	if aggregated {
		ap, err := buildAggregate(q, root, sc, src, cat, cfg)
		if err != nil {
			return nil, err
		}
		proj = ap.root
		groupBy, keyOrder = ap.keyNames, ap.keyOrder
		if ap.agg.Window != nil {
			windowed, windowSize = ap.agg.Window.Kind, ap.agg.Window.Size
		}
	} else {
		if proj, err = buildProjection(q.Select, sc, src, cat); err != nil {
			return nil, err
		}
		proj.Input = root
	}
	plan := &QueryPlan{Root: proj, Out: proj.Out, Source: src, Table: src.Table || aggregated, Limit: -1, Push: q.Emit != sql.EmitNone,
		GroupBy: groupBy, KeyOrder: keyOrder, Windowed: windowed, WindowSize: windowSize}
	if q.Limit != nil {
		if plan.Limit, err = intLiteral(q.Limit); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// newScan lays out a source's columns followed by the pseudo columns.
func newScan(src *Source) *Scan {
	out := &Schema{}
	s := &Scan{Source: src.Name, Topic: src.Topic, Table: src.Table, KeyFormat: src.KeyFormat,
		ValueFormat: src.ValueFormat, TimestampColumn: -1, TimestampFormat: src.TimestampFormat, Out: out}
	for i, c := range src.Columns {
		out.Columns = append(out.Columns, c)
		switch c.Role {
		case KeyColumn:
			s.KeyColumns = append(s.KeyColumns, i)
		case ValueColumn:
			s.ValueColumns = append(s.ValueColumns, i)
		}
		if c.Name == src.TimestampColumn {
			s.TimestampColumn = i
		}
	}
	out.Columns = append(out.Columns, pseudoColumns...)
	if src.Windowed != "" {
		s.WindowType, s.WindowSize = src.Windowed, src.WindowSize
		out.Columns = append(out.Columns,
			Column{Name: "WINDOWSTART", Type: types.BigIntType, Role: PseudoColumn},
			Column{Name: "WINDOWEND", Type: types.BigIntType, Role: PseudoColumn})
	}
	return s
}

// buildProjection binds the select list; a source key column selected as a
// plain column reference stays a key column of the output.
func buildProjection(items []sql.SelectItem, sc *scope, src *Source, cat *Catalog) (*Project, error) {
	p := &Project{Out: &Schema{}}
	b := &binder{sc: sc, cat: cat}
	var generated []int // positions needing a KSQL_COL_n name
	add := func(e Expr, name string) {
		role := ValueColumn
		if ref, ok := e.(*ColumnRef); ok && sc.cols[ref.Index].Role == KeyColumn {
			role = KeyColumn
		}
		if name == "" {
			generated = append(generated, len(p.Exprs))
		}
		p.Exprs = append(p.Exprs, e)
		p.Out.Columns = append(p.Out.Columns, Column{Name: name, Type: e.Type(), Role: role})
	}
	for _, item := range items {
		switch it := item.(type) {
		case *sql.SelectStar:
			if it.Source != nil && !sc.hasSource(it.Source.Name) {
				return nil, errorf(it.Pos(), "'%s' is not a valid stream/table name or alias.", it.Source.Name)
			}
			// Keys, then the window bounds of a windowed source, then values.
			for _, pass := range []func(Column) bool{
				func(c Column) bool { return c.Role == KeyColumn },
				func(c Column) bool { return c.Role == PseudoColumn && (c.Name == "WINDOWSTART" || c.Name == "WINDOWEND") },
				func(c Column) bool { return c.Role == ValueColumn || c.Role == HeaderColumn },
			} {
				for i, c := range sc.cols {
					if !pass(c.Column) || (it.Source != nil && c.Source != it.Source.Name) {
						continue
					}
					add(&ColumnRef{Index: i, Name: c.Name, T: c.Type}, c.Name)
				}
			}
		case *sql.SelectExpr:
			e, err := b.expr(it.X)
			if err != nil {
				return nil, err
			}
			if e.Type().Kind == types.Unknown {
				return nil, errorf(it.Pos(), "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).")
			}
			add(e, columnName(it))
		case *sql.SelectStructStar:
			e, err := b.expr(it.X)
			if err != nil {
				return nil, err
			}
			if e.Type().Kind != types.Struct {
				return nil, errorf(it.Pos(), "Expected STRUCT type, found %s", e.Type())
			}
			for i, f := range e.Type().Fields {
				add(&Deref{Base: e, Field: i, Name: f.Name, T: f.Type}, f.Name)
			}
		}
	}
	nameGenerated(p.Out, generated)
	return p, checkOutputNames(p.Out)
}

// columnName is the output name of a select expression, "" when generated.
func columnName(it *sql.SelectExpr) string {
	if it.Alias != nil {
		return it.Alias.Name
	}
	switch x := it.X.(type) {
	case *sql.ColumnRef:
		return x.Name.Name
	case *sql.Deref:
		return x.Field.Name
	}
	return ""
}

// nameGenerated gives unnamed columns KSQL_COL_n names not used elsewhere.
func nameGenerated(s *Schema, positions []int) {
	used := map[string]bool{}
	for _, c := range s.Columns {
		used[c.Name] = true
	}
	n := 0
	for _, pos := range positions {
		for used[fmt.Sprintf("KSQL_COL_%d", n)] {
			n++
		}
		name := fmt.Sprintf("KSQL_COL_%d", n)
		used[name] = true
		s.Columns[pos].Name = name
	}
}

func checkOutputNames(s *Schema) error {
	seen := map[string]bool{}
	var dups []string
	for _, c := range s.Columns {
		if seen[c.Name] {
			dups = append(dups, "`"+c.Name+"`")
		}
		seen[c.Name] = true
	}
	if len(dups) > 0 {
		return errorf(sql.NoPos, "Duplicate value columns found in schema: %s", strings.Join(dups, ", "))
	}
	return nil
}
