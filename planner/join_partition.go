package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/sql"
)

// joinPartition is PARTITION BY over a stream join's rows: the partitioning
// expressions become the output's key in place of the join key. Rows need
// no moving: the key is what the sink writes.
type joinPartition struct {
	exprs []Expr
	texts []string    // as ksqlDB prints them in errors (qualified)
	refs  map[int]int // row position of a partitioning column → expression index
	names []string    // the new key columns' names when SELECT * yields them
}

// partitionBy binds PARTITION BY over the join's rows and makes its
// expressions the output key.
func (js *joinSelect) partitionBy(exprs []sql.Expr, b *binder) error {
	if js.tree.table {
		return errorf(exprs[0].Pos(), "Cannot repartition a TABLE source: PARTITION BY is only supported on streams")
	}
	p := &joinPartition{refs: map[int]int{}}
	saved := b.sc.clause
	b.sc.clause = "PARTITION BY"
	defer func() { b.sc.clause = saved }()
	generated := 0
	for i, e := range exprs {
		if _, ok := e.(*sql.NullLit); ok {
			return errorf(e.Pos(), "PARTITION BY NULL is not supported on joins")
		}
		x, err := b.expr(e)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("KSQL_COL_%d", generated)
		if ref, ok := x.(*ColumnRef); ok {
			p.refs[ref.Index] = i
			name = b.sc.cols[ref.Index].Source + "_" + b.sc.cols[ref.Index].Name
		} else {
			generated++
		}
		p.exprs = append(p.exprs, x)
		p.names = append(p.names, name)
		p.texts = append(p.texts, js.qualifiedText(e))
	}
	js.part = p
	js.keyAt = map[int]int{}
	js.key = &joinKeys{names: p.names, viable: p.texts, partitioned: true}
	return nil
}

// qualifiedText prints e with its columns qualified by their sources.
func (js *joinSelect) qualifiedText(e sql.Expr) string {
	refs := map[*sql.ColumnRef]*joinLeaf{}
	walkSQL(e, func(x sql.Expr) bool {
		if ref, ok := x.(*sql.ColumnRef); ok && ref.Source == nil {
			if l, err := js.from.resolveRef(ref, js.from.leaves, "PARTITION BY"); err == nil {
				refs[ref] = l
			}
		}
		return true
	})
	restore := qualifyRefs(refs)
	defer restore()
	return sql.FormatExprKsql(e)
}

// partitionKey reports which partitioning expression a bound select
// expression is, if any: the same column, or the same expression text.
func (p *joinPartition) partitionKey(e Expr) (int, bool) {
	if p == nil {
		return 0, false
	}
	if ref, ok := e.(*ColumnRef); ok {
		k, isKey := p.refs[ref.Index]
		return k, isKey
	}
	text := FormatExpr(e, nil)
	for k, x := range p.exprs {
		if _, isRef := x.(*ColumnRef); !isRef && x.Type().Equal(e.Type()) && FormatExpr(x, nil) == text {
			return k, true
		}
	}
	return 0, false
}

// partitionStar expands SELECT * after PARTITION BY as ksqlDB does: the new
// key columns, then per source its value columns, pseudo columns and former
// key columns, named SOURCE_COLUMN.
func (js *joinSelect) partitionStar(it *sql.SelectStar, add func(Expr, string, ColumnRole)) {
	p := js.part
	if it.Source == nil {
		for k, x := range p.exprs {
			add(x, p.names[k], KeyColumn)
		}
	}
	for _, l := range js.tree.leaves {
		if it.Source != nil && it.Source.Name != l.alias {
			continue
		}
		cols := l.scan.Out.Columns
		for _, pass := range []func(Column) bool{
			func(c Column) bool { return c.Role == ValueColumn || c.Role == HeaderColumn },
			func(c Column) bool {
				return c.Role == PseudoColumn && c.Name != "WINDOWSTART" && c.Name != "WINDOWEND"
			},
			func(c Column) bool { return c.Role == KeyColumn },
		} {
			for i, c := range cols {
				pos := js.start[l] + i
				if !pass(c) {
					continue
				}
				if k, isKey := p.refs[pos]; isKey {
					if it.Source != nil {
						add(p.exprs[k], p.names[k], KeyColumn)
					}
					continue
				}
				add(&ColumnRef{Index: pos, Name: c.Name, T: c.Type}, l.alias+"_"+c.Name, ValueColumn)
			}
		}
	}
}
