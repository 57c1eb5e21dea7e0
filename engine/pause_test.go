package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/streamsql/streamsql/exec"
)

type countingTask struct{ n int }

func (c *countingTask) SourceTopics() []string { return nil }
func (c *countingTask) Close() error           { return nil }
func (c *countingTask) Process(context.Context, []exec.SourceRecord) error {
	c.n++
	return nil
}

// On Kafka a paused task blocks in Process until RESUME.
func TestGateBlocksUntilResume(t *testing.T) {
	var g pauseGate
	inner := &countingTask{}
	task, _ := g.wrap(inner, nil)
	g.pause(false)
	if g.state("RUNNING") != "PAUSED" || g.state("ERROR") != "ERROR" {
		t.Fatal("a paused running query must show PAUSED, and only then")
	}
	done := make(chan error, 1)
	go func() { done <- task.Process(context.Background(), []exec.SourceRecord{{}}) }()
	select {
	case <-done:
		t.Fatal("Process returned while paused")
	case <-time.After(50 * time.Millisecond):
	}
	if held, _ := g.resume(); len(held) != 0 {
		t.Fatalf("blocking gate held %d batches", len(held))
	}
	select {
	case err := <-done:
		if err != nil || inner.n != 1 {
			t.Fatalf("err %v, processed %d", err, inner.n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Process still blocked after resume")
	}
}

// Stopping a paused query unblocks its task.
func TestGateStopWhilePaused(t *testing.T) {
	var g pauseGate
	task, _ := g.wrap(&countingTask{}, nil)
	g.pause(false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- task.Process(ctx, nil) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Process still blocked after cancel")
	}
}

type checkpointingTask struct{ countingTask }

func (checkpointingTask) Restored() map[string]map[int32]int64 {
	return map[string]map[int32]int64{"t": {0: 5}}
}
func (checkpointingTask) Checkpoint(map[string]map[int32]int64) error { return nil }

// The gate must not hide a durable task's checkpoints from the runner.
func TestGateKeepsCheckpointer(t *testing.T) {
	var g pauseGate
	task, _ := g.wrap(&checkpointingTask{}, nil)
	cp, ok := task.(exec.Checkpointer)
	if !ok || cp.Restored()["t"][0] != 5 {
		t.Fatal("gated durable task lost its Checkpointer")
	}
	plain, _ := (&pauseGate{}).wrap(&countingTask{}, nil)
	if _, ok := plain.(exec.Checkpointer); ok {
		t.Fatal("a plain task must not look durable")
	}
}
