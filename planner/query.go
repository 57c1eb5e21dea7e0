package planner

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/streamsql/streamsql/funcs"
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
	// Aggregated is set when the query aggregates, with or without GROUP BY.
	Aggregated bool
	// Windowed is the window kind of a windowed aggregation, else "".
	Windowed   string
	WindowSize int64
	// KeyOrder names the key columns in key order when it differs from the
	// select order (GROUP BY keys follow the GROUP BY, PARTITION BY keys the
	// PARTITION BY).
	KeyOrder []string
	// PartitionBy: the query re-keys its input with PARTITION BY; with
	// PartitionNull (PARTITION BY NULL) its result has no key.
	PartitionBy, PartitionNull bool
	keys                       *projectedKeys // nil for aggregations
	join                       *joinKeys      // the key of a join's projection
}

// Pseudo column names and types every scan provides after the source columns.
var pseudoColumns = []Column{
	{Name: "ROWTIME", Type: types.BigIntType, Role: PseudoColumn},
	{Name: "ROWPARTITION", Type: types.IntType, Role: PseudoColumn},
	{Name: "ROWOFFSET", Type: types.BigIntType, Role: PseudoColumn},
}

// BuildQuery plans a query over the catalog.
func BuildQuery(q *sql.Query, cat *Catalog, cfg Config) (*QueryPlan, error) {
	if j, ok := q.From.(*sql.Join); ok {
		return buildJoinQuery(q, j, cat, cfg)
	}
	from, ok := q.From.(*sql.Table)
	if !ok {
		return nil, errorf(q.From.Pos(), "unsupported relation in FROM")
	}
	src, ok := cat.Source(from.Name.Name)
	if !ok {
		return nil, errorf(from.Pos(), "%s does not exist.", from.Name.Name)
	}
	aggregated := len(q.GroupBy) > 0 || hasAggregates(q)
	if err := checkClauses(q, src, aggregated); err != nil {
		return nil, err
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
	if q.Window != nil && q.Where != nil {
		if name := windowBoundIn(q.Where); name != "" {
			return nil, errorf(q.Where.Pos(), "Error in WHERE expression: Unknown column %s.", name)
		}
	}
	if q.Where != nil {
		sc.clause = "WHERE"
		pred, err := (&binder{sc: sc, cat: cat, subst: rejectTableCalls("WHERE")}).boolean(q.Where)
		if err != nil {
			var pe *Error
			if q.Emit == sql.EmitNone && errors.As(err, &pe) && pe.typeCheck {
				// A pull query compiles its WHERE clause as ksqlDB's
				// interpreter does, which reports type errors so.
				pe.Msg = "Invalid expression: " + pe.Msg
			}
			return nil, err
		}
		root = &Filter{Input: root, Predicate: pred}
	}
	sc.clause = "SELECT"
	plan := &QueryPlan{Source: src, Table: src.Table || aggregated, Limit: -1, Push: q.Emit != sql.EmitNone}
	if aggregated {
		ap, err := buildAggregate(q, root, sc, src, cat, cfg)
		if err != nil {
			return nil, err
		}
		plan.Root, plan.Out = ap.root, ap.root.Out
		plan.GroupBy, plan.KeyOrder, plan.Aggregated = ap.keyNames, ap.keyOrder, true
		if ap.agg.Window != nil {
			plan.Windowed, plan.WindowSize = ap.agg.Window.Kind, ap.agg.Window.Size
		}
	} else {
		sp, err := planSelect(q, root, sc, alias, cat)
		if err != nil {
			return nil, err
		}
		plan.Root, plan.Out, plan.keys = sp.proj, sp.proj.Out, sp.keys
		plan.PartitionBy, plan.PartitionNull, plan.KeyOrder = sp.partition, sp.nullKey, sp.keyOrder
	}
	if q.Limit != nil {
		var err error
		if plan.Limit, err = intLiteral(q.Limit); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// checkClauses rejects clause combinations ksqlDB rejects before planning.
func checkClauses(q *sql.Query, src *Source, aggregated bool) error {
	tableFuncs := slices.ContainsFunc(q.Select, func(it sql.SelectItem) bool {
		se, ok := it.(*sql.SelectExpr)
		return ok && hasTableCall(se.X)
	})
	if aggregated && !tableFuncs {
		tableFuncs = slices.ContainsFunc(q.GroupBy, hasTableCall) || hasTableCall(q.Having)
	}
	switch {
	case q.Window != nil && !aggregated:
		return errorf(q.Window.Pos(), "WINDOW clause requires a GROUP BY clause.")
	case q.Having != nil && len(q.GroupBy) == 0:
		return errorf(q.Having.Pos(), "HAVING clause requires a GROUP BY clause.")
	case len(q.GroupBy) > 0 && unknownFunction(q) != nil:
		return unknownFunction(q)
	case len(q.GroupBy) > 0 && !hasAggregates(q):
		return errorf(q.GroupBy[0].Pos(), "GROUP BY requires aggregate functions in either the SELECT or HAVING clause.")
	case tableFuncs && aggregated:
		return errorf(q.Pos(), "Table functions cannot be used with aggregations.")
	case tableFuncs && src.Table:
		return errorf(q.Pos(), "Table source is not supported with table functions")
	case q.PartitionBy != nil && aggregated:
		return errorf(q.Pos(), "PARTITION BY together with GROUP BY is not supported")
	case q.PartitionBy != nil && src.Table && !byOwnKey(q.PartitionBy, src):
		return errorf(q.PartitionBy[0].Pos(), "Cannot repartition a TABLE source: a table can only be partitioned by its own key")
	}
	return nil
}

// byOwnKey reports whether exprs are the key columns of src, in order: a
// PARTITION BY that changes nothing, which ksqlDB allows on a table.
func byOwnKey(exprs []sql.Expr, src *Source) bool {
	keys := src.KeyColumns()
	if len(exprs) != len(keys) {
		return false
	}
	for i, e := range exprs {
		if ref, ok := e.(*sql.ColumnRef); !ok || ref.Name.Name != keys[i].Name {
			return false
		}
	}
	return true
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
			dups = append(dups, "`"+c.Name+"` "+c.Type.String())
		}
		seen[c.Name] = true
	}
	if len(dups) > 0 {
		return errorf(sql.NoPos, "Duplicate value columns found in schema: %s", strings.Join(dups, ", "))
	}
	return nil
}

// unknownFunction reports the first call in the select list to a function
// that does not exist.
func unknownFunction(q *sql.Query) error {
	var err error
	for _, it := range q.Select {
		se, ok := it.(*sql.SelectExpr)
		if !ok {
			continue
		}
		walkSQL(se.X, func(e sql.Expr) bool {
			if c, ok := e.(*sql.FuncCall); ok && err == nil {
				if _, found := funcs.Lookup(c.Name.Name); !found {
					err = errorf(c.Name.Pos(), "Can't find any functions with the name '%s'", c.Name.Name)
				}
			}
			return err == nil
		})
	}
	return err
}
