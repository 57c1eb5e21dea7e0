package nexmark

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/metrics"
	"github.com/streamsql/streamsql/server"
)

// smokeOptions spread 1,000,000 events (the size issue 8 asks CI to check)
// over 5,000 s of event time starting a minute before midnight, so windows
// close and q17 sees two days.
var smokeOptions = Options{Events: 1_000_000, Seed: 42, EventRate: 200, BaseTime: DefaultBaseTime + msPerDay - 60_000,
	Partitions: 2, PullClients: 4, PullTime: 300 * time.Millisecond, Timeout: time.Minute}

// TestSmokeRun runs q0, q2, q5, q7 and q17 through a broker, engine and
// server started in this process, and checks every result against a
// recomputation in Go (never timing); then the baselines' results too.
func TestSmokeRun(t *testing.T) {
	target := startInProcess(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	opts := smokeOptions
	opts.Queries = []string{"q0", "q2", "q5", "q7", "q17"}
	opts.Latency, opts.Rate, opts.LatencyTime = true, 2000, time.Second
	want := expectFor(opts)
	checked := map[string]bool{}
	opts.AfterQuery = func(ctx context.Context, q Query, res *Result) {
		checked[q.Name] = true
		if res.Status != "ok" {
			t.Errorf("%s: %s: %s", q.Name, res.Status, res.Error)
			return
		}
		checkQuery(ctx, t, target, q.Name, res, want)
	}
	rep, err := Run(ctx, target, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(checked) != 5 || rep.Counts != CountsOf(opts.Events) {
		t.Fatalf("checked %v; counts %+v", checked, rep.Counts)
	}
	if l := rep.Latency; l == nil || l.Error != "" || l.Sent < 1000 || l.Got != l.Sent {
		t.Errorf("push latency test: every row produced should arrive once: %+v", l)
	}
	for _, q := range []string{"q0", "q2", "q17"} {
		checkBaseline(ctx, t, target, q, want)
	}
}

func checkQuery(ctx context.Context, t *testing.T, target Target, name string, res *Result, want *expected) {
	switch name {
	case "q0":
		got := readBids(ctx, t, target.Brokers, "NX_Q0")
		equalMaps(t, "q0 bids", got, want.bids)
		if res.Output != int64(len(want.bids)) {
			t.Errorf("q0: output %d, want %d", res.Output, len(want.bids))
		}
	case "q2":
		equalMaps(t, "q2 (auction, price)", readPrices(ctx, t, target.Brokers, "NX_Q2"), want.q2)
	case "q5":
		got := map[[2]int64]int64{}
		for _, r := range pullRows(ctx, t, target, "SELECT * FROM NX_Q5;") {
			got[[2]int64{num(r[0]), num(r[1])}] = num(r[3])
		}
		equalMaps(t, "q5 count per (auction, window start)", got, want.q5)
	case "q7":
		got := map[int64]int64{}
		for _, r := range pullRows(ctx, t, target, "SELECT * FROM NX_Q7;") {
			got[num(r[1])] = num(r[3])
		}
		equalMaps(t, "q7 max price per window start", got, want.q7)
	case "q17":
		got := map[string][]float64{}
		for _, r := range pullRows(ctx, t, target, "SELECT * FROM NX_Q17;") {
			k, _ := json.Marshal(r[:2])
			var v []float64
			for _, x := range r[2:] {
				f, _ := x.(json.Number).Float64()
				v = append(v, f)
			}
			got[string(k)] = v
		}
		equalRows(t, "q17 rows", got, want.q17Rows())
		if p := res.Pull; p == nil || p.Queries == 0 || p.Errors > 0 || p.Empty > 0 {
			t.Errorf("q17 pull queries: %+v", p)
		}
	}
}

// startInProcess runs a broker, an engine and a server in this process.
func startInProcess(t *testing.T) Target {
	b, err := broker.Start(broker.Config{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	reg := metrics.New()
	quiet := slog.New(slog.DiscardHandler)
	eng, err := engine.New(engine.Config{Brokers: b.Addrs(), DataDir: t.TempDir(), Metrics: reg, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- server.New(eng, server.Options{Metrics: reg, Logger: quiet}).ServeListener(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
		if err := eng.Close(); err != nil {
			t.Errorf("engine: %v", err)
		}
	})
	pid := os.Getpid()
	return Target{REST: "http://" + ln.Addr().String(), Brokers: b.Addrs(), ServerPID: pid, BrokerPID: pid}
}

// readTopic returns every record of topic: until the end offsets listed
// first are reached, or nothing came for two seconds.
func readTopic(ctx context.Context, t *testing.T, brokers []string, topic string) []*kgo.Record {
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ends, err := endOffsets(ctx, kadm.NewClient(cl), topic)
	if err != nil {
		t.Fatal(err)
	}
	var out []*kgo.Record
	next := map[int32]int64{} // per partition: the offset after the last record read
	for {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		fs := cl.PollRecords(pctx, 10_000)
		cancel()
		if err := fs.Err0(); errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return out
		} else if err != nil {
			t.Fatalf("reading %s: %v", topic, err)
		}
		for it := fs.RecordIter(); !it.Done(); {
			r := it.Next()
			out = append(out, r)
			next[r.Partition] = r.Offset + 1
		}
		var read int64
		for _, o := range next {
			read += o
		}
		if read >= ends[topic] {
			return out
		}
	}
}

func readBids(ctx context.Context, t *testing.T, brokers []string, topic string) map[Bid]int {
	out := map[Bid]int{}
	for _, r := range readTopic(ctx, t, brokers, topic) {
		var b Bid
		if err := json.Unmarshal(r.Value, &b); err != nil || len(r.Key) != 8 {
			t.Fatalf("%s: bad record %q %q: %v", topic, r.Key, r.Value, err)
		}
		b.Auction = int64(binary.BigEndian.Uint64(r.Key))
		out[b]++
	}
	return out
}

func readPrices(ctx context.Context, t *testing.T, brokers []string, topic string) map[[2]int64]int {
	out := map[[2]int64]int{}
	for _, r := range readTopic(ctx, t, brokers, topic) {
		var v struct{ Price int64 }
		if err := json.Unmarshal(r.Value, &v); err != nil || len(r.Key) != 8 {
			t.Fatalf("%s: bad record %q %q: %v", topic, r.Key, r.Value, err)
		}
		out[[2]int64{int64(binary.BigEndian.Uint64(r.Key)), v.Price}]++
	}
	return out
}

// pullRows runs a pull query and returns its rows, numbers as json.Number.
func pullRows(ctx context.Context, t *testing.T, target Target, sql string) [][]any {
	c := newRESTClient(target.REST, 1)
	defer c.close()
	var rows [][]any
	err := c.queryStream(ctx, sql, nil, nil, func(line []byte) bool {
		var row []any
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		if err := d.Decode(&row); err != nil {
			t.Fatalf("%s: bad row %q: %v", sql, line, err)
		}
		rows = append(rows, row)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func num(v any) int64 {
	n, _ := v.(json.Number).Int64()
	return n
}
