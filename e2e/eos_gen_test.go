package e2e

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// eosEvent is one record of topic events: key id, value {"seq","v"},
// ROWTIME ts. Everything but the key follows from (key, seq), so a record
// written again by a retry is identical to the first.
type eosEvent struct {
	key        string
	seq, v, ts int64
}

// eosID names an input record: its key's seq-th record.
type eosID struct {
	key string
	seq int64
}

func eosKey(i int) string { return fmt.Sprintf("k%04d", i) }

// eosValue is the column v of key i's seq-th record: spread over
// [-500, 1500) so that MIN, MAX and the filter v % 3 = 0 all matter.
func eosValue(i int, seq int64) int64 { return (seq*7919+int64(i)*104729)%2000 - 500 }

// eosGen writes events at a steady rate with an idempotent producer that
// retries for ever, so the broker being down only delays records; a record
// whose delivery still fails is produced again (the verifier reads the
// input back and counts any record the topic holds twice).
type eosGen struct {
	cl   *kgo.Client
	rng  *rand.Rand
	keys int
	base int64   // ROWTIME of seq 0, in ms
	seqs []int64 // last seq per key

	mu       sync.Mutex
	acked    map[eosID]int // acknowledgements per record
	failed   []eosEvent    // deliveries that failed, to produce again
	failures int
	lastErr  error
	inflight int
}

func newEOSGen(t *testing.T, addr string, seed uint64, keys int, base int64) *eosGen {
	cl := kafkaClient(t, addr, kgo.ProducerLinger(5*time.Millisecond), kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.RecordDeliveryTimeout(0), kgo.UnknownTopicRetries(-1))
	return &eosGen{cl: cl, rng: rand.New(rand.NewPCG(seed, 1)), keys: keys, base: base,
		seqs: make([]int64, keys), acked: map[eosID]int{}}
}

// next is the next record: a random key's next seq.
func (g *eosGen) next() eosEvent {
	i := g.rng.IntN(g.keys)
	g.seqs[i]++
	seq := g.seqs[i]
	return eosEvent{key: eosKey(i), seq: seq, v: eosValue(i, seq), ts: g.base + seq*eosSeqStepMs}
}

// fillDims writes one row of table dims per key, an hour older than any
// event, and waits for the acknowledgements.
func (g *eosGen) fillDims(t *testing.T, ctx context.Context) {
	t.Helper()
	recs := make([]*kgo.Record, g.keys)
	for i := range g.keys {
		recs[i] = &kgo.Record{Topic: eosDimsTopic, Key: []byte(eosKey(i)), Timestamp: time.UnixMilli(g.base - 3_600_000),
			Value: fmt.Appendf(nil, `{"region":"r%d","weight":%d}`, i%7, i%10+1)}
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	if err := g.cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("producing %d rows to %s: %v", g.keys, eosDimsTopic, err)
	}
}

// run produces total records, record i at start + i/rate, producing failed
// ones again, until every record is acknowledged or ctx ends.
func (g *eosGen) run(ctx context.Context, start time.Time, total, rate int) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for sent := 0; ; {
		due := min(total, int(time.Since(start).Seconds()*float64(rate))+1)
		for ; sent < due; sent++ {
			g.produce(ctx, g.next())
		}
		retry, inflight := g.takeFailed()
		for _, ev := range retry {
			g.produce(ctx, ev)
		}
		if sent == total && len(retry) == 0 && inflight == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stopped after %d of %d records (%d in flight): %w", sent, total, inflight, ctx.Err())
		case <-tick.C:
		}
	}
}

func (g *eosGen) produce(ctx context.Context, ev eosEvent) {
	r := &kgo.Record{Topic: eosEventsTopic, Key: []byte(ev.key), Timestamp: time.UnixMilli(ev.ts),
		Value: fmt.Appendf(nil, `{"seq":%d,"v":%d}`, ev.seq, ev.v)}
	g.mu.Lock()
	g.inflight++
	g.mu.Unlock()
	g.cl.Produce(ctx, r, func(_ *kgo.Record, err error) {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.inflight--
		if err != nil {
			g.failures++
			g.lastErr = err
			if ctx.Err() == nil {
				g.failed = append(g.failed, ev)
			}
			return
		}
		g.acked[eosID{ev.key, ev.seq}]++
	})
}

// takeFailed returns the records to produce again and how many are in flight.
func (g *eosGen) takeFailed() ([]eosEvent, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := g.failed
	g.failed = nil
	return out, g.inflight
}

func (g *eosGen) ackedCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.acked)
}

// ackedIDs is a copy of the acknowledged records.
func (g *eosGen) ackedIDs() map[eosID]int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return maps.Clone(g.acked)
}

// genFigures is what the generator did.
type genFigures struct {
	acked, ackedTwice, failures int
	lastErr                     error
}

func (g *eosGen) figures() genFigures {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := genFigures{acked: len(g.acked), failures: g.failures, lastErr: g.lastErr}
	for _, n := range g.acked {
		if n > 1 {
			f.ackedTwice++
		}
	}
	return f
}
