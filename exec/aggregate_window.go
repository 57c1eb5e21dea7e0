package exec

import (
	"container/heap"
	"slices"
	"strconv"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// defaultGrace is the grace period of a window without GRACE PERIOD: 24 hours,
// as Kafka Streams (and so ksqlDB) use.
const defaultGrace = 24 * 60 * 60 * 1000

// windowState is the event-time bookkeeping of a windowed aggregation.
type windowState struct {
	spec       *planner.WindowSpec
	grace      int64
	retention  int64
	streamTime int64
	sinceEvict int
	sessions   map[string][]string    // SESSION: group key → ids of its sessions
	byKey      map[string]*keyWindows // HOPPING, TUMBLING: group key → its windows
	pending    pendingHeap            // EMIT FINAL: windows not yet closed
	expiry     windowHeap             // every window, for eviction
	indexed    bool                   // pending and expiry hold the loaded groups
}

func newWindowState(s *planner.WindowSpec) *windowState {
	w := &windowState{spec: s, grace: s.Grace, streamTime: -1, sessions: map[string][]string{},
		byKey: map[string]*keyWindows{}}
	if w.grace < 0 {
		w.grace = defaultGrace
	}
	w.retention = max(s.Retention, s.Size+w.grace)
	return w
}

// open reports whether a window ending at end still accepts records.
func (w *windowState) open(end int64) bool { return end > w.streamTime-w.grace }

// addWindowed folds row i into every window it belongs to. key and args
// are scratch: what a new group keeps is copied.
func (a *aggregateOp) addWindowed(b *Batch, i int, key types.Row, args [][]types.Value) {
	w := a.windows
	a.indexWindows()
	ts, before := b.Times[i], w.streamTime
	w.streamTime = max(w.streamTime, ts)
	if w.spec.Kind == "SESSION" {
		a.addSession(b, i, slices.Clone(key), args)
	} else {
		a.addTimeWindows(b, i, key, args)
	}
	if a.node.EmitFinal && w.streamTime > before {
		a.closeWindows(b, i)
	}
	if w.sinceEvict++; w.sinceEvict >= 1024 {
		w.sinceEvict = 0
		a.evict()
	}
}

// addTimeWindows folds row i into the hopping or tumbling windows holding
// its time, found arithmetically. The group key is evaluated and encoded
// once for all of them and looked up once in the index of windows by key
// (a window's id is the key's encoding then its start).
func (a *aggregateOp) addTimeWindows(b *Batch, i int, key types.Row, args [][]types.Value) {
	w := a.windows
	ts := b.Times[i]
	size, adv := w.spec.Size, w.spec.Advance
	a.idBuf = appendKey(a.idBuf[:0], key)
	n := len(a.idBuf)
	kw := w.byKey[string(a.idBuf)]
	var kept types.Row // key, copied once for the windows this row starts
	first := ts - ts%adv - ((size-1)/adv)*adv
	for start := max(first, 0); start <= ts; start += adv {
		if start+size <= ts {
			continue
		}
		if !w.open(start + size) {
			a.pl.logRecord(b, i, "record is too late for window [%d, %d): stream time is %d and the grace period %d ms", start, start+size, w.streamTime, w.grace)
			continue
		}
		var g *aggGroup
		if kw != nil {
			g = kw.find(start)
		}
		if g == nil {
			if kept == nil {
				kept = slices.Clone(key)
			}
			a.idBuf = strconv.AppendInt(a.idBuf[:n], start, 10)
			if g = a.newGroup(b, i, string(a.idBuf), kept); g == nil {
				continue
			}
			g.start, g.end = start, start+size
			a.trackWindow(g)
			if kw == nil {
				kw = &keyWindows{kid: g.id[:n]}
				w.byKey[kw.kid] = kw
			}
			kw.add(g)
		}
		g.maxTime = max(g.maxTime, ts)
		if a.fold(b, i, g, args, false) {
			a.emit(g, g.maxTime, b.Offsets[i])
		}
	}
}

// addSession merges row i with the sessions of its key within the gap.
func (a *aggregateOp) addSession(b *Batch, i int, key types.Row, args [][]types.Value) {
	w := a.windows
	ts, gap := b.Times[i], w.spec.Size
	kid := encodeKey(key)
	start, end := ts, ts
	var merged, kept []string
	for _, sid := range w.sessions[kid] {
		g := a.groups[sid]
		if g == nil {
			continue
		}
		closed := g.end+gap+w.grace < w.streamTime // a closed session takes no more records
		if !closed && g.end >= ts-gap && g.start <= ts+gap {
			merged = append(merged, sid)
			start, end = min(start, g.start), max(end, g.end)
		} else {
			kept = append(kept, sid)
		}
	}
	// A session stays open for its gap and then the grace period.
	if end+gap+w.grace < w.streamTime {
		a.pl.logRecord(b, i, "record is too late for session [%d, %d]: stream time is %d and the grace period %d ms", start, end, w.streamTime, w.grace)
		return
	}
	id := kid + strconv.FormatInt(start, 10) + "-" + strconv.FormatInt(end, 10)
	fresh := &aggGroup{key: key, id: kid + strconv.FormatInt(start, 10) + "-" + strconv.FormatInt(end, 10), start: start, end: end, maxTime: end}
	for _, c := range a.node.Aggs {
		agg, err := c.Overload.NewAgg(c.Init)
		if err != nil {
			a.pl.logRecord(b, i, "cannot start %s: %v", c.Name, err)
			return
		}
		fresh.aggs = append(fresh.aggs, agg)
	}
	for _, sid := range merged {
		old := a.groups[sid]
		for j, agg := range fresh.aggs {
			if err := agg.Merge(old.aggs[j]); err != nil {
				a.pl.logRecord(b, i, "error merging sessions in %s: %v", a.node.Aggs[j].Name, err)
			}
		}
		delete(a.groups, sid)
		w.expiry.drop(old)
		a.markGroup(sid, nil)
		a.emitTombstone(old, old.end, b.Offsets[i]) // a session's time is its end
	}
	if !a.fold(b, i, fresh, args, false) {
		return
	}
	a.groups[id] = fresh
	a.trackWindow(fresh)
	w.sessions[kid] = append(kept, id)
	a.emit(fresh, fresh.end, b.Offsets[i])
}

// evict drops windows that ended more than the retention ago, earliest end
// first from the expiry heap, which holds every live window.
func (a *aggregateOp) evict() {
	w := a.windows
	for len(w.expiry) > 0 && w.expiry[0].end < w.streamTime-w.retention {
		g := heap.Pop(&w.expiry).(*aggGroup)
		if a.groups[g.id] == g {
			delete(a.groups, g.id)
			w.unindexKey(g)
			a.markGroup(g.id, nil)
		}
	}
}

// windowHeap holds windows earliest end first; each knows its index, so
// that a session merged into another leaves at once.
type windowHeap []*aggGroup

func (h windowHeap) Len() int           { return len(h) }
func (h windowHeap) Less(i, j int) bool { return h[i].end < h[j].end }
func (h windowHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].slot, h[j].slot = i, j
}
func (h *windowHeap) Push(x any) {
	g := x.(*aggGroup)
	g.slot = len(*h)
	*h = append(*h, g)
}
func (h *windowHeap) Pop() any {
	old := *h
	g := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return g
}

// drop removes g when the heap holds it.
func (h *windowHeap) drop(g *aggGroup) {
	if g.slot < len(*h) && (*h)[g.slot] == g {
		heap.Remove(h, g.slot)
	}
}
