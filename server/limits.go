package server

import (
	"context"
	"sync"

	"github.com/streamsql/streamsql/engine"
)

// codeTooManyRequests is the error code of a 429 answer: a query limit or the
// authentication failure limit was reached.
const codeTooManyRequests = 42900

// Default limits on concurrently running transient queries.
const (
	DefaultMaxPushQueries = 100
	DefaultMaxPullQueries = 200
)

// queryLimits counts the transient queries running on every endpoint
// (/query, /query-stream, /ws/query, /ws) and refuses those beyond the limits.
type queryLimits struct {
	mu               sync.Mutex
	push, pull       int
	maxPush, maxPull int
}

func newQueryLimits(maxPush, maxPull int) *queryLimits {
	return &queryLimits{maxPush: maxPush, maxPull: maxPull}
}

// admit counts q as running, or closes it and returns a 429 error when its
// kind is at its limit. The returned query releases its slot on Close.
func (l *queryLimits) admit(q engine.Query) (engine.Query, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	count, max, kind, setting := &l.push, l.maxPush, "push", "ksql.max.push.queries"
	if q.Pull() {
		count, max, kind, setting = &l.pull, l.maxPull, "pull", "ksql.query.pull.max.concurrent.requests"
	}
	if *count >= max {
		q.Close()
		return nil, engine.Errorf(codeTooManyRequests,
			"too many concurrent %s queries: the limit of %d (%s) is reached; retry later", kind, max, setting)
	}
	*count++
	return &limitedQuery{Query: q, release: func() { l.release(q.Pull()) }}, nil
}

func (l *queryLimits) release(pull bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if pull {
		l.pull--
	} else {
		l.push--
	}
}

// running reports the queries counted now, for tests.
func (l *queryLimits) running() (push, pull int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.push, l.pull
}

// limitedQuery gives its slot back on the first Close.
type limitedQuery struct {
	engine.Query
	once    sync.Once
	release func()
}

func (q *limitedQuery) Close() {
	q.Query.Close()
	q.once.Do(q.release)
}

// limitQuery opens a query through next and counts it against l.
func (l *queryLimits) limitQuery(ctx context.Context, req engine.Request,
	next func(context.Context, engine.Request) (engine.Query, error)) (engine.Query, error) {
	q, err := next(ctx, req)
	if err != nil || l == nil {
		return q, err
	}
	return l.admit(q)
}

// isPrint is engine.IsPrint seeing through the limits' wrapper.
func isPrint(q engine.Query) bool {
	if l, ok := q.(*limitedQuery); ok {
		q = l.Query
	}
	return engine.IsPrint(q)
}
