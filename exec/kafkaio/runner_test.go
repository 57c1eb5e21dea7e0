package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kgo"
)

func persistentCfg(brokers []string) PersistentConfig {
	return PersistentConfig{Brokers: brokers, GroupID: "q1-group", QueryID: "CSAS_UP_1", ResetEarliest: true}
}

func TestPersistentUpperAndRestart(t *testing.T) {
	brokers := newCluster(t)
	a := newAdminT(t, brokers)
	mustCreate(t, a, "src", 3)
	mustCreate(t, a, "dst", 3)
	base := runtime.NumGoroutine()

	var first []*kgo.Record
	for i := range 20 {
		first = append(first, rec("src", fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i)))
	}
	first = append(first, rec("src", "gone", "")) // tombstone
	produce(t, brokers, first...)

	var tasks []*funcTask
	r, err := RunPersistent(testCtx(t), persistentCfg(brokers), upper("src", "dst", &tasks))
	if err != nil {
		t.Fatal(err)
	}
	out := consumeN(t, brokers, "dst", 21)
	srcPart := map[string]int32{}
	for _, in := range first {
		srcPart[string(in.Key)] = in.Partition
	}
	for _, o := range out {
		k := string(o.Key)
		if k == "gone" {
			if o.Value != nil {
				t.Fatalf("tombstone became %q", o.Value)
			}
		} else if want := "V" + strings.TrimPrefix(k, "k"); string(o.Value) != want {
			t.Fatalf("key %s: value %q, want %q", k, o.Value, want)
		}
		if o.Partition != srcPart[k] { // both murmur2 over 3 partitions
			t.Fatalf("key %s: partition %d, source partition %d", k, o.Partition, srcPart[k])
		}
	}
	waitFor(t, "stats", func() bool { s := r.Stats(); return s.RecordsIn == 21 && s.RecordsOut == 21 })
	st := r.Stats()
	var lastSum int64
	for _, off := range st.LastOffsets {
		lastSum += off + 1
	}
	if st.State != StateRunning || lastSum != 21 {
		t.Fatalf("stats %+v", st)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if r.State() != StateNotRunning || !tasks[0].closed.Load() {
		t.Fatalf("after stop: state %s, task closed %v", r.State(), tasks[0].closed.Load())
	}
	checkGoroutines(t, base)

	produce(t, brokers, rec("src", "k100", "late"), rec("src", "k101", "later"))
	r2, err := RunPersistent(testCtx(t), persistentCfg(brokers), upper("src", "dst", &tasks))
	if err != nil {
		t.Fatal(err)
	}
	out = consumeN(t, brokers, "dst", 23) // no record of the first run emitted again
	// Partitions come back in any order: compare the values as a set.
	seen := map[string]int{}
	for _, o := range out {
		seen[string(o.Value)]++
	}
	for _, want := range []string{"LATE", "LATER", "V0", "V19"} {
		if seen[want] != 1 {
			t.Fatalf("value %s emitted %d times over both runs: %v", want, seen[want], seen)
		}
	}
	if err := r2.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := r2.Stop(); err != nil { // idempotent
		t.Fatal(err)
	}
	checkGoroutines(t, base)
}

