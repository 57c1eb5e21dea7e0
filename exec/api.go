package exec

import "context"

// Header is one Kafka record header.
type Header struct {
	Key   string
	Value []byte
}

// SourceRecord is one input record as read from a topic.
type SourceRecord struct {
	Topic     string
	Partition int32
	Offset    int64
	Timestamp int64 // ms since epoch; becomes ROWTIME unless the source names a TIMESTAMP column
	Key       []byte
	Value     []byte // nil: a tombstone
	Headers   []Header
}

// OutRecord is one record a task writes to a topic.
type OutRecord struct {
	Topic     string
	Partition int32 // -1 lets the producer partition by key hash
	Timestamp int64
	Key       []byte
	Value     []byte // nil: a tombstone
	Headers   []Header
}

// Producer receives the records a task writes to topics. It must not retain r
// itself after returning, but it may keep r's Key, Value and header values
// without copying them: a task never changes bytes it has passed to Produce.
// The Kafka runtime buffers and flushes the records before committing the
// input offsets that produced them.
type Producer interface {
	Produce(r *OutRecord)
}

// ProcessingLogEntry describes one record a query skipped, and why.
type ProcessingLogEntry struct {
	QueryID   string
	Topic     string
	Partition int32
	Offset    int64
	Reason    string
}

// ProcessingLog receives entries for records that could not be processed.
// Implementations must not block for long; they may drop under pressure only
// after counting what they dropped.
type ProcessingLog interface {
	Log(e ProcessingLogEntry)
}

// Checkpointer is implemented by tasks with durable state. The runtime calls
// Checkpoint after the output of everything processed so far is flushed and
// before it commits the input offsets; the state and next, the offsets it
// reflects, are saved atomically. After a restart Restored tells where the
// saved state left off, and input must resume there: earlier records are in
// the state, later ones are not.
type Checkpointer interface {
	Restored() map[string]map[int32]int64
	Checkpoint(next map[string]map[int32]int64) error
}

// Task is one running instance of a compiled continuous query. A task is driven
// by exactly one goroutine at a time; it takes no locks.
type Task interface {
	// SourceTopics lists the topics the task consumes.
	SourceTopics() []string
	// Process handles a batch of records from one topic-partition in offset order.
	// Records that fail to decode or evaluate are written to the processing log and
	// skipped; a returned error means the task cannot go on and must be stopped.
	Process(ctx context.Context, batch []SourceRecord) error
	// Close releases the task's resources. Process is not called after Close.
	Close() error
}
