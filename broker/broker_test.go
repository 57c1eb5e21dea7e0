package broker

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func startT(t *testing.T, dir string) *Broker {
	t.Helper()
	b, err := Start(Config{DataDir: dir, Listen: "127.0.0.1:0", ClusterID: "test-cluster"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func client(t *testing.T, b *Broker, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(b.Addrs()...)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

func TestRestartKeepsRecordsAndOffsets(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()

	b := startT(t, dir)
	adm := kadm.NewClient(client(t, b))
	if _, err := adm.CreateTopic(ctx, 2, 1, nil, "orders"); err != nil {
		t.Fatal(err)
	}
	prod := client(t, b)
	for i := range 10 {
		r := &kgo.Record{Topic: "orders", Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprintf("v%d", i))}
		if err := prod.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	// Commit offsets for a group: 3 records of partition 0.
	offs := make(kadm.Offsets)
	offs.Add(kadm.Offset{Topic: "orders", Partition: 0, At: 3, LeaderEpoch: -1})
	if _, err := adm.CommitOffsets(ctx, "g1", offs); err != nil {
		t.Fatal(err)
	}
	prod.Close()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil { // idempotent
		t.Fatal(err)
	}

	b2 := startT(t, dir)
	cons := client(t, b2, kgo.ConsumeTopics("orders"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	got := map[string]string{}
	for len(got) < 10 && ctx.Err() == nil {
		cons.PollFetches(ctx).EachRecord(func(r *kgo.Record) { got[string(r.Key)] = string(r.Value) })
	}
	for i := range 10 {
		if got[fmt.Sprint(i)] != fmt.Sprintf("v%d", i) {
			t.Fatalf("record %d lost after restart: %v", i, got)
		}
	}
	adm2 := kadm.NewClient(client(t, b2))
	fetched, err := adm2.FetchOffsets(ctx, "g1")
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := fetched.Lookup("orders", 0); !ok || o.At != 3 {
		t.Fatalf("committed offset after restart = %+v, %v; want 3", o, ok)
	}
	md, err := adm2.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if md.Cluster != "test-cluster" {
		t.Fatalf("cluster id = %q", md.Cluster)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Start(Config{Listen: ln.Addr().String()})
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("want address in use error, got %v", err)
	}
}

func TestDataDirLocked(t *testing.T) {
	dir := t.TempDir()
	startT(t, dir)
	_, err := Start(Config{DataDir: dir, Listen: "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "in use by another broker") {
		t.Fatalf("want data dir in use error, got %v", err)
	}
}

func TestWildcardAdvertisesLoopback(t *testing.T) {
	b, err := Start(Config{Listen: ":0"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a := b.Addrs()[0]; !strings.HasPrefix(a, "127.0.0.1:") {
		t.Fatalf("addr = %q, want loopback", a)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := kadm.NewClient(client(t, b)).Metadata(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestBadListen(t *testing.T) {
	if _, err := Start(Config{Listen: "nonsense"}); err == nil || !strings.Contains(err.Error(), "want host:port") {
		t.Fatalf("got %v", err)
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	base := runtime.NumGoroutine()
	b, err := Start(Config{DataDir: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addrs()...))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := cl.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	cl.Close()
	b.Close()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
