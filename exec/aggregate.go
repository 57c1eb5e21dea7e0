package exec

import (
	"context"
	"slices"
	"strconv"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// aggregateOp folds rows into per-group aggregators and emits the group's
// updated row for every input row: the group values, the aggregate results,
// then WINDOWSTART and WINDOWEND when windowed. State lives in memory, bounded
// by the number of live groups (windows are evicted once past retention).
type aggregateOp struct {
	pl      *procLog
	node    *planner.Aggregate
	groupBy []Evaluator
	args    [][]Evaluator
	out     Emitter
	groups  map[string]*aggGroup
	windows *windowState // nil when not windowed
	prev    map[string]prevRow
	final   Batch // EMIT FINAL output
	// changes since the last checkpoint; nil when the task has no durable state
	dirty     map[string]*aggGroup
	prevDirty map[string]bool
	seq       int64 // groups created so far
	keyCols   []int // table input: the source key columns, to find retractions
	outB      Batch
	rows      rowArena // output rows
	// scratch for a stream row's group key, its encoding and the aggregate
	// arguments; copied only when the row starts a new group
	keyBuf  types.Row
	idBuf   []byte
	argsBuf [][]types.Value
}

// aggGroup is one group (and window) with its aggregators.
type aggGroup struct {
	key        types.Row
	id         string // its key in the operator's group map
	seq        int64  // creation order, to emit final results deterministically
	final      bool   // EMIT FINAL: the closed window's result was emitted
	aggs       []funcs.Aggregator
	start, end int64
	maxTime    int64 // windows: the latest record time folded in, the result's time
}

// prevRow is what a table row contributed, to retract on its update.
type prevRow struct {
	group string
	args  [][]types.Value
}

func newAggregate(pl *procLog, n *planner.Aggregate) (*aggregateOp, error) {
	gb, err := compileAll(n.GroupBy)
	if err != nil {
		return nil, err
	}
	op := &aggregateOp{pl: pl, node: n, groupBy: gb, groups: map[string]*aggGroup{}, prev: map[string]prevRow{},
		rows: rowArena{width: len(n.Out.Columns)}, keyBuf: make(types.Row, len(gb))}
	for _, c := range n.Aggs {
		a, err := compileAll(c.Args)
		if err != nil {
			return nil, err
		}
		op.args = append(op.args, a)
		op.argsBuf = append(op.argsBuf, make([]types.Value, len(a)))
	}
	if n.Window != nil {
		op.windows = newWindowState(n.Window)
	}
	if n.FromTable {
		for i, c := range n.Input.Schema().Columns {
			if c.Role == planner.KeyColumn {
				op.keyCols = append(op.keyCols, i)
			}
		}
	}
	return op, nil
}

func (a *aggregateOp) Open(_ context.Context, out Emitter) error {
	a.out = out
	return nil
}

func (a *aggregateOp) Advance(ctx context.Context, wm Watermark) error {
	return a.out.EmitWatermark(ctx, wm)
}

func (a *aggregateOp) Close() error { return nil }

func (a *aggregateOp) Process(ctx context.Context, _ int, b *Batch) error {
	a.outB.Reset(b.Topic, b.Partition)
	a.rows.expect(b.Len())
	if a.node.EmitFinal {
		a.final.Reset(b.Topic, b.Partition)
	}
	for i, row := range b.Rows {
		if a.node.FromTable {
			a.processTableRow(b, i)
			continue
		}
		if b.Tombstone[i] {
			continue
		}
		if a.windows != nil {
			if key, args, ok := a.evalRow(b, i, row, nil, nil); ok {
				a.addWindowed(b, i, key, args)
			}
			continue
		}
		key, args, ok := a.evalRow(b, i, row, a.keyBuf, a.argsBuf)
		if !ok {
			continue
		}
		a.idBuf = appendKey(a.idBuf[:0], key)
		g := a.groups[string(a.idBuf)]
		if g == nil {
			g = a.group(b, i, string(a.idBuf), slices.Clone(key))
		}
		if g != nil && a.fold(b, i, g, args, false) {
			a.emit(g, b.Times[i], b.Offsets[i])
		}
	}
	if a.node.EmitFinal {
		return a.emitClosed(ctx)
	}
	if a.outB.Len() == 0 {
		return nil
	}
	return a.out.Emit(ctx, &a.outB)
}

// evalRow computes the group key and the aggregate arguments of row i, into
// key and args when given (scratch the caller copies what it keeps of),
// else into new slices.
func (a *aggregateOp) evalRow(b *Batch, i int, row, key types.Row, args [][]types.Value) (types.Row, [][]types.Value, bool) {
	if key == nil {
		key = make(types.Row, len(a.groupBy))
	}
	for j, g := range a.groupBy {
		v, err := g(row, nil)
		if err != nil {
			a.pl.logRecord(b, i, "error evaluating GROUP BY expression: %v", err)
			return nil, nil, false
		}
		if v == nil {
			a.pl.logRecord(b, i, "GROUP BY expression %d is NULL: the record has no group and is dropped", j+1)
			return nil, nil, false
		}
		key[j] = v
	}
	if args == nil {
		args = make([][]types.Value, len(a.args))
		for j, evs := range a.args {
			args[j] = make([]types.Value, len(evs))
		}
	}
	for j, evs := range a.args {
		for k, ev := range evs {
			v, err := ev(row, nil)
			if err != nil {
				a.pl.logRecord(b, i, "error evaluating the arguments of %s: %v", a.node.Aggs[j].Name, err)
			}
			args[j][k] = v
		}
	}
	return key, args, true
}

// group returns the group for key, creating its aggregators.
func (a *aggregateOp) group(b *Batch, i int, id string, key types.Row) *aggGroup {
	if g, ok := a.groups[id]; ok {
		return g
	}
	a.seq++
	g := &aggGroup{key: key, id: id, seq: a.seq}
	for _, c := range a.node.Aggs {
		agg, err := c.Overload.NewAgg(c.Init)
		if err != nil {
			a.pl.logRecord(b, i, "cannot start %s: %v", c.Name, err)
			return nil
		}
		g.aggs = append(g.aggs, agg)
	}
	a.groups[id] = g
	return g
}

// fold adds (or, with remove, retracts) one row's arguments.
func (a *aggregateOp) fold(b *Batch, i int, g *aggGroup, args [][]types.Value, remove bool) bool {
	for j, agg := range g.aggs {
		var err error
		if remove {
			err = agg.Remove(args[j])
		} else {
			err = agg.Add(args[j])
		}
		if err != nil {
			a.pl.logRecord(b, i, "error in %s: %v", a.node.Aggs[j].Name, err)
			return false
		}
	}
	return true
}

// emit appends the group's current row to the output batch.
func (a *aggregateOp) emit(g *aggGroup, time, offset int64) {
	a.markGroup(g.id, g)
	row := a.rows.next()[:0]
	row = append(row, g.key...)
	for _, agg := range g.aggs {
		row = append(row, agg.Result())
	}
	if a.windows != nil {
		row = append(row, g.start, g.end)
	}
	a.outB.Append(row, time, offset, false)
}

// emitTombstone appends a deletion of the group's row.
func (a *aggregateOp) emitTombstone(g *aggGroup, time, offset int64) {
	row := make(types.Row, len(a.node.Out.Columns))
	copy(row, g.key)
	if a.windows != nil {
		row[len(row)-2], row[len(row)-1] = g.start, g.end
	}
	a.outB.Append(row, time, offset, true)
}

// processTableRow applies a table update: retract the key's previous row,
// then add the new one (a tombstone only retracts).
func (a *aggregateOp) processTableRow(b *Batch, i int) {
	row := b.Rows[i]
	srcKey := make(types.Row, len(a.keyCols))
	for j, c := range a.keyCols {
		srcKey[j] = row[c]
	}
	sk := encodeKey(srcKey)
	var key types.Row
	var args [][]types.Value
	ok := !b.Tombstone[i]
	if ok {
		key, args, ok = a.evalRow(b, i, row, nil, nil)
	}
	id := ""
	if ok {
		id = encodeKey(key)
	}
	if p, had := a.prev[sk]; had {
		delete(a.prev, sk)
		a.markPrev(sk)
		// An update within the same group emits once, after the add.
		if g := a.groups[p.group]; g != nil && a.fold(b, i, g, p.args, true) && p.group != id {
			a.emit(g, b.Times[i], b.Offsets[i])
		}
	}
	if !ok {
		return
	}
	g := a.group(b, i, id, key)
	if g != nil && a.fold(b, i, g, args, false) {
		a.prev[sk] = prevRow{group: id, args: args}
		a.markPrev(sk)
		a.emit(g, b.Times[i], b.Offsets[i])
	}
}

// encodeKey renders group values as a map key; the group's column types are
// fixed, so the type-tagged text is unique. Durable state stores groups
// under it: it must not change.
func encodeKey(key types.Row) string { return string(appendKey(nil, key)) }

// appendKey appends encodeKey's text to dst: each value as FormatValue
// renders it, then a zero byte.
func appendKey(dst []byte, key types.Row) []byte {
	for _, v := range key {
		switch x := v.(type) {
		case string:
			dst = append(dst, x...)
		case int64:
			dst = strconv.AppendInt(dst, x, 10)
		case int32:
			dst = strconv.AppendInt(dst, int64(x), 10)
		default:
			dst = append(dst, types.FormatValue(v, nil)...)
		}
		dst = append(dst, 0)
	}
	return dst
}
