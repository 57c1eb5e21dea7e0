package kafkaio

import (
	"bytes"
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newCluster starts an in-memory one-broker cluster.
func newCluster(t *testing.T) []string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.ClusterID("kio-test"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

func newAdminT(t *testing.T, brokers []string) *Admin {
	t.Helper()
	a, err := NewAdmin(brokers, "test-admin", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

func mustCreate(t *testing.T, a *Admin, topic string, parts int32) {
	t.Helper()
	if err := a.CreateTopic(testCtx(t), topic, parts, 1, nil); err != nil {
		t.Fatal(err)
	}
}

func produce(t *testing.T, brokers []string, recs ...*kgo.Record) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.ProduceSync(testCtx(t), recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// consumeN reads topic from the start until it has n records, then checks for
// a short while that no more arrive.
func consumeN(t *testing.T, brokers []string, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchMaxWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := testCtx(t)
	var got []*kgo.Record
	for len(got) < n && ctx.Err() == nil {
		got = append(got, cl.PollFetches(ctx).Records()...)
	}
	extra, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	got = append(got, cl.PollFetches(extra).Records()...)
	if len(got) != n {
		t.Fatalf("topic %s: got %d records, want %d", topic, len(got), n)
	}
	return got
}

// funcTask is an exec.Task running fn.
type funcTask struct {
	topics []string
	fn     func(ctx context.Context, batch []exec.SourceRecord) error
	closed atomic.Bool
}

func (f *funcTask) SourceTopics() []string { return f.topics }
func (f *funcTask) Close() error           { f.closed.Store(true); return nil }
func (f *funcTask) Process(ctx context.Context, b []exec.SourceRecord) error {
	if f.closed.Load() {
		panic("Process after Close")
	}
	return f.fn(ctx, b)
}

// upper builds a task writing src's records upper-cased to dst, keeping key,
// timestamp and headers; a nil value stays a tombstone.
func upper(src, dst string, tasks *[]*funcTask) TaskFactory {
	return func(out exec.Producer) (exec.Task, error) {
		t := &funcTask{topics: []string{src}, fn: func(_ context.Context, b []exec.SourceRecord) error {
			for _, r := range b {
				v := r.Value
				if v != nil {
					v = bytes.ToUpper(v)
				}
				out.Produce(&exec.OutRecord{Topic: dst, Partition: -1, Timestamp: r.Timestamp, Key: r.Key, Value: v, Headers: r.Headers})
			}
			return nil
		}}
		if tasks != nil {
			*tasks = append(*tasks, t)
		}
		return t, nil
	}
}

// collector is a task that sends the values it sees to a channel.
type collector struct {
	mu   sync.Mutex
	vals []string
}

func (c *collector) task(topics ...string) TaskFactory {
	return Task(&funcTask{topics: topics, fn: func(_ context.Context, b []exec.SourceRecord) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, r := range b {
			c.vals = append(c.vals, string(r.Value))
		}
		return nil
	}})
}

func (c *collector) values() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.vals...)
}

// waitFor polls cond until it holds or the test times out.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkGoroutines waits for the goroutine count to fall back to base.
func checkGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second) // the in-process broker notices closed connections asynchronously
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutines: %d > %d at start\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func rec(topic, key, val string) *kgo.Record {
	r := &kgo.Record{Topic: topic, Key: []byte(key)}
	if val != "" {
		r.Value = []byte(val)
	}
	return r
}

// blockingHandler is a slog.Handler counting skipped-record entries; with block set, each
// Handle waits until block is closed.
type blockingHandler struct {
	block chan struct{}
	n     atomic.Int64
}

func (h *blockingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *blockingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *blockingHandler) WithGroup(string) slog.Handler            { return h }
func (h *blockingHandler) count() int                               { return int(h.n.Load()) }
func (h *blockingHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "record skipped" {
		return nil // franz-go's own warnings
	}
	h.n.Add(1)
	if h.block != nil {
		<-h.block
	}
	return nil
}
