package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kgo"
)

// State is a runner's lifecycle state, named as ksqlDB names query states.
type State string

// Runner states.
const (
	StateRunning    State = "RUNNING"
	StateError      State = "ERROR"       // the task or its output failed; see Runner.Err
	StateNotRunning State = "NOT_RUNNING" // stopped by Stop
)

// TopicPartition names one partition of a topic.
type TopicPartition struct {
	Topic     string
	Partition int32
}

// Stats is a snapshot of a runner's progress, for SHOW QUERIES and DESCRIBE
// EXTENDED.
type Stats struct {
	State       State
	RecordsIn   int64                    // records handed to the task
	RecordsOut  int64                    // records the broker acknowledged
	LastOffsets map[TopicPartition]int64 // offset of the last record processed
}

// TaskFactory builds the task a runner drives. out is where the task writes its
// records; it is valid from the first Process call until Close.
type TaskFactory func(out exec.Producer) (exec.Task, error)

// Task adapts a task that was built without a Kafka producer (push queries,
// PRINT) to a TaskFactory.
func Task(t exec.Task) TaskFactory {
	return func(exec.Producer) (exec.Task, error) { return t, nil }
}

const (
	defaultMaxPoll      = 1000
	defaultFlushTimeout = 30 * time.Second
)

// Runner drives one task on its own goroutine: poll, process, flush, commit.
type Runner struct {
	queryID string
	cl      *kgo.Client
	task    exec.Task
	prod    *producer
	log     *slog.Logger
	maxPoll int
	flushTO time.Duration
	// commit makes a processed poll's input offsets durable; nil for
	// transient runners, which commit nothing.
	commit func(ctx context.Context, offs map[string]map[int32]kgo.EpochOffset) error
	// group is set for persistent runners: Stop leaves the group.
	group bool
	// txn is set under exactly-once: output, changelog writes and input
	// offsets of a commit interval go in one transaction.
	txn   *kgo.GroupTransactSession
	inTxn bool // a transaction is open

	ctx    context.Context // canceled by Stop
	cancel context.CancelFunc
	done   chan struct{}
	in     atomic.Int64
	srcBuf []exec.SourceRecord // sourceRecords' reused batch

	mu    sync.Mutex
	state State
	err   error
	last  map[TopicPartition]int64
	// saved is the next offset per partition the task's saved state
	// reflects (durable tasks only): where an assigned partition resumes.
	saved map[string]map[int32]int64
}

// runnerOpts are the settings shared by persistent and transient runners.
type runnerOpts struct {
	queryID      string
	log          *slog.Logger
	maxPoll      int
	flushTimeout time.Duration
}

func newRunner(o runnerOpts) *Runner {
	ctx, cancel := context.WithCancel(context.Background())
	r := &Runner{
		queryID: o.queryID, log: o.log, maxPoll: o.maxPoll, flushTO: o.flushTimeout,
		ctx: ctx, cancel: cancel, done: make(chan struct{}),
		state: StateRunning, last: make(map[TopicPartition]int64),
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.maxPoll <= 0 {
		r.maxPoll = defaultMaxPoll
	}
	if r.flushTO <= 0 {
		r.flushTO = defaultFlushTimeout
	}
	r.prod = newProducer(ctx, nil)
	return r
}

// Stop stops polling, finishes the batch in hand, flushes the output, commits
// the input offsets, leaves the consumer group and closes the task and the
// client. It waits for the runner's goroutine and returns Err. It is safe to
// call more than once and after the runner failed.
func (r *Runner) Stop() error {
	r.cancel()
	<-r.done
	return r.Err()
}

// Done is closed when the runner's goroutine has exited, after Stop or a
// failure.
func (r *Runner) Done() <-chan struct{} { return r.done }

// Err returns why the runner failed, or nil.
func (r *Runner) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// State returns the runner's current state.
func (r *Runner) State() State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// Stats returns a snapshot of the runner's progress.
func (r *Runner) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Stats{
		State:       r.state,
		RecordsIn:   r.in.Load(),
		RecordsOut:  r.prod.out.Load(),
		LastOffsets: maps.Clone(r.last),
	}
}

// start builds the task and launches the goroutine. mkClient gets the task's
// source topics.
func (r *Runner) start(build TaskFactory, mkClient func(topics []string) (*kgo.Client, error)) error {
	task, err := build(r.prod)
	if err != nil {
		r.cancel()
		return err
	}
	r.task = task
	cl, err := mkClient(task.SourceTopics())
	if err != nil {
		r.cancel()
		return errors.Join(err, task.Close())
	}
	r.cl, r.prod.cl = cl, cl
	go r.run()
	return nil
}

func (r *Runner) run() {
	defer close(r.done)
	err := r.guardedLoop()
	if r.stopping(err) {
		err = nil
	}
	r.shutdown()
	if cerr := r.task.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close task: %w", cerr)
	}
	r.finish(err)
}

// guardedLoop runs loop, turning a panic in the task into the runner's error
// so that one broken query does not bring the server down.
func (r *Runner) guardedLoop() (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("task panicked", "query", r.queryID, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("task panicked: %v", p)
		}
	}()
	return r.loop()
}

// stopping reports whether err is only the echo of Stop's cancellation.
func (r *Runner) stopping(err error) bool {
	return r.ctx.Err() != nil && errors.Is(err, context.Canceled)
}

func (r *Runner) finish(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil || errors.Is(err, exec.ErrStopped) {
		// ErrStopped: the task finished by itself (a push query's LIMIT, or
		// its client went away); that is a normal end, not a failure.
		r.state = StateNotRunning
		return
	}
	r.state, r.err = StateError, fmt.Errorf("query %s: %w", r.queryID, err)
	r.log.Error("query failed", "query", r.queryID, "error", err)
}

// shutdown leaves the group, if any, and closes the client.
func (r *Runner) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), r.flushTO)
	defer cancel()
	if r.inTxn {
		// Only an error path leaves a transaction open: abort it so
		// read_committed consumers are not held up until it times out.
		if _, err := r.txn.End(ctx, kgo.TryAbort); err != nil {
			r.log.Warn("abort transaction", "query", r.queryID, "error", err)
		}
		r.inTxn = false
	}
	r.cl.AllowRebalance()
	if r.group {
		if err := r.cl.LeaveGroupContext(ctx); err != nil {
			r.log.Warn("leave consumer group", "query", r.queryID, "error", err)
		}
	}
	r.cl.Close()
}
