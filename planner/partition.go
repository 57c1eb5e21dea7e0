package planner

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// partitionPlan is the PARTITION BY step of a stream query, as ksqlDB plans
// it: after WHERE, before table functions and the projection.
type partitionPlan struct {
	rekey *Rekey
	sc    *scope   // resolves names over rekey's output
	exprs []Expr   // the bound PARTITION BY expressions, over rekey's input
	texts []string // the expressions as ksqlDB prints them in errors (INPUT.ID)
	star  []int    // the positions SELECT * expands to
}

// buildPartition plans PARTITION BY exprs over input, whose rows sc resolves;
// alias qualifies columns in error messages.
func buildPartition(exprs []sql.Expr, input Node, sc *scope, alias string, cat *Catalog, pos sql.Pos) (*partitionPlan, error) {
	if len(exprs) == 0 {
		return nil, errorf(pos, "PARTITION BY requires at least one expression")
	}
	null, err := partitionByNull(exprs)
	if err != nil {
		return nil, err
	}
	in := input.Schema()
	rk := &Rekey{Input: input, Out: &Schema{Columns: slices.Clone(in.Columns)}}
	for i := range rk.Out.Columns {
		if rk.Out.Columns[i].Role == KeyColumn {
			rk.Out.Columns[i].Role = ValueColumn
		}
	}
	p := &partitionPlan{rekey: rk}
	if !null {
		names := newAliasGen(in)
		for _, e := range exprs {
			x, err := bindPartitionExpr(e, sc, cat)
			if err != nil {
				return nil, err
			}
			if err := addKey(rk, e, x, names, in); err != nil {
				return nil, err
			}
			p.exprs = append(p.exprs, x)
			p.texts = append(p.texts, qualifiedSQL(e, alias))
		}
	}
	p.sc = extendScope(sc, rk.Out, alias)
	p.star = rekeyStar(in, rk)
	return p, nil
}

// partitionByNull reports PARTITION BY NULL, which must stand alone.
func partitionByNull(exprs []sql.Expr) (bool, error) {
	for _, e := range exprs {
		if _, ok := e.(*sql.NullLit); ok {
			if len(exprs) > 1 {
				return false, errorf(e.Pos(), "Cannot PARTITION BY multiple columns including NULL")
			}
			return true, nil
		}
	}
	return false, nil
}

// bindPartitionExpr binds one PARTITION BY expression over the query's input:
// output aliases are not visible there.
func bindPartitionExpr(e sql.Expr, sc *scope, cat *Catalog) (Expr, error) {
	saved := sc.clause
	sc.clause = "PARTITION BY"
	defer func() { sc.clause = saved }()
	b := &binder{sc: sc, cat: cat, subst: rejectTableCalls("PARTITION BY")}
	x, err := b.expr(e)
	var pe *Error
	if errors.As(err, &pe) {
		const prefix, suffix = "PARTITION BY column '", "' cannot be resolved."
		if name, ok := strings.CutPrefix(pe.Msg, prefix); ok && strings.HasSuffix(name, suffix) {
			name = strings.TrimSuffix(name, suffix)
			return nil, errorf(pe.Pos, "%s '%s' must be a column in the source schema since PARTITION BY is applied on the input.", pe.Msg, name)
		}
	}
	return x, err
}

// addKey makes the value of x a key column of rk: in place when the
// expression is a plain column, else appended as a new column.
func addKey(rk *Rekey, e sql.Expr, x Expr, names *aliasGen, in *Schema) error {
	if ref, ok := x.(*ColumnRef); ok && isColumnRef(e) {
		if slices.Contains(rk.Keys, ref.Index) {
			c := rk.Out.Columns[ref.Index]
			return errorf(e.Pos(), "Duplicate key columns found in schema: `%s` %s KEY", c.Name, c.Type)
		}
		rk.Out.Columns[ref.Index].Role = KeyColumn
		rk.Keys = append(rk.Keys, ref.Index)
		// Value columns are NULL in a tombstone already; pseudo and header
		// columns, which ksqlDB keeps in the value, must become NULL.
		if r := in.Columns[ref.Index].Role; r == PseudoColumn || r == HeaderColumn {
			rk.TombstoneNull = append(rk.TombstoneNull, ref.Index)
		}
		return nil
	}
	pos := len(rk.Out.Columns)
	rk.Exprs = append(rk.Exprs, x)
	rk.Out.Columns = append(rk.Out.Columns, Column{Name: names.next(e), Type: x.Type(), Role: KeyColumn})
	rk.Keys = append(rk.Keys, pos)
	if !readsKeyOnly(x, in) {
		rk.TombstoneNull = append(rk.TombstoneNull, pos)
	}
	return nil
}

