package exec

import "github.com/streamsql/streamsql/types"

// Batch is the unit operators exchange: rows with, per row, the event time,
// the offset of the source record and a tombstone flag. All rows of a batch
// come from one topic-partition, named by Topic and Partition, so that
// per-record errors can be logged against the record that caused them.
//
// For now a batch holds boxed rows (types.Row); typed column batches are the
// long-term goal and will replace Rows without changing the per-row slices.
type Batch struct {
	Topic     string
	Partition int32
	Rows      []types.Row
	Times     []int64 // event time of Rows[i], ms since the epoch
	Offsets   []int64 // offset of the record Rows[i] came from
	// Tombstone[i] marks a record without a value: its value columns are NULL
	// and a TopicSink writes a tombstone for it.
	Tombstone []bool
}

// Len returns the number of rows.
func (b *Batch) Len() int { return len(b.Rows) }

// Reset empties b, keeping its capacity, and names its source.
func (b *Batch) Reset(topic string, partition int32) {
	b.Topic, b.Partition = topic, partition
	clear(b.Rows) // drop references so emitted rows can be collected
	b.Rows = b.Rows[:0]
	b.Times = b.Times[:0]
	b.Offsets = b.Offsets[:0]
	b.Tombstone = b.Tombstone[:0]
}

// Append adds one row.
func (b *Batch) Append(row types.Row, time, offset int64, tombstone bool) {
	b.Rows = append(b.Rows, row)
	b.Times = append(b.Times, time)
	b.Offsets = append(b.Offsets, offset)
	b.Tombstone = append(b.Tombstone, tombstone)
}

// move copies row i to position j (j <= i); used to compact in place.
func (b *Batch) move(i, j int) {
	b.Rows[j] = b.Rows[i]
	b.Times[j] = b.Times[i]
	b.Offsets[j] = b.Offsets[i]
	b.Tombstone[j] = b.Tombstone[i]
}

// truncate keeps the first n rows.
func (b *Batch) truncate(n int) {
	clear(b.Rows[n:])
	b.Rows = b.Rows[:n]
	b.Times = b.Times[:n]
	b.Offsets = b.Offsets[:n]
	b.Tombstone = b.Tombstone[:n]
}

// rowArena hands out rows of a fixed width carved from one allocation per
// batch, so that building a batch costs one allocation rather than one per
// row. Rows it returns stay valid after the next batch: a new block is
// allocated each time, never reused.
type rowArena struct {
	width int
	block []types.Value
	hint  int // rows to make room for on the next allocation (expect)
}

// start prepares room for n rows.
func (a *rowArena) start(n int) {
	a.block = make([]types.Value, n*a.width)
}

// expect is start for callers that may need fewer than n rows: room for n
// rows is made only when the first row is asked for.
func (a *rowArena) expect(n int) {
	a.block, a.hint = nil, n
}

// next returns a fresh zeroed row.
func (a *rowArena) next() types.Row {
	if len(a.block) < a.width {
		a.start(max(a.hint, 16))
		a.hint = 0
	}
	r := a.block[:a.width:a.width]
	a.block = a.block[a.width:]
	return r
}
