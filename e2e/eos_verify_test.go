package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// verifyTimeout bounds reading every topic back, apart from the run's
// deadline so that an overrun still ends with figures.
const verifyTimeout = 3 * time.Minute

// waitCaughtUp polls until every query's group has committed all of its
// inputs and the sinks stopped growing (twice in a row, 500ms apart).
func (r *eosRun) waitCaughtUp(t *testing.T) {
	t.Helper()
	began := time.Now()
	deadline := began.Add(r.size.catchUp)
	prevEnds, stable := int64(-1), 0
	for {
		r.cl.checkServer(t)
		behind := r.behind()
		ends := r.sinkEnds()
		if behind == "" && ends == prevEnds && ends >= 0 {
			stable++
		} else {
			stable = 0
		}
		if stable >= 2 {
			t.Logf("every query caught up %v after the input ended", time.Since(began).Round(time.Millisecond))
			return
		}
		if time.Now().After(deadline) || r.ctx.Err() != nil {
			t.Errorf("queries not caught up %v after the input ended: %s (sink end offsets %d, then %d)",
				time.Since(began).Round(time.Millisecond), behind, prevEnds, ends)
			return
		}
		prevEnds = ends
		time.Sleep(500 * time.Millisecond)
	}
}

// behind lists the queries that have not committed all their input.
func (r *eosRun) behind() string {
	var out []string
	for _, q := range eosQueries {
		for _, in := range q.inputs {
			lag, err := r.lag(q.name, in)
			if err != nil {
				out = append(out, fmt.Sprintf("%s on %s: %v", q.name, in, err))
			} else if lag > 0 {
				out = append(out, fmt.Sprintf("%s lags %d on %s", q.name, lag, in))
			}
		}
	}
	return strings.Join(out, "; ")
}

// sinkEnds is the sum of the sinks' high watermarks, or -1.
func (r *eosRun) sinkEnds() int64 {
	ctx, cancel := context.WithTimeout(r.ctx, 5*time.Second)
	defer cancel()
	var sum int64
	for _, q := range eosQueries {
		n, err := endOffset(ctx, r.cl.adm, q.sink)
		if err != nil {
			return -1
		}
		sum += n
	}
	return sum
}

// eosResult is everything the verifier found.
type eosResult struct {
	gen     genFigures
	input   inputCheck
	streams []streamCheck // pass, filter, join
	tables  []tableCheck  // agg, window
	errs    []string      // topics that could not be read in full
}

// inputCheck compares topic events with what the generator had acknowledged.
type inputCheck struct {
	records, bad int
	dups         int // records beyond the first of a (key, seq)
	lostAcked    int // acknowledged (key, seq) not in the topic
	gaps         int // (key, seq) below a key's highest seq not in the topic
	vis          visibility
}

// verify reads every topic back and checks every sink against the input.
func (r *eosRun) verify(t *testing.T) *eosResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
	defer cancel()
	res := &eosResult{gen: r.gen.figures()}
	evRecs, evVis := r.readBoth(ctx, eosEventsTopic, res)
	in, bad := parseEvents(evRecs)
	res.input = checkInput(in, r.gen.ackedIDs())
	res.input.bad, res.input.vis = bad, evVis
	dimRecs, _ := r.readBoth(ctx, eosDimsTopic, res)
	dims := parseDims(dimRecs)
	if len(dims) != r.size.keys {
		t.Errorf("topic %s holds rows for %d keys, want %d", eosDimsTopic, len(dims), r.size.keys)
	}
	for _, q := range eosQueries {
		got, vis := r.readBoth(ctx, q.sink, res)
		switch q.name {
		case "pass", "filter", "join":
			want := wantJoin(in, dims)
			if q.name == "pass" {
				want = wantPass(in, nil)
			} else if q.name == "filter" {
				want = wantPass(in, func(r eosIn) bool { return r.v%3 == 0 })
			}
			c := checkStream(q.name, want, got)
			c.vis = vis
			res.streams = append(res.streams, c)
		case "agg", "window":
			want, parse := wantAgg(in), parseAggUpdate
			if q.name == "window" {
				want, parse = wantWindow(in), parseWindowUpdate
			}
			c := checkTable(q.name, want, got, parse)
			c.vis = vis
			res.tables = append(res.tables, c)
		}
	}
	r.recoveries()
	return res
}

// readBoth reads topic read_committed (returned, in partition/offset order)
// and read_uncommitted, and counts what only the latter sees: records of
// aborted transactions (below the last stable offset) and records past it
// (of a transaction still open, which blocks read_committed consumers).
func (r *eosRun) readBoth(ctx context.Context, topic string, res *eosResult) ([]kRec, visibility) {
	recs, err := readTopic(ctx, r.cl.brokerAddr, topic, true)
	if err != nil {
		res.errs = append(res.errs, fmt.Sprintf("read_committed: %v", err))
	}
	all, err := readTopic(ctx, r.cl.brokerAddr, topic, false)
	if err != nil {
		res.errs = append(res.errs, fmt.Sprintf("read_uncommitted: %v", err))
	}
	lso, err := topicEnds(ctx, r.cl.brokerAddr, topic, true)
	if err != nil {
		res.errs = append(res.errs, err.Error())
	}
	committed := make(map[[2]int64]bool, len(recs))
	for _, rec := range recs {
		committed[[2]int64{int64(rec.part), rec.off}] = true
	}
	var vis visibility
	for _, rec := range all {
		switch {
		case rec.off >= lso[rec.part]:
			vis.pending++
		case !committed[[2]int64{int64(rec.part), rec.off}]:
			vis.aborted++
		}
	}
	sortRecs(recs)
	return recs, vis
}

// visibility counts the records of a topic read_committed does not return.
type visibility struct {
	aborted int // below the last stable offset: of aborted transactions
	pending int // at or past it: of a transaction still open
}

// sortRecs orders records by partition, then offset.
func sortRecs(recs []kRec) {
	slices.SortFunc(recs, func(a, b kRec) int {
		if a.part != b.part {
			return int(a.part - b.part)
		}
		return int(a.off - b.off)
	})
}

// checkInput counts duplicates, gaps and acknowledged records missing in in.
func checkInput(in []eosIn, acked map[eosID]int) inputCheck {
	c := inputCheck{records: len(in)}
	seen := map[eosID]int{}
	top := map[string]int64{}
	for _, r := range in {
		id := eosID{r.key, r.seq}
		if seen[id]++; seen[id] > 1 {
			c.dups++
		}
		top[r.key] = max(top[r.key], r.seq)
	}
	for id := range acked {
		if seen[id] == 0 {
			c.lostAcked++
		}
	}
	for key, n := range top {
		for seq := int64(1); seq <= n; seq++ {
			if seen[eosID{key, seq}] == 0 {
				c.gaps++
			}
		}
	}
	return c
}

// recoveries sets each kill's recovery from the tail of EOS_PASS.
func (r *eosRun) recoveries() {
	for _, k := range r.kills {
		if k.lso == nil {
			continue
		}
		if at, ok := r.tail.firstAfter(k.lso, k.at); ok {
			k.recovery = at.Sub(k.at)
		}
	}
}
