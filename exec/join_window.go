package exec

import (
	"container/heap"
	"sort"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// windowJoin is a stream-stream join with Kafka Streams' semantics. Each side
// keeps its rows by key in a window buffer for Before+After+Grace after the
// side's newest row time. A row joins the other side's visible rows of its
// key within the window, oldest first; the result's time is the later of the
// two. Unmatched rows of an outer side are emitted with NULLs at once when
// the join has no GRACE PERIOD; with one, they wait in the outer buffer until
// their window closes (the join's stream time, the newest time of either
// side, passes time+window+grace) and are emitted only if nothing matched
// them meanwhile.
type windowJoin struct {
	*joinCore
	sides      [2]*windowBuffer
	waiting    *outerBuffer // unmatched rows of outer sides (GRACE PERIOD only)
	useOuter   bool
	streamTime int64
	timeSet    bool
}

func newWindowJoin(c *joinCore) *windowJoin {
	w := c.node.Window
	j := &windowJoin{joinCore: c, useOuter: w.GraceSet && c.node.Type != planner.InnerJoin, waiting: newOuterBuffer()}
	for i := range j.sides {
		j.sides[i] = newWindowBuffer(w.Retention())
	}
	return j
}

// process joins row i of b, from side.
func (j *windowJoin) process(side int, b *Batch, i int) {
	if b.Tombstone[i] {
		return // a record without a value has nothing to join
	}
	key, id, ok := j.key(side, b, i)
	if !ok {
		return
	}
	row, t := b.Rows[i], b.Times[i]
	if !j.timeSet || t > j.streamTime {
		j.streamTime, j.timeSet = t, true
	}
	j.sides[side].put(id, row, t)
	if j.useOuter && t == j.streamTime {
		for _, r := range j.waiting.closed(j.streamTime) {
			j.emitPair(r.side, r.key, r.row, nil, r.time, b.Offsets[i])
		}
	}
	before, after := j.window(side)
	from, to := max(0, t-before), max(0, t+after)
	matched := false
	j.sides[1-side].fetch(id, from, to, func(other bufferedRow) {
		matched = true
		if j.useOuter {
			j.waiting.drop(1-side, id, other.time)
		}
		j.emitPair(side, key, row, other.row, max(t, other.time), b.Offsets[i])
	})
	if matched || !j.outer(side) {
		return
	}
	if !j.useOuter || to < j.streamTime {
		j.emitPair(side, key, row, nil, t, b.Offsets[i])
		return
	}
	_, lookback := j.window(side)
	j.waiting.add(&outerRow{time: t, side: side, id: id, key: key, row: row}, t+lookback+j.node.Window.Grace)
}

// window returns how far before and after a row of side the other side's
// rows match.
func (j *windowJoin) window(side int) (before, after int64) {
	w := j.node.Window
	if side == leftPort {
		return w.Before, w.After
	}
	return w.After, w.Before
}

// windowBuffer is one side's rows by key, each key's rows in time order. A
// row is visible while its time is above the side's newest time minus the
// retention; older rows are evicted.
type windowBuffer struct {
	rows      map[string][]bufferedRow
	expiry    expiryHeap
	retention int64
	newest    int64
	seen      bool
	dirty     map[string]bool // keys changed since the last save (nil: not saved)
}

type bufferedRow struct {
	row  types.Row
	time int64
}

func newWindowBuffer(retention int64) *windowBuffer {
	return &windowBuffer{rows: map[string][]bufferedRow{}, retention: retention}
}

// cutoff is the newest time a row can have and be expired.
func (w *windowBuffer) cutoff() int64 { return w.newest - w.retention }

// put stores a row unless it is already expired, then evicts expired rows.
func (w *windowBuffer) put(id string, row types.Row, t int64) {
	if !w.seen || t > w.newest {
		w.newest, w.seen = t, true
	}
	if t <= w.cutoff() {
		return
	}
	list := w.rows[id]
	k := sort.Search(len(list), func(k int) bool { return list[k].time > t })
	list = append(list, bufferedRow{})
	copy(list[k+1:], list[k:])
	list[k] = bufferedRow{row: row, time: t}
	w.rows[id] = list
	mark(w.dirty, id)
	heap.Push(&w.expiry, expiryEntry{time: t, id: id})
	w.evict()
}

// fetch calls fn for the visible rows of key id with times in [from, to],
// oldest first.
func (w *windowBuffer) fetch(id string, from, to int64, fn func(bufferedRow)) {
	list := w.rows[id]
	from = max(from, w.cutoff()+1)
	for _, r := range list[sort.Search(len(list), func(k int) bool { return list[k].time >= from }):] {
		if r.time > to {
			return
		}
		fn(r)
	}
}

// evict drops the rows past retention.
func (w *windowBuffer) evict() {
	cut := w.cutoff()
	for len(w.expiry) > 0 && w.expiry[0].time <= cut {
		e := heap.Pop(&w.expiry).(expiryEntry)
		list := w.rows[e.id]
		mark(w.dirty, e.id)
		n := 0
		for n < len(list) && list[n].time <= cut {
			n++
		}
		if n == len(list) {
			delete(w.rows, e.id)
			continue
		}
		clear(list[:n])
		w.rows[e.id] = list[n:]
	}
}

// len reports the number of buffered rows.
func (w *windowBuffer) len() int {
	n := 0
	for _, l := range w.rows {
		n += len(l)
	}
	return n
}

// expiryHeap orders buffered rows' (time, key) by time, oldest first.
type expiryHeap []expiryEntry

type expiryEntry struct {
	time int64
	id   string
}

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].time < h[j].time }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiryEntry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
