package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// tailReader is the one reader of a source topic shared by the scalable push
// queries over it: a transient task made of the source's scan and a client
// sink whose receiver is the reader itself, run by the backend from the
// latest offsets. Its first subscriber starts it, its last one stops it.
//
// Subscribers are kept in a copy-on-write slice: the reader's goroutine
// loads it once per row without locking; joins and leaves replace it under mu.
type tailReader struct {
	e       *Engine
	id      string // the reader's query id in logs and the processing log
	key     string // its registry key (tailKey)
	topic   string
	partCol int // position of ROWPARTITION in decoded rows, or -1
	offCol  int // position of ROWOFFSET, or -1

	ready    chan struct{} // closed once the runner started, or failed to (err)
	err      error
	run      stopper
	refs     int // subscribers holding the reader; guarded by tails.mu
	stopping atomic.Bool

	mu     sync.Mutex
	failed error // set once the runner died by itself: no subscriber joins after
	subs   atomic.Pointer[[]*sharedSub]
}

// tails holds the running tail readers of every engine, by engine and key.
// An engine's entry is removed with its last reader, so engines that are
// closed leave nothing behind.
var tails = struct {
	mu sync.Mutex
	m  map[*Engine]map[string]*tailReader
}{m: map[*Engine]map[string]*tailReader{}}

var tailSeq atomic.Int64

// tailKey identifies the readers that can be shared: the same topic decoded
// with the same scan (a source dropped and re-created differently gets a new
// reader).
func tailKey(s *planner.Scan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%t|%+v|%+v|%v|%v|%d|%s|%s|%d", s.Topic, s.Source, s.Table, s.KeyFormat, s.ValueFormat,
		s.KeyColumns, s.ValueColumns, s.TimestampColumn, s.TimestampFormat, s.WindowType, s.WindowSize)
	for _, c := range s.Out.Columns {
		fmt.Fprintf(&b, "|%s %s %d %s %t", c.Name, c.Type, c.Role, c.HeaderKey, c.Hidden)
	}
	return b.String()
}

// joinTail subscribes sub to the tail reader of scan's topic, starting the
// reader when there is none. The returned stopper unsubscribes.
func (e *Engine) joinTail(ctx context.Context, scan *planner.Scan, sub *sharedSub) (stopper, error) {
	key := tailKey(scan)
	tails.mu.Lock()
	readers := tails.m[e]
	if readers == nil {
		readers = map[string]*tailReader{}
		tails.m[e] = readers
	}
	t := readers[key]
	creator := t == nil
	if creator {
		t = newTailReader(e, scan, key)
		readers[key] = t
	}
	t.refs++
	tails.mu.Unlock()
	if creator {
		t.start(ctx, scan)
	} else {
		select {
		case <-t.ready:
		case <-ctx.Done():
			t.release()
			return nil, ctx.Err()
		}
	}
	if t.err != nil {
		t.release()
		return nil, t.err
	}
	if err := t.add(sub); err != nil {
		t.release()
		return nil, err
	}
	return &tailLeave{t: t, sub: sub}, nil
}

func newTailReader(e *Engine, scan *planner.Scan, key string) *tailReader {
	t := &tailReader{e: e, key: key, topic: scan.Topic, ready: make(chan struct{}),
		id:      "shared_" + scan.Source + "_" + strconv.FormatInt(tailSeq.Add(1), 10),
		partCol: scan.Out.Index("ROWPARTITION"), offCol: scan.Out.Index("ROWOFFSET")}
	t.subs.Store(&[]*sharedSub{})
	return t
}

// start runs the reader's task on the backend. Start-up is not tied to the
// first subscriber's request: others may be waiting for it.
func (t *tailReader) start(ctx context.Context, scan *planner.Scan) {
	defer close(t.ready)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), startTimeout)
	defer cancel()
	sink := &planner.ClientSink{Input: scan, Limit: -1, SkipTombstones: true}
	build := func(exec.Producer) (exec.Task, error) {
		return exec.Build(sink, exec.Env{QueryID: t.id, Log: t.e.be.processingLog(), Client: t})
	}
	var err error
	if k, ok := t.e.be.(*kafkaBackend); ok {
		t.run, err = k.runTail(ctx, t.id, scan.Topic, build)
	} else {
		t.run, err = t.e.be.runTransient(ctx, t.id, []string{scan.Topic}, false, build)
	}
	if err != nil {
		t.err = err
		tails.mu.Lock()
		t.unregister()
		tails.mu.Unlock()
		return
	}
	if w, ok := t.run.(interface{ Done() <-chan struct{} }); ok {
		go t.watch(w.Done())
	}
}

