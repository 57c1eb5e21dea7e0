package exec

import (
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// tableRow is a table's current row of a key and the time it was set.
type tableRow struct {
	key  types.Row
	row  types.Row
	time int64
}

// lookupJoin is a stream-table join: a stream (left) row joins the table's
// current row of its key; the result keeps the stream row's time. Table
// (right) rows only update the table: a tombstone deletes its key.
type lookupJoin struct {
	*joinCore
	table map[string]*tableRow
	dirty map[string]bool // keys changed since the last save (nil: not saved)
}

func newLookupJoin(c *joinCore) *lookupJoin {
	return &lookupJoin{joinCore: c, table: map[string]*tableRow{}}
}

func (j *lookupJoin) process(side int, b *Batch, i int) {
	key, id, ok := j.key(side, b, i)
	if side == rightPort {
		switch {
		case !ok:
		case b.Tombstone[i]:
			delete(j.table, id)
			mark(j.dirty, id)
		default:
			j.table[id] = &tableRow{key: key, row: b.Rows[i], time: b.Times[i]}
			mark(j.dirty, id)
		}
		return
	}
	if !ok || b.Tombstone[i] {
		return // a stream record without a key or value joins nothing
	}
	r := j.table[id]
	switch {
	case r != nil:
		j.emit(key, b.Rows[i], r.row, b.Times[i], b.Offsets[i])
	case j.node.Type == planner.LeftJoin:
		j.emit(key, b.Rows[i], nil, b.Times[i], b.Offsets[i])
	}
}

// tableJoin is a table-table join on primary keys, emitting Kafka Streams'
// changes: each update of either side emits the key's new result row (the
// later of both rows' times), or its deletion when the key no longer has a
// result.
type tableJoin struct {
	*joinCore
	sides [2]map[string]*tableRow
	dirty [2]map[string]bool // keys changed since the last save (nil: not saved)
}

func newTableJoin(c *joinCore) *tableJoin {
	return &tableJoin{joinCore: c, sides: [2]map[string]*tableRow{{}, {}}}
}

func (j *tableJoin) process(side int, b *Batch, i int) {
	key, id, ok := j.key(side, b, i)
	if !ok {
		return
	}
	this := j.sides[side]
	old := this[id]
	var row types.Row
	if b.Tombstone[i] {
		delete(this, id)
	} else {
		row = b.Rows[i]
		this[id] = &tableRow{key: key, row: row, time: b.Times[i]}
	}
	mark(j.dirty[side], id)
	other := j.sides[1-side][id]
	t := b.Times[i]
	if other == nil {
		if !j.outer(side) || (row == nil && old == nil) {
			return
		}
	} else {
		t = max(t, other.time)
	}
	var otherRow types.Row
	if other != nil {
		otherRow = other.row
	}
	switch {
	case row != nil:
		j.emitPair(side, key, row, otherRow, t, b.Offsets[i])
	case other != nil && j.outer(1-side):
		j.emitPair(side, key, nil, otherRow, t, b.Offsets[i])
	default:
		j.emitDelete(key, t, b.Offsets[i])
	}
}

// mark records that key id changed, when changes are tracked.
func mark(dirty map[string]bool, id string) {
	if dirty != nil {
		dirty[id] = true
	}
}
