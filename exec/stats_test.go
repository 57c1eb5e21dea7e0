package exec

import (
	"context"
	"strings"
	"testing"
)

// TestOperatorStats checks the per-operator row counts of a running task:
// the filter drops one row it cannot evaluate (logged) and one that fails
// the predicate, and the counts follow EXPLAIN's order and depths.
func TestOperatorStats(t *testing.T) {
	rec := &recorder{accept: -1}
	task, err := Build(testPlans["filter_error"](), Env{QueryID: "Q", Producer: rec, Log: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer task.Close()
	sr, ok := task.(StatsReporter)
	if !ok {
		t.Fatal("task does not implement StatsReporter")
	}
	recs := []SourceRecord{
		{Topic: "orders", Offset: 0, Key: []byte("k1"), Value: []byte(`{"AMOUNT":1,"DIVISOR":2}`)},
		{Topic: "orders", Offset: 1, Key: []byte("k2"), Value: []byte(`{"AMOUNT":2,"DIVISOR":0}`)},
		{Topic: "orders", Offset: 2, Key: []byte("k3"), Value: []byte(`{"AMOUNT":3,"DIVISOR":1000}`)},
	}
	for range 2 {
		if err := task.Process(context.Background(), recs); err != nil {
			t.Fatal(err)
		}
	}
	got := sr.OperatorStats()
	want := []struct {
		prefix          string
		depth           int
		rowsIn, rowsOut int64
	}{
		{"TopicSink topic=out", 0, 2, 2},
		{"Project ", 1, 2, 2},
		{"Filter ", 2, 6, 2},
		{"Scan stream ORDERS topic=orders", 3, 6, 6},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d operators, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if !strings.HasPrefix(g.Name, w.prefix) || strings.Contains(g.Name, "\n") || g.Depth != w.depth ||
			g.RowsIn != w.rowsIn || g.RowsOut != w.rowsOut {
			t.Errorf("operator %d = %+v, want name %q… depth %d in %d out %d", i, g, w.prefix, w.depth, w.rowsIn, w.rowsOut)
		}
	}
	if n := sr.ProcessingErrors(); n != 2 {
		t.Errorf("ProcessingErrors() = %d, want 2", n)
	}
}

// TestOperatorStatsWithoutLog checks that errors are counted even when the
// task has no processing log.
func TestOperatorStatsWithoutLog(t *testing.T) {
	task, err := Build(testPlans["filter_error"](), Env{QueryID: "Q", Producer: &recorder{}})
	if err != nil {
		t.Fatal(err)
	}
	defer task.Close()
	bad := []SourceRecord{{Topic: "orders", Key: []byte("k"), Value: []byte(`{"AMOUNT":2,"DIVISOR":0}`)}}
	if err := task.Process(context.Background(), bad); err != nil {
		t.Fatal(err)
	}
	if n := task.(StatsReporter).ProcessingErrors(); n != 1 {
		t.Errorf("ProcessingErrors() = %d, want 1", n)
	}
}

// nopOperator accepts everything and emits nothing.
type nopOperator struct{ passWatermark }

func (nopOperator) Open(context.Context, Emitter) error        { return nil }
func (nopOperator) Process(context.Context, int, *Batch) error { return nil }

// TestCountedPortAllocs checks that counting adds no allocation per batch.
func TestCountedPortAllocs(t *testing.T) {
	p := &countedPort{port: port{op: &nopOperator{}}, from: &opStat{}, to: &opStat{}}
	b := &Batch{}
	b.Append(nil, 1, 0, false)
	var em Emitter = p
	allocs := testing.AllocsPerRun(100, func() { _ = em.Emit(context.Background(), b) })
	if allocs != 0 {
		t.Errorf("Emit allocates %v times per batch", allocs)
	}
	if p.from.rowsOut.Load() != 101 || p.to.rowsIn.Load() != 101 {
		t.Errorf("counted out %d in %d, want 101", p.from.rowsOut.Load(), p.to.rowsIn.Load())
	}
}
