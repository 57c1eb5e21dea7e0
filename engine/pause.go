package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// PAUSE and RESUME of persistent queries.
//
// A paused query keeps its task, its operator state and its consumer group;
// it only stops consuming. On Kafka the runner's next Process call blocks
// until RESUME, or until the query is stopped (TERMINATE, shutdown), so the
// batch in hand is neither processed nor committed. The in-memory backend
// processes records synchronously and must not block: there the gate holds
// the batches that arrive while paused (as many as the in-memory topics
// already keep) and RESUME processes them in order.
//
// PAUSE and RESUME are recorded in the command log, so a query paused before
// a restart starts paused.

// pauseGate pauses and resumes one persistent query's task.
type pauseGate struct {
	mu      sync.Mutex
	paused  bool
	hold    bool          // hold batches instead of blocking (in-memory backend)
	resumed chan struct{} // closed by resume; nil while running
	held    [][]exec.SourceRecord
	task    exec.Task // the task behind the gate, once built
}

// wrap puts the gate in front of a freshly built task; it passes a build
// error through.
func (g *pauseGate) wrap(t exec.Task, err error) (exec.Task, error) {
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.task = t
	g.mu.Unlock()
	gt := &gatedTask{Task: t, g: g}
	if cp, ok := t.(exec.Checkpointer); ok {
		return &gatedCheckpointer{gatedTask: gt, cp: cp}, nil
	}
	return gt, nil
}

// state reports PAUSED for a paused query the runner reports as running.
func (g *pauseGate) state(s string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.paused && s == "RUNNING" {
		return "PAUSED"
	}
	return s
}

func (g *pauseGate) pause(hold bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.paused {
		g.paused, g.hold, g.resumed = true, hold, make(chan struct{})
	}
}

// resume lets the task run again. It returns the batches held while paused
// and the task that must process them before any new batch (the caller holds
// the in-memory backend's lock).
func (g *pauseGate) resume() ([][]exec.SourceRecord, exec.Task) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.paused {
		return nil, nil
	}
	g.paused = false
	close(g.resumed)
	g.resumed = nil
	held := g.held
	g.held = nil
	return held, g.task
}

// gatedTask is a task behind a pauseGate.
type gatedTask struct {
	exec.Task
	g *pauseGate
}

// gatedCheckpointer keeps a durable task's exec.Checkpointer visible to the
// runner through the gate.
type gatedCheckpointer struct {
	*gatedTask
	cp exec.Checkpointer
}

func (g *gatedCheckpointer) Restored() map[string]map[int32]int64 { return g.cp.Restored() }

func (g *gatedCheckpointer) Checkpoint(next map[string]map[int32]int64) error {
	return g.cp.Checkpoint(next)
}

// OperatorStats and ProcessingErrors forward exec.StatsReporter, which
// may be called from any goroutine, also while the query is paused.
func (t *gatedTask) OperatorStats() []exec.OperatorStat {
	if sr, ok := t.Task.(exec.StatsReporter); ok {
		return sr.OperatorStats()
	}
	return nil
}

func (t *gatedTask) ProcessingErrors() int64 {
	if sr, ok := t.Task.(exec.StatsReporter); ok {
		return sr.ProcessingErrors()
	}
	return 0
}

// stats returns the row counters of the task behind the gate, or nil
// before it is built.
func (g *pauseGate) stats() exec.StatsReporter {
	g.mu.Lock()
	defer g.mu.Unlock()
	sr, _ := g.task.(exec.StatsReporter)
	return sr
}

func (t *gatedTask) Process(ctx context.Context, batch []exec.SourceRecord) error {
	for {
		t.g.mu.Lock()
		if !t.g.paused {
			t.g.mu.Unlock()
			return t.Task.Process(ctx, batch)
		}
		if t.g.hold {
			t.g.held = append(t.g.held, slices.Clone(batch))
			t.g.mu.Unlock()
			return nil
		}
		resumed := t.g.resumed
		t.g.mu.Unlock()
		select {
		case <-resumed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// pauseResume runs PAUSE (pause is true) or RESUME for one query or ALL.
func (e *Engine) pauseResume(ctx context.Context, s *session, st sql.Statement, id *sql.Ident, all, pause bool) (Entity, error) {
	verb, done := "resume", "Query resumed."
	if pause {
		verb, done = "pause", "Query paused."
	}
	qs, err := e.queriesFor(id, all, verb)
	if err != nil {
		return nil, err
	}
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	if pause {
		_, hold := e.be.(*memBackend)
		for _, q := range qs {
			q.gate.pause(hold)
		}
	} else {
		e.resumeQueries(qs)
	}
	target := "ALL"
	if !all {
		target = id.Name
	}
	return status(st.Text, verb+"/"+target+"/execute", done, seq, ""), nil
}

// queriesFor finds the persistent queries a PAUSE/RESUME names.
func (e *Engine) queriesFor(id *sql.Ident, all bool, verb string) ([]*persistentQuery, error) {
	if all {
		qs := make([]*persistentQuery, 0, len(e.queries))
		for _, qid := range e.queryIDs() {
			qs = append(qs, e.queries[qid])
		}
		return qs, nil
	}
	if q, ok := e.queries[id.Name]; ok {
		return []*persistentQuery{q}, nil
	}
	if e.transients[id.Name] != nil || e.transients[strings.ToLower(id.Name)] != nil {
		return nil, planner.Errorf(id.Pos(), "Cannot %s query %s: transient queries cannot be paused or resumed, only persistent ones", verb, id.Name)
	}
	return nil, planner.Errorf(id.Pos(), "Unknown queryId: %s", id.Name)
}

// resumeQueries resumes queries; on the in-memory backend it first processes
// the batches each held while paused, under the backend's lock.
func (e *Engine) resumeQueries(qs []*persistentQuery) {
	if m, ok := e.be.(*memBackend); ok {
		m.mu.Lock()
		defer m.mu.Unlock()
	}
	for _, q := range qs {
		held, t := q.gate.resume()
		for _, b := range held {
			if err := t.Process(context.Background(), b); err != nil {
				if !errors.Is(err, exec.ErrStopped) {
					e.log.Error("resumed query failed", "query", q.id, "err", err)
				}
				break
			}
		}
	}
}
