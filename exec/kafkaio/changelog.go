package kafkaio

import (
	"context"
	"fmt"
	"sync"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// LogRecord is one keyed record of a changelog; a nil Value deletes Key.
type LogRecord struct {
	Key, Value []byte
}

var changelogConfigs = map[string]*string{
	"cleanup.policy":                 kadm.StringPtr("compact"),
	"unclean.leader.election.enable": kadm.StringPtr("false"),
}

// OpenChangelog opens a compacted, single-partition changelog topic (created
// if missing): the durable copy of a task's local state.
func OpenChangelog(ctx context.Context, brokers []string, topic string) (*CommandLog, error) {
	return openLog(ctx, brokers, "changelog", topic, changelogConfigs)
}

// AppendBatch writes recs in order and waits until all are acknowledged.
func (c *CommandLog) AppendBatch(ctx context.Context, recs []LogRecord) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, r := range recs {
		wg.Add(1)
		c.cl.Produce(ctx, &kgo.Record{Topic: c.topic, Partition: 0, Key: r.Key, Value: r.Value}, func(_ *kgo.Record, err error) {
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
			wg.Done()
		})
	}
	// Send now rather than after the producer's linger: a checkpoint waits
	// for these records before it commits.
	if err := c.cl.Flush(ctx); err != nil {
		return fmt.Errorf("kafkaio: flush changelog %q on %s: %w", c.topic, addrList(c.brokers), err)
	}
	wg.Wait()
	if first != nil {
		return fmt.Errorf("kafkaio: append to changelog %q on %s: %w", c.topic, addrList(c.brokers), first)
	}
	return nil
}

// ReadRecords returns every keyed record from the start of the log up to its
// end when called, in order.
func (c *CommandLog) ReadRecords(ctx context.Context) ([]LogRecord, error) {
	var out []LogRecord
	err := c.ScanRecords(ctx, func(r LogRecord) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// ScanRecords calls fn with every keyed record from the start of the log up
// to its end when called, in order, without holding them: a restore of a
// large state streams through it. An error from fn stops the scan.
func (c *CommandLog) ScanRecords(ctx context.Context, fn func(LogRecord) error) error {
	start, end, err := c.bounds(ctx)
	if err != nil || start >= end {
		return err
	}
	// A changelog written in transactions holds records of aborted ones and
	// commit markers: read committed records only, and keep the markers so
	// that reading reaches the end offset even when a marker is last.
	cons, err := newClient(c.brokers, "", nil, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{
		c.topic: {0: kgo.NewOffset().At(start)},
	}), kgo.FetchIsolationLevel(kgo.ReadCommitted()), kgo.KeepControlRecords())
	if err != nil {
		return err
	}
	defer cons.Close()
	for next := start; next < end; {
		fs := cons.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("kafkaio: read changelog %q on %s at offset %d of %d: %w", c.topic, addrList(c.brokers), next, end, err)
		}
		var ferr error
		fs.EachRecord(func(r *kgo.Record) {
			if ferr == nil && r.Offset < end && !r.Attrs.IsControl() {
				ferr = fn(LogRecord{Key: r.Key, Value: r.Value})
			}
			next = r.Offset + 1
		})
		if ferr != nil {
			return ferr
		}
	}
	return nil
}
