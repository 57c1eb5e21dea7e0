package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// pushBuffer is the number of rows a push query holds for a client that has
// not read them yet; a client further behind is dropped (ErrSlowConsumer).
const pushBuffer = 1024

// pushStallTimeout is how long a push query with its own runner waits for a
// client whose buffer is full before dropping it.
var pushStallTimeout = 5 * time.Second // a variable for tests

// sharedStallBudget is how long per second a subscriber of a shared push
// reader may hold the reader up while its buffer is full.
const sharedStallBudget = 100 * time.Millisecond

var transientSeq atomic.Int64

// pushQuery is a running push query feeding one client through a bounded buffer.
type pushQuery struct {
	id      string
	cols    []Column
	rows    chan Row
	done    chan struct{} // closed when no more rows will arrive
	endOnce sync.Once
	end     error // why the query ended: *End, ErrSlowConsumer or a failure
	stopMu  sync.Mutex
	stop    func() // stops the query's runner; nil until it runs
	closed  bool   // Close was called
	// blocking makes Receive wait for the client instead of dropping it:
	// for pull queries, whose producer is the query's own goroutine.
	blocking bool
	// stall is how long Receive waits for room before dropping the client,
	// for a push query with a runner of its own (on the Kafka backend): a
	// client that reads steadily but slower than a backlog arrives (a push
	// query from the earliest offset) slows its own query down instead of
	// being dropped; one that stops reading is still told and dropped.
	stall time.Duration
	// stallBudget, for a subscriber of a shared reader, is how long per
	// second Receive may wait for room: enough to ride out a client's short
	// pause (a GC, a slow flush) at high rates, while a subscriber that stays
	// behind is dropped and never holds the other subscribers back by more
	// than this share of the reader's time.
	stallBudget time.Duration
	stallUsed   time.Duration
	stallWindow time.Time
	engine      *Engine
	pull        bool
	visible     []int // the row positions the client sees
}

// Query starts a SELECT (push or pull) or PRINT for /query, /query-stream and /ws/query.
func (e *Engine) Query(ctx context.Context, req Request) (Query, error) {
	s := newSession(e, req)
	stmts, err := e.parse(s, req.SQL)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, Errorf(CodeBadStatement, "expected exactly one statement, found %d", len(stmts))
	}
	st := stmts[0]
	if pr, ok := st.Stmt.(*sql.Print); ok {
		return e.startPrint(ctx, s, st, pr)
	}
	q, ok := st.Stmt.(*sql.Query)
	if !ok {
		return nil, &Error{Code: CodeQueryEndpoint, Message: "The query endpoint only accepts SELECT statements; use /ksql for " + statementKind(st.Stmt), StatementText: st.Text}
	}
	if q.Emit == sql.EmitNone {
		if err := checkPull(q); err != nil {
			return nil, e.userError(s, st, err)
		}
		if t, ok := q.From.(*sql.Table); ok {
			e.mu.Lock()
			src, found := e.cat.Source(t.Name.Name)
			e.mu.Unlock()
			if found && src.Table {
				if err := checkPullWhere(q, src, planner.ConfigFromProps(s.props).TableScanEnabled); err != nil {
					return nil, &Error{Code: CodeBadStatement, Message: err.Error(), StatementText: st.Text}
				}
			}
		}
	}
	e.mu.Lock()
	plan, err := planner.BuildQuery(q, e.cat, planner.ConfigFromProps(s.props))
	e.mu.Unlock()
	if err != nil {
		return nil, e.userError(s, st, err)
	}
	if !plan.Push {
		if plan.Source.Table {
			p, err := e.startTablePull(ctx, plan)
			if err != nil {
				return nil, e.userError(s, st, err)
			}
			return p, nil
		}
		return e.startStreamPull(ctx, s, plan)
	}
	return e.startPush(ctx, s, plan)
}

// pullBuffer is a pull query's row buffer: its producer waits for the client,
// so a small buffer suffices.
const pullBuffer = 64

func (e *Engine) newPushQuery(plan *planner.QueryPlan, pull bool) *pushQuery {
	size := pushBuffer
	if pull {
		size = pullBuffer
	}
	p := &pushQuery{id: fmt.Sprintf("transient_%s_%d", plan.Source.Name, transientSeq.Add(1)),
		rows: make(chan Row, size), done: make(chan struct{}), engine: e, pull: pull}
	for i, c := range plan.Out.Columns {
		if c.Hidden {
			continue // carried for windowed keys, not selected
		}
		p.visible = append(p.visible, i)
		windowBound := plan.Source.Windowed != "" && (c.Name == "WINDOWSTART" || c.Name == "WINDOWEND")
		p.cols = append(p.cols, Column{Name: c.Name, Type: c.Type, Key: (c.Role == planner.KeyColumn || windowBound) && plan.Table && pull})
	}
	return p
}

