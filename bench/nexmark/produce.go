package nexmark

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Counts says how many events of each kind a run wrote.
type Counts struct {
	Persons  int64 `json:"persons"`
	Auctions int64 `json:"auctions"`
	Bids     int64 `json:"bids"`
}

// Total is the number of events of all kinds.
func (c Counts) Total() int64 { return c.Persons + c.Auctions + c.Bids }

func (c *Counts) add(k Kind) {
	switch k {
	case KindPerson:
		c.Persons++
	case KindAuction:
		c.Auctions++
	default:
		c.Bids++
	}
}

// CountsOf returns the counts of the first n events, without generating them.
func CountsOf(n int64) Counts {
	var c Counts
	full := n / proportionTotal
	c.Persons, c.Auctions, c.Bids = full*personProportion, full*auctionProportion, full*bidProportion
	for id := full * proportionTotal; id < n; id++ {
		c.add(KindOf(id))
	}
	return c
}

// newClient returns a franz-go client tuned for bulk loading.
func newClient(brokers []string, opts ...kgo.Opt) (*kgo.Client, error) {
	base := []kgo.Opt{
		kgo.SeedBrokers(brokers...),
		kgo.ProducerLinger(5 * time.Millisecond),
		kgo.ProducerBatchMaxBytes(1 << 20),
		kgo.MaxBufferedRecords(100_000),
		kgo.RecordPartitioner(kgo.StickyKeyPartitioner(nil)),
	}
	cl, err := kgo.NewClient(append(base, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("kafka client for %v: %w", brokers, err)
	}
	return cl, nil
}

// CreateTopics creates topics with the given partitions; topics that exist
// already are left alone.
func CreateTopics(ctx context.Context, cl *kgo.Client, partitions int, topics ...string) error {
	resp, err := kadm.NewClient(cl).CreateTopics(ctx, int32(partitions), 1, nil, topics...)
	if err != nil {
		return fmt.Errorf("creating topics %v: %w", topics, err)
	}
	for _, t := range resp.Sorted() {
		if t.Err != nil && !errors.Is(t.Err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("creating topic %s: %w", t.Topic, t.Err)
		}
	}
	return nil
}

// EventTopics are the topics of the three event kinds.
var EventTopics = []string{KindPerson.Topic(), KindAuction.Topic(), KindBid.Topic()}

// Load creates the event topics with the given partitions and writes events
// [0, n) of g into them: JSON values, the KAFKA-format BIGINT key, the event
// time as the record timestamp. It returns once every record is acknowledged.
func Load(ctx context.Context, brokers []string, g *Generator, n int64, partitions int) (Counts, error) {
	cl, err := newClient(brokers)
	if err != nil {
		return Counts{}, err
	}
	defer cl.Close()
	if err := CreateTopics(ctx, cl, partitions, EventTopics...); err != nil {
		return Counts{}, err
	}
	var (
		counts   Counts
		failed   atomic.Int64
		firstErr error
		mu       sync.Mutex
	)
	done := func(_ *kgo.Record, err error) {
		if err != nil && failed.Add(1) == 1 {
			mu.Lock()
			firstErr = err
			mu.Unlock()
		}
	}
	for id := range n {
		if id%4096 == 0 && (ctx.Err() != nil || failed.Load() > 0) {
			break
		}
		ev := g.Event(id)
		counts.add(ev.Kind)
		cl.Produce(ctx, eventRecord(&ev), done)
	}
	if err := cl.Flush(ctx); err != nil {
		return counts, fmt.Errorf("loading events: %w", err)
	}
	if failed.Load() > 0 {
		mu.Lock()
		defer mu.Unlock()
		return counts, fmt.Errorf("loading events: %d records failed, first: %w", failed.Load(), firstErr)
	}
	return counts, ctx.Err()
}

// eventRecord is the Kafka record of ev.
func eventRecord(ev *Event) *kgo.Record {
	return &kgo.Record{
		Topic:     ev.Kind.Topic(),
		Key:       ev.AppendKey(make([]byte, 0, 8)),
		Value:     ev.AppendJSON(make([]byte, 0, 256)),
		Timestamp: time.UnixMilli(ev.Time()),
	}
}

// endOffsets sums the end offsets of each topic's partitions.
func endOffsets(ctx context.Context, adm *kadm.Client, topics ...string) (map[string]int64, error) {
	offs, err := adm.ListEndOffsets(ctx, topics...)
	if err != nil {
		return nil, fmt.Errorf("listing end offsets of %v: %w", topics, err)
	}
	sums := make(map[string]int64, len(topics))
	var firstErr error
	offs.Each(func(o kadm.ListedOffset) {
		if o.Err != nil && firstErr == nil {
			firstErr = fmt.Errorf("end offset of %s[%d]: %w", o.Topic, o.Partition, o.Err)
		}
		sums[o.Topic] += o.Offset
	})
	return sums, firstErr
}
