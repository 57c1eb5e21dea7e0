package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// joinSelect projects the select list over a join's rows.
type joinSelect struct {
	from  *joinFrom
	tree  *joinNode
	key   *joinKeys
	keyAt map[int]int // positions of the source columns the key stands for → key column
	start map[*joinLeaf]int
	part  *joinPartition // PARTITION BY, which replaces the join key
}

func newJoinSelect(f *joinFrom, tree *joinNode) *joinSelect {
	js := &joinSelect{from: f, tree: tree, key: tree.key, keyAt: map[int]int{}, start: map[*joinLeaf]int{}}
	for i, c := range tree.cols {
		if l := f.leaf(c.Source); l != nil && c.Source != "" {
			if _, seen := js.start[l]; !seen {
				js.start[l] = i
			}
		}
	}
	if js.key.synthetic {
		js.keyAt[0] = 0
	}
	for k, v := range js.key.sources {
		js.keyAt[js.start[v.leaf]+v.leaf.scan.Out.Index(v.name)] = k
	}
	return js
}

// selects reports whether items select a source column, by a plain
// reference or a star covering it.
func selects(items []sql.SelectItem, f *joinFrom) func(viable) bool {
	return func(v viable) bool {
		for _, it := range items {
			switch it := it.(type) {
			case *sql.SelectStar:
				if it.Source == nil || it.Source.Name == v.leaf.alias {
					return true
				}
			case *sql.SelectExpr:
				ref, ok := it.X.(*sql.ColumnRef)
				if !ok || ref.Name.Name != v.name {
					continue
				}
				if ref.Source != nil {
					if ref.Source.Name == v.leaf.alias {
						return true
					}
					continue
				}
				if l, err := f.resolveRef(ref, f.leaves, "SELECT"); err == nil && l == v.leaf {
					return true
				}
			}
		}
		return false
	}
}

// nameItems returns the select list with ksqlDB's join aliases made
// explicit: a column reference is named SOURCE_COLUMN when several sources
// have a column of that name, else COLUMN.
func nameItems(items []sql.SelectItem, f *joinFrom) []sql.SelectItem {
	out := make([]sql.SelectItem, len(items))
	for i, it := range items {
		out[i] = it
		se, ok := it.(*sql.SelectExpr)
		if !ok || se.Alias != nil {
			continue
		}
		ref, ok := se.X.(*sql.ColumnRef)
		if !ok {
			continue
		}
		name := ref.Name.Name
		if ref.Source != nil && f.clashes(name) {
			name = ref.Source.Name + "_" + name
		}
		c := *se
		c.Alias = &sql.Ident{Span: ref.Span, Name: name}
		out[i] = &c
	}
	return out
}

// clashes reports whether several sources have a column named name.
func (f *joinFrom) clashes(name string) bool {
	n := 0
	for _, l := range f.leaves {
		if l.hasColumn(name) {
			n++
		}
	}
	return n > 1
}

// queryExprs lists the expressions of the query's clauses.
func queryExprs(q *sql.Query) []sql.Expr {
	var exprs []sql.Expr
	for _, it := range q.Select {
		switch it := it.(type) {
		case *sql.SelectExpr:
			exprs = append(exprs, it.X)
		case *sql.SelectStructStar:
			exprs = append(exprs, it.X)
		}
	}
	exprs = append(exprs, q.Where, q.Having)
	return append(exprs, q.GroupBy...)
}

// checkQualifiers rejects column references qualified by a name that is
// none of the sources' (ksqlDB checks this before anything else).
func (f *joinFrom) checkQualifiers(q *sql.Query) error {
	exprs := queryExprs(q)
	for _, cl := range f.clauses {
		exprs = append(exprs, cl.on)
	}
	var err error
	for _, e := range exprs {
		walkSQL(e, func(x sql.Expr) bool {
			if ref, ok := x.(*sql.ColumnRef); ok && ref.Source != nil && err == nil && f.leaf(ref.Source.Name) == nil {
				err = errorf(ref.Pos(), "Failed to prepare statement: '%s' is not a valid stream/table name or alias.", ref.Source.Name)
			}
			return err == nil
		})
	}
	return err
}

// checkAmbiguous reports an unqualified reference in the query's clauses
// that several sources could satisfy, with ksqlDB's message.
func (f *joinFrom) checkAmbiguous(q *sql.Query) error {
	var err error
	for _, e := range queryExprs(q) {
		walkSQL(e, func(x sql.Expr) bool {
			if _, ok := x.(*sql.Lambda); ok || err != nil {
				return false
			}
			if ref, ok := x.(*sql.ColumnRef); ok && ref.Source == nil {
				var found []*joinLeaf
				for _, l := range f.leaves {
					if l.hasColumn(ref.Name.Name) {
						found = append(found, l)
					}
				}
				if len(found) > 1 {
					err = ambiguous(ref, found)
				}
			}
			return true
		})
	}
	return err
}

