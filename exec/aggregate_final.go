package exec

import (
	"container/heap"
	"context"
	"slices"

	"github.com/streamsql/streamsql/types"
)

// EMIT FINAL follows Kafka Streams' emit-on-window-close strategy, which
// ksqlDB uses. After each record that advances stream time, the windows it
// closes are emitted once, with their final value and their latest record
// time (a session's end):
//
//   - a time window closes when its end <= stream time - grace; it is
//     emitted only if its start is still within the store's retention of the
//     latest window start, stream time rounded down to the advance: start >=
//     that - retention. A window left behind by a jump of stream time larger
//     than the advance is dropped silently, as Kafka Streams does;
//   - a session closes when its end < stream time - grace - gap.
//
// Windows closed by one record are emitted in store order: by start (a
// session by end), then key, then start.

// pendingHeap holds the windows not yet closed, earliest end first. Entries
// of merged or evicted groups go stale and are skipped when popped.
type pendingHeap []*aggGroup

func (h pendingHeap) Len() int           { return len(h) }
func (h pendingHeap) Less(i, j int) bool { return h[i].end < h[j].end }
func (h pendingHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pendingHeap) Push(x any)        { *h = append(*h, x.(*aggGroup)) }
func (h *pendingHeap) Pop() any {
	old := *h
	g := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return g
}

// trackWindow starts watching a new window for its eviction and, with EMIT
// FINAL, its close.
func (a *aggregateOp) trackWindow(g *aggGroup) {
	heap.Push(&a.windows.expiry, g)
	if a.node.EmitFinal {
		heap.Push(&a.windows.pending, g)
	}
}

// indexWindows fills the expiry and pending heaps from the groups once,
// after state is loaded.
func (a *aggregateOp) indexWindows() {
	w := a.windows
	if w.indexed {
		return
	}
	w.indexed = true
	for _, g := range a.groups {
		g.slot = len(w.expiry)
		w.expiry = append(w.expiry, g)
		if w.spec.Kind != "SESSION" {
			w.indexKey(g)
		}
		if a.node.EmitFinal && !g.final {
			w.pending = append(w.pending, g)
		}
	}
	heap.Init(&w.expiry)
	heap.Init(&w.pending)
}

// closeWindows emits, into the final batch, every window that the stream
// time reached by row i of b closes.
func (a *aggregateOp) closeWindows(b *Batch, i int) {
	w := a.windows
	session := w.spec.Kind == "SESSION"
	var closeAt int64 // windows ending at or before closeAt are closed
	if session {
		closeAt = w.streamTime - w.grace - w.spec.Size - 1
	} else {
		closeAt = w.streamTime - w.grace
	}
	var closed []*aggGroup
	for w.pending.Len() > 0 && w.pending[0].end <= closeAt {
		g := heap.Pop(&w.pending).(*aggGroup)
		if g.final || a.groups[g.id] != g {
			continue
		}
		g.final = true
		a.markGroup(g.id, g)
		if session || g.start >= w.latestStart()-w.retention {
			closed = append(closed, g)
		}
	}
	slices.SortFunc(closed, func(x, y *aggGroup) int {
		tx, ty := x.start, y.start
		if session {
			tx, ty = x.end, y.end
		}
		if tx != ty {
			return cmpInt(tx, ty)
		}
		if c := compareKeys(x.key, y.key); c != 0 {
			return c
		}
		if x.start != y.start {
			return cmpInt(x.start, y.start)
		}
		return cmpInt(x.seq, y.seq)
	})
	for _, g := range closed {
		row := make(types.Row, 0, len(a.node.Out.Columns))
		row = append(row, g.key...)
		for _, agg := range g.aggs {
			row = append(row, agg.Result())
		}
		row = append(row, g.start, g.end)
		a.final.Append(row, g.maxTime, b.Offsets[i], false)
	}
}

// latestStart is the start of the latest window holding stream time: the
// time the window store has observed.
func (w *windowState) latestStart() int64 {
	t, adv := w.streamTime, w.spec.Advance
	r := t % adv
	if r < 0 {
		r += adv
	}
	return t - r
}

// emitClosed sends the final results gathered while processing a batch; the
// per-update rows built meanwhile are discarded.
func (a *aggregateOp) emitClosed(ctx context.Context) error {
	if a.final.Len() == 0 {
		return nil
	}
	return a.out.Emit(ctx, &a.final)
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
