package exec

import (
	"container/heap"
	"sort"

	"github.com/streamsql/streamsql/types"
)

// outerBuffer holds the unmatched rows of a stream-stream outer join with a
// GRACE PERIOD until their window closes, like Kafka Streams' outer store:
// one row per (time, side, key), forgotten when a row of the other side
// matches it, emitted with NULLs once the join's stream time passes its
// close time. It is bounded by the window and grace: every row leaves by its
// close time.
type outerBuffer struct {
	rows   map[outerKey]*outerRow
	closes closeHeap
	dirty  map[outerKey]bool // rows changed since the last save (nil: not saved)
}

type outerKey struct {
	time int64
	side int
	id   string
}

// outerRow is an unmatched row of an outer side waiting for its window to
// close.
type outerRow struct {
	time  int64
	side  int
	id    string
	key   types.Row
	row   types.Row
	close int64 // the stream time it waits for
}

func newOuterBuffer() *outerBuffer { return &outerBuffer{rows: map[outerKey]*outerRow{}} }

// add stores a waiting row that closes at closeAt (the stream time it must
// pass); a row of the same time, side and key replaces it.
func (o *outerBuffer) add(r *outerRow, closeAt int64) {
	k := outerKey{r.time, r.side, r.id}
	r.close = closeAt
	o.rows[k] = r
	o.markDirty(k)
	heap.Push(&o.closes, closeEntry{at: closeAt, row: r})
}

// drop forgets the waiting row of side, key and time: it matched.
func (o *outerBuffer) drop(side int, id string, t int64) {
	k := outerKey{t, side, id}
	if _, ok := o.rows[k]; ok {
		delete(o.rows, k)
		o.markDirty(k)
	}
}

func (o *outerBuffer) markDirty(k outerKey) {
	if o.dirty != nil {
		o.dirty[k] = true
	}
}

// closed removes and returns the rows whose close time streamTime has
// passed, in Kafka Streams' emit order: by time, right side first, then by
// key.
func (o *outerBuffer) closed(streamTime int64) []*outerRow {
	var out []*outerRow
	for len(o.closes) > 0 && o.closes[0].at < streamTime {
		e := heap.Pop(&o.closes).(closeEntry)
		k := outerKey{e.row.time, e.row.side, e.row.id}
		if o.rows[k] == e.row {
			delete(o.rows, k)
			o.markDirty(k)
			out = append(out, e.row)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].less(out[b]) })
	return out
}

// len reports the number of waiting rows.
func (o *outerBuffer) len() int { return len(o.rows) }

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

// closeHeap orders waiting rows by close time.
type closeHeap []closeEntry

type closeEntry struct {
	at  int64
	row *outerRow
}

func (h closeHeap) Len() int           { return len(h) }
func (h closeHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h closeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *closeHeap) Push(x any)        { *h = append(*h, x.(closeEntry)) }
func (h *closeHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = closeEntry{}
	*h = old[:len(old)-1]
	return e
}
