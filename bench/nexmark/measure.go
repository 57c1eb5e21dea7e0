package nexmark

import (
	"context"
	"errors"
	"fmt"
	"time"
)

const (
	pollEvery    = 100 * time.Millisecond
	stallTimeout = time.Minute // a query reading nothing for this long has failed

	settleEvery = 500 * time.Millisecond
	settleIdle  = 50 * time.Millisecond // CPU per settleEvery under which the server counts as idle
	settleMax   = 30 * time.Second
)

// settle waits until the server is idle, so that work left over from the
// previous step (pull queries still scanning, say) is not charged to the next.
func (r *runner) settle(ctx context.Context) {
	for deadline := time.Now().Add(settleMax); time.Now().Before(deadline); {
		m, err := startCPU(r.t.ServerPID)
		if err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(settleEvery):
		}
		used, err := m.stop()
		if err != nil || used[0] < settleIdle {
			return
		}
	}
	r.logf("the server is still busy after %v; measuring anyway", settleMax)
}

// runQuery starts q's persistent queries, waits until they have processed
// every input record, and charges the CPU time the server and the broker used
// meanwhile to q. It then load-tests pull queries if q has any, and finally
// terminates the queries and drops their sinks.
func (r *runner) runQuery(ctx context.Context, q Query) Result {
	res := Result{Query: q.Name, Title: q.Title, Note: q.Note, Events: r.inputEvents(q), Status: "ok"}
	r.settle(ctx)
	pids := []int{r.t.ServerPID, r.t.BrokerPID}
	meter, err := startCPU(pids...)
	if err != nil {
		return res.failed("failed", err)
	}
	start := time.Now()
	var ids []string
	defer func() { r.cleanup(context.WithoutCancel(ctx), q, ids) }()
	for _, st := range q.Stmts {
		id, err := r.rest.ksql(ctx, st.SQL)
		if err != nil {
			return res.failed("unsupported", err)
		}
		ids = append(ids, id)
	}
	out, err := r.waitDone(ctx, q, ids)
	cpu, cerr := meter.stop()
	if err = errors.Join(err, cerr); err != nil {
		return res.failed("failed", err)
	}
	res.WallSec = time.Since(start).Seconds()
	res.ServerCPUSec, res.BrokerCPUSec = cpu[0].Seconds(), cpu[1].Seconds()
	res.Output = out
	res.EventsPerCPU = perSec(res.Events, res.ServerCPUSec)
	res.EventsPerSec = perSec(res.Events, res.WallSec)
	if q.Pull != nil {
		res.Pull = r.pullLoad(ctx, q)
	}
	if res.Goal = q.Goal; q.Goal > 0 {
		res.OfGoal = res.EventsPerCPU / q.Goal
	}
	if r.opts.AfterQuery != nil {
		r.opts.AfterQuery(ctx, q, &res)
	}
	return res
}

func (res Result) failed(status string, err error) Result {
	res.Status, res.Error = status, err.Error()
	return res
}

func perSec(n int64, sec float64) float64 {
	if sec <= 0 {
		return 0
	}
	return float64(n) / sec
}

// waitDone polls until every statement of q has read all records of its
// source topics and the output stopped growing, and returns the records the
// queries wrote. A source that is an earlier statement's sink counts the
// records that statement wrote (its end offset may include markers).
func (r *runner) waitDone(ctx context.Context, q Query, ids []string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	sinkOf := map[string]int{}
	var topics []string
	for i, st := range q.Stmts {
		for _, t := range st.Sources {
			if _, derived := sinkOf[t]; !derived {
				topics = append(topics, t)
			}
		}
		sinkOf[st.Sink] = i
	}
	ends, err := endOffsets(ctx, r.adm, topics...)
	if err != nil {
		return 0, err
	}
	lastOut, stable := int64(-1), 0
	lastIn, progressed := int64(-1), time.Now()
	for {
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("not done after %v: %w", r.opts.Timeout, ctx.Err())
		case <-time.After(pollEvery):
		}
		counters, err := r.rest.counters(ctx)
		if err != nil {
			return 0, err
		}
		caughtUp, in, need, out := true, int64(0), int64(0), int64(0)
		for i, st := range q.Stmts {
			var n int64
			for _, t := range st.Sources {
				if j, derived := sinkOf[t]; derived && j < i {
					n += counters[ids[j]].out
				} else {
					n += ends[t]
				}
			}
			c := counters[ids[i]]
			caughtUp = caughtUp && c.in >= n
			in, need, out = in+c.in, need+n, out+c.out
		}
		if in != lastIn {
			lastIn, progressed = in, time.Now()
		} else if !caughtUp && time.Since(progressed) > stallTimeout {
			return 0, fmt.Errorf("stalled: no input read for %v, %d of %d records read", stallTimeout, in, need)
		}
		if !caughtUp || out != lastOut {
			lastOut, stable = out, 0
			continue
		}
		if stable++; stable >= 2 {
			return out, nil
		}
	}
}

// cleanup terminates the queries and drops their sinks with their topics, in
// reverse order; problems are only logged, the next query starts anyway.
func (r *runner) cleanup(ctx context.Context, q Query, ids []string) {
	for i := len(ids) - 1; i >= 0; i-- {
		if ids[i] != "" {
			if _, err := r.rest.ksql(ctx, "TERMINATE "+ids[i]+";"); err != nil {
				r.logf("%s: terminating %s: %v", q.Name, ids[i], err)
			}
		}
	}
	for i := len(q.Stmts) - 1; i >= 0; i-- {
		st := q.Stmts[i]
		kind := "STREAM"
		if st.Table {
			kind = "TABLE"
		}
		if _, err := r.rest.ksql(ctx, "DROP "+kind+" IF EXISTS "+st.Sink+" DELETE TOPIC;"); err != nil {
			r.logf("%s: dropping %s: %v", q.Name, st.Sink, err)
		}
	}
}
