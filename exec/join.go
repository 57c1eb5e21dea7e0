package exec

import (
	"context"
	"fmt"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Input ports of a join.
const (
	leftPort  = 0
	rightPort = 1
)

// joinOp runs a planner.Join: rows of the left input arrive on port 0, rows
// of the right input on port 1, in the order the task consumes them. Its
// state lives in memory and is bounded: stream sides by the join window plus
// grace, table sides by the number of live keys.
//
// A side keyed on something else than its record key is re-keyed here, by
// evaluating its key expressions: the task consumes every partition of its
// sources, so co-partitioning needs no repartition topic.
type joinOp struct {
	joinCore
	out   Emitter
	wm    Watermark
	wmSet bool
	impl  joinState
}

// joinState is one kind of join: it takes each input row in turn and
// appends what the row produces to the output batch.
type joinState interface {
	process(in int, b *Batch, i int)
}

// joinCore is what every kind of join shares: key evaluation and the
// layout of output rows (key, left row, right row).
type joinCore struct {
	pl        *procLog
	node      *planner.Join
	keys      [2][]Evaluator
	leftWidth int
	width     int
	outB      Batch
}

func newJoin(pl *procLog, n *planner.Join) (*joinOp, error) {
	j := &joinOp{joinCore: joinCore{pl: pl, node: n, leftWidth: len(n.Left.Schema().Columns), width: len(n.Out.Columns)}}
	for side, exprs := range [][]planner.Expr{n.LeftKey, n.RightKey} {
		evs, err := compileAll(exprs)
		if err != nil {
			return nil, fmt.Errorf("exec: join key: %w", err)
		}
		j.keys[side] = evs
	}
	switch n.Kind {
	case planner.StreamStreamJoin:
		if n.Window == nil {
			return nil, fmt.Errorf("exec: stream-stream join without a window")
		}
		j.impl = newWindowJoin(&j.joinCore)
	case planner.StreamTableJoin:
		j.impl = newLookupJoin(&j.joinCore)
	case planner.TableTableJoin:
		j.impl = newTableJoin(&j.joinCore)
	case planner.ForeignKeyJoin:
		j.impl = newForeignJoin(&j.joinCore)
	default:
		return nil, fmt.Errorf("exec: unknown join kind %d", n.Kind)
	}
	return j, nil
}

func (j *joinOp) Open(_ context.Context, out Emitter) error {
	j.out = out
	return nil
}

// Process joins each row of b, which arrived on port in, and emits what
// the rows produced as one batch.
func (j *joinOp) Process(ctx context.Context, in int, b *Batch) error {
	j.outB.Reset(b.Topic, b.Partition)
	for i := range b.Rows {
		j.impl.process(in, b, i)
	}
	if j.outB.Len() == 0 {
		return nil
	}
	return j.out.Emit(ctx, &j.outB)
}

// Advance forwards the highest watermark of either input: the join's state
// follows record times, not watermarks.
func (j *joinOp) Advance(ctx context.Context, wm Watermark) error {
	if j.wmSet && wm <= j.wm {
		return nil
	}
	j.wm, j.wmSet = wm, true
	return j.out.EmitWatermark(ctx, wm)
}

func (j *joinOp) Close() error { return nil }

// key evaluates the join key of row i of b on side. It reports false when
// the row cannot join: a key value is NULL or fails to evaluate.
func (c *joinCore) key(side int, b *Batch, i int) (types.Row, string, bool) {
	evs := c.keys[side]
	key := make(types.Row, len(evs))
	for k, ev := range evs {
		v, err := ev(b.Rows[i], nil)
		if err != nil {
			c.pl.logRecord(b, i, "error evaluating the join key: %v", err)
			return nil, "", false
		}
		if v == nil {
			return nil, "", false
		}
		key[k] = v
	}
	return key, encodeKey(key), true
}

// emit appends the joined row of key, left and right (nil: NULLs).
func (c *joinCore) emit(key, left, right types.Row, time, offset int64) {
	row := make(types.Row, c.width)
	copy(row, key)
	off := c.node.KeyCols
	if left != nil {
		copy(row[off:], left)
	}
	if right != nil {
		copy(row[off+c.leftWidth:], right)
	}
	c.outB.Append(row, time, offset, false)
}

// emitPair emits the row of a join side's row and the other side's.
func (c *joinCore) emitPair(side int, key, this, other types.Row, time, offset int64) {
	if side == leftPort {
		c.emit(key, this, other, time, offset)
	} else {
		c.emit(key, other, this, time, offset)
	}
}

// emitDelete appends a tombstone for key.
func (c *joinCore) emitDelete(key types.Row, time, offset int64) {
	row := make(types.Row, c.width)
	copy(row, key)
	c.outB.Append(row, time, offset, true)
}

// outer reports whether side's rows are kept when nothing matches them.
func (c *joinCore) outer(side int) bool {
	if side == leftPort {
		return c.node.Type.LeftOuter()
	}
	return c.node.Type.RightOuter()
}

// compareKeys orders join keys: by value, falling back to their encoding
// for values without an order.
func compareKeys(a, b types.Row) int {
	for i := range min(len(a), len(b)) {
		c, err := types.Compare(a[i], b[i])
		if err != nil {
			ea, eb := encodeKey(a[i:i+1]), encodeKey(b[i:i+1])
			switch {
			case ea < eb:
				c = -1
			case ea > eb:
				c = 1
			}
		}
		if c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}
