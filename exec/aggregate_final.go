package exec

import (
	"context"
	"sort"
)

// closeTime is when a window stops accepting records: its end plus the grace
// period; a session may also still grow by its gap until then.
func (w *windowState) closeTime(g *aggGroup) int64 {
	if w.spec.Kind == "SESSION" {
		return g.end + w.spec.Size + w.grace
	}
	return g.end + w.grace
}

// emitClosed emits, once, the result of every window closed by stream time,
// in order of closing (EMIT FINAL). The per-update rows built while processing
// the batch are discarded.
func (a *aggregateOp) emitClosed(ctx context.Context) error {
	w := a.windows
	var closed []*aggGroup
	for _, g := range a.groups {
		if !g.final && w.closeTime(g) <= w.streamTime {
			closed = append(closed, g)
		}
	}
	if len(closed) == 0 {
		return nil
	}
	sort.Slice(closed, func(i, j int) bool {
		ci, cj := w.closeTime(closed[i]), w.closeTime(closed[j])
		if ci != cj {
			return ci < cj
		}
		return closed[i].seq < closed[j].seq
	})
	a.outB.Reset(a.final.Topic, a.final.Partition)
	for _, g := range closed {
		g.final = true
		a.emit(g, g.maxTime, -1)
	}
	return a.out.Emit(ctx, &a.outB)
}
