package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/streamsql/streamsql/exec"
)

// memBackend keeps topics in memory and runs tasks synchronously: appending a
// record to a topic processes it, and everything it causes, before returning.
// It is the test driver's backend (like Kafka Streams' TopologyTestDriver).
type memBackend struct {
	log  *slog.Logger
	plog *memProcessingLog

	mu     sync.Mutex // held while a record and its consequences are processed
	topics map[string]*memTopic
	subs   map[string][]*memSub
}

type memTopic struct {
	partitions int
	records    []exec.SourceRecord // all partitions, in append order
}

type memSub struct {
	task    exec.Task
	stopped bool
}

func newMemBackend(log *slog.Logger) *memBackend {
	return &memBackend{log: log, plog: &memProcessingLog{log: log},
		topics: map[string]*memTopic{}, subs: map[string][]*memSub{}}
}

func (m *memBackend) ensureTopic(_ context.Context, name string, partitions int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.topics[name]; ok {
		return t.partitions, nil
	}
	if partitions <= 0 {
		partitions = 1
	}
	m.topics[name] = &memTopic{partitions: partitions}
	return partitions, nil
}

func (m *memBackend) deleteTopic(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.topics, name)
	return nil
}

func (m *memBackend) listTopics(context.Context) ([]TopicEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []TopicEntry{}
	for name, t := range m.topics {
		reps := make([]int, t.partitions)
		for i := range reps {
			reps[i] = 1
		}
		out = append(out, TopicEntry{Name: name, ReplicaInfo: reps})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// produce appends a record to its topic and runs every subscriber on it.
// m.mu must be held.
func (m *memBackend) append(r *exec.OutRecord) {
	t, ok := m.topics[r.Topic]
	if !ok {
		t = &memTopic{partitions: 1}
		m.topics[r.Topic] = t
	}
	rec := exec.SourceRecord{Topic: r.Topic, Partition: 0, Offset: int64(len(t.records)), Timestamp: r.Timestamp,
		Key: r.Key, Value: r.Value, Headers: r.Headers}
	t.records = append(t.records, rec)
	for _, s := range m.subs[r.Topic] {
		if s.stopped {
			continue
		}
		if err := s.task.Process(context.Background(), []exec.SourceRecord{rec}); err != nil {
			if !errors.Is(err, exec.ErrStopped) {
				m.log.Error("task failed", "topic", r.Topic, "err", err)
			}
			s.stopped = true
		}
	}
}

// memProducer routes a task's output back into the backend (m.mu is held by
// the caller of Process).
type memProducer struct{ m *memBackend }

func (p memProducer) Produce(r *exec.OutRecord) { p.m.append(r) }

// memRun is a subscription that can be stopped.
type memRun struct {
	m   *memBackend
	sub *memSub
}

func (r *memRun) Stop() error {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	r.sub.stopped = true
	for topic, subs := range r.m.subs {
		kept := subs[:0]
		for _, s := range subs {
			if s != r.sub {
				kept = append(kept, s)
			}
		}
		r.m.subs[topic] = kept
	}
	return r.sub.task.Close()
}

func (m *memBackend) subscribe(topics []string, build taskFactory, replay bool) (stopper, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	task, err := build(memProducer{m})
	if err != nil {
		return nil, err
	}
	sub := &memSub{task: task}
	for _, topic := range topics {
		if _, ok := m.topics[topic]; !ok {
			return nil, fmt.Errorf("topic %s does not exist", topic)
		}
	}
	if replay {
		for _, topic := range topics {
			for _, rec := range append([]exec.SourceRecord(nil), m.topics[topic].records...) {
				err := task.Process(context.Background(), []exec.SourceRecord{rec})
				if errors.Is(err, exec.ErrStopped) {
					sub.stopped = true // finished during the replay, e.g. its LIMIT
					return &memRun{m: m, sub: sub}, nil
				}
				if err != nil {
					return nil, err
				}
			}
		}
	}
	for _, topic := range topics {
		m.subs[topic] = append(m.subs[topic], sub)
	}
	return &memRun{m: m, sub: sub}, nil
}

func (m *memBackend) runPersistent(_ context.Context, _ string, topics []string, build taskFactory) (stopper, error) {
	return m.subscribe(topics, build, true)
}

func (m *memBackend) runTransient(_ context.Context, _ string, topics []string, earliest bool, build taskFactory) (stopper, error) {
	return m.subscribe(topics, build, earliest)
}

func (m *memBackend) processingLog() exec.ProcessingLog { return m.plog }
func (m *memBackend) clusterID() string                 { return "in-memory" }
func (m *memBackend) close() error                      { return nil }

// memProcessingLog keeps entries for tests and logs them.
type memProcessingLog struct {
	log     *slog.Logger
	mu      sync.Mutex
	entries []exec.ProcessingLogEntry
}

func (l *memProcessingLog) Log(e exec.ProcessingLogEntry) {
	l.mu.Lock()
	l.entries = append(l.entries, e)
	l.mu.Unlock()
	l.log.Debug("record skipped", "query", e.QueryID, "topic", e.Topic, "partition", e.Partition, "offset", e.Offset, "reason", e.Reason)
}

func (m *memBackend) produce(_ context.Context, r *exec.OutRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.append(r)
	return nil
}

func (m *memBackend) endOffsets(_ context.Context, name string) (map[int32]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.topics[name]
	if !ok {
		return nil, fmt.Errorf("topic %s does not exist", name)
	}
	return map[int32]int64{0: int64(len(t.records))}, nil
}

func (m *memBackend) openState(context.Context, string) (queryState, error) {
	return noState(), nil
}
