package engine

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/streamsql/streamsql/exec"
)

// A failed persistent query is restarted with exponential backoff, as ksqlDB
// retries queries in the ERROR state. Most failures here are broker outages
// or aborted transactions, which a restart from the committed state repairs,
// so the first retry comes quickly.
const (
	restartBackoffInitial = 500 * time.Millisecond
	restartBackoffMax     = 30 * time.Second
	restartTimeout        = time.Minute
)

// failureWatcher is a stopper that can fail on its own.
type failureWatcher interface {
	Done() <-chan struct{}
	Err() error
}

// supervise restarts q when runner r fails, until quit is closed. A failure
// that a restart cannot repair (exec.ErrQueryFailed, e.g. a record that
// cannot be deserialized under fail.on.deserialization.error) leaves the
// query in ERROR.
func (e *Engine) supervise(q *persistentQuery, r stopper, quit <-chan struct{}) {
	w, ok := r.(failureWatcher)
	if !ok {
		return
	}
	go func() {
		select {
		case <-w.Done():
		case <-quit:
			return
		}
		err := w.Err()
		if err == nil {
			return
		}
		if errors.Is(err, exec.ErrQueryFailed) {
			e.log.Error("query stopped", "query", q.id, "error", err)
			return
		}
		e.retryLoop(q, r, quit, err)
	}()
}

// retryLoop restarts q with exponential backoff until a start succeeds, the
// query is terminated or quit is closed. failed is the runner that failed
// (nil for a query that never started); err is why.
func (e *Engine) retryLoop(q *persistentQuery, failed stopper, quit <-chan struct{}, err error) {
	for backoff := restartBackoffInitial; ; backoff = min(2*backoff, restartBackoffMax) {
		e.log.Warn("query failed; restarting", "query", q.id, "error", err, "in", backoff)
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-quit:
			t.Stop()
			return
		}
		if err = e.restartQuery(q, failed); err == nil {
			return
		}
	}
}

// restartQuery replaces q's failed runner (nil: it has none) with a new one
// built from the committed state. It returns nil when there is nothing more
// to do.
func (e *Engine) restartQuery(q *persistentQuery, failed stopper) error {
	q.lifecycle.Lock()
	defer q.lifecycle.Unlock()
	q.mu.Lock()
	if q.state == "TERMINATED" || q.runner != failed {
		q.mu.Unlock()
		return nil
	}
	release := q.release
	q.release = nil
	q.mu.Unlock()
	if failed != nil {
		_ = failed.Stop()
	}
	if release != nil {
		release()
	}
	ctx, cancel := context.WithTimeout(context.Background(), restartTimeout)
	defer cancel()
	if err := e.startQuery(ctx, q); err != nil {
		return err
	}
	e.log.Info("query restarted", "query", q.id)
	return nil
}

// queryStartTimeout bounds starting one query while the engine starts: a
// query that cannot start in time (its broker state still settling after a
// broker restart) is retried in the background rather than holding up the
// server.
const queryStartTimeout = 20 * time.Second

// startAll starts the replayed persistent queries concurrently; each one
// that fails to start is retried with backoff until it starts or is
// terminated.
func (e *Engine) startAll(ctx context.Context) {
	var wg sync.WaitGroup
	for _, id := range e.queryIDs() {
		q := e.queries[id]
		wg.Add(1)
		go func() {
			defer wg.Done()
			qctx, cancel := context.WithTimeout(ctx, queryStartTimeout)
			err := e.startQuery(qctx, q)
			cancel()
			if err != nil {
				e.retryStart(q, err)
			}
		}()
	}
	wg.Wait()
}

// retryStart starts q again with backoff in the background, until it runs
// or stopRunner is called.
func (e *Engine) retryStart(q *persistentQuery, err error) {
	q.mu.Lock()
	q.state = "ERROR"
	if q.quit == nil {
		q.quit = make(chan struct{})
	}
	quit := q.quit
	q.mu.Unlock()
	go e.retryLoop(q, nil, quit, err)
}
