package exec

import (
	"sort"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// foreignJoin is a foreign-key table-table join with Kafka Streams'
// semantics. The left table's rows are kept by primary key and subscribe to
// the right key their foreign key names; results are keyed by the left
// primary key.
//   - A left update emits its result at the later of both rows' times: the
//     joined row, or for an inner join without a right row a deletion
//     (nothing for a new left key). A left deletion emits a deletion.
//   - A right update emits, at its own time, the result of every left row
//     subscribed to its key, ordered by left key: joined with the new right
//     row, or with NULLs (left join) or deleted (inner join) when the right
//     row was deleted.
type foreignJoin struct {
	*joinCore
	lefts   map[string]*fkLeft
	rights  map[string]*tableRow
	subs    map[string]map[string]*fkLeft // right key → subscribed left rows by left key
	primary []int
	// keys changed since the last save (nil: not saved)
	leftDirty, rightDirty map[string]bool
}

type fkLeft struct {
	pk   types.Row
	pkID string
	row  types.Row
	fk   string // "" when the foreign key is NULL
}

func newForeignJoin(c *joinCore) *foreignJoin {
	return &foreignJoin{joinCore: c, lefts: map[string]*fkLeft{}, rights: map[string]*tableRow{},
		subs: map[string]map[string]*fkLeft{}, primary: c.node.LeftPrimary}
}

func (j *foreignJoin) process(side int, b *Batch, i int) {
	if side == rightPort {
		j.right(b, i)
		return
	}
	j.left(b, i)
}

func (j *foreignJoin) left(b *Batch, i int) {
	row := b.Rows[i]
	pk := make(types.Row, len(j.primary))
	for k, p := range j.primary {
		if pk[k] = row[p]; pk[k] == nil {
			return
		}
	}
	pkID := encodeKey(pk)
	old := j.lefts[pkID]
	if old != nil {
		j.unsubscribe(old)
	}
	t, off := b.Times[i], b.Offsets[i]
	if b.Tombstone[i] {
		if old == nil {
			return
		}
		delete(j.lefts, pkID)
		mark(j.leftDirty, pkID)
		if r := j.rights[old.fk]; r != nil && old.fk != "" && j.node.Type == planner.InnerJoin {
			t = max(t, r.time)
		}
		j.emitDelete(pk, t, off)
		return
	}
	l := &fkLeft{pk: pk, pkID: pkID, row: row}
	if _, fk, ok := j.key(leftPort, b, i); ok {
		l.fk = fk
	}
	j.lefts[pkID] = l
	mark(j.leftDirty, pkID)
	var r *tableRow
	if l.fk != "" {
		j.subscribe(l)
		r = j.rights[l.fk]
	}
	switch {
	case r != nil:
		j.emit(pk, row, r.row, max(t, r.time), off)
	case j.node.Type == planner.LeftJoin:
		j.emit(pk, row, nil, t, off)
	case old != nil:
		j.emitDelete(pk, t, off)
	}
}

func (j *foreignJoin) right(b *Batch, i int) {
	key, id, ok := j.key(rightPort, b, i)
	if !ok {
		return
	}
	var row types.Row
	if b.Tombstone[i] {
		delete(j.rights, id)
	} else {
		row = b.Rows[i]
		j.rights[id] = &tableRow{key: key, row: row, time: b.Times[i]}
	}
	mark(j.rightDirty, id)
	subs := j.subs[id]
	if len(subs) == 0 {
		return
	}
	ls := make([]*fkLeft, 0, len(subs))
	for _, l := range subs {
		ls = append(ls, l)
	}
	sort.Slice(ls, func(a, c int) bool { return compareKeys(ls[a].pk, ls[c].pk) < 0 })
	for _, l := range ls {
		if row == nil && j.node.Type == planner.InnerJoin {
			j.emitDelete(l.pk, b.Times[i], b.Offsets[i])
			continue
		}
		j.emit(l.pk, l.row, row, b.Times[i], b.Offsets[i])
	}
}

func (j *foreignJoin) subscribe(l *fkLeft) {
	m := j.subs[l.fk]
	if m == nil {
		m = map[string]*fkLeft{}
		j.subs[l.fk] = m
	}
	m[l.pkID] = l
}

func (j *foreignJoin) unsubscribe(l *fkLeft) {
	if m := j.subs[l.fk]; m != nil {
		delete(m, l.pkID)
		if len(m) == 0 {
			delete(j.subs, l.fk)
		}
	}
}