// Receive offers one decoded row to every subscriber, on the reader's
// goroutine; subscribers that want no more rows are dropped.
func (t *tailReader) Receive(row types.Row, _ bool) bool {
	for _, s := range *t.subs.Load() {
		if !s.offer(row, t) {
			t.remove(s)
		}
	}
	return true
}

// Done is never called: the reader's sink has no LIMIT.
func (t *tailReader) Done(string) {}

func (t *tailReader) add(s *sharedSub) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failed != nil {
		return t.failed
	}
	old := *t.subs.Load()
	subs := make([]*sharedSub, len(old), len(old)+1)
	copy(subs, old)
	subs = append(subs, s)
	t.subs.Store(&subs)
	return nil
}

func (t *tailReader) remove(s *sharedSub) {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := *t.subs.Load()
	for i, x := range old {
		if x == s {
			subs := make([]*sharedSub, 0, len(old)-1)
			subs = append(append(subs, old[:i]...), old[i+1:]...)
			t.subs.Store(&subs)
			return
		}
	}
}

// release drops one subscriber's hold; the last one stops the reader.
func (t *tailReader) release() {
	tails.mu.Lock()
	t.refs--
	last := t.refs == 0
	if last {
		t.unregister()
	}
	tails.mu.Unlock()
	if last && t.run != nil {
		t.stopping.Store(true)
		if err := t.run.Stop(); err != nil {
			t.e.log.Warn("shared push reader stopped with an error", "reader", t.id, "topic", t.topic, "error", err)
		}
	}
}

// unregister removes t from the registry unless another reader replaced it;
// tails.mu must be held.
func (t *tailReader) unregister() {
	readers := tails.m[t.e]
	if readers[t.key] == t {
		delete(readers, t.key)
	}
	if len(readers) == 0 {
		delete(tails.m, t.e)
	}
}

// watch ends every subscriber when the runner dies by itself (it is
// stopped only by release otherwise) and lets new subscribers start a new
// reader.
func (t *tailReader) watch(done <-chan struct{}) {
	<-done
	if t.stopping.Load() {
		return
	}
	err := Errorf(CodeServerError, "the reader of topic %s feeding this push query failed", t.topic)
	if ee, ok := t.run.(interface{ Err() error }); ok && ee.Err() != nil {
		err = Errorf(CodeServerError, "the reader of topic %s feeding this push query failed: %v", t.topic, ee.Err())
	}
	t.e.log.Error("shared push reader failed", "reader", t.id, "topic", t.topic, "error", err)
	t.mu.Lock()
	t.failed = err
	subs := *t.subs.Swap(&[]*sharedSub{})
	t.mu.Unlock()
	for _, s := range subs {
		s.p.finish(err)
	}
	tails.mu.Lock()
	t.unregister()
	tails.mu.Unlock()
}

// logRow writes a processing-log entry for a subscriber's failure on row.
func (t *tailReader) logRow(queryID string, row types.Row, format string, args ...any) {
	t.e.be.processingLog().Log(exec.ProcessingLogEntry{QueryID: queryID, Topic: t.topic,
		Partition: int32(intAt(row, t.partCol)), Offset: intAt(row, t.offCol), Reason: fmt.Sprintf(format, args...)})
}

// intAt reads an integer pseudo column of a decoded row, or -1.
func intAt(row types.Row, i int) int64 {
	if i < 0 || i >= len(row) {
		return -1
	}
	switch v := row[i].(type) {
	case int32:
		return int64(v)
	case int64:
		return v
	}
	return -1
}

// tailLeave unsubscribes a push query from its reader, once.
type tailLeave struct {
	t    *tailReader
	sub  *sharedSub
	once sync.Once
}

func (l *tailLeave) Stop() error {
	l.once.Do(func() {
		l.t.remove(l.sub)
		l.t.release()
	})
	return nil
}
