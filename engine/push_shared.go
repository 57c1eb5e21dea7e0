package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Scalable push queries (ksqlDB's push v2). A push query over a stream that
// starts at the latest offsets and only filters and projects does not get a
// runner of its own: it subscribes to the one tail reader of its source
// (push_shared_tail.go), which consumes the topic once, decodes each record
// once and offers the decoded row to every subscriber. Each subscriber runs
// its own compiled WHERE and SELECT on the shared row, on the reader's
// goroutine, and buffers the result in its own pushQuery (pushBuffer rows):
// a subscriber that falls behind gets ErrSlowConsumer and is dropped, it
// never blocks the reader or the other subscribers.
//
// Queries that need their own runner keep it: auto.offset.reset=earliest
// (they replay history), tables, joins, aggregations, windows, PARTITION BY
// and table functions. ksql.query.push.v2.enabled=false opts out.

// pushV2Property turns scalable push queries off when "false".
const pushV2Property = "ksql.query.push.v2.enabled"

// sharedPipeline is the part of an eligible push plan above its scan.
type sharedPipeline struct {
	scan   *planner.Scan
	stages []planner.Node // Filter and Project nodes, bottom-up
}

// sharablePlan returns the pipeline of plan when it can run on a shared tail
// reader, or false.
func sharablePlan(s *session, plan *planner.QueryPlan, earliest bool) (sharedPipeline, bool) {
	if earliest || strings.EqualFold(s.props[pushV2Property], "false") {
		return sharedPipeline{}, false
	}
	if plan.Source.Table || plan.Table || plan.Aggregated || plan.Windowed != "" || plan.PartitionBy {
		return sharedPipeline{}, false
	}
	var stages []planner.Node
	for n := plan.Root; ; {
		switch x := n.(type) {
		case *planner.Scan:
			if x.Table {
				return sharedPipeline{}, false
			}
			return sharedPipeline{scan: x, stages: stages}, true
		case *planner.Filter:
			stages = append([]planner.Node{x}, stages...)
			n = x.Input
		case *planner.Project:
			stages = append([]planner.Node{x}, stages...)
			n = x.Input
		default:
			return sharedPipeline{}, false // a join, rekey, flat map...
		}
	}
}

// sharedStage is one compiled Filter (pred) or Project (exprs).
type sharedStage struct {
	pred  exec.Evaluator
	exprs []exec.Evaluator
	names []string // output column names of a Project, for error messages
}

// sharedSub is one push query fed by a tail reader. Its evaluators are used
// only on the reader's goroutine (they are not safe for concurrent use).
type sharedSub struct {
	p      *pushQuery
	stages []sharedStage
	limit  int // -1: none
	sent   int
}

func compileShared(p *pushQuery, pl sharedPipeline, limit int) (*sharedSub, error) {
	sub := &sharedSub{p: p, limit: limit}
	for _, n := range pl.stages {
		var st sharedStage
		switch x := n.(type) {
		case *planner.Filter:
			ev, err := exec.Compile(x.Predicate)
			if err != nil {
				return nil, err
			}
			st.pred = ev
		case *planner.Project:
			for i, e := range x.Exprs {
				ev, err := exec.Compile(e)
				if err != nil {
					return nil, err
				}
				st.exprs = append(st.exprs, ev)
				st.names = append(st.names, columnLabel(x.Out, i))
			}
		}
		sub.stages = append(sub.stages, st)
	}
	return sub, nil
}

func columnLabel(s *planner.Schema, i int) string {
	if s != nil && i < len(s.Columns) {
		return s.Columns[i].Name
	}
	return fmt.Sprintf("#%d", i)
}

// offer runs row (a decoded, non-tombstone source row) through the
// subscriber's pipeline and buffers the result. It returns false once the
// subscriber wants no more rows: its client left or fell behind, or its LIMIT
// was reached.
func (s *sharedSub) offer(row types.Row, t *tailReader) bool {
	in := row
	for _, st := range s.stages {
		if st.pred != nil {
			v, err := st.pred(row, nil)
			if err != nil {
				t.logRow(s.p.id, in, "error evaluating predicate: %v", err)
				return true
			}
			if v != true {
				return true
			}
			continue
		}
		out := make(types.Row, len(st.exprs))
		for j, ev := range st.exprs {
			v, err := ev(row, nil)
			if err != nil {
				t.logRow(s.p.id, in, "error computing expression for column %s: %v", st.names[j], err)
				v = nil
			}
			out[j] = v
		}
		row = out
	}
	if !s.p.Receive(row, false) {
		return false
	}
	s.sent++
	if s.limit >= 0 && s.sent >= s.limit {
		s.p.Done(exec.LimitReached)
		return false
	}
	return true
}

// startSharedPush subscribes a push query to the tail reader of its source,
// starting the reader if it is the first subscriber.
func (e *Engine) startSharedPush(ctx context.Context, plan *planner.QueryPlan, pl sharedPipeline) (*pushQuery, error) {
	p := e.newPushQuery(plan, false)
	p.stallBudget = sharedStallBudget
	sub, err := compileShared(p, pl, plan.Limit)
	if err != nil {
		return nil, err
	}
	if plan.Limit == 0 {
		p.Done(exec.LimitReached)
		e.register(p, nil)
		return p, nil
	}
	leave, err := e.joinTail(ctx, pl.scan, sub)
	if err != nil {
		return nil, err
	}
	e.register(p, leave)
	return p, nil
}
