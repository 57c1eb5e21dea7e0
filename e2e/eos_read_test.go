package e2e

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// kRec is one data record read back from a topic.
type kRec struct {
	part       int32
	off        int64
	key, value []byte
	ts         int64 // ms
}

// readTopic reads topic from the start to its current end: the last stable
// offsets with committed (read_committed, aborted transactions skipped),
// else the high watermarks (read_uncommitted, everything written). Control
// records are kept internally to know when each partition's end is reached.
func readTopic(ctx context.Context, addr, topic string, committed bool) ([]kRec, error) {
	ends, err := topicEnds(ctx, addr, topic, committed)
	if err != nil {
		return nil, err
	}
	parts := map[int32]kgo.Offset{}
	for p, end := range ends {
		if end > 0 {
			parts[p] = kgo.NewOffset().AtStart()
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	iso := kgo.ReadUncommitted()
	if committed {
		iso = kgo.ReadCommitted()
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.FetchIsolationLevel(iso), kgo.KeepControlRecords(),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: parts}))
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	return drain(ctx, cl, topic, ends)
}

// drain polls until every partition has reached its end in ends.
func drain(ctx context.Context, cl *kgo.Client, topic string, ends map[int32]int64) ([]kRec, error) {
	next := map[int32]int64{}
	reached := func() bool {
		for p, end := range ends {
			if next[p] < end {
				return false
			}
		}
		return true
	}
	var out []kRec
	for !reached() {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		fs := cl.PollFetches(pctx)
		cancel()
		if ctx.Err() != nil {
			return out, fmt.Errorf("reading %s: %w at offsets %v, want %v", topic, ctx.Err(), next, ends)
		}
		for _, e := range fs.Errors() {
			if !errors.Is(e.Err, context.DeadlineExceeded) {
				return out, fmt.Errorf("reading %s partition %d: %w", topic, e.Partition, e.Err)
			}
		}
		n := 0
		fs.EachRecord(func(r *kgo.Record) {
			n++
			next[r.Partition] = r.Offset + 1
			if r.Attrs.IsControl() || r.Offset >= ends[r.Partition] {
				return
			}
			out = append(out, kRec{part: r.Partition, off: r.Offset, key: r.Key, value: r.Value, ts: r.Timestamp.UnixMilli()})
		})
		if n == 0 && pctx.Err() != nil {
			return out, fmt.Errorf("reading %s: nothing new for 10s at offsets %v, want %v", topic, next, ends)
		}
	}
	return out, nil
}

// topicEnds lists topic's last stable offsets (committed) or high watermarks.
func topicEnds(ctx context.Context, addr, topic string, committed bool) (map[int32]int64, error) {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	list := adm.ListEndOffsets
	if committed {
		list = adm.ListCommittedOffsets
	}
	offs, err := list(ctx, topic)
	if err == nil {
		err = offs.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("end offsets of %s: %w", topic, err)
	}
	out := map[int32]int64{}
	offs.Each(func(o kadm.ListedOffset) { out[o.Partition] = o.Offset })
	return out, nil
}

// eosTail follows EOS_PASS read_committed during the run and notes when each
// record arrived: the recovery time of a kill is when the first record at or
// past the kill's last stable offset arrived.
type eosTail struct {
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once

	mu   sync.Mutex
	seen []tailRec
	err  error
}

type tailRec struct {
	part int32
	off  int64
	at   time.Time
}

func startEOSTail(ctx context.Context, addr, topic string) *eosTail {
	ctx, cancel := context.WithCancel(ctx)
	tl := &eosTail{cancel: cancel, done: make(chan struct{})}
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		tl.err = err
		close(tl.done)
		return tl
	}
	go func() {
		defer close(tl.done)
		defer cl.Close()
		for ctx.Err() == nil {
			fs := cl.PollFetches(ctx)
			now := time.Now()
			tl.mu.Lock()
			fs.EachRecord(func(r *kgo.Record) { tl.seen = append(tl.seen, tailRec{r.Partition, r.Offset, now}) })
			tl.mu.Unlock()
		}
	}()
	return tl
}

func (tl *eosTail) stop() {
	tl.once.Do(func() {
		tl.cancel()
		<-tl.done
	})
}

// firstAfter is when the first record at or past lso arrived after since.
func (tl *eosTail) firstAfter(lso map[int32]int64, since time.Time) (time.Time, bool) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	var first time.Time
	for _, r := range tl.seen {
		if r.off >= lso[r.part] && r.at.After(since) && (first.IsZero() || r.at.Before(first)) {
			first = r.at
		}
	}
	return first, !first.IsZero()
}

// waitInputRead waits until query name's consumer group has committed all
// of topic, failing the test after timeout.
func (r *eosRun) waitInputRead(t *testing.T, name, topic string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var lag int64
	var err error
	for time.Now().Before(deadline) {
		lag, err = r.lag(name, topic)
		if err == nil && lag == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("query %s (%s) has not read all of %s after %v: lag %d (%v)", name, r.queryIDs[name], topic, timeout, lag, err)
}

// lag is how many records of topic query name's group has not committed.
func (r *eosRun) lag(name, topic string) (int64, error) {
	ctx, cancel := context.WithTimeout(r.ctx, 5*time.Second)
	defer cancel()
	group, err := groupFor(ctx, r.cl.adm, "query_"+r.queryIDs[name])
	if err != nil {
		return 0, err
	}
	return inputLag(ctx, r.cl.adm, group, topic)
}
