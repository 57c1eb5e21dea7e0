package exec

import (
	"context"
	"strconv"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// filterOp passes the rows for which its predicate is TRUE, compacting the
// batch in place. A predicate that fails is logged and its row dropped.
// Tombstones never pass: their value columns are NULL (ksqlDB drops
// null-value records at a stream filter).
type filterOp struct {
	passWatermark
	pl   *procLog
	pred Evaluator
}

func newFilter(pl *procLog, n *planner.Filter) (*filterOp, error) {
	pred, err := Compile(n.Predicate)
	if err != nil {
		return nil, err
	}
	return &filterOp{pl: pl, pred: pred}, nil
}

func (f *filterOp) Open(_ context.Context, out Emitter) error {
	f.out = out
	return nil
}

func (f *filterOp) Process(ctx context.Context, _ int, b *Batch) error {
	j := 0
	for i, row := range b.Rows {
		if b.Tombstone[i] {
			continue
		}
		v, err := f.pred(row, nil)
		if err != nil {
			f.pl.logRecord(b, i, "error evaluating predicate: %v", err)
			continue
		}
		if v == true {
			b.move(i, j)
			j++
		}
	}
	b.truncate(j)
	if j == 0 {
		return nil
	}
	return f.out.Emit(ctx, b)
}

// projectOp evaluates its expressions over each row, replacing the batch's
// rows in place; event times, offsets and tombstone flags are kept. An
// expression that fails is logged and yields NULL for that column.
type projectOp struct {
	passWatermark
	pl    *procLog
	exprs []Evaluator
	names []string
	arena rowArena
	// prefix: the expressions are the input's first columns in order, so
	// an output row is a view of the input row's prefix (e.g. SELECT *).
	prefix bool
}

func newProject(pl *procLog, n *planner.Project) (*projectOp, error) {
	exprs, err := compileAll(n.Exprs)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(exprs))
	for i := range names {
		names[i] = "#" + strconv.Itoa(i)
		if n.Out != nil && i < len(n.Out.Columns) {
			names[i] = n.Out.Columns[i].Name
		}
	}
	return &projectOp{pl: pl, exprs: exprs, names: names, arena: rowArena{width: len(exprs)},
		prefix: isPrefix(n.Exprs)}, nil
}

// isPrefix reports whether exprs are references to columns 0, 1, ... in order.
func isPrefix(exprs []planner.Expr) bool {
	for i, e := range exprs {
		if c, ok := e.(*planner.ColumnRef); !ok || c.Index != i {
			return false
		}
	}
	return len(exprs) > 0
}

func (p *projectOp) Open(_ context.Context, out Emitter) error {
	p.out = out
	return nil
}

func (p *projectOp) Process(ctx context.Context, _ int, b *Batch) error {
	if p.prefix && p.viewPrefixes(b) {
		return p.out.Emit(ctx, b)
	}
	p.arena.start(b.Len())
	for i, in := range b.Rows {
		b.Rows[i] = p.project(b, i, in)
	}
	return p.out.Emit(ctx, b)
}

// viewPrefixes replaces each row by a view of its first columns, without
// copying: rows are never modified once emitted, so sharing is safe. It
// reports false, changing nothing, when some row is too short, which
// project then reports per row.
func (p *projectOp) viewPrefixes(b *Batch) bool {
	n := len(p.exprs)
	for _, in := range b.Rows {
		if len(in) < n {
			return false
		}
	}
	for i, in := range b.Rows {
		b.Rows[i] = in[:n:n]
	}
	return true
}

// project computes the output row for input row i of b.
func (p *projectOp) project(b *Batch, i int, in types.Row) types.Row {
	out := p.arena.next()
	for j, ev := range p.exprs {
		v, err := ev(in, nil)
		if err != nil {
			v = nil
			if !b.Tombstone[i] { // a tombstone's value is NULL anyway
				p.pl.logRecord(b, i, "error computing expression for column %s: %v", p.names[j], err)
			}
		}
		out[j] = v
	}
	return out
}
