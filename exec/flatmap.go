package exec

import (
	"context"
	"fmt"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// flatMapBatch bounds the batches a flatMapOp emits: a table function may
// turn one row into many (CUBE_EXPLODE of 16 elements yields 65536), so the
// output goes downstream in pieces of at most this many rows.
const flatMapBatch = 1024

// flatMapOp runs table functions over each row (EXPLODE, CUBE_EXPLODE) and
// emits one row per produced value, zipping several calls: the input row
// extended with the i-th value of each call, NULL where a call produced
// fewer. Tombstones produce nothing; a row whose call fails is logged and
// produces nothing.
type flatMapOp struct {
	passWatermark
	pl      *procLog
	calls   []tableCall
	inWidth int
	width   int
	results [][]types.Value // per call, the values for the current row
	batch   Batch
}

// tableCall is one compiled table function call.
type tableCall struct {
	name    string
	args    []Evaluator
	buf     []types.Value
	explode func(args []types.Value) ([]types.Value, error)
}

func newFlatMap(pl *procLog, n *planner.FlatMap) (*flatMapOp, error) {
	op := &flatMapOp{pl: pl, width: len(n.Out.Columns), inWidth: len(n.Out.Columns) - len(n.Calls),
		results: make([][]types.Value, len(n.Calls))}
	for _, c := range n.Calls {
		if c.Overload == nil || c.Overload.Explode == nil {
			return nil, fmt.Errorf("exec: function %s is not a table function", c.Name)
		}
		args, err := compileAll(c.Args)
		if err != nil {
			return nil, err
		}
		op.calls = append(op.calls, tableCall{name: c.Name, args: args, buf: make([]types.Value, len(args)),
			explode: c.Overload.Explode})
	}
	return op, nil
}

func (f *flatMapOp) Open(_ context.Context, out Emitter) error {
	f.out = out
	return nil
}

func (f *flatMapOp) Process(ctx context.Context, _ int, b *Batch) error {
	f.batch.Reset(b.Topic, b.Partition)
	for i, row := range b.Rows {
		if b.Tombstone[i] || !f.explode(b, i, row) {
			continue
		}
		if err := f.emitRows(ctx, b, i, row); err != nil {
			return err
		}
	}
	return f.flush(ctx)
}

// explode runs every call on row i of b into f.results; it logs and reports
// false when one fails.
func (f *flatMapOp) explode(b *Batch, i int, row types.Row) bool {
	for j := range f.calls {
		c := &f.calls[j]
		vals, err := c.run(row)
		if err != nil {
			f.pl.logRecord(b, i, "error running table function %s: %v", c.name, err)
			clear(f.results)
			return false
		}
		f.results[j] = vals
	}
	return true
}

// emitRows appends the rows produced for input row i to the output batch,
// flushing it whenever it is full.
func (f *flatMapOp) emitRows(ctx context.Context, b *Batch, i int, row types.Row) error {
	n := 0
	for _, vals := range f.results {
		n = max(n, len(vals))
	}
	block := make([]types.Value, n*f.width)
	for k := range n {
		out := block[k*f.width : (k+1)*f.width : (k+1)*f.width]
		copy(out, row[:f.inWidth])
		for j, vals := range f.results {
			if k < len(vals) {
				out[f.inWidth+j] = vals[k]
			}
		}
		f.batch.Append(out, b.Times[i], b.Offsets[i], false)
		if f.batch.Len() >= flatMapBatch {
			if err := f.flush(ctx); err != nil {
				return err
			}
		}
	}
	clear(f.results)
	return nil
}

// flush emits the pending output rows, if any.
func (f *flatMapOp) flush(ctx context.Context) error {
	if f.batch.Len() == 0 {
		return nil
	}
	err := f.out.Emit(ctx, &f.batch)
	f.batch.Reset(f.batch.Topic, f.batch.Partition)
	return err
}

// run evaluates the call's arguments over row and calls the function.
func (c *tableCall) run(row types.Row) ([]types.Value, error) {
	defer clear(c.buf) // drop references to this row's values
	for i, a := range c.args {
		v, err := a(row, nil)
		if err != nil {
			return nil, err
		}
		c.buf[i] = v
	}
	return c.explode(c.buf)
}
