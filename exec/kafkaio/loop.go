package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kgo"
)

// commitInterval is how often processed input is committed: output is
// flushed, state checkpointed and offsets committed together at most this
// often (Kafka Streams uses 100 ms under exactly-once), so one fsync and one
// changelog round trip serve many polls.
const commitInterval = 100 * time.Millisecond

func (r *Runner) loop() error {
	pending := make(map[string]map[int32]kgo.EpochOffset)
	due := time.Now().Add(commitInterval)
	for {
		pollCtx, cancel := r.ctx, context.CancelFunc(func() {})
		if len(pending) > 0 {
			// Wake up in time to commit what was processed.
			pollCtx, cancel = context.WithDeadline(r.ctx, due)
		}
		fs := r.cl.PollRecords(pollCtx, r.maxPoll)
		cancel()
		if r.ctx.Err() != nil || fs.IsClientClosed() {
			// A clean stop commits what was processed; polled but
			// unprocessed records are not committed.
			return r.flushAndCommit(pending)
		}
		fs.EachError(func(topic string, p int32, err error) {
			if !errors.Is(err, context.DeadlineExceeded) {
				r.log.Warn("fetch error", "query", r.queryID, "topic", topic, "partition", p, "error", err)
			}
		})
		if r.txn != nil && !r.inTxn && !fs.Empty() {
			if err := r.txn.Begin(); err != nil {
				return fmt.Errorf("begin transaction: %w", err)
			}
			r.inTxn = true
		}
		offs, perr := r.processPoll(fs)
		for topic, parts := range offs {
			if pending[topic] == nil {
				pending[topic] = make(map[int32]kgo.EpochOffset)
			}
			for p, o := range parts {
				pending[topic][p] = o
			}
		}
		if perr != nil && r.txn != nil {
			// The failed batch may have produced part of its output into
			// the transaction: abort it all (shutdown does) rather than
			// commit output of input that is not committed.
			return perr
		}
		if perr != nil || !time.Now().Before(due) || r.commit == nil {
			if err := errors.Join(perr, r.flushAndCommit(pending)); err != nil {
				return err
			}
			clear(pending)
			due = time.Now().Add(commitInterval)
			// Partitions may move only when nothing processed is uncommitted.
			r.cl.AllowRebalance()
		}
	}
}

// processPoll hands each partition's records to the task and returns the
// next offsets of the batches it finished, and the error of a failed one.
func (r *Runner) processPoll(fs kgo.Fetches) (map[string]map[int32]kgo.EpochOffset, error) {
	offs := make(map[string]map[int32]kgo.EpochOffset)
	var perr error
	fs.EachPartition(func(p kgo.FetchTopicPartition) {
		if perr != nil || len(p.Records) == 0 {
			return
		}
		r.srcBuf = sourceRecords(r.srcBuf, p.Records)
		if err := r.task.Process(r.ctx, r.srcBuf); err != nil {
			perr = fmt.Errorf("process topic %q partition %d: %w", p.Topic, p.Partition, err)
			return
		}
		lastRec := p.Records[len(p.Records)-1]
		if offs[p.Topic] == nil {
			offs[p.Topic] = make(map[int32]kgo.EpochOffset)
		}
		offs[p.Topic][p.Partition] = kgo.EpochOffset{Epoch: lastRec.LeaderEpoch, Offset: lastRec.Offset + 1}
		r.progress(p.Topic, p.Partition, lastRec.Offset, len(p.Records))
	})
	return offs, perr
}

func (r *Runner) progress(topic string, p int32, offset int64, n int) {
	r.in.Add(int64(n))
	r.mu.Lock()
	r.last[TopicPartition{topic, p}] = offset
	r.mu.Unlock()
}

func (r *Runner) flushAndCommit(offs map[string]map[int32]kgo.EpochOffset) error {
	if r.txn != nil {
		return r.commitTransaction(offs)
	}
	if len(offs) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.flushTO)
	defer cancel()
	if err := r.cl.Flush(ctx); err != nil {
		return fmt.Errorf("flush output: %w", err)
	}
	if err := r.prod.err(); err != nil {
		return err // the output is incomplete: never commit past it
	}
	if err := r.checkpoint(offs); err != nil {
		return err
	}
	if r.commit == nil {
		return nil
	}
	return r.commit(ctx, offs)
}

// checkpoint saves the task's state with the next offsets of offs.
func (r *Runner) checkpoint(offs map[string]map[int32]kgo.EpochOffset) error {
	cp, ok := r.task.(exec.Checkpointer)
	if !ok {
		return nil
	}
	next := make(map[string]map[int32]int64, len(offs))
	for topic, parts := range offs {
		next[topic] = make(map[int32]int64, len(parts))
		for p, o := range parts {
			next[topic][p] = o.Offset
		}
	}
	if err := cp.Checkpoint(next); err != nil {
		return fmt.Errorf("checkpoint state: %w", err)
	}
	r.setSaved(next)
	return nil
}

// setSaved merges offs into the offsets the task's saved state reflects.
func (r *Runner) setSaved(offs map[string]map[int32]int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.saved == nil {
		r.saved = map[string]map[int32]int64{}
	}
	for topic, parts := range offs {
		if r.saved[topic] == nil {
			r.saved[topic] = map[int32]int64{}
		}
		maps.Copy(r.saved[topic], parts)
	}
}

// savedOffsets returns a copy of the offsets the saved state reflects.
func (r *Runner) savedOffsets() map[string]map[int32]int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]map[int32]int64, len(r.saved))
	for topic, parts := range r.saved {
		out[topic] = maps.Clone(parts)
	}
	return out
}

// sourceRecords converts recs into buf, reused from poll to poll: tasks do not
// keep the batch slice past Process (only the bytes it points to).
func sourceRecords(buf []exec.SourceRecord, recs []*kgo.Record) []exec.SourceRecord {
	out := buf[:0]
	if cap(out) < len(recs) {
		out = make([]exec.SourceRecord, len(recs))
	}
	out = out[:len(recs)]
	for i, rec := range recs {
		out[i] = exec.SourceRecord{
			Topic:     rec.Topic,
			Partition: rec.Partition,
			Offset:    rec.Offset,
			Timestamp: rec.Timestamp.UnixMilli(),
			Key:       rec.Key,
			Value:     rec.Value,
		}
		if len(rec.Headers) > 0 {
			hs := make([]exec.Header, len(rec.Headers))
			for j, h := range rec.Headers {
				hs[j] = exec.Header{Key: h.Key, Value: h.Value}
			}
			out[i].Headers = hs
		}
	}
	return out
}
