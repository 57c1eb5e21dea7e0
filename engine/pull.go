package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// checkPull rejects the clauses a pull query cannot have, as ksqlDB does.
func checkPull(q *sql.Query) error {
	clause := ""
	var pos sql.Pos
	switch {
	case len(q.GroupBy) > 0:
		clause, pos = "GROUP BY", q.GroupBy[0].Pos()
	case q.Window != nil:
		clause, pos = "WINDOW", q.Window.Pos()
	case len(q.PartitionBy) > 0:
		clause, pos = "PARTITION BY", q.PartitionBy[0].Pos()
	case q.Having != nil:
		clause, pos = "HAVING", q.Having.Pos()
	}
	if _, ok := q.From.(*sql.Join); ok && clause == "" {
		clause, pos = "JOIN", q.From.Pos()
	}
	if clause == "" {
		return nil
	}
	return planner.Errorf(pos, "Pull queries don't support %s clauses. See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you intended to issue a push query.", clause)
}

// checkPullColumns rejects ROWPARTITION and ROWOFFSET in a pull query, as ksqlDB does.
func checkPullColumns(plan *planner.QueryPlan) error {
	for n := plan.Root; n != nil; {
		var exprs []planner.Expr
		clause := ""
		switch x := n.(type) {
		case *planner.Project:
			exprs, clause = x.Exprs, "SELECT"
		case *planner.Filter:
			exprs, clause = []planner.Expr{x.Predicate}, "WHERE"
		}
		var bad []string
		for _, e := range exprs {
			planner.WalkExpr(e, func(e planner.Expr) {
				if c, ok := e.(*planner.ColumnRef); ok && (c.Name == "ROWPARTITION" || c.Name == "ROWOFFSET") {
					bad = append(bad, "`"+c.Name+"`")
				}
			})
		}
		if len(bad) > 0 {
			return Errorf(CodeBadStatement, "Pull queries don't support the following columns in %s clauses: %s", clause, strings.Join(bad, ", "))
		}
		ins := n.Inputs()
		if len(ins) == 0 {
			break
		}
		n = ins[0]
	}
	return nil
}

// startStreamPull answers a pull query on a stream: it reads the stream's
// topic from the beginning up to the end offsets it had when the query began,
// then completes.
func (e *Engine) startStreamPull(ctx context.Context, s *session, plan *planner.QueryPlan) (*pushQuery, error) {
	if err := checkPullColumns(plan); err != nil {
		return nil, err
	}
	p := e.newPushQuery(plan, true)
	ends, err := e.be.endOffsets(ctx, plan.Source.Topic)
	if err != nil {
		return nil, Errorf(CodeServerError, "cannot read the end of topic %s: %v", plan.Source.Topic, err)
	}
	remaining := map[int32]int64{}
	for part, end := range ends {
		if end > 0 {
			remaining[part] = end
		}
	}
	if len(remaining) == 0 {
		p.finish(&End{Message: "Query Completed"})
		return p, nil
	}
	sink := &planner.ClientSink{Input: plan.Root, Limit: plan.Limit}
	p.blocking = true
	e.register(p, nil)
	// The runner may replay synchronously (memory backend): start it on its
	// own goroutine so rows flow to the client with backpressure.
	go func() {
		r, err := e.be.runTransient(context.Background(), p.id, []string{plan.Source.Topic}, true, func(exec.Producer) (exec.Task, error) {
			t, err := exec.Build(sink, exec.Env{QueryID: p.id, Log: e.be.processingLog(), Client: p})
			if err != nil {
				return nil, err
			}
			return &boundedTask{Task: t, remaining: remaining, done: func() { p.finish(&End{Message: "Query Completed"}) }}, nil
		})
		if err != nil {
			p.finish(err)
			return
		}
		p.setStopper(r)
	}()
	return p, nil
}

// boundedTask stops its task once every partition reached its end offset.
type boundedTask struct {
	exec.Task
	remaining map[int32]int64 // partition → end offset not yet reached
	done      func()
}

func (b *boundedTask) Process(ctx context.Context, batch []exec.SourceRecord) error {
	if len(b.remaining) == 0 {
		return fmt.Errorf("%w: %s", exec.ErrStopped, "Query Completed")
	}
	var in []exec.SourceRecord
	for _, r := range batch {
		if end, ok := b.remaining[r.Partition]; ok && r.Offset < end {
			in = append(in, r)
		}
	}
	err := b.Task.Process(ctx, in)
	if err != nil && !errors.Is(err, exec.ErrStopped) {
		return err
	}
	if err != nil {
		return err // the LIMIT was reached
	}
	for _, r := range batch {
		if end, ok := b.remaining[r.Partition]; ok && r.Offset >= end-1 {
			delete(b.remaining, r.Partition)
		}
	}
	if len(b.remaining) == 0 {
		b.done()
		return fmt.Errorf("%w: %s", exec.ErrStopped, "Query Completed")
	}
	return nil
}

// startTablePull answers a pull query on a table from its materialized view:
// the view's current records (only those under the keys the WHERE pins, when
// it pins every key column) run through the query's plan, then it completes.
func (e *Engine) startTablePull(ctx context.Context, plan *planner.QueryPlan) (*pushQuery, error) {
	if err := checkPullColumns(plan); err != nil {
		return nil, err
	}
	e.mu.Lock()
	v, ok := e.views[plan.Source.Name]
	e.mu.Unlock()
	if !ok {
		return nil, Errorf(CodeBadStatement, "The `%s` table isn't queryable. To derive a queryable table, you can do 'CREATE TABLE QUERYABLE_%s AS SELECT * FROM %s'. See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you intended to issue a push query.", plan.Source.Name, plan.Source.Name, plan.Source.Name)
	}
	lookup, _ := keyLookups(plan) // nil: the query scans the view
	recs, _ := v.fetch(lookup)
	return e.servePull(plan, recs)
}

// servePull runs recs, a table's records, through a pull query's plan to
// the client, then completes the query.
func (e *Engine) servePull(plan *planner.QueryPlan, recs []exec.SourceRecord) (*pushQuery, error) {
	p := e.newPushQuery(plan, true)
	p.blocking = true
	sink := &planner.ClientSink{Input: plan.Root, Limit: plan.Limit}
	t, err := exec.Build(sink, exec.Env{QueryID: p.id, Log: e.be.processingLog(), Client: p})
	if err != nil {
		return nil, err
	}
	// Rows go to the client with backpressure from this goroutine; the
	// snapshot is already taken, so ingestion is never blocked.
	go func() {
		defer t.Close()
		for _, r := range recs {
			if err := t.Process(context.Background(), []exec.SourceRecord{r}); err != nil {
				if !errors.Is(err, exec.ErrStopped) {
					p.finish(err)
				}
				return
			}
		}
		p.finish(&End{}) // ksqlDB ends table pull queries without a final message
	}()
	return p, nil
}
