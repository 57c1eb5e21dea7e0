package nexmark

import (
	"context"
	"slices"
	"sync"
	"time"
)

// pullSamples is how many distinct keys the pull clients cycle through.
const pullSamples = 4096

// pullLoad runs PullClients clients issuing pull queries back to back for
// PullTime, each looking up the key of a generated bid, and reports the
// throughput and latency percentiles seen by the clients.
func (r *runner) pullLoad(ctx context.Context, q Query) *PullResult {
	sqls := r.pullSQL(q.Pull)
	res := &PullResult{Clients: r.opts.PullClients}
	ctx, cancel := context.WithTimeout(ctx, r.opts.PullTime)
	defer cancel()
	var (
		mu   sync.Mutex
		lats []time.Duration
		wg   sync.WaitGroup
	)
	start := time.Now()
	for c := range r.opts.PullClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var errs, empty int64
			var firstErr error
			for i := c * 977; ctx.Err() == nil; i++ {
				t0 := time.Now()
				rows := 0
				err := r.rest.queryStream(ctx, sqls[i%len(sqls)], nil, nil, func([]byte) bool { rows++; return true })
				if ctx.Err() != nil {
					break // cut short by the end of the test: not counted
				}
				switch {
				case err != nil:
					errs++
					if firstErr == nil {
						firstErr = err
					}
				case rows == 0:
					empty++
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			defer mu.Unlock()
			lats = append(lats, mine...)
			res.Errors += errs
			res.Empty += empty
			if firstErr != nil && res.Error == "" {
				res.Error = firstErr.Error()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	res.Queries = int64(len(lats))
	res.QPS = float64(len(lats)) / elapsed.Seconds()
	res.P50Ms, res.P99Ms = percentileMs(lats, 0.50), percentileMs(lats, 0.99)
	return res
}

// pullSQL returns pull queries for the keys of pullSamples bids spread over
// the generated events (deterministic for a seed).
func (r *runner) pullSQL(spec *PullSpec) []string {
	rnd := seedRand(r.opts.Seed, 7)
	var out []string
	for len(out) < pullSamples {
		id := rnd.Int64N(r.opts.Events)
		if KindOf(id) != KindBid {
			continue
		}
		ev := r.gen.Event(id)
		out = append(out, spec.SQL(&ev.Bid))
	}
	return out
}

// percentileMs returns the p-th percentile of ds in milliseconds (ds is sorted
// in place).
func percentileMs(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(p*float64(len(ds))+0.5) - 1
	i = min(max(i, 0), len(ds)-1)
	return float64(ds[i]) / float64(time.Millisecond)
}
