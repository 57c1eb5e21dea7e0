package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// aggPlan is the aggregation part of a query: Aggregate, then HAVING, then the
// projection of the select list over the aggregate's output.
type aggPlan struct {
	agg      *Aggregate
	root     *Project
	keyNames []string // the grouping expressions as written, for error messages
	keyOrder []string // the result's key column names in GROUP BY order
}

// isAggregateCall reports whether e calls an aggregate function.
func isAggregateCall(e sql.Expr) bool {
	c, ok := e.(*sql.FuncCall)
	if !ok {
		return false
	}
	f, ok := funcs.Lookup(c.Name.Name)
	return ok && f.Kind == funcs.Aggregate
}

// hasAggregates reports whether the select list or HAVING calls an aggregate.
func hasAggregates(q *sql.Query) bool {
	found := false
	visit := func(e sql.Expr) bool {
		if isAggregateCall(e) {
			found = true
		}
		return !found
	}
	for _, it := range q.Select {
		if se, ok := it.(*sql.SelectExpr); ok {
			walkSQL(se.X, visit)
		}
	}
	walkSQL(q.Having, visit)
	return found
}

// buildAggregate plans GROUP BY, aggregates, WINDOW and HAVING over input,
// whose rows are resolved by sc.
func buildAggregate(q *sql.Query, input Node, sc *scope, src *Source, cat *Catalog, cfg Config) (*aggPlan, error) {
	expanded := *q
	expanded.Select = expandStar(q.Select, sc)
	q = &expanded
	if err := checkGrouping(q); err != nil {
		return nil, err
	}
	if name := windowBoundIn(q.Having); q.Window != nil && name != "" {
		return nil, errorf(q.Having.Pos(), "Window bounds column %s can only be used in the SELECT clause of windowed aggregations", name)
	}
	if src.ValueFormat.Name == "KAFKA" {
		return nil, errorf(q.Pos(), "Source(s) %s are using the 'KAFKA' value format. This format does not yet support GROUP BY.", src.Name)
	}
	b := &binder{sc: sc, cat: cat}
	agg := &Aggregate{Input: input, FromTable: src.Table, Out: &Schema{}}
	p := &aggPlan{agg: agg}
	groupText := map[string]int{}
	for i, g := range q.GroupBy {
		if name := windowBoundIn(g); name != "" {
			return nil, errorf(g.Pos(), "Window bounds column %s can only be used in the SELECT clause of windowed aggregations", name)
		}
		if isAggregateCall(g) {
			return nil, errorf(g.Pos(), "GROUP BY does not support aggregate functions: %s is an aggregate function.", g.(*sql.FuncCall).Name.Name)
		}
		x, err := b.expr(g)
		if err != nil {
			return nil, err
		}
		for j, prev := range agg.GroupBy {
			if sameGrouping(prev, x) {
				return nil, errorf(g.Pos(), "Duplicate GROUP BY expression: %s", qualified(q.GroupBy[j], src.Name))
			}
		}
		agg.GroupBy = append(agg.GroupBy, x)
		text := sql.FormatExpr(g)
		groupText[text] = i
		p.keyNames = append(p.keyNames, text)
		agg.Out.Columns = append(agg.Out.Columns, Column{Name: groupColumnName(g, q.Select, i), Type: x.Type(), Role: KeyColumn})
	}
	calls := map[string]int{}
	collect := func(e sql.Expr) bool {
		if !isAggregateCall(e) {
			return true
		}
		text := sql.FormatExpr(e)
		if _, seen := calls[text]; !seen {
			calls[text] = -1
		}
		return false
	}
	for _, it := range q.Select {
		if se, ok := it.(*sql.SelectExpr); ok {
			walkSQL(se.X, collect)
		}
	}
	walkSQL(q.Having, collect)
	var aggErr error
	registerCall := func(e sql.Expr) bool {
		if aggErr != nil || !isAggregateCall(e) {
			return aggErr == nil
		}
		text := sql.FormatExpr(e)
		if calls[text] >= 0 {
			return false
		}
		call, t, err := bindAggCall(e.(*sql.FuncCall), b)
		if err != nil {
			aggErr = err
			return false
		}
		call.Init.CollectListLimit, call.Init.CollectSetLimit = cfg.CollectListLimit, cfg.CollectSetLimit
		calls[text] = len(agg.Aggs)
		agg.Out.Columns = append(agg.Out.Columns, Column{Name: fmt.Sprintf("KSQL_AGG_VARIABLE_%d", len(agg.Aggs)), Type: t})
		agg.Aggs = append(agg.Aggs, call)
		return false
	}
	for _, it := range q.Select {
		if se, ok := it.(*sql.SelectExpr); ok {
			walkSQL(se.X, registerCall)
		}
	}
	walkSQL(q.Having, registerCall)
	if aggErr != nil {
		return nil, aggErr
	}
	if err := checkAggSource(q, agg, src); err != nil {
		return nil, err
	}
	if q.Emit == sql.EmitFinal {
		if q.Window == nil {
			return nil, errorf(q.EmitPos, "EMIT FINAL is only supported for windowed aggregations.")
		}
		agg.EmitFinal = true
	}
	if q.Window != nil {
		w, err := windowSpec(q.Window)
		if err != nil {
			return nil, err
		}
		if agg.EmitFinal && w.Grace < 0 {
			w.Grace = 0 // final results wait for no grace unless one is given
		}
		agg.Window = w
		agg.Out.Columns = append(agg.Out.Columns,
			Column{Name: "WINDOWSTART", Type: types.BigIntType, Role: PseudoColumn},
			Column{Name: "WINDOWEND", Type: types.BigIntType, Role: PseudoColumn})
	}
	post := newScope(src.Name, agg.Out)
	pb := &binder{sc: post, cat: cat}
	var nonAgg []string
	pb.subst = func(e sql.Expr) (Expr, error) {
		if isAggregateCall(e) {
			i := calls[sql.FormatExpr(e)]
			n := len(agg.GroupBy) + i
			return &ColumnRef{Index: n, Name: agg.Out.Columns[n].Name, T: agg.Out.Columns[n].Type}, nil
		}
		if i, ok := groupText[sql.FormatExpr(e)]; ok {
			return &ColumnRef{Index: i, Name: agg.Out.Columns[i].Name, T: agg.Out.Columns[i].Type}, nil
		}
		if ref, ok := e.(*sql.ColumnRef); ok {
			for i, g := range q.GroupBy {
				if gr, ok := g.(*sql.ColumnRef); ok && gr.Name.Name == ref.Name.Name {
					return &ColumnRef{Index: i, Name: agg.Out.Columns[i].Name, T: agg.Out.Columns[i].Type}, nil
				}
			}
			if ref.Name.Name == "WINDOWSTART" || ref.Name.Name == "WINDOWEND" {
				return nil, nil
			}
			if i, d := b.sc.resolve(ref); d == nil {
				// checkGrouping rejected real uses; keep the type so binding goes on.
				nonAgg = append(nonAgg, sql.FormatExpr(ref))
				return &Literal{Value: nil, T: b.sc.cols[i].Type}, nil
			}
		}
		return nil, nil
	}
	var root Node = agg
	if q.Having != nil {
		post.clause = "HAVING"
		pred, err := pb.boolean(q.Having)
		if err != nil {
			return nil, err
		}
		tf := &TableFilter{Input: root, Predicate: pred}
		for i, c := range agg.Out.Columns {
			if c.Role == KeyColumn || c.Name == "WINDOWSTART" || c.Name == "WINDOWEND" {
				tf.KeyColumns = append(tf.KeyColumns, i)
			}
		}
		root = tf
	}
	post.clause = "SELECT"
	proj, err := aggProjection(q.Select, pb)
	if err != nil {
		return nil, err
	}
	if len(nonAgg) > 0 {
		return nil, errorf(q.Pos(), "Non-aggregate SELECT expression(s) not part of GROUP BY: %s", strings.Join(nonAgg, ", "))
	}
	proj.Input = root
	p.root = proj
	// The result's key columns follow the GROUP BY order.
	for i := range agg.GroupBy {
		for j, e := range proj.Exprs {
			if ref, ok := e.(*ColumnRef); ok && ref.Index == i && proj.Out.Columns[j].Role == KeyColumn {
				p.keyOrder = append(p.keyOrder, proj.Out.Columns[j].Name)
				break
			}
		}
	}
	return p, nil
}

