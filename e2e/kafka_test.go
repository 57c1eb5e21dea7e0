package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// kafkaClient returns a franz-go client for addr, closed at t's cleanup.
func kafkaClient(t *testing.T, addr string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr)}, opts...)...)
	if err != nil {
		t.Fatalf("kafka client for %s: %v", addr, err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// endOffset is the sum of topic's partition end offsets (high watermarks):
// it grows with every record appended to the topic.
func endOffset(ctx context.Context, adm *kadm.Client, topic string) (int64, error) {
	offs, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return 0, err
	}
	if err := offs.Error(); err != nil {
		return 0, err
	}
	var sum int64
	offs.Each(func(o kadm.ListedOffset) { sum += o.Offset })
	return sum, nil
}

// groupFor finds the consumer group whose name ends with suffix.
func groupFor(ctx context.Context, adm *kadm.Client, suffix string) (string, error) {
	groups, err := adm.ListGroups(ctx)
	if err != nil {
		return "", err
	}
	for _, g := range groups.Groups() {
		if strings.HasSuffix(g, suffix) {
			return g, nil
		}
	}
	return "", fmt.Errorf("no consumer group named *%s among %v", suffix, groups.Groups())
}

// inputLag is how many records of topic group has not committed yet (a
// partition without a commit counts from offset 0).
func inputLag(ctx context.Context, adm *kadm.Client, group, topic string) (int64, error) {
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return 0, err
	}
	committed, err := adm.FetchOffsets(ctx, group)
	if err == nil {
		err = committed.Error()
	}
	if err != nil {
		return 0, err
	}
	var lag int64
	ends.Each(func(end kadm.ListedOffset) {
		at := int64(0)
		if c, ok := committed.Lookup(topic, end.Partition); ok && c.At > 0 {
			at = c.At
		}
		lag += end.Offset - at
	})
	return lag, nil
}

// click is one record of topic clicks: key user, value {"page","n"}.
type click struct {
	user string
	n    int64
}

// clickProducer writes clicks at a steady rate and keeps the ones the broker
// acknowledged, which is what the engine must have aggregated.
type clickProducer struct {
	cl    *kgo.Client
	rng   *rand.Rand
	users int

	mu    sync.Mutex
	acked []click
	err   error // the first produce error
}

func newClickProducer(t *testing.T, addr string, seed uint64, users int) *clickProducer {
	cl := kafkaClient(t, addr, kgo.DefaultProduceTopic("clicks"), kgo.ProducerLinger(5*time.Millisecond),
		kgo.RequiredAcks(kgo.AllISRAcks()), kgo.RecordDeliveryTimeout(20*time.Second))
	return &clickProducer{cl: cl, rng: rand.New(rand.NewPCG(seed, 1)), users: users}
}

// run produces total records, record i at start + i/rate, then flushes. It
// returns the first error: a failed produce, a failed flush or ctx's end.
func (p *clickProducer) run(ctx context.Context, start time.Time, total, rate int) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for sent := 0; sent < total; {
		due := min(total, int(time.Since(start).Seconds()*float64(rate))+1)
		for ; sent < due; sent++ {
			p.produce(ctx, click{user: fmt.Sprintf("user-%03d", p.rng.IntN(p.users)), n: int64(sent + 1)})
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("producer stopped after %d of %d records: %w", sent, total, ctx.Err())
		case <-tick.C:
		}
	}
	if err := p.cl.Flush(ctx); err != nil {
		return fmt.Errorf("producer flush: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *clickProducer) produce(ctx context.Context, c click) {
	r := &kgo.Record{Key: []byte(c.user), Value: fmt.Appendf(nil, `{"page":"/p/%d","n":%d}`, c.n%13, c.n)}
	p.cl.Produce(ctx, r, func(_ *kgo.Record, err error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil {
			if p.err == nil {
				p.err = fmt.Errorf("producing click n=%d for %s: %w", c.n, c.user, err)
			}
			return
		}
		p.acked = append(p.acked, c)
	})
}

// produced returns the acknowledged clicks.
func (p *clickProducer) produced() []click {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]click(nil), p.acked...)
}
