package server

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/streamsql/streamsql/engine"
)

// fakeBackend is a scripted Backend: each Query call takes the next script
// from queries (or fails with queryErr).
type fakeBackend struct {
	mu       sync.Mutex
	requests []engine.Request
	entities []engine.Entity
	execErr  error
	queryErr error
	queries  []*fakeQuery
	closed   []string
	closeErr error
	health   [2]bool // metastore, kafka
}

func newFakeBackend() *fakeBackend { return &fakeBackend{health: [2]bool{true, true}} }

func (b *fakeBackend) Execute(_ context.Context, req engine.Request) ([]engine.Entity, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.requests = append(b.requests, req)
	return b.entities, b.execErr
}

func (b *fakeBackend) Query(_ context.Context, req engine.Request) (engine.Query, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.requests = append(b.requests, req)
	if b.queryErr != nil {
		return nil, b.queryErr
	}
	if len(b.queries) == 0 {
		return nil, errors.New("fake: no query scripted")
	}
	q := b.queries[0]
	b.queries = b.queries[1:]
	q.started.Store(true)
	return q, nil
}

func (b *fakeBackend) CloseQuery(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = append(b.closed, id)
	return b.closeErr
}

func (b *fakeBackend) Info() engine.ServerInfo {
	return engine.ServerInfo{Version: "0.1.0", KafkaClusterID: "cluster-1", ServiceID: "default_", Status: "RUNNING"}
}

func (b *fakeBackend) Healthy(context.Context) (bool, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.health[0], b.health[1]
}

func (b *fakeBackend) lastRequest() engine.Request {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.requests) == 0 {
		return engine.Request{}
	}
	return b.requests[len(b.requests)-1]
}

func (b *fakeBackend) addQuery(q *fakeQuery) *fakeQuery {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.queries = append(b.queries, q)
	return q
}

// fakeQuery delivers rows pushed with send through a bounded buffer, like the
// engine: when the buffer is full the subscriber is dropped and Next returns
// engine.ErrSlowConsumer.
type fakeQuery struct {
	id      string
	cols    []engine.Column
	pull    bool
	rows    chan engine.Row
	endErr  error // what Next returns once rows is closed and drained
	slow    atomic.Bool
	started atomic.Bool
	once    sync.Once
	closed  chan struct{}
}

func newFakeQuery(id string, cols []engine.Column, buffer int) *fakeQuery {
	return &fakeQuery{id: id, cols: cols, rows: make(chan engine.Row, buffer), closed: make(chan struct{})}
}

func (q *fakeQuery) ID() string               { return q.id }
func (q *fakeQuery) Columns() []engine.Column { return q.cols }
func (q *fakeQuery) Pull() bool               { return q.pull }

func (q *fakeQuery) Next(ctx context.Context) (engine.Row, error) {
	if q.slow.Load() {
		return engine.Row{}, engine.ErrSlowConsumer
	}
	select {
	case r, ok := <-q.rows:
		if !ok {
			return engine.Row{}, q.endErr
		}
		return r, nil
	case <-ctx.Done():
		return engine.Row{}, ctx.Err()
	case <-q.closed:
		return engine.Row{}, errors.New("fake: query closed")
	}
}

func (q *fakeQuery) Close() { q.once.Do(func() { close(q.closed) }) }

// send offers a row without blocking; a full buffer drops the subscriber.
func (q *fakeQuery) send(r engine.Row) {
	select {
	case q.rows <- r:
	default:
		q.slow.Store(true)
	}
}

// finish ends the row stream; Next then returns err.
func (q *fakeQuery) finish(err error) {
	q.endErr = err
	close(q.rows)
}

func (q *fakeQuery) isClosed() bool {
	select {
	case <-q.closed:
		return true
	default:
		return false
	}
}