// checkAggSource rejects aggregates a table source or the value format
// cannot support, as ksqlDB does.
func checkAggSource(q *sql.Query, agg *Aggregate, src *Source) error {
	var notUndoable []string
	intermediate := false
	for _, c := range agg.Aggs {
		if f, ok := funcs.Lookup(c.Name); ok && !f.Undoable && src.Table {
			notUndoable = append(notUndoable, c.Name)
		}
		if c.Overload.Intermediate != nil {
			if t := c.Overload.Intermediate(c.Init.Args); t != nil && (t.Kind == types.Struct || t.Kind == types.Array || t.Kind == types.Map) {
				intermediate = true
			}
		}
	}
	if len(notUndoable) > 0 {
		list := notUndoable[0]
		if n := len(notUndoable); n > 1 {
			list = strings.Join(notUndoable[:n-1], ", ") + " and " + notUndoable[n-1]
		}
		return errorf(q.Pos(), "The aggregation functions %s cannot be applied to a table source, only to a stream source.", list)
	}
	if intermediate && src.ValueFormat.Name == "DELIMITED" {
		return errorf(q.Pos(), "One of the functions used in the statement has an intermediate type that the value format can not handle. Please remove the function or change the format.")
	}
	return nil
}

// groupColumnName names the key column of a grouping expression: the column
// for a plain reference, the alias of an identical select item, else KSQL_COL_i.
func groupColumnName(g sql.Expr, items []sql.SelectItem, i int) string {
	if ref, ok := g.(*sql.ColumnRef); ok {
		return ref.Name.Name
	}
	text := sql.FormatExpr(g)
	for _, it := range items {
		if se, ok := it.(*sql.SelectExpr); ok && se.Alias != nil && sql.FormatExpr(se.X) == text {
			return se.Alias.Name
		}
	}
	return fmt.Sprintf("KSQL_COL_%d", i)
}

