package engine

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/metrics"
)

// lateReason is how exec's windowed aggregations word a record dropped for
// arriving after the grace period (exec/aggregate_window.go).
const lateReason = "too late"

// queryStats tracks, per running persistent query, the last input offset
// processed on each partition: the consumer lag reported by /metrics.
type queryStats struct {
	mu   sync.Mutex
	last map[string]map[topicPartition]int64 // query → partition → last offset
}

// topicPartition names one partition of a topic.
type topicPartition struct {
	topic     string
	partition int32
}

// initMetrics points the registry's scrape-time sources at e.
func (e *Engine) initMetrics() {
	e.stats = &queryStats{last: map[string]map[topicPartition]int64{}}
	m := e.cfg.Metrics
	if m == nil {
		return
	}
	if e.cfg.DataDir != "" {
		m.SetStateDir(filepath.Join(e.cfg.DataDir, "state"))
	}
	m.SetLagSource(e.lag)
}

// instrument wraps a persistent query's task, producer and processing log so
// that they count records in, records out and processing errors.
func (e *Engine) instrument(id string, plan exec.Env, build func(exec.Env) (exec.Task, error)) (exec.Task, error) {
	m := e.cfg.Metrics
	if plan.Producer != nil {
		plan.Producer = countingProducer{Producer: plan.Producer, m: m, query: id}
	}
	if plan.Log != nil {
		plan.Log = countingLog{ProcessingLog: plan.Log, m: m}
	}
	t, err := build(plan)
	if err != nil {
		return nil, err
	}
	e.stats.mu.Lock()
	e.stats.last[id] = map[topicPartition]int64{}
	e.stats.mu.Unlock()
	ct := &meteredTask{Task: t, e: e, query: id}
	if cp, ok := t.(exec.Checkpointer); ok {
		return &meteredCheckpointer{meteredTask: ct, cp: cp}, nil
	}
	return ct, nil
}

type countingProducer struct {
	exec.Producer
	m     *metrics.Registry
	query string
}

func (p countingProducer) Produce(r *exec.OutRecord) {
	p.m.RecordsOut(p.query)
	p.Producer.Produce(r)
}

type countingLog struct {
	exec.ProcessingLog
	m *metrics.Registry
}

func (l countingLog) Log(en exec.ProcessingLogEntry) {
	l.m.ProcessingError(en.QueryID, strings.Contains(en.Reason, lateReason))
	l.ProcessingLog.Log(en)
}

// meteredTask counts the records handed to a task and remembers the last
// offset per partition.
type meteredTask struct {
	exec.Task
	e     *Engine
	query string
}

func (t *meteredTask) Process(ctx context.Context, batch []exec.SourceRecord) error {
	if len(batch) > 0 {
		t.e.cfg.Metrics.RecordsIn(t.query, len(batch))
		last := batch[len(batch)-1]
		t.e.stats.mu.Lock()
		if offs := t.e.stats.last[t.query]; offs != nil {
			offs[topicPartition{topic: last.Topic, partition: last.Partition}] = last.Offset
		}
		t.e.stats.mu.Unlock()
	}
	return t.Task.Process(ctx, batch)
}

func (t *meteredTask) Close() error {
	t.e.stats.mu.Lock()
	delete(t.e.stats.last, t.query)
	t.e.stats.mu.Unlock()
	return t.Task.Close()
}

// OperatorStats and ProcessingErrors forward exec.StatsReporter.
func (t *meteredTask) OperatorStats() []exec.OperatorStat {
	if sr, ok := t.Task.(exec.StatsReporter); ok {
		return sr.OperatorStats()
	}
	return nil
}

func (t *meteredTask) ProcessingErrors() int64 {
	if sr, ok := t.Task.(exec.StatsReporter); ok {
		return sr.ProcessingErrors()
	}
	return 0
}

// operatorStats reads q's per-operator row counts and totals them; both are
// nil before q's task is built. Records in are the rows its scans consumed,
// records out the rows its sink delivered.
func (q *persistentQuery) operatorStats() ([]OperatorInfo, *QueryStats) {
	sr := q.gate.stats()
	if sr == nil {
		return nil, nil
	}
	ops := sr.OperatorStats()
	if len(ops) == 0 {
		return nil, nil
	}
	out := make([]OperatorInfo, len(ops))
	st := &QueryStats{RecordsOut: ops[0].RowsOut, ProcessingErrors: sr.ProcessingErrors()}
	for i, o := range ops {
		out[i] = OperatorInfo{Name: o.Name, Depth: o.Depth, RowsIn: o.RowsIn, RowsOut: o.RowsOut}
		if strings.HasPrefix(o.Name, "Scan ") {
			st.RecordsIn += o.RowsIn
		}
	}
	return out, st
}

type meteredCheckpointer struct {
	*meteredTask
	cp exec.Checkpointer
}

func (t *meteredCheckpointer) Restored() map[string]map[int32]int64 { return t.cp.Restored() }
func (t *meteredCheckpointer) Checkpoint(next map[string]map[int32]int64) error {
	return t.cp.Checkpoint(next)
}

// lag reports, for every partition a running persistent query has read from,
// the records between its last processed offset and the partition's end.
func (e *Engine) lag(ctx context.Context) []metrics.PartitionLag {
	e.stats.mu.Lock()
	snap := map[string]map[topicPartition]int64{}
	for q, offs := range e.stats.last {
		c := make(map[topicPartition]int64, len(offs))
		for k, v := range offs {
			c[k] = v
		}
		snap[q] = c
	}
	e.stats.mu.Unlock()
	ends := map[string]map[int32]int64{}
	var out []metrics.PartitionLag
	for q, offs := range snap {
		for tp, last := range offs {
			end, ok := ends[tp.topic]
			if !ok {
				end, _ = e.be.endOffsets(ctx, tp.topic) // unreachable topic: no series
				ends[tp.topic] = end
			}
			if next, ok := end[tp.partition]; ok {
				out = append(out, metrics.PartitionLag{Query: q, Topic: tp.topic, Partition: tp.partition, Lag: max(next-last-1, 0)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Query < b.Query || a.Query == b.Query && (a.Topic < b.Topic || a.Topic == b.Topic && a.Partition < b.Partition)
	})
	return out
}

// SetMetrics sets the registry the engine reports to, like Config.Metrics.
// Call it before Start and before any statement runs (e.g. on a TestDriver's
// engine): running queries are not re-instrumented.
func (e *Engine) SetMetrics(m *metrics.Registry) {
	e.mu.Lock()
	e.cfg.Metrics = m
	e.mu.Unlock()
	e.initMetrics()
}
