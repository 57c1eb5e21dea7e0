package nexmark

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
)

// Options configure a run. Zero values mean the defaults in brackets.
type Options struct {
	Events     int64    // events to generate [1,000,000]
	Seed       uint64   // generator seed
	EventRate  int64    // events per second of event time [10,000]
	BaseTime   int64    // event time of the first event, ms [DefaultBaseTime]
	Queries    []string // query names; empty: all
	Partitions int      // partitions of each event topic [2]

	Baseline    bool          // also run the franz-go baselines (needs Target.Binary)
	Latency     bool          // also measure push-query latency
	Rate        float64       // records/s for the latency test; 0: half the maximum push rate, measured
	LatencyTime time.Duration // duration of the latency test [10s]
	PullClients int           // concurrent pull clients for q17/q18 [16]
	PullTime    time.Duration // duration of each pull test [5s]
	Timeout     time.Duration // per query [10m]

	Progress io.Writer // progress lines; nil: none
	// AfterQuery, if set, is called after a query finished, before its sinks
	// are dropped (tests read the results there).
	AfterQuery func(ctx context.Context, q Query, res *Result)
}

func (o Options) withDefaults() Options {
	if o.Events <= 0 {
		o.Events = 1_000_000
	}
	if o.Partitions <= 0 {
		o.Partitions = 2
	}
	if o.LatencyTime <= 0 {
		o.LatencyTime = 10 * time.Second
	}
	if o.PullClients <= 0 {
		o.PullClients = 16
	}
	if o.PullTime <= 0 {
		o.PullTime = 5 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	return o
}

// runner holds what one run shares between queries.
type runner struct {
	t      Target
	opts   Options
	gen    *Generator
	counts Counts
	rest   *restClient
	adm    *kadm.Client
	closeA func()
}

// Run generates the events into t's brokers, declares them to t's server and
// measures each selected query in turn (then the baselines and the push
// latency, if asked). A query the engine refuses or that does not finish is
// recorded in its Result; Run fails only when the run itself cannot proceed.
func Run(ctx context.Context, t Target, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	queries, err := SelectQueries(opts.Queries)
	if err != nil {
		return nil, err
	}
	r := &runner{t: t, opts: opts, gen: NewGenerator(Config{Seed: opts.Seed, EventRate: opts.EventRate, BaseTime: opts.BaseTime}),
		rest: newRESTClient(t.REST, opts.PullClients+4)}
	defer r.rest.close()
	cl, err := newClient(t.Brokers)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	r.adm = kadm.NewClient(cl)

	rep := &Report{Started: time.Now().UTC().Format(time.RFC3339), Events: opts.Events, Seed: opts.Seed,
		Partitions: opts.Partitions, CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	r.logf("generating %d events into %v", opts.Events, t.Brokers)
	start := time.Now()
	if r.counts, err = Load(ctx, t.Brokers, r.gen, opts.Events, opts.Partitions); err != nil {
		return nil, err
	}
	rep.Counts, rep.LoadSec = r.counts, time.Since(start).Seconds()
	for _, s := range SourceDDL {
		if _, err := r.rest.ksql(ctx, s); err != nil {
			return nil, fmt.Errorf("declaring the event topics: %w", err)
		}
	}
	for _, q := range queries {
		r.logf("%s: %s", q.Name, q.Title)
		res := r.runQuery(ctx, q)
		r.logf("%s: %s, %.0f events/cpu-s", q.Name, res.Status, res.EventsPerCPU)
		rep.Results = append(rep.Results, res)
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	if opts.Baseline {
		r.runBaselines(ctx, rep)
	}
	if opts.Latency {
		rep.Latency = r.pushLatency(ctx)
	}
	return rep, ctx.Err()
}

func (r *runner) logf(format string, args ...any) {
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, time.Now().Format("15:04:05 ")+format+"\n", args...)
	}
}

// inputEvents is the number of generated events q reads.
func (r *runner) inputEvents(q Query) int64 {
	var n int64
	for _, k := range q.Inputs {
		switch k {
		case KindPerson:
			n += r.counts.Persons
		case KindAuction:
			n += r.counts.Auctions
		default:
			n += r.counts.Bids
		}
	}
	return n
}
