package kafkaio

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/streamsql/streamsql/exec"
)

func TestProcessingLogTopic(t *testing.T) {
	if got := ProcessingLogTopic("default_"); got != "default_ksql_processing_log" {
		t.Fatal(got)
	}
}

func TestProcessingLogWriter(t *testing.T) {
	brokers := newCluster(t)
	topic := ProcessingLogTopic("default_")
	h := &blockingHandler{}
	w, err := NewProcessingLogWriter(testCtx(t), ProcessingLogConfig{Brokers: brokers, Topic: topic, Logger: slog.New(h)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		w.Log(exec.ProcessingLogEntry{QueryID: "CSAS_X_1", Topic: "src", Partition: 1, Offset: int64(i), Reason: "bad json"})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w.Log(exec.ProcessingLogEntry{QueryID: "late"}) // after Close: dropped, no panic
	if w.Dropped() != 1 || h.count() != 3 {
		t.Fatalf("dropped %d, slog entries %d", w.Dropped(), h.count())
	}
	for i, r := range consumeN(t, brokers, topic, 3) {
		var e map[string]any
		if err := json.Unmarshal(r.Value, &e); err != nil {
			t.Fatal(err)
		}
		if e["queryId"] != "CSAS_X_1" || e["topic"] != "src" || e["partition"] != 1.0 ||
			e["offset"] != float64(i) || e["reason"] != "bad json" || e["time"].(float64) <= 0 {
			t.Fatalf("entry %d: %s", i, r.Value)
		}
	}
}

func TestProcessingLogDropsWhenFull(t *testing.T) {
	h := &blockingHandler{block: make(chan struct{})}
	w, err := NewProcessingLogWriter(context.Background(), ProcessingLogConfig{Logger: slog.New(h), Buffer: 1})
	if err != nil {
		t.Fatal(err)
	}
	e := exec.ProcessingLogEntry{QueryID: "q"}
	w.Log(e)
	waitFor(t, "writer to take the first entry", func() bool { return h.count() == 1 })
	w.Log(e) // fills the buffer
	w.Log(e) // dropped
	w.Log(e) // dropped
	if w.Dropped() != 2 {
		t.Fatalf("dropped %d, want 2", w.Dropped())
	}
	close(h.block)
	w.Close()
	if h.count() != 2 {
		t.Fatalf("logged %d, want 2", h.count())
	}
}
