package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kgo"
)

func eosCfg(brokers []string) PersistentConfig {
	c := persistentCfg(brokers)
	c.ExactlyOnce, c.TransactionalID = true, c.GroupID
	return c
}

// readAll returns every record of topic visible at isolation level iso,
// reading until the end offsets taken at the call.
func readAll(t *testing.T, brokers []string, topic string, committed bool) []*kgo.Record {
	t.Helper()
	iso := kgo.ReadUncommitted()
	if committed {
		iso = kgo.ReadCommitted()
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(iso),
		kgo.FetchMaxWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(testCtx(t), time.Second)
	defer cancel()
	var got []*kgo.Record
	for ctx.Err() == nil {
		got = append(got, cl.PollFetches(ctx).Records()...)
	}
	return got
}

func values(recs []*kgo.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = string(r.Value)
	}
	slices.Sort(out)
	return out
}

// TestExactlyOnceRestartEmitsNothingTwice: output is committed with the input
// offsets, so a restart continues exactly where the last transaction ended.
func TestExactlyOnceRestartEmitsNothingTwice(t *testing.T) {
	brokers := newCluster(t)
	a := newAdminT(t, brokers)
	mustCreate(t, a, "src", 3)
	mustCreate(t, a, "dst", 3)
	var in []*kgo.Record
	for i := range 30 {
		in = append(in, rec("src", fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i)))
	}
	produce(t, brokers, in...)
	r, err := RunPersistent(testCtx(t), eosCfg(brokers), upper("src", "dst", nil))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "first 30 committed", func() bool { return len(readAll(t, brokers, "dst", true)) == 30 })
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	produce(t, brokers, rec("src", "k100", "late"))
	r2, err := RunPersistent(testCtx(t), eosCfg(brokers), upper("src", "dst", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Stop()
	waitFor(t, "31 committed", func() bool { return len(readAll(t, brokers, "dst", true)) >= 31 })
	got := values(readAll(t, brokers, "dst", true))
	if len(got) != 31 || len(slices.Compact(slices.Clone(got))) != 31 {
		t.Fatalf("committed output %v: want 31 distinct records", got)
	}
}

// TestExactlyOnceFailureAborts: a batch that fails after producing part of its
// output aborts the whole transaction; read_committed readers never see that
// output, and a new runner redoes the input from the committed offsets.
func TestExactlyOnceFailureAborts(t *testing.T) {
	brokers := newCluster(t)
	a := newAdminT(t, brokers)
	mustCreate(t, a, "src", 1)
	mustCreate(t, a, "dst", 1)
	produce(t, brokers, rec("src", "a", "1"), rec("src", "b", "2"), rec("src", "poison", "3"))
	poisoned := func(out exec.Producer) (exec.Task, error) {
		return &funcTask{topics: []string{"src"}, fn: func(_ context.Context, b []exec.SourceRecord) error {
			for _, r := range b {
				if string(r.Key) == "poison" {
					return errors.New("poison record")
				}
				out.Produce(&exec.OutRecord{Topic: "dst", Partition: -1, Key: r.Key, Value: r.Value})
			}
			return nil
		}}, nil
	}
	r, err := RunPersistent(testCtx(t), eosCfg(brokers), poisoned)
	if err != nil {
		t.Fatal(err)
	}
	<-r.Done()
	if r.State() != StateError || r.Err() == nil {
		t.Fatalf("state %s, err %v: want ERROR", r.State(), r.Err())
	}
	if got := readAll(t, brokers, "dst", true); len(got) != 0 {
		t.Fatalf("read_committed sees %d records of an aborted transaction", len(got))
	}
	r2, err := RunPersistent(testCtx(t), eosCfg(brokers), upper("src", "dst", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Stop()
	waitFor(t, "3 committed", func() bool { return len(readAll(t, brokers, "dst", true)) == 3 })
	if got := values(readAll(t, brokers, "dst", true)); !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Fatalf("committed output %v", got)
	}
}

// TestFenceAbortsAnOpenTransaction: a transaction a killed holder left open
// is aborted by FenceTransactions, so read_committed readers move on at once.
func TestFenceAbortsAnOpenTransaction(t *testing.T) {
	brokers := newCluster(t)
	a := newAdminT(t, brokers)
	mustCreate(t, a, "dst", 1)
	zombie, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID("tx-1"), kgo.DefaultProduceTopic("dst"))
	if err != nil {
		t.Fatal(err)
	}
	defer zombie.Close()
	if err := zombie.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	if err := zombie.ProduceSync(testCtx(t), &kgo.Record{Value: []byte("uncommitted")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	if err := FenceTransactions(testCtx(t), brokers, "tx-1"); err != nil {
		t.Fatal(err)
	}
	produce(t, brokers, rec("dst", "k", "after"))
	if got := values(readAll(t, brokers, "dst", true)); !slices.Equal(got, []string{"after"}) {
		t.Fatalf("read_committed after fencing: %v", got)
	}
	if err := zombie.EndTransaction(testCtx(t), kgo.TryCommit); err == nil {
		t.Fatal("the fenced holder committed its transaction")
	}
}

func TestCommittedOffsets(t *testing.T) {
	brokers := newCluster(t)
	a := newAdminT(t, brokers)
	mustCreate(t, a, "src", 2)
	mustCreate(t, a, "dst", 2)
	none, err := CommittedOffsets(testCtx(t), brokers, "q1-group")
	if err != nil || len(none) != 0 {
		t.Fatalf("unknown group: %v, %v", none, err)
	}
	produce(t, brokers, rec("src", "a", "1"), rec("src", "b", "2"), rec("src", "c", "3"))
	r, err := RunPersistent(testCtx(t), eosCfg(brokers), upper("src", "dst", nil))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "output", func() bool { return len(readAll(t, brokers, "dst", true)) == 3 })
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	offs, err := CommittedOffsets(testCtx(t), brokers, "q1-group")
	if err != nil {
		t.Fatal(err)
	}
	if offs["src"][0]+offs["src"][1] != 3 {
		t.Fatalf("committed %v, want 3 records over 2 partitions", offs)
	}
}

// TestFenceOpenTransactionsByPrefix: the open transactions of a query's
// earlier runs (ids prefix-<suffix>) are ended; other ids are left alone.
func TestFenceOpenTransactionsByPrefix(t *testing.T) {
	brokers := newCluster(t)
	mustCreate(t, newAdminT(t, brokers), "dst", 1)
	open := func(id string) *kgo.Client {
		cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID(id), kgo.DefaultProduceTopic("dst"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cl.Close)
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		if err := cl.ProduceSync(testCtx(t), &kgo.Record{Value: []byte(id)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
		return cl
	}
	run1 := open("grp-run1")
	other := open("grpx-run1")
	if err := FenceOpenTransactions(testCtx(t), brokers, "grp"); err != nil {
		t.Fatal(err)
	}
	if err := run1.EndTransaction(testCtx(t), kgo.TryCommit); err == nil {
		t.Fatal("the earlier run's transaction was not fenced")
	}
	if err := other.EndTransaction(testCtx(t), kgo.TryCommit); err != nil {
		t.Fatalf("another query's transaction was fenced: %v", err)
	}
	if got := values(readAll(t, brokers, "dst", true)); !slices.Equal(got, []string{"grpx-run1"}) {
		t.Fatalf("read_committed: %v", got)
	}
}
