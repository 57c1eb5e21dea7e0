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

	// lifecycle serializes a restart after a failure with stopRunner, so a
	// terminated query is never started again.
	lifecycle sync.Mutex
	quit      chan struct{} // closed by stopRunner: ends the supervisor
}

// startQuery builds and starts q's task on the backend, and supervises it:
// a failed runner is restarted (supervise).
func (e *Engine) startQuery(ctx context.Context, q *persistentQuery) error {
	topics := sourceTopics(q.plan)
	qs, err := e.be.openState(ctx, q.id)
	if err != nil {
		return err
	}
	r, err := e.be.runPersistent(ctx, q.id, topics, func(out exec.Producer) (exec.Task, error) {
		qs.attach(out)
		return q.gate.wrap(e.instrument(q.id, exec.Env{QueryID: q.id, Producer: out, Log: e.be.processingLog(), State: qs.db,
			FailOnDeserializationError: failOnDeserializationError(e.cfg.Properties)},
			func(env exec.Env) (exec.Task, error) { return exec.Build(q.plan, env) }))
	})
	if err != nil {
		qs.release()
		return err
	}
	q.mu.Lock()
	q.runner, q.release = r, qs.release
	q.state = "RUNNING"
	if q.quit == nil {
		q.quit = make(chan struct{})
	}
	quit := q.quit
	q.mu.Unlock()
	e.supervise(q, r, quit)
	return nil
}

// stateDir is where query id keeps its durable state.
func (e *Engine) stateDir(id string) string { return filepath.Join(e.cfg.DataDir, "state", id) }

// stopRunner stops q's task, flushing output and committing input, and its
// supervisor.
func (q *persistentQuery) stopRunner() {
	q.lifecycle.Lock()
	defer q.lifecycle.Unlock()
	q.mu.Lock()
	r, release := q.runner, q.release
	q.runner, q.release = nil, nil
	q.state = "TERMINATED"
	if q.quit != nil {
		close(q.quit)
		q.quit = nil
	}
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
