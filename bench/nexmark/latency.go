package nexmark

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

const (
	latencyTopic = "bid_live"
	latencyDDL   = `CREATE STREAM bid_live (auction BIGINT KEY, bidder BIGINT, price BIGINT, channel STRING, url STRING,
  dateTime BIGINT, extra STRING, sent BYTES HEADER('sent')) WITH (KAFKA_TOPIC='bid_live', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');`
	latencySQL  = "SELECT auction, price, sent FROM bid_live WHERE price > 0 EMIT CHANGES;"
	latencyPool = 10_000 // distinct bids the producer cycles through

	probeTime  = 2 * time.Second // each step of the search for the maximum rate
	probeStart = 2_000           // records/s of the first step
	probeMax   = 2_000_000
	probeSlow  = time.Second // a step whose p99 exceeds this is queueing: over the maximum
)

// pushLatency produces bids at a steady rate to a fresh topic while a push
// query over /query-stream selects them, and measures for each row the time
// from just before the producer handed the record to the client (header
// "sent", Unix nanoseconds) to its arrival at the query's client. The rate is
// --rate, or half the maximum rate the push query sustains (pushMaxRate).
func (r *runner) pushLatency(ctx context.Context) *Latency {
	l := &Latency{Query: latencySQL, RatePS: r.opts.Rate, RateSrc: "--rate"}
	defer func() {
		if _, err := r.rest.ksql(context.WithoutCancel(ctx), "DROP STREAM IF EXISTS bid_live DELETE TOPIC;"); err != nil {
			r.logf("dropping bid_live: %v", err)
		}
	}()
	p, err := r.newProbe(ctx)
	if err != nil {
		l.Error = err.Error()
		return l
	}
	defer p.cl.Close()
	if l.RatePS <= 0 {
		max := r.pushMaxRate(ctx, p)
		if max == 0 {
			l.Error = fmt.Sprintf("the push query did not keep up even with %d records/s", probeStart)
			return l
		}
		l.RatePS, l.RateSrc = max/2, fmt.Sprintf("half the highest rate sustained, %.0f records/s", max)
	}
	r.logf("push latency at %.0f records/s for %v", l.RatePS, r.opts.LatencyTime)
	t := p.run(ctx, l.RatePS, r.opts.LatencyTime)
	l.Sent, l.Got = t.sent, int64(len(t.lats))
	l.P50Ms, l.P99Ms, l.MaxMs = percentileMs(t.lats, 0.5), percentileMs(t.lats, 0.99), percentileMs(t.lats, 1)
	if t.err != nil {
		l.Error = t.err.Error()
	}
	return l
}

// pushMaxRate doubles the rate from probeStart until a step fails (rows
// missing, the query dropped, or p99 over probeSlow), then bisects three
// times; it returns the highest rate that passed, 0 if none did.
func (r *runner) pushMaxRate(ctx context.Context, p *probe) float64 {
	ok, bad := 0.0, 0.0
	for rate := float64(probeStart); rate <= probeMax && ctx.Err() == nil; rate *= 2 {
		if !p.passes(ctx, rate) {
			bad = rate
			break
		}
		ok = rate
	}
	for i := 0; i < 3 && ok > 0 && bad > 0 && ctx.Err() == nil; i++ {
		mid := (ok + bad) / 2
		if p.passes(ctx, mid) {
			ok = mid
		} else {
			bad = mid
		}
	}
	r.logf("push query sustains %.0f records/s (fails at %.0f)", ok, bad)
	return ok
}

// probe produces to the latency topic and reads it through push queries.
type probe struct {
	r    *runner
	cl   *kgo.Client
	pool []*kgo.Record
}

// trial is one producer run against one push query.
type trial struct {
	sent int64
	lats []time.Duration
	err  error
}

