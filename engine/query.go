package engine

import (
	"context"
	"path/filepath"
	"sync"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/planner"
)

// persistentQuery is a CSAS, CTAS or INSERT INTO query.
type persistentQuery struct {
	id        string
	num       int
	text      string
	sink      string // the source it writes
	sinkTopic string
	source    string // the source it reads
	plan      planner.Node

	mu      sync.Mutex
	state   string // RUNNING, ERROR, TERMINATED
	runner  stopper
	release func()    // closes the query's durable state
	gate    pauseGate // PAUSE and RESUME (pause.go)
}

// startQuery builds and starts q's task on the backend.
func (e *Engine) startQuery(ctx context.Context, q *persistentQuery) error {
	topics := sourceTopics(q.plan)
	db, release, err := e.be.openState(ctx, q.id)
	if err != nil {
		return err
	}
	r, err := e.be.runPersistent(ctx, q.id, topics, func(out exec.Producer) (exec.Task, error) {
		return q.gate.wrap(e.instrument(q.id, exec.Env{QueryID: q.id, Producer: out, Log: e.be.processingLog(), State: db},
			func(env exec.Env) (exec.Task, error) { return exec.Build(q.plan, env) }))
	})
	if err != nil {
		release()
		return err
	}
	q.mu.Lock()
	q.runner, q.release = r, release
	q.state = "RUNNING"
	q.mu.Unlock()
	return nil
}

// stateDir is where query id keeps its durable state.
func (e *Engine) stateDir(id string) string { return filepath.Join(e.cfg.DataDir, "state", id) }

// stopRunner stops q's task, flushing output and committing input.
func (q *persistentQuery) stopRunner() {
	q.mu.Lock()
	r, release := q.runner, q.release
	q.runner, q.release = nil, nil
	q.state = "TERMINATED"
	q.mu.Unlock()
	if r != nil {
		_ = r.Stop()
	}
	if release != nil {
		release()
	}
}

func (q *persistentQuery) describe() RunningQuery {
	q.mu.Lock()
	defer q.mu.Unlock()
	state := q.state
	if s, ok := q.runner.(interface{ State() string }); ok {
		state = s.State()
	}
	state = q.gate.state(state)
	return RunningQuery{QueryString: q.text, Sinks: []string{q.sink}, SinkKafkaTopics: []string{q.sinkTopic},
		ID: q.id, StatusCount: map[string]int{state: 1}, QueryType: "PERSISTENT", State: state}
}

// sourceTopics lists the topics a plan scans.
func sourceTopics(n planner.Node) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(planner.Node)
	walk = func(n planner.Node) {
		if s, ok := n.(*planner.Scan); ok && !seen[s.Topic] {
			seen[s.Topic] = true
			out = append(out, s.Topic)
		}
		for _, in := range n.Inputs() {
			walk(in)
		}
	}
	walk(n)
	return out
}
