package exec

import (
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
	sessions   map[string][]string // SESSION: group key → ids of its sessions
	pending    pendingHeap         // EMIT FINAL: windows not yet closed
	indexed    bool                // pending holds the loaded groups
}

func newWindowState(s *planner.WindowSpec) *windowState {
	w := &windowState{spec: s, grace: s.Grace, streamTime: -1, sessions: map[string][]string{}}
	if w.grace < 0 {
		w.grace = defaultGrace
	}
	w.retention = max(s.Retention, s.Size+w.grace)
	return w
}

// open reports whether a window ending at end still accepts records.
func (w *windowState) open(end int64) bool { return end > w.streamTime-w.grace }

// addWindowed folds row i into every window it belongs to.
func (a *aggregateOp) addWindowed(b *Batch, i int, key types.Row, args [][]types.Value) {
	w := a.windows
	a.indexPending()
	ts, before := b.Times[i], w.streamTime
	w.streamTime = max(w.streamTime, ts)
	if w.spec.Kind == "SESSION" {
		a.addSession(b, i, key, args)
	} else {
		id := encodeKey(key)
		size, adv := w.spec.Size, w.spec.Advance
		first := ts - ts%adv - ((size-1)/adv)*adv
		for start := max(first, 0); start <= ts; start += adv {
			if start+size <= ts {
				continue
			}
			if !w.open(start + size) {
				a.pl.logRecord(b, i, "record is too late for window [%d, %d): stream time is %d and the grace period %d ms", start, start+size, w.streamTime, w.grace)
				continue
			}
			gid := id + strconv.FormatInt(start, 10)
			_, existed := a.groups[gid]
			g := a.group(b, i, gid, key)
			if g == nil {
				continue
			}
			g.start, g.end = start, start+size
			if !existed {
				a.trackPending(g)
			}
			g.maxTime = max(g.maxTime, ts)
			if a.fold(b, i, g, args, false) {
				a.emit(g, g.maxTime, b.Offsets[i])
			}
		}
	}
	if a.node.EmitFinal && w.streamTime > before {
		a.closeWindows(b, i)
	}
	if w.sinceEvict++; w.sinceEvict >= 1024 {
		w.sinceEvict = 0
		a.evict()
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
		a.markGroup(sid, nil)
		a.emitTombstone(old, old.end, b.Offsets[i]) // a session's time is its end
	}
	if !a.fold(b, i, fresh, args, false) {
		return
	}
	a.groups[id] = fresh
	a.trackPending(fresh)
	w.sessions[kid] = append(kept, id)
	a.emit(fresh, fresh.end, b.Offsets[i])
}

// evict drops windows that ended more than the retention ago.
func (a *aggregateOp) evict() {
	w := a.windows
	for id, g := range a.groups {
		if g.end < w.streamTime-w.retention {
			delete(a.groups, id)
			a.markGroup(id, nil)
		}
	}
}