// project binds the select list over the join's rows (through b). A plain
// reference to a column the key stands for selects the key.
func (js *joinSelect) project(items []sql.SelectItem, b *binder) (*Project, error) {
	p := &Project{Out: &Schema{}}
	var generated []int
	add := func(e Expr, name string, role ColumnRole) {
		if name == "" {
			generated = append(generated, len(p.Exprs))
		}
		p.Exprs = append(p.Exprs, e)
		p.Out.Columns = append(p.Out.Columns, Column{Name: name, Type: e.Type(), Role: role})
	}
	for _, item := range items {
		switch it := item.(type) {
		case *sql.SelectStar:
			if it.Source != nil && js.from.leaf(it.Source.Name) == nil {
				return nil, errorf(it.Pos(), "'%s' is not a valid stream/table name or alias.", it.Source.Name)
			}
			if js.part != nil {
				js.partitionStar(it, add)
				continue
			}
			js.star(it, add)
		case *sql.SelectExpr:
			e, err := b.expr(it.X)
			if err != nil {
				return nil, err
			}
			if e.Type().Kind == types.Unknown {
				return nil, errorf(it.Pos(), "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).")
			}
			role := ValueColumn
			if ref, ok := e.(*ColumnRef); ok {
				if k, isKey := js.keyAt[ref.Index]; isKey {
					e, role = js.keyRef(k), KeyColumn
				}
			}
			if _, isKey := js.part.partitionKey(e); isKey {
				role = KeyColumn
			}
			add(e, columnName(it), role)
		case *sql.SelectStructStar:
			e, err := b.expr(it.X)
			if err != nil {
				return nil, err
			}
			if e.Type().Kind != types.Struct {
				return nil, errorf(it.Pos(), "Expected STRUCT type, found %s", e.Type())
			}
			for i, f := range e.Type().Fields {
				add(&Deref{Base: e, Field: i, Name: f.Name, T: f.Type}, f.Name, ValueColumn)
			}
		}
	}
	nameGenerated(p.Out, generated)
	if err := checkOutputNames(p.Out); err != nil {
		return nil, err
	}
	js.windowBounds(p)
	js.keyAliases(p)
	return p, nil
}

func (js *joinSelect) keyRef(k int) *ColumnRef {
	c := js.tree.node.Schema().Columns[k]
	return &ColumnRef{Index: k, Name: c.Name, T: c.Type}
}

// star expands * or SOURCE.*: per source its key columns, window bounds,
// then value columns, named SOURCE_COLUMN; a bare * starts with a synthetic
// key.
func (js *joinSelect) star(it *sql.SelectStar, add func(Expr, string, ColumnRole)) {
	if it.Source == nil && js.key.synthetic {
		add(js.keyRef(0), js.key.names[0], KeyColumn)
	}
	for _, l := range js.tree.leaves {
		if it.Source != nil && it.Source.Name != l.alias {
			continue
		}
		cols := l.scan.Out.Columns
		for _, pass := range []func(Column) bool{
			func(c Column) bool { return c.Role == KeyColumn },
			func(c Column) bool {
				return c.Role == PseudoColumn && (c.Name == "WINDOWSTART" || c.Name == "WINDOWEND")
			},
			func(c Column) bool { return c.Role == ValueColumn || c.Role == HeaderColumn },
		} {
			for i, c := range cols {
				if !pass(c) {
					continue
				}
				pos := js.start[l] + i
				name := l.alias + "_" + c.Name
				if k, isKey := js.keyAt[pos]; isKey {
					add(js.keyRef(k), name, KeyColumn)
					continue
				}
				add(&ColumnRef{Index: pos, Name: c.Name, T: c.Type}, name, ValueColumn)
			}
		}
	}
}

// windowBounds carries the window of a windowed join's key to the output,
// for windowed sinks, unless the projection names them already.
func (js *joinSelect) windowBounds(p *Project) {
	if js.tree.window == "" || js.key.fkSource != "" {
		return
	}
	n := len(js.key.names)
	for i, name := range []string{"WINDOWSTART", "WINDOWEND"} {
		if p.Out.Index(name) >= 0 {
			continue
		}
		p.Exprs = append(p.Exprs, js.keyRef(n+i))
		p.Out.Columns = append(p.Out.Columns, Column{Name: name, Type: types.BigIntType, Role: PseudoColumn})
	}
}

// keyAliases records which output columns hold each key column.
func (js *joinSelect) keyAliases(p *Project) {
	js.key.aliases = make([][]string, len(js.key.names))
	for j, e := range p.Exprs {
		if p.Out.Columns[j].Role != KeyColumn {
			continue
		}
		k, isKey := js.part.partitionKey(e)
		if ref, ok := e.(*ColumnRef); ok && js.part == nil && ref.Index < len(js.key.names) {
			k, isKey = ref.Index, true
		}
		if isKey {
			js.key.aliases[k] = append(js.key.aliases[k], p.Out.Columns[j].Name)
		}
	}
}