// register makes a running query closable by id.
func (e *Engine) register(p *pushQuery, r stopper) {
	if r != nil {
		p.setStopper(r)
	}
	e.mu.Lock()
	e.transients[p.id] = p
	e.mu.Unlock()
	e.cfg.Metrics.SubscriberStarted()
}

func (e *Engine) startPush(ctx context.Context, s *session, plan *planner.QueryPlan) (*pushQuery, error) {
	earliest := strings.EqualFold(s.props["auto.offset.reset"], "earliest")
	if pl, ok := sharablePlan(s, plan, earliest); ok {
		return e.startSharedPush(ctx, plan, pl) // push_shared.go
	}
	p := e.newPushQuery(plan, false)
	if _, ok := e.be.(*kafkaBackend); ok {
		p.stall = pushStallTimeout
	}
	sink := &planner.ClientSink{Input: plan.Root, Limit: plan.Limit, SkipTombstones: !plan.Table}
	r, err := e.be.runTransient(ctx, p.id, sourceTopics(sink), earliest, func(exec.Producer) (exec.Task, error) {
		return exec.Build(sink, exec.Env{QueryID: p.id, Log: e.be.processingLog(), Client: p})
	})
	if err != nil {
		return nil, err
	}
	e.register(p, r)
	return p, nil
}

// Receive takes one result row from the task. A full buffer ends the query
// for this slow client at once, or after p.stall without room.
func (p *pushQuery) Receive(row types.Row, tombstone bool) bool {
	if p.blocking {
		select {
		case p.rows <- Row{Values: p.project(row), Tombstone: tombstone}:
			return true
		case <-p.done:
			return false
		}
	}
	select {
	case <-p.done:
		return false
	default:
	}
	r := Row{Values: p.project(row), Tombstone: tombstone}
	select {
	case p.rows <- r:
		return true
	default:
	}
	if wait := p.allowedStall(); wait > 0 {
		start := time.Now()
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case p.rows <- r:
			p.stallUsed += time.Since(start)
			return true
		case <-p.done:
			return false
		case <-t.C:
		}
	}
	p.finish(ErrSlowConsumer)
	return false
}

// allowedStall is how long Receive may wait for room now: the whole stall
// for a query with its own runner, what is left of this second's budget for
// a shared subscriber.
func (p *pushQuery) allowedStall() time.Duration {
	if p.stall > 0 {
		return p.stall
	}
	if p.stallBudget <= 0 {
		return 0
	}
	if now := time.Now(); now.Sub(p.stallWindow) >= time.Second {
		p.stallWindow, p.stallUsed = now, 0
	}
	return p.stallBudget - p.stallUsed
}

// Done is called by the task when the LIMIT was reached.
func (p *pushQuery) Done(reason string) { p.finish(&End{Message: reason}) }

func (p *pushQuery) finish(err error) {
	p.endOnce.Do(func() {
		p.end = err
		close(p.done)
	})
}

func (p *pushQuery) ID() string        { return p.id }
func (p *pushQuery) Columns() []Column { return p.cols }
func (p *pushQuery) Pull() bool        { return p.pull }

// Next returns buffered rows first, then the reason the query ended.
func (p *pushQuery) Next(ctx context.Context) (Row, error) {
	select {
	case r := <-p.rows:
		return r, nil
	default:
	}
	select {
	case r := <-p.rows:
		return r, nil
	case <-p.done:
		select {
		case r := <-p.rows:
			if p.end != ErrSlowConsumer {
				return r, nil
			}
		default:
		}
		return Row{}, p.end
	case <-ctx.Done():
		return Row{}, ctx.Err()
	}
}

// Close stops the query; safe to call more than once and from any goroutine.
func (p *pushQuery) Close() {
	p.finish(&End{Message: "Query Completed"})
	p.engine.mu.Lock()
	_, running := p.engine.transients[p.id]
	delete(p.engine.transients, p.id)
	p.engine.mu.Unlock()
	if running {
		p.engine.cfg.Metrics.SubscriberEnded()
	}
	p.stopMu.Lock()
	stop := p.stop
	p.closed = true
	p.stopMu.Unlock()
	if stop != nil {
		stop()
	}
}

// setStopper records how to stop the query's runner; if the query was
// closed meanwhile, it stops the runner at once.
func (p *pushQuery) setStopper(r stopper) {
	p.stopMu.Lock()
	closed := p.closed
	if !closed {
		p.stop = func() { _ = r.Stop() }
	}
	p.stopMu.Unlock()
	if closed {
		_ = r.Stop()
	}
}

// project keeps the visible columns of a result row.
func (p *pushQuery) project(row types.Row) types.Row {
	if p.visible == nil || len(p.visible) == len(row) {
		return row
	}
	out := make(types.Row, len(p.visible))
	for i, c := range p.visible {
		out[i] = row[c]
	}
	return out
}
