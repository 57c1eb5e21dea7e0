package planner

import (
	"fmt"
	"slices"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// tableCall returns e as a call of a table function (EXPLODE...), if it is one.
func tableCall(e sql.Expr) (*sql.FuncCall, *funcs.Func, bool) {
	c, ok := e.(*sql.FuncCall)
	if !ok {
		return nil, nil, false
	}
	f, ok := funcs.Lookup(c.Name.Name)
	if !ok || f.Kind != funcs.Table {
		return nil, nil, false
	}
	return c, f, true
}

// hasTableCall reports whether e calls a table function anywhere.
func hasTableCall(e sql.Expr) bool {
	found := false
	walkSQL(e, func(x sql.Expr) bool {
		if _, _, ok := tableCall(x); ok {
			found = true
		}
		return !found
	})
	return found
}

// selectTableCalls lists the table function calls of the select list in
// order, enforcing ksqlDB's rules: no table function inside another or inside
// CASE.
func selectTableCalls(items []sql.SelectItem) ([]*sql.FuncCall, error) {
	var calls []*sql.FuncCall
	for _, it := range items {
		var x sql.Expr
		switch it := it.(type) {
		case *sql.SelectExpr:
			x = it.X
		case *sql.SelectStructStar:
			x = it.X
		}
		if err := findTableCalls(x, "", nil, &calls); err != nil {
			return nil, err
		}
	}
	return calls, nil
}

// findTableCalls appends the table function calls of e to calls; outer names
// the table function e is an argument of, within the CASE expression in.
func findTableCalls(e sql.Expr, outer string, in sql.Expr, calls *[]*sql.FuncCall) error {
	if e == nil {
		return nil
	}
	if c, f, ok := tableCall(e); ok {
		switch {
		case outer != "":
			return errorf(c.Pos(), "Table functions cannot be nested: %s(%s())", outer, f.Name)
		case in != nil:
			return errorf(c.Pos(), "Table functions cannot be used in CASE: %s", sql.FormatExpr(in))
		}
		*calls = append(*calls, c)
		outer = f.Name
	}
	if c, ok := e.(*sql.Case); ok && in == nil {
		in = c
	}
	for _, child := range sqlChildren(e) {
		if err := findTableCalls(child, outer, in, calls); err != nil {
			return err
		}
	}
	return nil
}

// rejectTableCalls is a binder substitution that refuses table functions in
// a clause other than the select list.
func rejectTableCalls(clause string) func(sql.Expr) (Expr, error) {
	return func(e sql.Expr) (Expr, error) {
		if c, f, ok := tableCall(e); ok {
			return nil, errorf(c.Pos(), "Table function %s cannot be used in %s: table functions are only allowed in the SELECT list", f.Name, clause)
		}
		return nil, nil
	}
}

// flatMapPlan is the table function step of a stream query.
type flatMapPlan struct {
	node *FlatMap
	sc   *scope                // resolves names over node's output
	cols map[*sql.FuncCall]int // the output column of each call
}

// buildFlatMap plans the table function calls over input, whose rows sc
// resolves. Each call's results get a column of its own, hidden from SELECT *.
func buildFlatMap(calls []*sql.FuncCall, input Node, sc *scope, cat *Catalog) (*flatMapPlan, error) {
	fm := &FlatMap{Input: input, Out: &Schema{Columns: slices.Clone(input.Schema().Columns)}}
	p := &flatMapPlan{node: fm, cols: map[*sql.FuncCall]int{}}
	b := &binder{sc: sc, cat: cat}
	for i, c := range calls {
		call, err := bindTableCall(c, b)
		if err != nil {
			return nil, err
		}
		p.cols[c] = len(fm.Out.Columns)
		fm.Calls = append(fm.Calls, call)
		fm.Out.Columns = append(fm.Out.Columns,
			Column{Name: fmt.Sprintf("KSQL_SYNTH_%d", i), Type: call.T, Role: PseudoColumn})
	}
	p.sc = extendScope(sc, fm.Out, "")
	return p, nil
}

// bindTableCall resolves one table function call with its arguments.
func bindTableCall(c *sql.FuncCall, b *binder) (TableCall, error) {
	if c.Star {
		return TableCall{}, errorf(c.Pos(), "%s(*) is only valid for COUNT", c.Name.Name)
	}
	args := make([]Expr, len(c.Args))
	argTypes := make([]*types.Type, len(c.Args))
	for i, a := range c.Args {
		x, err := b.expr(a)
		if err != nil {
			return TableCall{}, err
		}
		args[i], argTypes[i] = x, x.Type()
	}
	r, err := funcs.Resolve(c.Name.Name, argTypes)
	if err != nil {
		return TableCall{}, errorf(c.Pos(), "%s", err)
	}
	for i, t := range r.Args {
		args[i] = coerce(args[i], t)
	}
	return TableCall{Name: r.Func.Name, Overload: r.Overload, Args: args, T: r.Return}, nil
}

// subst replaces each planned table function call by its output column.
func (p *flatMapPlan) subst(e sql.Expr) (Expr, error) {
	c, ok := e.(*sql.FuncCall)
	if !ok {
		return nil, nil
	}
	i, ok := p.cols[c]
	if !ok {
		return nil, nil
	}
	col := p.node.Out.Columns[i]
	return &ColumnRef{Index: i, Name: col.Name, T: col.Type}, nil
}