func TestPersistentResetLatest(t *testing.T) {
	brokers := newCluster(t)
	mustCreate(t, newAdminT(t, brokers), "src", 1)
	produce(t, brokers, rec("src", "", "old"))
	var c collector
	cfg := persistentCfg(brokers)
	cfg.ResetEarliest = false
	r, err := RunPersistent(testCtx(t), cfg, c.task("src"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	// The runner resolves "latest" once it joins the group; keep producing
	// until it sees something.
	waitFor(t, "a new record", func() bool {
		produce(t, brokers, rec("src", "", "new"))
		return len(c.values()) > 0
	})
	if slices.Contains(c.values(), "old") {
		t.Fatalf("latest reset saw old record: %v", c.values())
	}
}

func TestPersistentTaskError(t *testing.T) {
	brokers := newCluster(t)
	mustCreate(t, newAdminT(t, brokers), "src", 1)
	produce(t, brokers, rec("src", "", "boom"))
	task := &funcTask{topics: []string{"src"}, fn: func(context.Context, []exec.SourceRecord) error {
		return errors.New("cannot go on")
	}}
	r, err := RunPersistent(testCtx(t), persistentCfg(brokers), Task(task))
	if err != nil {
		t.Fatal(err)
	}
	<-r.Done()
	if r.State() != StateError || !task.closed.Load() {
		t.Fatalf("state %s, closed %v", r.State(), task.closed.Load())
	}
	want := `query CSAS_UP_1: process topic "src" partition 0: cannot go on`
	if err := r.Stop(); err == nil || err.Error() != want {
		t.Fatalf("err %v, want %s", err, want)
	}
}

func TestPersistentExplicitPartition(t *testing.T) {
	brokers := newCluster(t)
	a := newAdminT(t, brokers)
	mustCreate(t, a, "src", 1)
	mustCreate(t, a, "dst", 3)
	produce(t, brokers, rec("src", "", "2"), rec("src", "", "7"))
	build := func(out exec.Producer) (exec.Task, error) {
		return &funcTask{topics: []string{"src"}, fn: func(_ context.Context, b []exec.SourceRecord) error {
			for _, r := range b {
				var p int32
				fmt.Sscan(string(r.Value), &p)
				out.Produce(&exec.OutRecord{Topic: "dst", Partition: p, Value: r.Value})
			}
			return nil
		}}, nil
	}
	r, err := RunPersistent(testCtx(t), persistentCfg(brokers), build)
	if err != nil {
		t.Fatal(err)
	}
	<-r.Done() // partition 7 does not exist: the runner fails
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), `produce to topic "dst" partition 7`) {
		t.Fatalf("err %v", err)
	}
	got := consumeN(t, brokers, "dst", 1)
	if got[0].Partition != 2 {
		t.Fatalf("record on partition %d, want 2", got[0].Partition)
	}
}

func TestUnknownSourceTopic(t *testing.T) {
	brokers := newCluster(t)
	var tasks []*funcTask
	_, err := RunPersistent(testCtx(t), persistentCfg(brokers), upper("nope", "dst", &tasks))
	if !errors.Is(err, ErrUnknownTopic) || !strings.Contains(err.Error(), `source topic "nope" on `+brokers[0]) {
		t.Fatalf("err %v", err)
	}
	if !tasks[0].closed.Load() {
		t.Fatal("task not closed after failed start")
	}
	var c collector
	if _, err := RunTransient(testCtx(t), TransientConfig{Brokers: brokers}, c.task("nope")); !errors.Is(err, ErrUnknownTopic) {
		t.Fatalf("transient err %v", err)
	}
}

func TestTransient(t *testing.T) {
	brokers := newCluster(t)
	mustCreate(t, newAdminT(t, brokers), "src", 2)
	produce(t, brokers, rec("src", "a", "old1"), rec("src", "b", "old2"))
	base := runtime.NumGoroutine()

	var latest, earliest collector
	rl, err := RunTransient(testCtx(t), TransientConfig{Brokers: brokers, QueryID: "transient_1"}, latest.task("src"))
	if err != nil {
		t.Fatal(err)
	}
	re, err := RunTransient(testCtx(t), TransientConfig{Brokers: brokers, FromBeginning: true}, earliest.task("src"))
	if err != nil {
		t.Fatal(err)
	}
	produce(t, brokers, rec("src", "c", "new1"), rec("src", "d", "new2"))
	waitFor(t, "records", func() bool { return len(latest.values()) == 2 && len(earliest.values()) == 4 })
	got := latest.values()
	slices.Sort(got)
	if strings.Join(got, ",") != "new1,new2" {
		t.Fatalf("latest saw %v", got)
	}
	if err := errors.Join(rl.Stop(), re.Stop()); err != nil {
		t.Fatal(err)
	}
	checkGoroutines(t, base)
}

func TestTaskPanicBecomesError(t *testing.T) {
	brokers := newCluster(t)
	mustCreate(t, newAdminT(t, brokers), "src", 1)
	produce(t, brokers, rec("src", "", "x"))
	task := &funcTask{topics: []string{"src"}, fn: func(context.Context, []exec.SourceRecord) error { panic("bug") }}
	r, err := RunTransient(testCtx(t), TransientConfig{Brokers: brokers, QueryID: "t1", FromBeginning: true}, Task(task))
	if err != nil {
		t.Fatal(err)
	}
	<-r.Done()
	if err := r.Err(); err == nil || err.Error() != "query t1: task panicked: bug" || !task.closed.Load() {
		t.Fatalf("err %v, closed %v", err, task.closed.Load())
	}
}
