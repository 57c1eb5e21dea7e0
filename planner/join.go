package planner

import (
	"slices"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// buildJoinQuery plans a query whose FROM clause joins sources, following
// ksqlDB: the sources are joined left-deep in FROM order, then WHERE filters
// the joined rows, then the select list (or GROUP BY) is applied.
func buildJoinQuery(q *sql.Query, j *sql.Join, cat *Catalog, cfg Config) (*QueryPlan, error) {
	f, err := collectFrom(j, cat)
	if err != nil {
		return nil, err
	}
	if err := f.checkQualifiers(q); err != nil {
		return nil, err
	}
	if err := f.checkAmbiguousOn(); err != nil {
		return nil, err
	}
	for i := range f.clauses {
		if err := f.analyze(i); err != nil {
			return nil, err
		}
	}
	if err := f.checkKafkaValues(q.Pos()); err != nil {
		return nil, err
	}
	if err := f.checkAmbiguous(q); err != nil {
		return nil, err
	}
	jb := &joinBuilder{from: f, cat: cat, inSel: selects(q.Select, f)}
	tree, err := jb.build()
	if err != nil {
		return nil, err
	}
	named := *q
	named.Select = nameItems(q.Select, f)
	return planJoined(&named, f, tree, cat, cfg)
}

// checkAmbiguousOn reports unqualified criteria columns several sources
// have, before anything else (ksqlDB qualifies them first).
func (f *joinFrom) checkAmbiguousOn() error {
	for _, cl := range f.clauses {
		if err := f.checkAmbiguous(&sql.Query{Where: cl.on}); err != nil {
			return err
		}
	}
	return nil
}

// planJoined plans WHERE and the projection or aggregation over the join.
func planJoined(q *sql.Query, f *joinFrom, tree *joinNode, cat *Catalog, cfg Config) (*QueryPlan, error) {
	first := f.leaves[0].src
	src := *first // the result inherits the FROM source's formats
	src.Table = tree.table
	src.Windowed = tree.window
	aggregated := len(q.GroupBy) > 0 || hasAggregates(q)
	if err := checkClauses(q, &src, aggregated); err != nil {
		return nil, err
	}
	if err := checkJoinWindowRefs(q, tree); err != nil {
		return nil, err
	}
	sc := &scope{cols: tree.cols}
	root := tree.node
	if q.Where != nil {
		sc.clause = "WHERE"
		pred, err := (&binder{sc: sc, cat: cat}).boolean(q.Where)
		if err != nil {
			return nil, err
		}
		root = joinFilter(root, nameColumns(pred, tree.node.Schema()), tree)
	}
	sc.clause = "SELECT"
	plan := &QueryPlan{Source: &src, Table: tree.table || aggregated, Limit: -1, Push: q.Emit != sql.EmitNone}
	if tree.window != "" {
		plan.Windowed, plan.WindowSize = tree.window, first.WindowSize
	}
	if aggregated {
		src.Table = tree.table
		ap, err := buildAggregate(q, root, sc, &src, cat, cfg)
		if err != nil {
			return nil, err
		}
		plan.Root, plan.Out = ap.root, ap.root.Out
		plan.GroupBy, plan.KeyOrder, plan.Aggregated = ap.keyNames, ap.keyOrder, true
		for _, g := range ap.agg.GroupBy {
			nameColumns(g, tree.node.Schema())
		}
		for _, c := range ap.agg.Aggs {
			for _, a := range c.Args {
				nameColumns(a, tree.node.Schema())
			}
		}
		plan.Windowed, plan.WindowSize = "", 0
		if ap.agg.Window != nil {
			plan.Windowed, plan.WindowSize = ap.agg.Window.Kind, ap.agg.Window.Size
		}
	} else {
		js := newJoinSelect(f, tree)
		b := &binder{sc: sc, cat: cat}
		if len(q.PartitionBy) > 0 {
			if err := js.partitionBy(q.PartitionBy, b); err != nil {
				return nil, err
			}
		}
		proj, err := js.project(q.Select, b)
		if err != nil {
			return nil, err
		}
		proj.Input = root
		for _, e := range proj.Exprs {
			nameColumns(e, tree.node.Schema())
		}
		plan.Root, plan.Out, plan.join = proj, proj.Out, js.key
		if js.part != nil {
			plan.PartitionBy = true
			for _, a := range js.key.aliases {
				if len(a) > 0 {
					plan.KeyOrder = append(plan.KeyOrder, a[0])
				}
			}
		}
	}
	if q.Limit != nil {
		var err error
		if plan.Limit, err = intLiteral(q.Limit); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// joinFilter filters the joined rows: a table's changelog turns rows that
// stop passing into deletions of their key.
func joinFilter(input Node, pred Expr, tree *joinNode) Node {
	if !tree.table {
		return &Filter{Input: input, Predicate: pred}
	}
	return &TableFilter{Input: input, Predicate: pred, KeyColumns: slices.Clone(tree.keyPos)}
}

// checkJoinWindowRefs rejects WINDOWSTART and WINDOWEND unqualified in a
// join of unwindowed sources: the joined rows have no window, so only a
// source's own columns can be named.
func checkJoinWindowRefs(q *sql.Query, tree *joinNode) error {
	if tree.window != "" {
		return nil
	}
	var err error
	for _, it := range q.Select {
		se, ok := it.(*sql.SelectExpr)
		if !ok {
			continue
		}
		walkSQL(se.X, func(x sql.Expr) bool {
			if ref, ok := x.(*sql.ColumnRef); ok && ref.Source == nil && err == nil &&
				(ref.Name.Name == "WINDOWSTART" || ref.Name.Name == "WINDOWEND") {
				err = errorf(ref.Pos(), "SELECT column '%s' cannot be resolved.", ref.Name.Name)
			}
			return err == nil
		})
	}
	return err
}

// check applies ksqlDB's key rules to a persistent join query: each key
// column in the projection at most once, and the key (a viable join column,
// or every left table key column of a foreign-key join) present.
func (k *joinKeys) check(name string) error {
	for i, aliases := range k.aliases {
		if len(aliases) > 1 {
			sorted := slices.Sorted(slices.Values(aliases))
			return errorf(sql.NoPos, "The projection contains a key column (`%s`) more than once, aliased as: %s.\n"+
				"Each key column must only be in the projection once. If you intended to copy the key into the value, "+
				"then consider using the AS_VALUE function to indicate which key reference should be copied.", k.names[i], joinAnd(sorted))
		}
	}
	if k.fkSource != "" {
		return k.checkForeign()
	}
	if k.partitioned {
		return k.checkPartition(name)
	}
	if len(k.aliases) > 0 && len(k.aliases[0]) > 0 {
		return nil
	}
	what, list := "join expression", k.viable[0]
	if n := len(k.viable); n > 1 {
		what, list = "join expressions", strings.Join(k.viable[:n-1], ", ")+" or "+k.viable[n-1]
	}
	msg := "Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\n" +
		"The query used to build `" + name + "` must include the " + what + " " + list +
		" in its projection (eg, SELECT " + k.viable[0] + "...)."
	if k.synthetic {
		msg += "\n" + k.names[0] + " was added as a synthetic key column because the join criteria did not match any source column. " +
			"This expression must be included in the projection and may be aliased. "
	}
	return errorf(sql.NoPos, "%s", msg)
}

// checkForeign requires every key column of a foreign-key join's left
// table in the projection.
func (k *joinKeys) checkForeign() error {
	var missing []string
	for i, aliases := range k.aliases {
		if len(aliases) == 0 {
			missing = append(missing, "`"+k.sources[i].name+"`")
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return errorf(sql.NoPos, "Primary key column missing in projection. For foreign-key table-table joins, the projection must include all primary key columns from the left input table (`%s`). Missing column: %s.", k.fkSource, missing[0])
	}
	return errorf(sql.NoPos, "Primary key columns missing in projection. For foreign-key table-table joins, the projection must include all primary key columns from the left input table (`%s`). Missing columns: %s.", k.fkSource, strings.Join(missing, ", "))
}

// checkPartition requires every PARTITION BY expression in the projection.
func (k *joinKeys) checkPartition(name string) error {
	for _, aliases := range k.aliases {
		if len(aliases) > 0 {
			continue
		}
		keys, what := "Key", "partitioning expression"
		if len(k.viable) > 1 {
			keys, what = "Keys", what+"s"
		}
		return errorf(sql.NoPos, "%s missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\n"+
			"The query used to build `%s` must include the %s %s in its projection (eg, SELECT %s...).",
			keys, name, what, joinAnd(k.viable), strings.Join(k.viable, ", "))
	}
	return nil
}

// nameColumns renames the column references of e, bound over rows laid out
// as in, after in's columns: the join's rows name source columns SOURCE.COL,
// so that EXPLAIN tells the sides apart.
func nameColumns(e Expr, in *Schema) Expr {
	WalkExpr(e, func(x Expr) {
		if ref, ok := x.(*ColumnRef); ok && ref.Index < len(in.Columns) {
			ref.Name = in.Columns[ref.Index].Name
		}
	})
	return e
}
