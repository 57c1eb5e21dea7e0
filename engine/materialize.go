package engine

import (
	"context"
	"slices"
	"sync"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/types"
)

// matView is the latest record of every key of a table's topic: what pull
// queries read. It is fed by a consumer of the topic (synchronously in
// memory, by a transient runner on Kafka), so a pull query sees what the
// table's topic holds, never a half-applied update.
type matView struct {
	mu    sync.Mutex
	byKey map[string]int // key bytes → index in recs
	recs  []exec.SourceRecord
	dead  int // deleted slots in recs
	stop  stopper
	idx   *keyIndex // for lookups by key; built by the first one
}

// matTask is the exec.Task that keeps a matView up to date.
type matTask struct {
	topic string
	view  *matView
}

func (t *matTask) SourceTopics() []string { return []string{t.topic} }
func (t *matTask) Close() error           { return nil }

func (t *matTask) Process(_ context.Context, batch []exec.SourceRecord) error {
	v := t.view
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, r := range batch {
		k := string(r.Key)
		i, ok := v.byKey[k]
		switch {
		case r.Value == nil && ok:
			v.recs[i] = exec.SourceRecord{}
			delete(v.byKey, k)
			v.dead++
			if v.idx != nil {
				v.idx.remove(k, i)
			}
		case r.Value == nil:
		case ok:
			v.recs[i] = r
		default:
			v.byKey[k] = len(v.recs)
			v.recs = append(v.recs, r)
			if v.idx != nil {
				v.idx.add(k, len(v.recs)-1)
			}
		}
	}
	if v.dead > 1024 && v.dead > len(v.recs)/2 {
		v.compact()
	}
	return nil
}

// compact drops deleted slots.
func (v *matView) compact() {
	live := v.recs[:0]
	for _, r := range v.recs {
		if r.Topic != "" {
			v.byKey[string(r.Key)] = len(live)
			live = append(live, r)
		}
	}
	v.recs, v.dead = live, 0
	if v.idx != nil {
		v.idx.reindex(v.recs)
	}
}

// fetch returns the records a pull query reads: those under l's keys when
// l is not nil and the view can serve them by key (byKey), else every live
// record in insertion order.
func (v *matView) fetch(l *keyLookup) (recs []exec.SourceRecord, byKey bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if l == nil {
		return v.live(), false
	}
	if v.idx == nil || v.idx.spec.id != l.spec.id {
		v.idx = newKeyIndex(l.spec, v.recs)
	}
	if v.idx.raw {
		return v.live(), false
	}
	for _, k := range l.keys {
		if v.idx.byBase != nil {
			for _, slot := range v.idx.byBase[string(k)] {
				recs = append(recs, v.recs[slot])
			}
		} else if i, ok := v.byKey[string(k)]; ok && v.recs[i].Key != nil {
			recs = append(recs, v.recs[i])
		}
	}
	return recs, true
}

// live returns the live records in insertion order.
func (v *matView) live() []exec.SourceRecord {
	out := make([]exec.SourceRecord, 0, len(v.byKey))
	for _, r := range v.recs {
		if r.Topic != "" {
			out = append(out, r)
		}
	}
	return out
}

// materialize starts keeping the latest rows of table's topic for pull queries.
func (e *Engine) materialize(ctx context.Context, name, topic string) error {
	if _, ok := e.views[name]; ok {
		return nil
	}
	v := &matView{byKey: map[string]int{}}
	r, err := e.be.runTransient(ctx, "materialize_"+name, []string{topic}, true, func(exec.Producer) (exec.Task, error) {
		return &matTask{topic: topic, view: v}, nil
	})
	if err != nil {
		return err
	}
	v.stop = r
	e.views[name] = v
	return nil
}

// dematerialize stops maintaining a table's view.
func (e *Engine) dematerialize(name string) {
	if v, ok := e.views[name]; ok {
		delete(e.views, name)
		_ = v.stop.Stop()
	}
}

// keyIndex lets a view serve lookups by the keys of one keySpec. A view
// builds it on its first lookup and keeps it up to date from then on.
//
// Lookups find stored records by the bytes the spec encodes. A record whose
// key bytes are not that canonical encoding (a producer's JSON with other
// spacing or member order, say) would be missed, so the index checks every
// stored key once and, on finding such a key, marks the view raw: its
// lookups scan instead, and return what a scan does.
type keyIndex struct {
	spec   keySpec
	dec    serde.Decoder // nil when every key is canonical (KAFKA)
	enc    serde.Encoder
	raw    bool
	byBase map[string][]int // windowed keys: key without window → slots, ascending
	row    types.Row        // canonical's scratch space
	buf    []byte
}

func newKeyIndex(spec keySpec, recs []exec.SourceRecord) *keyIndex {
	x := &keyIndex{spec: spec, row: make(types.Row, len(spec.cols))}
	if spec.window != "" {
		x.byBase = map[string][]int{}
	}
	var err error
	if spec.opts.Format != serde.Kafka {
		if x.dec, err = serde.NewDecoder(spec.opts, spec.cols); err == nil {
			x.enc, err = serde.NewEncoder(spec.opts, spec.cols)
		}
	}
	x.raw = err != nil
	if x.dec == nil && x.byBase == nil {
		return x // byKey serves the lookups
	}
	for slot, r := range recs {
		if r.Topic != "" && !x.raw {
			x.add(string(r.Key), slot)
		}
	}
	return x
}

// base returns a stored key without its window; ok is false for a windowed
// key too short to hold one (a scan cannot decode it either).
func (x *keyIndex) base(key string) (string, bool) {
	if x.spec.window == "" {
		return key, true
	}
	k, _, _, ok := exec.SplitWindowedKey([]byte(key), x.spec.window, x.spec.size)
	return string(k), ok
}

// add indexes the new record stored under key at slot.
func (x *keyIndex) add(key string, slot int) {
	b, ok := x.base(key)
	if !ok || x.raw {
		return
	}
	if x.dec != nil && !x.canonical(b) {
		x.raw, x.byBase = true, nil // for good: only scans from now on
		return
	}
	if x.byBase != nil {
		x.byBase[b] = append(x.byBase[b], slot)
	}
}

// canonical reports whether lookups can find key: it is what the encoder
// writes for the row it decodes to. A key that does not decode cannot be a
// scan's row either, and counts as canonical.
func (x *keyIndex) canonical(key string) bool {
	ok, err := serde.DecodeInto(x.dec, x.row, []byte(key))
	if err != nil || !ok {
		return true
	}
	x.buf, ok, err = serde.AppendEncode(x.enc, x.buf[:0], x.row)
	return err == nil && ok && string(x.buf) == key
}

// remove drops the record deleted from slot.
func (x *keyIndex) remove(key string, slot int) {
	if x.byBase == nil {
		return
	}
	b, ok := x.base(key)
	if !ok {
		return
	}
	slots := x.byBase[b]
	if i := slices.Index(slots, slot); i >= 0 {
		slots = slices.Delete(slots, i, i+1)
	}
	if len(slots) == 0 {
		delete(x.byBase, b)
	} else {
		x.byBase[b] = slots
	}
}

// reindex rebuilds the slots after recs was compacted.
func (x *keyIndex) reindex(recs []exec.SourceRecord) {
	if x.byBase == nil {
		return
	}
	clear(x.byBase)
	for slot, r := range recs {
		if b, ok := x.base(string(r.Key)); ok {
			x.byBase[b] = append(x.byBase[b], slot)
		}
	}
}