// bindAggCall resolves an aggregate call: literal parameters become Init
// literals, the others are bound over the input rows.
func bindAggCall(c *sql.FuncCall, b *binder) (AggCall, *types.Type, error) {
	var args []Expr
	var argTypes []*types.Type
	if !c.Star {
		for _, a := range c.Args {
			x, err := b.expr(a)
			if err != nil {
				return AggCall{}, nil, err
			}
			args = append(args, x)
			argTypes = append(argTypes, x.Type())
		}
	}
	r, err := funcs.Resolve(c.Name.Name, argTypes)
	if err != nil {
		return AggCall{}, nil, errorf(c.Pos(), "%s", err)
	}
	call := AggCall{Name: r.Func.Name, Overload: r.Overload}
	call.Init.Args = r.Args
	call.Init.Literals = make([]types.Value, len(args))
	for i, x := range args {
		p := r.Overload.Params[min(i, len(r.Overload.Params)-1)]
		if p.Literal {
			lit, ok := x.(*Literal)
			if !ok {
				return AggCall{}, nil, errorf(c.Args[i].Pos(), "Parameter %d passed to function %s must be a literal constant, but was expression: '%s'", i+1, call.Name, sql.FormatExprKsql(c.Args[i]))
			}
			call.Init.Literals[i] = lit.Value
			continue
		}
		call.Args = append(call.Args, coerce(x, r.Args[i]))
	}
	return call, r.Return, nil
}

func windowSpec(w *sql.Window) (*WindowSpec, error) {
	s := &WindowSpec{Kind: w.Kind.String(), Size: w.Size.Millis, Advance: w.Size.Millis, Grace: -1}
	if w.Advance != nil {
		s.Advance = w.Advance.Millis
		if s.Advance <= 0 || s.Advance > s.Size {
			return nil, errorf(w.Advance.Pos(), "Window advance must be positive and no larger than the window size")
		}
	}
	if w.Grace != nil {
		s.Grace = w.Grace.Millis
	}
	if w.Retention != nil {
		s.Retention = w.Retention.Millis
	}
	if s.Size <= 0 {
		return nil, errorf(w.Size.Pos(), "Window size must be positive")
	}
	return s, nil
}

// aggProjection binds the select list over the aggregate's output.
func aggProjection(items []sql.SelectItem, b *binder) (*Project, error) {
	p := &Project{Out: &Schema{}}
	var generated []int
	for _, item := range items {
		se, ok := item.(*sql.SelectExpr)
		if !ok {
			return nil, errorf(item.Pos(), "SELECT * is not supported with GROUP BY")
		}
		e, err := b.expr(se.X)
		if err != nil {
			return nil, err
		}
		name := columnName(se)
		if name == "" {
			generated = append(generated, len(p.Exprs))
		}
		role := ValueColumn
		if ref, ok := e.(*ColumnRef); ok {
			switch b.sc.cols[ref.Index].Role {
			case KeyColumn:
				role = KeyColumn
			}
		}
		p.Exprs = append(p.Exprs, e)
		p.Out.Columns = append(p.Out.Columns, Column{Name: name, Type: e.Type(), Role: role})
	}
	nameGenerated(p.Out, generated)
	if err := checkOutputNames(p.Out); err != nil {
		return nil, err
	}
	// Windowed results carry their bounds for windowed keys even when the
	// select list does not show them.
	for _, name := range []string{"WINDOWSTART", "WINDOWEND"} {
		if i := b.sc.indexOf(name); i >= 0 && p.Out.Index(name) < 0 {
			c := b.sc.cols[i]
			p.Exprs = append(p.Exprs, &ColumnRef{Index: i, Name: name, T: c.Type})
			p.Out.Columns = append(p.Out.Columns, Column{Name: name, Type: c.Type, Role: PseudoColumn, Hidden: true})
		}
	}
	return p, nil
}

// indexOf returns the position of the first column named name, or -1.
func (sc *scope) indexOf(name string) int {
	for i, c := range sc.cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}
