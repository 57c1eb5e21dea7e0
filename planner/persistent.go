package planner

import (
	"slices"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// Persistent is a planned CREATE ... AS SELECT or INSERT INTO: Sink writes the
// query's rows to Target's topic.
type Persistent struct {
	Target *Source // the new or existing sink source
	Sink   *TopicSink
	Query  *QueryPlan
	Insert bool // INSERT INTO an existing source
}

// BuildCreateAsSelect plans CREATE STREAM/TABLE name AS SELECT.
func BuildCreateAsSelect(st *sql.CreateAsSelect, text string, cat *Catalog, cfg Config) (*Persistent, error) {
	ps, err := newPropSet(st.Props)
	if err != nil {
		return nil, err
	}
	qp, err := BuildQuery(st.Query, cat, cfg)
	if err != nil {
		return nil, err
	}
	if qp.Source.Table && qp.Source.Windowed != "" {
		return nil, errorf(st.Pos(), "KSQL does not support persistent queries on windowed tables.")
	}
	if qp.Aggregated && len(st.Query.GroupBy) == 0 {
		return nil, errorf(st.Pos(), "CREATE %s AS SELECT statement does not support aggregate function [%s] without a GROUP BY clause.", st.Kind, aggregateCalls(st.Query))
	}
	table := st.Kind == sql.KindTable
	if table && !qp.Table {
		return nil, errorf(st.Pos(), "Invalid result type. Your SELECT query produces a STREAM. Please use CREATE STREAM AS SELECT statement instead.")
	}
	if !table && qp.Table {
		return nil, errorf(st.Pos(), "Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.")
	}
	target := &Source{Name: st.Name.Name, Table: table, SQL: text}
	target.Topic, _, _ = ps.str("KAFKA_TOPIC")
	if target.Topic == "" {
		target.Topic = cfg.OutputTopicPrefix + st.Name.Name
	}
	if target.KeyFormat, target.ValueFormat, err = ps.formats(qp.Source, cfg); err != nil {
		return nil, err
	}
	if err := sinkKeyFormat(target, ps, qp, cfg); err != nil {
		return nil, err
	}
	if target.Partitions, err = ps.integer("PARTITIONS", qp.Source.Partitions); err != nil {
		return nil, err
	}
	if err := checkKeys(st.Name.Name, qp, table); err != nil {
		return nil, err
	}
	target.Columns = orderKeys(sourceColumns(qp.Out), qp.KeyOrder)
	target.Windowed, target.WindowSize = qp.Windowed, qp.WindowSize
	if !qp.Aggregated && qp.Source.Windowed != "" {
		// A windowed stream's rows keep their windows: carry the bounds.
		target.Windowed, target.WindowSize = qp.Source.Windowed, qp.Source.WindowSize
		carryWindowBounds(qp)
	}
	if err := checkKeyTypes(target.Columns, st.Pos()); err != nil {
		return nil, err
	}
	if err := finishSource(target, ps, st.Pos(), cfg); err != nil {
		return nil, err
	}
	if target.ValueFormat.Name != "NONE" && countRole(target.Columns, ValueColumn) == 0 {
		return nil, errorf(st.Pos(), "The projection contains no value columns.")
	}
	return &Persistent{Target: target, Sink: newTopicSink(qp, target), Query: qp}, nil
}

// BuildInsertInto plans INSERT INTO target SELECT.
func BuildInsertInto(st *sql.InsertInto, cat *Catalog, cfg Config) (*Persistent, error) {
	target, ok := cat.Source(st.Target.Name)
	if !ok {
		return nil, errorf(st.Target.Pos(), "Source `%s` does not exist.", st.Target.Name)
	}
	if target.Table {
		return nil, errorf(st.Target.Pos(), "INSERT INTO can only be used to insert into a stream. %s is a table.", target.Name)
	}
	qp, err := BuildQuery(st.Query, cat, cfg)
	if err != nil {
		return nil, err
	}
	if qp.Table {
		return nil, errorf(st.Query.Pos(), "INSERT INTO can only insert a stream into a stream")
	}
	if err := checkKeys(target.Name, qp, false); err != nil {
		return nil, err
	}
	got := orderKeys(sourceColumns(qp.Out), qp.KeyOrder)
	if len(got) != len(target.Columns) {
		return nil, errorf(st.Pos(), "Incompatible schema between results and sink.\nResult schema is %s\nSink schema is %s", (&Source{Columns: got}).SchemaString(), target.SchemaString())
	}
	for i, c := range got {
		tc := target.Columns[i]
		if c.Name != tc.Name || !c.Type.Equal(tc.Type) || c.Role != tc.Role {
			return nil, errorf(st.Pos(), "Incompatible schema between results and sink.\nResult schema is %s\nSink schema is %s", (&Source{Columns: got}).SchemaString(), target.SchemaString())
		}
	}
	return &Persistent{Target: target, Sink: newTopicSink(qp, target), Query: qp, Insert: true}, nil
}

// sinkKeyFormat adjusts the key format a CREATE AS SELECT inherits to its
// key: PARTITION BY NULL leaves no key (format NONE, which an explicit key
// format contradicts), and keys inherited with format NONE get the default
// key format.
func sinkKeyFormat(target *Source, ps *propSet, qp *QueryPlan, cfg Config) error {
	_, _, explicitKey := ps.str("KEY_FORMAT")
	_, _, explicitBoth := ps.str("FORMAT")
	explicit := explicitKey || explicitBoth
	switch {
	case qp.PartitionNull:
		if explicit && target.KeyFormat.Name != "NONE" {
			return errorf(sql.NoPos, "Key format specified for stream without key columns.")
		}
		target.KeyFormat = Format{Name: "NONE"}
	case !explicit && target.KeyFormat.Name == "NONE" && slices.ContainsFunc(qp.Out.Columns, func(c Column) bool { return c.Role == KeyColumn }):
		name := "KAFKA"
		if cfg.DefaultKeyFormat != "" {
			name = toUpper(cfg.DefaultKeyFormat)
		}
		target.KeyFormat = Format{Name: name}
	}
	return nil
}

// checkKeys enforces ksqlDB's rules on the key columns of a persistent
// query's projection: each at most once, and a table's key (or the
// PARTITION BY expressions) present.
func checkKeys(name string, qp *QueryPlan, table bool) error {
	if qp.GroupBy != nil {
		return checkGroupKeys(name, qp)
	}
	if qp.join != nil {
		return qp.join.check(name)
	}
	k := qp.keys
	if k == nil {
		return nil
	}
	var missing []int
	for i, aliases := range k.aliases {
		if len(aliases) > 1 {
			sorted := slices.Sorted(slices.Values(aliases))
			return errorf(sql.NoPos, "The projection contains a key column (`%s`) more than once, aliased as: %s.\n"+
				"Each key column must only be in the projection once. If you intended to copy the key into the value, "+
				"then consider using the AS_VALUE function to indicate which key reference should be copied.", k.names[i], joinAnd(sorted))
		}
		if len(aliases) == 0 {
			missing = append(missing, i)
		}
	}
	switch {
	case len(missing) == 0:
		return nil
	case k.partitioned: // ksqlDB names every PARTITION BY expression
		return keyMissing(name, "partitioning expression", k.exprs)
	case table:
		var names []string
		for _, c := range qp.Source.KeyColumns() {
			names = append(names, c.Name)
		}
		return errorf(sql.NoPos, "Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\nThe query used to build `%s` must include the key columns %v in its projection (eg, SELECT %s...).", name, names, names[0])
	}
	return nil
}

// checkGroupKeys checks the key columns of an aggregation's projection: each
// grouping expression present, and once.
func checkGroupKeys(name string, qp *QueryPlan) error {
	seen := map[int][]string{}
	if p, ok := qp.Root.(*Project); ok {
		for j, e := range p.Exprs {
			if ref, ok := e.(*ColumnRef); ok && p.Out.Columns[j].Role == KeyColumn {
				seen[ref.Index] = append(seen[ref.Index], "`"+p.Out.Columns[j].Name+"`")
			}
		}
	}
	var missing []string
	for i, g := range qp.GroupBy {
		switch len(seen[i]) {
		case 0:
			missing = append(missing, g)
		case 1:
		default:
			return errorf(sql.NoPos, "The projection contains a key column more than once: %s.", joinAnd(seen[i]))
		}
	}
	if len(missing) > 0 {
		return keyMissing(name, "grouping expression", missing)
	}
	return nil
}

// keyMissing is ksqlDB's error for key expressions absent from a projection.
func keyMissing(name, what string, exprs []string) error {
	if len(exprs) > 1 {
		what += "s"
	}
	return errorf(sql.NoPos, "Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\n"+
		"The query used to build `%s` must include the %s %s in its projection (eg, SELECT %s...).",
		name, what, joinAnd(exprs), strings.Join(exprs, ", "))
}

// joinAnd joins items as "a, b and c".
func joinAnd(items []string) string {
	if n := len(items); n > 1 {
		return strings.Join(items[:n-1], ", ") + " and " + items[n-1]
	}
	return strings.Join(items, "")
}

// sourceColumns orders output columns as a catalog source: keys first.
func sourceColumns(s *Schema) []Column {
	var keys, vals []Column
	for _, c := range s.Columns {
		if c.Role == KeyColumn {
			keys = append(keys, c)
		} else if c.Role != PseudoColumn {
			c.Role = ValueColumn
			vals = append(vals, c)
		}
	}
	return append(keys, vals...)
}

func countRole(cols []Column, r ColumnRole) int {
	n := 0
	for _, c := range cols {
		if c.Role == r {
			n++
		}
	}
	return n
}

// newTopicSink writes the query's output columns to target's topic in
// target's column order.
func newTopicSink(qp *QueryPlan, target *Source) *TopicSink {
	s := &TopicSink{Input: qp.Root, Topic: target.Topic, KeyFormat: target.KeyFormat,
		ValueFormat: target.ValueFormat, TimestampColumn: -1, TimestampFormat: target.TimestampFormat,
		WindowType: target.Windowed, WindowStart: qp.Out.Index("WINDOWSTART"), WindowEnd: qp.Out.Index("WINDOWEND")}
	for _, c := range target.Columns {
		pos := qp.Out.Index(c.Name)
		if c.Role == KeyColumn {
			s.KeyColumns = append(s.KeyColumns, pos)
		} else {
			s.ValueColumns = append(s.ValueColumns, pos)
		}
		if c.Name == target.TimestampColumn {
			s.TimestampColumn = pos
		}
	}
	return s
}

// orderKeys reorders the leading key columns to follow order, when given.
func orderKeys(cols []Column, order []string) []Column {
	if len(order) == 0 {
		return cols
	}
	out := make([]Column, 0, len(cols))
	for _, name := range order {
		for _, c := range cols {
			if c.Role == KeyColumn && c.Name == name {
				out = append(out, c)
			}
		}
	}
	for _, c := range cols {
		if c.Role != KeyColumn || !contains(order, c.Name) {
			out = append(out, c)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// carryWindowBounds makes the query's projection carry WINDOWSTART and
// WINDOWEND (hidden unless selected), for a sink writing windowed keys.
func carryWindowBounds(qp *QueryPlan) {
	proj, ok := qp.Root.(*Project)
	if !ok {
		return
	}
	in := proj.Input.Schema()
	for _, name := range []string{"WINDOWSTART", "WINDOWEND"} {
		if proj.Out.Index(name) >= 0 {
			continue
		}
		if i := in.Index(name); i >= 0 {
			proj.Exprs = append(proj.Exprs, &ColumnRef{Index: i, Name: name, T: in.Columns[i].Type})
			proj.Out.Columns = append(proj.Out.Columns, Column{Name: name, Type: in.Columns[i].Type, Role: PseudoColumn, Hidden: true})
		}
	}
	qp.Out = proj.Out
}

// aggregateCalls lists a query's aggregate calls as ksqlDB prints them (f(*)
// reads ROWTIME).
func aggregateCalls(q *sql.Query) string {
	var calls []string
	for _, it := range q.Select {
		if se, ok := it.(*sql.SelectExpr); ok {
			walkSQL(se.X, func(e sql.Expr) bool {
				if !isAggregateCall(e) {
					return true
				}
				text := sql.FormatExprKsql(e)
				text = strings.Replace(strings.Replace(text, "(*)", "(ROWTIME)", 1), "()", "(ROWTIME)", 1)
				calls = append(calls, text)
				return false
			})
		}
	}
	return strings.Join(calls, ", ")
}
