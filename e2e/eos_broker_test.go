package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestBrokerCrashAbortsOpenTransaction isolates what TestCrashExactlyOnce's
// broker kills need from the broker: a transaction open when `streamsql
// broker` is killed with SIGKILL must end up aborted, for good, and must not
// hide the transactions a restarted query commits afterwards. read_committed
// consumers must see those exactly once and the open one never, after the
// restart and after one more restart.
//
// The embedded broker (kfake) marks such a transaction aborted in its index
// but writes no abort marker, and readers then skip every later record of the
// same producer id; a second restart even revives the aborted records when
// the same producer commits again. So a query takes a new transactional id,
// hence a new producer id, each time it starts (engine.transactionalID): this
// test writes the later transactions the same way.
func TestBrokerCrashAbortsOpenTransaction(t *testing.T) {
	tmp := t.TempDir()
	bin := buildBinary(t, tmp)
	addr := fmt.Sprintf("127.0.0.1:%d", freePorts(t, 1)[0])
	dataDir := filepath.Join(tmp, "kafka")
	b := startBrokerProc(t, bin, dataDir, tmp, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := kadm.NewClient(kafkaClient(t, addr)).CreateTopic(ctx, 1, 1, nil, "txn"); err != nil {
		t.Fatalf("creating topic txn: %v", err)
	}
	txnWrite(ctx, t, addr, "run1", "before", true)
	open := txnWrite(ctx, t, addr, "run1", "open", false) // still open at the SIGKILL
	restart := func(why string) {
		sigkillBroker(t, b)
		b = startBrokerProc(t, bin, dataDir, t.TempDir(), addr)
		t.Logf("broker killed with SIGKILL and restarted %s", why)
	}
	restart("with a transaction open")
	open.Close()
	txnWrite(ctx, t, addr, "run2", "after-1", true)
	txnWrite(ctx, t, addr, "run2", "after-2", true)
	want := []string{"before", "after-1", "after-2"}
	if got := committedValues(ctx, t, addr); !slices.Equal(got, want) {
		t.Errorf("read_committed after the restart: %q, want %q", got, want)
	}
	restart("once more")
	if got := committedValues(ctx, t, addr); !slices.Equal(got, want) {
		t.Errorf("read_committed after a second restart: %q, want %q", got, want)
	}
}

// txnWrite writes value in a transaction of transactional id txnID and
// commits it, or leaves it open and returns the client.
func txnWrite(ctx context.Context, t *testing.T, addr, txnID, value string, commit bool) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.TransactionalID(txnID), kgo.DefaultProduceTopic("txn"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.BeginTransaction(); err != nil {
		t.Fatalf("begin transaction for %s: %v", value, err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte(value)}).FirstErr(); err != nil {
		t.Fatalf("producing %s: %v", value, err)
	}
	if !commit {
		return cl
	}
	defer cl.Close()
	if err := cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatalf("committing %s: %v", value, err)
	}
	return nil
}

// committedValues reads topic txn read_committed from the start.
func committedValues(ctx context.Context, t *testing.T, addr string) []string {
	t.Helper()
	recs, err := readTopic(ctx, addr, "txn", true)
	if err != nil {
		t.Fatalf("reading txn read_committed: %v", err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, string(r.value))
	}
	return out
}
