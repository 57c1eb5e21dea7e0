package exec

import (
	"context"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/state"
	"github.com/streamsql/streamsql/types"
)

// tableFilterOp filters a table changelog (HAVING, or WHERE over a table): a
// row that fails the predicate becomes a tombstone when its key's previous row
// had passed, so downstream tables delete the key; otherwise it is dropped.
type tableFilterOp struct {
	passWatermark
	pl      *procLog
	pred    Evaluator
	keyCols []int
	passing map[string]bool // keys whose current row passed
	dirty   map[string]bool // keys changed since the last checkpoint (nil: not durable)
}

func newTableFilter(pl *procLog, n *planner.TableFilter) (*tableFilterOp, error) {
	pred, err := Compile(n.Predicate)
	if err != nil {
		return nil, err
	}
	return &tableFilterOp{pl: pl, pred: pred, keyCols: n.KeyColumns, passing: map[string]bool{}}, nil
}

func (f *tableFilterOp) Open(_ context.Context, out Emitter) error {
	f.out = out
	return nil
}

func (f *tableFilterOp) Process(ctx context.Context, _ int, b *Batch) error {
	j := 0
	key := make(types.Row, len(f.keyCols))
	for i, row := range b.Rows {
		for k, c := range f.keyCols {
			key[k] = row[c]
		}
		id := encodeKey(key)
		pass := false
		if !b.Tombstone[i] {
			v, err := f.pred(row, nil)
			if err != nil {
				f.pl.logRecord(b, i, "error evaluating predicate: %v", err)
			}
			pass = v == true
		}
		switch {
		case pass:
			f.passing[id] = true
			f.mark(id)
		case f.passing[id]:
			delete(f.passing, id)
			f.mark(id)
			b.Tombstone[i] = true
		default:
			continue
		}
		b.move(i, j)
		j++
	}
	b.truncate(j)
	if j == 0 {
		return nil
	}
	return f.out.Emit(ctx, b)
}

func (f *tableFilterOp) mark(id string) {
	if f.dirty != nil {
		f.dirty[id] = true
	}
}

func (f *tableFilterOp) saveState(b *state.Batch, prefix []byte) error {
	for id := range f.dirty {
		key := append(append([]byte(nil), prefix...), id...)
		if f.passing[id] {
			b.Set(key, []byte{1})
		} else {
			b.Delete(key)
		}
	}
	clear(f.dirty)
	return nil
}

func (f *tableFilterOp) loadState(db *state.DB, prefix []byte) error {
	f.dirty = map[string]bool{}
	return db.Scan(prefix, func(k, _ []byte) error {
		f.passing[string(k[len(prefix):])] = true
		return nil
	})
}
