package engine

import (
	"context"
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

	mu     sync.Mutex
	state  string // RUNNING, ERROR, TERMINATED
	runner stopper
}

// startQuery builds and starts q's task on the backend.
func (e *Engine) startQuery(ctx context.Context, q *persistentQuery) error {
	topics := sourceTopics(q.plan)
	r, err := e.be.runPersistent(ctx, q.id, topics, func(out exec.Producer) (exec.Task, error) {
		return exec.Build(q.plan, exec.Env{QueryID: q.id, Producer: out, Log: e.be.processingLog()})
	})
	if err != nil {
		return err
	}
	q.mu.Lock()
	q.runner = r
	q.state = "RUNNING"
	q.mu.Unlock()
	return nil
}

// stopRunner stops q's task, flushing output and committing input.
func (q *persistentQuery) stopRunner() {
	q.mu.Lock()
	r := q.runner
	q.runner = nil
	q.state = "TERMINATED"
	q.mu.Unlock()
	if r != nil {
		_ = r.Stop()
	}
}

func (q *persistentQuery) describe() RunningQuery {
	q.mu.Lock()
	defer q.mu.Unlock()
	state := q.state
	if s, ok := q.runner.(interface{ State() string }); ok {
		state = s.State()
	}
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
