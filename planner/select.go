package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// projectedKeys records where the key columns of a stateless query's input
// ended up in its projection, for the sink checks of persistent queries.
type projectedKeys struct {
	partitioned bool
	names       []string   // the input's key columns, in key order
	exprs       []string   // the PARTITION BY expressions as printed in errors
	aliases     [][]string // per key column, the output columns holding it
}

// selectPlan is the stateless part of a query over root: PARTITION BY, table
// functions, then the projection of the select list.
type selectPlan struct {
	proj      *Project
	keys      *projectedKeys
	keyOrder  []string // output key columns in PARTITION BY order
	nullKey   bool     // PARTITION BY NULL
	partition bool
}

// planSelect plans the non-aggregated rest of q over root, whose rows sc
// resolves under alias.
func planSelect(q *sql.Query, root Node, sc *scope, alias string, cat *Catalog) (*selectPlan, error) {
	sp := &selectPlan{partition: q.PartitionBy != nil}
	star := defaultStar(sc)
	var part *partitionPlan
	if q.PartitionBy != nil {
		p, err := buildPartition(q.PartitionBy, root, sc, alias, cat, q.Pos())
		if err != nil {
			return nil, err
		}
		part, root, sc, star = p, p.rekey, p.sc, p.star
		sp.nullKey = len(p.exprs) == 0
	}
	calls, err := selectTableCalls(q.Select)
	if err != nil {
		return nil, err
	}
	b := &binder{sc: sc, cat: cat}
	if len(calls) > 0 {
		fm, err := buildFlatMap(calls, root, sc, cat)
		if err != nil {
			return nil, err
		}
		root, sc = fm.node, fm.sc
		b = &binder{sc: sc, cat: cat, subst: fm.subst}
	}
	sc.clause = "SELECT"
	proj, err := buildProjection(q.Select, b, star, part)
	if err != nil {
		return nil, err
	}
	proj.Input = root
	sp.proj = proj
	sp.keys = keysOf(proj, sc, part)
	if part != nil {
		for _, a := range sp.keys.aliases {
			if len(a) > 0 {
				sp.keyOrder = append(sp.keyOrder, a[0])
			}
		}
	}
	return sp, nil
}

// defaultStar lists the columns SELECT * yields: the key columns, the window
// bounds of a windowed source, then the other non-pseudo columns.
func defaultStar(sc *scope) []int {
	var star []int
	for _, pass := range []func(Column) bool{
		func(c Column) bool { return c.Role == KeyColumn },
		func(c Column) bool {
			return c.Role == PseudoColumn && (c.Name == "WINDOWSTART" || c.Name == "WINDOWEND")
		},
		func(c Column) bool { return c.Role != KeyColumn && c.Role != PseudoColumn },
	} {
		for i, c := range sc.cols {
			if pass(c.Column) {
				star = append(star, i)
			}
		}
	}
	return star
}

// buildProjection binds the select list with b; SELECT * yields the columns at
// star. A column the projection's input has as a key stays a key column of
// the output, and so does a select expression equal to a PARTITION BY
// expression (as in ksqlDB, only the whole expression counts).
func buildProjection(items []sql.SelectItem, b *binder, star []int, part *partitionPlan) (*Project, error) {
	sc := b.sc
	p := &Project{Out: &Schema{}}
	var generated []int // positions needing a KSQL_COL_n name
	add := func(e Expr, name string) {
		role := ValueColumn
		if ref, ok := e.(*ColumnRef); ok && sc.cols[ref.Index].Role == KeyColumn {
			role = KeyColumn
		}
		if ref, ok := e.(*ColumnRef); ok && isWindowBound(sc.cols[ref.Index].Column) && name == ref.Name {
			role = PseudoColumn // a windowed key's bound: shown, but carried by the key
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
			for _, i := range star {
				c := sc.cols[i]
				if it.Source == nil || c.Source == it.Source.Name {
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
			add(part.match(e), columnName(it))
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

// match returns a reference to the key column of the PARTITION BY
// expression e equals, else e.
func (p *partitionPlan) match(e Expr) Expr {
	if p == nil {
		return e
	}
	text := FormatExpr(e, nil)
	for i, x := range p.exprs {
		if x.Type().Equal(e.Type()) && FormatExpr(x, nil) == text {
			pos := p.rekey.Keys[i]
			c := p.rekey.Out.Columns[pos]
			return &ColumnRef{Index: pos, Name: c.Name, T: c.Type}
		}
	}
	return e
}

// keysOf finds the output columns holding each key column of the
// projection's input.
func keysOf(proj *Project, sc *scope, part *partitionPlan) *projectedKeys {
	k := &projectedKeys{}
	var positions []int
	if part != nil {
		k.partitioned, k.exprs, positions = true, part.texts, part.rekey.Keys
	} else {
		for i, c := range sc.cols {
			if c.Role == KeyColumn {
				positions = append(positions, i)
			}
		}
	}
	for _, pos := range positions {
		var aliases []string
		for j, e := range proj.Exprs {
			if ref, ok := e.(*ColumnRef); ok && ref.Index == pos {
				aliases = append(aliases, proj.Out.Columns[j].Name)
			}
		}
		k.names = append(k.names, sc.cols[pos].Name)
		k.aliases = append(k.aliases, aliases)
	}
	return k
}

// isWindowBound reports whether c is WINDOWSTART or WINDOWEND of a windowed input.
func isWindowBound(c Column) bool {
	return c.Role == PseudoColumn && (c.Name == "WINDOWSTART" || c.Name == "WINDOWEND")
}
