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
	// openState opens the durable state of a persistent query (nil on
	// backends without durable state) and a function that releases it.
	openState(ctx context.Context, queryID string) (*state.DB, func(), error)
	processingLog() exec.ProcessingLog
	clusterID() string
	close() error
}