func (r *runner) newProbe(ctx context.Context) (*probe, error) {
	cl, err := newClient(r.t.Brokers, kgo.ProducerLinger(0))
	if err != nil {
		return nil, err
	}
	if err := CreateTopics(ctx, cl, r.opts.Partitions, latencyTopic); err != nil {
		cl.Close()
		return nil, err
	}
	if _, err := r.rest.ksql(ctx, latencyDDL); err != nil {
		cl.Close()
		return nil, err
	}
	p := &probe{r: r, cl: cl, pool: make([]*kgo.Record, 0, latencyPool)}
	for id := r.opts.Events; len(p.pool) < latencyPool; id++ {
		if KindOf(id) == KindBid {
			ev := r.gen.Event(id)
			rec := eventRecord(&ev)
			rec.Topic = latencyTopic
			p.pool = append(p.pool, rec)
		}
	}
	return p, nil
}

func (p *probe) passes(ctx context.Context, rate float64) bool {
	t := p.run(ctx, rate, probeTime)
	pass := t.err == nil && int64(len(t.lats)) >= t.sent && percentileMs(t.lats, 0.99) < float64(probeSlow/time.Millisecond)
	p.r.logf("push probe at %.0f records/s: %d/%d rows, p99 %.2f ms, error %v", rate, len(t.lats), t.sent, percentileMs(t.lats, 0.99), t.err)
	return pass
}

// run starts the push query, produces at rate for d, waits up to 3s for the
// last rows and stops the query.
func (p *probe) run(ctx context.Context, rate float64, d time.Duration) trial {
	qctx, stop := context.WithCancel(ctx)
	defer stop()
	var (
		mu    sync.Mutex
		t     trial
		ready = make(chan struct{})
		qerr  = make(chan error, 1)
	)
	go func() {
		props := map[string]any{"auto.offset.reset": "latest"}
		qerr <- p.r.rest.queryStream(qctx, latencySQL, props, func() { close(ready) }, func(row []byte) bool {
			if d, ok := rowLatency(row, time.Now()); ok {
				mu.Lock()
				t.lats = append(t.lats, d)
				mu.Unlock()
			}
			return true
		})
	}()
	select {
	case <-ready:
	case err := <-qerr:
		return trial{err: fmt.Errorf("push query: %v", err)}
	case <-time.After(startTimeout):
		return trial{err: fmt.Errorf("push query: no header within %v", startTimeout)}
	}
	time.Sleep(time.Second) // let the query's consumer take its partitions at the latest offsets
	sent, err := p.produce(ctx, rate, d)
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := int64(len(t.lats))
		mu.Unlock()
		if n >= sent {
			break
		}
	}
	stop()
	qe := <-qerr
	mu.Lock()
	defer mu.Unlock()
	t.sent = sent
	if t.err = err; t.err == nil && qe != nil {
		t.err = fmt.Errorf("push query ended early: %v", qe)
	}
	return t
}

// produce sends bids at rate per second for d, each with the header sent set
// to the time it is handed to the client.
func (p *probe) produce(ctx context.Context, rate float64, d time.Duration) (int64, error) {
	var sent int64
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for now := start; now.Sub(start) < d && ctx.Err() == nil; now = <-tick.C {
		due := int64(now.Sub(start).Seconds() * rate)
		for ; sent < due; sent++ {
			src := p.pool[sent%latencyPool]
			rec := &kgo.Record{Topic: src.Topic, Key: src.Key, Value: src.Value, Timestamp: time.Now()}
			rec.Headers = []kgo.RecordHeader{{Key: "sent", Value: binary.BigEndian.AppendUint64(nil, uint64(time.Now().UnixNano()))}}
			p.cl.Produce(ctx, rec, nil)
		}
	}
	if err := p.cl.Flush(ctx); err != nil {
		return sent, fmt.Errorf("latency producer: %w", err)
	}
	return sent, nil
}

// rowLatency reads the sent header (the last column: a JSON string holding
// the base64 of 8 bytes) of a row and returns now minus it.
func rowLatency(row []byte, now time.Time) (time.Duration, bool) {
	end := bytes.LastIndexByte(row, '"')
	if end < 0 {
		return 0, false
	}
	start := bytes.LastIndexByte(row[:end], '"')
	var b [9]byte
	if start < 0 || end-start-1 != base64.StdEncoding.EncodedLen(8) {
		return 0, false
	}
	if n, err := base64.StdEncoding.Decode(b[:], row[start+1:end]); err != nil || n != 8 {
		return 0, false
	}
	return now.Sub(time.Unix(0, int64(binary.BigEndian.Uint64(b[:8])))), true
}
