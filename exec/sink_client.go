package exec

import (
	"context"
	"errors"
	"fmt"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// RowReceiver takes the rows of a transient query for its client. It is
// called on the task's goroutine and must not block for long.
type RowReceiver interface {
	// Receive delivers one row; tombstone marks a row whose value was deleted
	// (a table delete). The receiver may keep row. It returns false when it
	// wants no more rows (the client went away): the task then stops.
	Receive(row types.Row, tombstone bool) bool
	// Done reports that the query finished by itself, with ksqlDB's final
	// message, e.g. "Limit Reached". No Receive call follows it.
	Done(reason string)
}

// ErrStopped is returned (wrapped, with the reason) by Task.Process once a
// client sink has finished: its LIMIT was reached or its receiver refused a
// row. The task delivers nothing more; the caller should close it.
var ErrStopped = errors.New("exec: task stopped")

// LimitReached is the reason a client sink gives Done when its LIMIT is met.
const LimitReached = "Limit Reached"

// clientSinkOp delivers rows to a RowReceiver, stopping after limit rows
// when limit >= 0.
type clientSinkOp struct {
	passWatermark
	recv    RowReceiver
	skip    bool // drop tombstones
	limit   int
	sent    int
	stopped error
}

func newClientSink(n *planner.ClientSink, recv RowReceiver) (*clientSinkOp, error) {
	if recv == nil {
		return nil, fmt.Errorf("exec: client sink needs a row receiver")
	}
	return &clientSinkOp{recv: recv, limit: n.Limit, skip: n.SkipTombstones}, nil
}

func (c *clientSinkOp) Open(context.Context, Emitter) error {
	if c.limit == 0 {
		c.finish()
	}
	return nil
}

func (c *clientSinkOp) Process(_ context.Context, _ int, b *Batch) error {
	for i, row := range b.Rows {
		if c.stopped != nil {
			return c.stopped
		}
		if c.skip && b.Tombstone[i] {
			continue
		}
		if !c.recv.Receive(row, b.Tombstone[i]) {
			c.stopped = fmt.Errorf("%w: the client stopped receiving rows", ErrStopped)
			return c.stopped
		}
		c.sent++
		if c.limit >= 0 && c.sent >= c.limit {
			c.finish()
		}
	}
	return c.stopped
}

// finish tells the receiver the limit is reached.
func (c *clientSinkOp) finish() {
	c.recv.Done(LimitReached)
	c.stopped = fmt.Errorf("%w: %s", ErrStopped, LimitReached)
}

// ErrQueryFailed is wrapped by a task error that restarting the query cannot
// repair, such as a record that cannot be deserialized while
// fail.on.deserialization.error is set: the query stays in ERROR.
var ErrQueryFailed = errors.New("query failed")
