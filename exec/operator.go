package exec

import (
	"context"
	"fmt"
)

// Watermark is an event time (ms since the epoch) below which no more rows are
// expected on a path of the pipeline.
type Watermark int64

// An Operator is one step of a task's pipeline. It is driven by exactly one
// task goroutine and takes no locks. The task calls Open once, then any
// number of Process and Advance calls, then Close.
type Operator interface {
	// Open prepares the operator; out receives everything it emits. Sinks
	// are given a nil out.
	Open(ctx context.Context, out Emitter) error
	// Process handles one batch arriving on input port in. The batch belongs
	// to the operator until Process returns: it may compact or reorder it in
	// place, but must not keep it. Rows may be kept. Per-record failures go
	// to the processing log; a returned error stops the task.
	Process(ctx context.Context, in int, b *Batch) error
	// Advance is called when the combined input watermark rises to wm. The
	// operator may fire what wm completes, then must emit a watermark <= wm.
	Advance(ctx context.Context, wm Watermark) error
	// Close releases resources. No call follows it.
	Close() error
}

// Emitter receives an operator's output: batches, and watermarks that only
// move forward.
type Emitter interface {
	Emit(ctx context.Context, b *Batch) error
	EmitWatermark(ctx context.Context, wm Watermark) error
}

// port feeds an operator's input port: it is the Emitter upstream operators
// write to.
type port struct {
	op Operator
	in int
}

func (p port) Emit(ctx context.Context, b *Batch) error { return p.op.Process(ctx, p.in, b) }

func (p port) EmitWatermark(ctx context.Context, wm Watermark) error {
	return p.op.Advance(ctx, wm)
}

// procLog is what every operator of a task shares: where per-record errors go.
type procLog struct {
	queryID string
	log     ProcessingLog
	// failOnDeserialize stops the query at the first record that cannot be
	// deserialized (fail.on.deserialization.error); fatal is that failure.
	failOnDeserialize bool
	fatal             error
}

// deserializeFailed logs a record that cannot be deserialized and, under
// fail.on.deserialization.error, makes it fatal to the query.
func (pl *procLog) deserializeFailed(topic string, partition int32, offset int64, format string, args ...any) {
	pl.logAt(topic, partition, offset, format, args...)
	if pl.failOnDeserialize && pl.fatal == nil {
		pl.fatal = fmt.Errorf("%w: topic %s partition %d offset %d: %s (fail.on.deserialization.error is true)",
			ErrQueryFailed, topic, partition, offset, fmt.Sprintf(format, args...))
	}
}

// logRecord writes a processing-log entry for row i of b.
func (pl *procLog) logRecord(b *Batch, i int, format string, args ...any) {
	pl.logAt(b.Topic, b.Partition, b.Offsets[i], format, args...)
}

// logAt writes a processing-log entry for the record at topic/partition/offset.
func (pl *procLog) logAt(topic string, partition int32, offset int64, format string, args ...any) {
	if pl.log == nil {
		return
	}
	pl.log.Log(ProcessingLogEntry{
		QueryID:   pl.queryID,
		Topic:     topic,
		Partition: partition,
		Offset:    offset,
		Reason:    fmt.Sprintf(format, args...),
	})
}

// passWatermark is embedded by stateless operators: they forward watermarks
// unchanged and have nothing to close.
type passWatermark struct{ out Emitter }

func (p *passWatermark) Advance(ctx context.Context, wm Watermark) error {
	if p.out == nil {
		return nil
	}
	return p.out.EmitWatermark(ctx, wm)
}

func (p *passWatermark) Close() error { return nil }
