package exec

import (
	"context"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// rekeyOp computes a stream's new key (PARTITION BY): it replaces each row of
// the batch, in place, by the row extended with the key expressions. For a
// tombstone the columns that derive from the missing value are NULL. A key
// expression that fails is logged and yields NULL; the row is kept.
type rekeyOp struct {
	passWatermark
	pl       *procLog
	exprs    []Evaluator
	names    []string // the appended columns, for log messages
	texts    []string // the key expressions, for log messages
	nullable []int    // positions NULL for a tombstone
	inWidth  int
	arena    rowArena
}

func newRekey(pl *procLog, n *planner.Rekey) (*rekeyOp, error) {
	exprs, err := compileAll(n.Exprs)
	if err != nil {
		return nil, err
	}
	width := len(n.Out.Columns)
	op := &rekeyOp{pl: pl, exprs: exprs, nullable: n.TombstoneNull, inWidth: width - len(exprs),
		arena: rowArena{width: width}}
	for i, e := range n.Exprs {
		op.names = append(op.names, n.Out.Columns[op.inWidth+i].Name)
		op.texts = append(op.texts, planner.FormatExpr(e, n.Input.Schema()))
	}
	return op, nil
}

func (r *rekeyOp) Open(_ context.Context, out Emitter) error {
	r.out = out
	return nil
}

func (r *rekeyOp) Process(ctx context.Context, _ int, b *Batch) error {
	r.arena.start(b.Len())
	for i, in := range b.Rows {
		b.Rows[i] = r.rekey(b, i, in)
	}
	return r.out.Emit(ctx, b)
}

// rekey builds the output row for input row i of b.
func (r *rekeyOp) rekey(b *Batch, i int, in types.Row) types.Row {
	out := r.arena.next()
	copy(out, in)
	for j, ev := range r.exprs {
		v, err := ev(in, nil)
		if err != nil {
			v = nil
			if !b.Tombstone[i] {
				r.pl.logRecord(b, i, "error computing new key column %s from expression %s: %v", r.names[j], r.texts[j], err)
			}
		}
		out[r.inWidth+j] = v
	}
	if b.Tombstone[i] {
		for _, pos := range r.nullable {
			out[pos] = nil
		}
	}
	return out
}
