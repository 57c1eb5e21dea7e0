package exec

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// OperatorStat counts the rows one operator of a running task has seen.
type OperatorStat struct {
	// Name is the operator's line of EXPLAIN, e.g. "Filter (AMOUNT > 10)".
	Name string
	// Depth is the operator's depth in the plan tree: the sink is at 0 and
	// inputs are one deeper than the operator they feed.
	Depth int
	// RowsIn counts the rows handed to the operator: records consumed for a
	// scan, rows of the batches its inputs emitted for the others.
	RowsIn int64
	// RowsOut counts the rows the operator emitted: records produced (or rows
	// delivered to the client) for a sink.
	RowsOut int64
}

// StatsReporter is implemented by tasks that count rows per operator. Unlike
// Process, its methods may be called from any goroutine at any time, also
// while the task runs and after it is closed.
type StatsReporter interface {
	// OperatorStats returns one entry per operator in the order EXPLAIN prints
	// them: the sink first, each operator followed by its inputs.
	OperatorStats() []OperatorStat
	// ProcessingErrors counts the records the task skipped and logged.
	ProcessingErrors() int64
}

// opStat holds one operator's counters; the task goroutine adds to them and
// readers load them, batch by batch, so counting costs two atomic adds per
// batch and no allocation.
type opStat struct {
	node    planner.Node // named only when stats are read: a pull query builds a task per request
	depth   int
	rowsIn  atomic.Int64
	rowsOut atomic.Int64
}

// newStat registers the counters of plan node n at depth.
func (t *task) newStat(n planner.Node, depth int) *opStat {
	s := &opStat{node: n, depth: depth}
	t.stats = append(t.stats, s)
	return s
}

func (t *task) OperatorStats() []OperatorStat {
	out := make([]OperatorStat, len(t.stats))
	for i, s := range t.stats {
		name, _, _ := strings.Cut(planner.Explain(s.node), "\n")
		out[i] = OperatorStat{Name: name, Depth: s.depth, RowsIn: s.rowsIn.Load(), RowsOut: s.rowsOut.Load()}
	}
	return out
}

func (t *task) ProcessingErrors() int64 { return t.errors.errors.Load() }

// countedPort feeds an operator's input port and counts the rows crossing it
// as output of from and input of to.
type countedPort struct {
	port
	from, to *opStat
}

func (p *countedPort) Emit(ctx context.Context, b *Batch) error {
	n := int64(b.Len())
	p.from.rowsOut.Add(n)
	p.to.rowsIn.Add(n)
	return p.op.Process(ctx, p.in, b)
}

// statProducer counts the records a topic sink writes.
type statProducer struct {
	Producer
	stat *opStat
}

func (p *statProducer) Produce(r *OutRecord) {
	p.stat.rowsOut.Add(1)
	p.Producer.Produce(r)
}

// statReceiver counts the rows a client sink delivers.
type statReceiver struct {
	RowReceiver
	stat *opStat
}

func (r *statReceiver) Receive(row types.Row, tombstone bool) bool {
	r.stat.rowsOut.Add(1)
	return r.RowReceiver.Receive(row, tombstone)
}

// statLog counts processing-log entries and passes them on to log, if any.
type statLog struct {
	log    ProcessingLog
	errors atomic.Int64
}

func (l *statLog) Log(e ProcessingLogEntry) {
	l.errors.Add(1)
	if l.log != nil {
		l.log.Log(e)
	}
}