func isColumnRef(e sql.Expr) bool {
	_, ok := e.(*sql.ColumnRef)
	return ok
}

// readsKeyOnly reports whether x reads no column but key columns of in: it
// can be computed for a record without a value.
func readsKeyOnly(x Expr, in *Schema) bool {
	only := true
	WalkExpr(x, func(e Expr) {
		if ref, ok := e.(*ColumnRef); ok && in.Columns[ref.Index].Role != KeyColumn {
			only = false
		}
	})
	return only
}

// rekeyStar orders the columns SELECT * yields after a re-key: the new keys,
// then the input's value and header columns, then its old key columns.
func rekeyStar(in *Schema, rk *Rekey) []int {
	star := slices.Clone(rk.Keys)
	for _, oldKeys := range []bool{false, true} {
		for i, c := range in.Columns {
			if c.Role != PseudoColumn && (c.Role == KeyColumn) == oldKeys && !slices.Contains(rk.Keys, i) {
				star = append(star, i)
			}
		}
	}
	return star
}

// extendScope returns a scope over s, whose first columns are those sc
// resolves (possibly with new roles) and whose further columns belong to
// source.
func extendScope(sc *scope, s *Schema, source string) *scope {
	out := &scope{clause: sc.clause, lambda: sc.lambda, ltypes: sc.ltypes}
	for i, c := range s.Columns {
		src := source
		if i < len(sc.cols) {
			src = sc.cols[i].Source
		}
		out.cols = append(out.cols, scopeColumn{Source: src, Column: c})
	}
	return out
}

// aliasGen names new key columns as ksqlDB does: a struct field keeps its
// field name (suffixed _1, _2... when taken), any other expression gets the
// next free KSQL_COL_n.
type aliasGen struct {
	used map[string]bool
	n    int
}

func newAliasGen(s *Schema) *aliasGen {
	g := &aliasGen{used: map[string]bool{}}
	for _, c := range s.Columns {
		g.used[c.Name] = true
	}
	return g
}

func (g *aliasGen) next(e sql.Expr) string {
	var name string
	if d, ok := e.(*sql.Deref); ok {
		name = d.Field.Name
		for i := 1; g.used[name]; i++ {
			name = fmt.Sprintf("%s_%d", d.Field.Name, i)
		}
	} else {
		for name = fmt.Sprintf("KSQL_COL_%d", g.n); g.used[name]; name = fmt.Sprintf("KSQL_COL_%d", g.n) {
			g.n++
		}
		g.n++
	}
	g.used[name] = true
	return name
}

// qualifiedSQL prints e with its column references qualified by source, as
// ksqlDB prints expressions in its messages (ABS(INPUT.ID)). It qualifies the
// references in place while printing and restores them before returning.
func qualifiedSQL(e sql.Expr, source string) string {
	var refs []*sql.ColumnRef
	collectRefs(e, nil, &refs)
	src := &sql.Ident{Name: source}
	for _, r := range refs {
		r.Source = src
	}
	defer func() {
		for _, r := range refs {
			r.Source = nil
		}
	}()
	return sql.FormatExpr(e)
}

// collectRefs gathers the unqualified column references of e that are not
// lambda parameters.
func collectRefs(e sql.Expr, params []string, out *[]*sql.ColumnRef) {
	switch x := e.(type) {
	case nil:
		return
	case *sql.ColumnRef:
		if x.Source == nil && !slices.Contains(params, x.Name.Name) {
			*out = append(*out, x)
		}
		return
	case *sql.Lambda:
		inner := slices.Clone(params)
		for _, p := range x.Params {
			inner = append(inner, p.Name)
		}
		collectRefs(x.Body, inner, out)
		return
	}
	for _, c := range sqlChildren(e) {
		if c != nil {
			collectRefs(c, params, out)
		}
	}
}
