package exec

import (
	"context"
	"slices"

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
	rows      rowArena   // output rows
	fanout    int        // output rows per input row at most (windows per record)
	box       types.Slab // the output batch's aggregate results
	boxing    int        // aggregates that box their results into box
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
	maxTime    int64       // windows: the latest record time folded in, the result's time
	marked     bool        // in the operator's dirty set
	slot       int         // windows: the index in the expiry heap
	kw         *keyWindows // time windows: the index entry of its key
	// start and end boxed once, for the rows the window emits
	startV, endV types.Value
}

// bounds returns the window's start and end as values.
func (g *aggGroup) bounds() (types.Value, types.Value) {
	if g.startV == nil {
		g.startV, g.endV = g.start, g.end
	}
	return g.startV, g.endV
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
		rows: rowArena{width: len(n.Out.Columns)}, keyBuf: make(types.Row, len(gb)), fanout: 1}
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
		if n.Window.Kind != "SESSION" && n.Window.Advance > 0 {
			op.fanout = int(min((n.Window.Size+n.Window.Advance-1)/n.Window.Advance, 64))
		}
	}
	for _, c := range n.Aggs {
		if agg, err := c.Overload.NewAgg(c.Init); err == nil {
			if _, ok := agg.(funcs.SlabResulter); ok {
				op.boxing++
			}
		}
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
	a.rows.expect(b.Len() * a.fanout)
	a.box = types.NewSlab(b.Len() * a.fanout * a.boxing)
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
			if key, args, ok := a.evalRow(b, i, row, a.keyBuf, a.argsBuf); ok {
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

// group returns the group for key, creating its aggregators.
func (a *aggregateOp) group(b *Batch, i int, id string, key types.Row) *aggGroup {
	if g, ok := a.groups[id]; ok {
		return g
	}
	return a.newGroup(b, i, id, key)
}

// newGroup creates the group id for key, with its aggregators, or logs why
// it cannot and returns nil.
func (a *aggregateOp) newGroup(b *Batch, i int, id string, key types.Row) *aggGroup {
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
	if !g.marked {
		a.markGroup(g.id, g)
	}
	row := a.rows.next()[:0]
	row = append(row, g.key...)
	for _, agg := range g.aggs {
		if r, ok := agg.(funcs.SlabResulter); ok {
			row = append(row, r.ResultIn(&a.box))
		} else {
			row = append(row, agg.Result())
		}
	}
	if a.windows != nil {
		start, end := g.bounds()
		row = append(row, start, end)
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
