package kafkaio

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kgo"
)

// producer is the exec.Producer a runner hands its task. Produce is
// asynchronous; the runner flushes and checks err before committing the input
// offsets the records came from.
type producer struct {
	cl  *kgo.Client
	ctx context.Context // canceled on Stop: unblocks Produce on a full buffer
	out atomic.Int64

	mu       sync.Mutex
	firstErr error
}

func newProducer(ctx context.Context, cl *kgo.Client) *producer {
	return &producer{cl: cl, ctx: ctx}
}

// Produce buffers r for sending; it blocks only while the client's record
// buffer is full. It keeps r's bytes without copying them, as exec.Producer
// allows.
func (p *producer) Produce(r *exec.OutRecord) {
	rec := &kgo.Record{
		Topic:     r.Topic,
		Partition: r.Partition,
		Key:       r.Key,
		Value:     r.Value,
		Timestamp: time.UnixMilli(r.Timestamp),
	}
	if len(r.Headers) > 0 {
		rec.Headers = make([]kgo.RecordHeader, len(r.Headers))
		for i, h := range r.Headers {
			rec.Headers[i] = kgo.RecordHeader{Key: h.Key, Value: h.Value}
		}
	}
	p.cl.Produce(p.ctx, rec, p.done)
}

func (p *producer) done(r *kgo.Record, err error) {
	if err == nil {
		p.out.Add(1)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.firstErr == nil {
		p.firstErr = fmt.Errorf("produce to topic %q partition %d: %w", r.Topic, r.Partition, err)
	}
}

// err returns the first produce failure, if any.
func (p *producer) err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.firstErr
}

// partitioner sends records with Partition >= 0 to that partition and hashes
// the rest like Kafka's default partitioner (murmur2 of the key, sticky for
// nil keys).
type partitioner struct{ hash kgo.Partitioner }

func newPartitioner() kgo.Partitioner {
	return partitioner{hash: kgo.StickyKeyPartitioner(nil)}
}

func (p partitioner) ForTopic(topic string) kgo.TopicPartitioner {
	return &topicPartitioner{hash: p.hash.ForTopic(topic)}
}

type topicPartitioner struct{ hash kgo.TopicPartitioner }

func (t *topicPartitioner) RequiresConsistency(r *kgo.Record) bool {
	return r.Partition >= 0 || t.hash.RequiresConsistency(r)
}

// Partition returns an out-of-range index for a partition the topic lacks, and
// franz-go then fails the record with an error naming both numbers.
func (t *topicPartitioner) Partition(r *kgo.Record, n int) int {
	if r.Partition >= 0 {
		return int(r.Partition)
	}
	return t.hash.Partition(r, n)
}

// OnNewBatch forwards to the sticky partitioner for nil-key records.
func (t *topicPartitioner) OnNewBatch() {
	if nb, ok := t.hash.(kgo.TopicPartitionerOnNewBatch); ok {
		nb.OnNewBatch()
	}
}
