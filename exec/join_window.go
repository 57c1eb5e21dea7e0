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
	outerRows  []outerRow // waiting unmatched rows, in emit order
	useOuter   bool
	streamTime int64
	timeSet    bool
}

func newWindowJoin(c *joinCore) *windowJoin {
	w := c.node.Window
	j := &windowJoin{joinCore: c, useOuter: w.GraceSet && c.node.Type != planner.InnerJoin}
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
		j.emitClosed(b.Offsets[i])
	}
	before, after := j.window(side)
	from, to := max(0, t-before), max(0, t+after)
	matched := false
	j.sides[1-side].fetch(id, from, to, func(other bufferedRow) {
		matched = true
		if j.useOuter {
			j.dropOuter(1-side, id, other.time)
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
	j.addOuter(outerRow{time: t, side: side, id: id, key: key, row: row})
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

// outerRow is an unmatched row of an outer side waiting for its window to
// close.
type outerRow struct {
	time int64
	side int
	id   string
	key  types.Row
	row  types.Row
}

// less orders waiting rows as Kafka Streams' outer store does: by time,
// right side first, then by key.
func (a *outerRow) less(b *outerRow) bool {
	if a.time != b.time {
		return a.time < b.time
	}
	if a.side != b.side {
		return a.side == rightPort
	}
	return compareKeys(a.key, b.key) < 0
}

// addOuter stores a waiting row; one with the same time, side and key
// replaces it.
func (j *windowJoin) addOuter(r outerRow) {
	k := sort.Search(len(j.outerRows), func(k int) bool { return !j.outerRows[k].less(&r) })
	if k < len(j.outerRows) && j.outerRows[k].time == r.time && j.outerRows[k].side == r.side && j.outerRows[k].id == r.id {
		j.outerRows[k] = r
		return
	}
	j.outerRows = append(j.outerRows, outerRow{})
	copy(j.outerRows[k+1:], j.outerRows[k:])
	j.outerRows[k] = r
}

// dropOuter forgets the waiting rows of side, key and time: they matched.
func (j *windowJoin) dropOuter(side int, id string, t int64) {
	kept := j.outerRows[:0]
	for _, r := range j.outerRows {
		if r.side != side || r.id != id || r.time != t {
			kept = append(kept, r)
		}
	}
	clear(j.outerRows[len(kept):])
	j.outerRows = kept
}

// emitClosed emits, with NULLs for the other side, the waiting rows whose
// window has closed by the join's stream time.
func (j *windowJoin) emitClosed(offset int64) {
	grace := j.node.Window.Grace
	kept := j.outerRows[:0]
	for _, r := range j.outerRows {
		_, after := j.window(r.side)
		if r.time+after+grace >= j.streamTime {
			kept = append(kept, r)
			continue
		}
		j.emitPair(r.side, r.key, r.row, nil, r.time, offset)
	}
	clear(j.outerRows[len(kept):])
	j.outerRows = kept
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
	heap.Push(&w.expiry, expiryEntry{time: t, id: id})
	w.evict()
}

// fetch calls fn for the visible rows of key id with times in [from, to],
// oldest first.
func (w *windowBuffer) fetch(id string, from, to int64, fn func(bufferedRow)) {
	cut := w.cutoff()
	for _, r := range w.rows[id] {
		if r.time > to {
			return
		}
		if r.time >= from && r.time > cut {
			fn(r)
		}
	}
}

// evict drops the rows past retention.
func (w *windowBuffer) evict() {
	cut := w.cutoff()
	for len(w.expiry) > 0 && w.expiry[0].time <= cut {
		e := heap.Pop(&w.expiry).(expiryEntry)
		list := w.rows[e.id]
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
