package engine

import (
	"context"
	"sync"

	"github.com/streamsql/streamsql/exec"
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
		case r.Value == nil:
		case ok:
			v.recs[i] = r
		default:
			v.byKey[k] = len(v.recs)
			v.recs = append(v.recs, r)
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
}

// snapshot returns the live records in insertion order.
func (v *matView) snapshot() []exec.SourceRecord {
	v.mu.Lock()
	defer v.mu.Unlock()
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
