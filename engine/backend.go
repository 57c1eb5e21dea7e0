package engine

import (
	"context"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/state"
)

// taskFactory builds a task once the backend has the producer it writes to.
type taskFactory func(out exec.Producer) (exec.Task, error)

// stopper stops a running task, flushing its output and committing its input.
type stopper interface {
	Stop() error
}

// backend is where topics live and tasks run: Kafka, or memory for the test driver.
type backend interface {
	// ensureTopic creates topic with partitions unless it exists; it returns the
	// partition count the topic has. partitions 0 means "must already exist".
	ensureTopic(ctx context.Context, name string, partitions int) (int, error)
	deleteTopic(ctx context.Context, name string) error
	// endOffsets returns the next offset of every partition of a topic.
	endOffsets(ctx context.Context, name string) (map[int32]int64, error)
	listTopics(ctx context.Context) ([]TopicEntry, error)
	// runPersistent starts a persistent query consuming topics with its own group.
	runPersistent(ctx context.Context, queryID string, topics []string, build taskFactory) (stopper, error)
	// runTransient starts a push query, from the earliest or the latest offsets.
	runTransient(ctx context.Context, queryID string, topics []string, earliest bool, build taskFactory) (stopper, error)
	// produce writes one record (INSERT INTO ... VALUES).
	produce(ctx context.Context, r *exec.OutRecord) error
	// openState opens the durable state of a persistent query.
	openState(ctx context.Context, queryID string) (queryState, error)
	processingLog() exec.ProcessingLog
	clusterID() string
	close() error
}

// queryState is a persistent query's durable state as a backend opened it.
type queryState struct {
	db *state.DB // nil on backends without durable state
	// attach gives the state the producer of the query's runner: under
	// exactly-once its changelog writes join the runner's transaction.
	attach  func(exec.Producer)
	release func() // closes the state
}

func noState() queryState { return queryState{attach: func(exec.Producer) {}, release: func() {}} }
