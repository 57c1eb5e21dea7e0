package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// The aggregation benchmarks run issue 4's per-key aggregate over a stream of
// STREAMSQL_BENCH_AGG_KEYS keys (default 100,000), STREAMSQL_BENCH_AGG_RECORDS
// records per run (default 300,000: three updates per key), with the keys
// visited round robin. One benchmark op is one whole run; figures are
// reported with b.ReportMetric, so `-benchtime 1x` is enough.

const (
	aggStream = "CREATE STREAM s (k STRING KEY, v BIGINT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=%d);"
	aggTable  = "CREATE TABLE agg AS SELECT k, COUNT(*) AS cnt, SUM(v) AS total, MAX(v) AS mx FROM s GROUP BY k EMIT CHANGES;"
)

// benchEnv reads a positive integer from the environment, or returns def.
func benchEnv(b *testing.B, name string, def int) int {
	b.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive integer", name, s)
	}
	return n
}

// benchKey names key i of a benchmark table.
func benchKey(i int) string { return fmt.Sprintf("k%07d", i) }

// quietLogger drops the engine's logging so that it does not skew timings.
func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// checkGoroutines fails b if, after a grace period, more goroutines run than
// when it was called: call it first and defer the returned function.
func checkGoroutines(b *testing.B) func() {
	before := runtime.NumGoroutine()
	return func() {
		n := 0
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if n = runtime.NumGoroutine(); n <= before {
				return
			}
		}
		buf := make([]byte, 1<<20)
		b.Errorf("goroutines leaked: %d running, %d before the benchmark\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// cpuSeconds is the user plus system CPU time this process used so far.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// dirBytes is the size of the files under dir, as du -b counts them.
func dirBytes(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		n += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func mustExecute(b *testing.B, e *engine.Engine, stmts ...string) {
	b.Helper()
	for _, s := range stmts {
		if _, err := e.Execute(context.Background(), engine.Request{SQL: s}); err != nil {
			b.Fatalf("%s: %v", s, err)
		}
	}
}

// aggValue is the JSON value of input record i.
func aggValue(i int) []byte { return []byte(`{"V":` + strconv.Itoa(i%1000) + `}`) }

// BenchmarkAggregateTestDriver pipes the stream through the synchronous test
// driver: JSON decode, group lookup, COUNT/SUM/MAX, JSON encode of the
// updated row, in-memory append to the output topic and to the table's
// materialized view, one record at a time.
func BenchmarkAggregateTestDriver(b *testing.B) {
	defer checkGoroutines(b)()
	keys := benchEnv(b, "STREAMSQL_BENCH_AGG_KEYS", 100_000)
	n := benchEnv(b, "STREAMSQL_BENCH_AGG_RECORDS", 300_000)
	recs := make([]engine.TestRecord, n)
	for i := range recs {
		recs[i] = engine.TestRecord{Topic: "s", Key: benchKey(i % keys), Value: json.RawMessage(aggValue(i)), Timestamp: int64(i)}
	}
	b.ReportAllocs()
	var elapsed time.Duration
	for range b.N {
		b.StopTimer()
		d, err := engine.NewTestDriver(nil)
		if err != nil {
			b.Fatal(err)
		}
		mustExecute(b, d.Engine(), fmt.Sprintf(aggStream, 1), aggTable)
		b.StartTimer()
		start := time.Now()
		for _, r := range recs {
			if err := d.Pipe(r); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		b.StopTimer()
		if got := len(d.Output("AGG")); got != n {
			b.Fatalf("%d output records, want %d", got, n)
		}
		if err := d.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "records/s")
}

// BenchmarkAggregateKafka runs the aggregation as a persistent query of an
// engine over an in-process kfake broker. The input is produced before the
// query starts; the clock (wall and CPU) starts when the first output record
// appears, so consumer-group start-up is left out and reported separately,
// and stops when the output topic holds one update per input record.
// STREAMSQL_BENCH_AGG_PARTITIONS sets the input partitions (default 2).
//
// state=durable gives the engine a data directory: every poll (up to 1,000
// records) also commits the changed groups to Pebble and to the changelog
// topic. state=memory has no data directory. The CPU figure counts the whole
// process, the in-process broker included.
func BenchmarkAggregateKafka(b *testing.B) {
	for _, durable := range []bool{true, false} {
		name := "state=memory"
		if durable {
			name = "state=durable"
		}
		b.Run(name, func(b *testing.B) {
			defer checkGoroutines(b)()
			keys := benchEnv(b, "STREAMSQL_BENCH_AGG_KEYS", 100_000)
			n := benchEnv(b, "STREAMSQL_BENCH_AGG_RECORDS", 300_000)
			parts := benchEnv(b, "STREAMSQL_BENCH_AGG_PARTITIONS", 2)
			var total aggRun
			for range b.N {
				r := runKafkaAggregate(b, keys, n, parts, durable)
				total.wall += r.wall
				total.cpu += r.cpu
				total.startup += r.startup
				total.diskBytes = r.diskBytes
			}
			recs := float64(n * b.N)
			b.ReportMetric(recs/total.wall.Seconds(), "records/s")
			b.ReportMetric(recs/total.cpu, "records/cpu-s")
			b.ReportMetric(total.startup.Seconds()/float64(b.N), "startup-s")
			if durable {
				b.ReportMetric(float64(total.diskBytes)/float64(keys), "disk-B/key")
			}
		})
	}
}

type aggRun struct {
	wall, startup time.Duration
	cpu           float64
	diskBytes     int64 // the state directory after a clean stop
}

func runKafkaAggregate(b *testing.B, keys, n, parts int, durable bool) aggRun {
	b.StopTimer()
	defer b.StartTimer()
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(int32(parts), "s"))
	if err != nil {
		b.Fatal(err)
	}
	defer cluster.Close()
	brokers := cluster.ListenAddrs()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	produceAggInput(ctx, b, brokers, keys, n)

	cfg := engine.Config{Brokers: brokers, Logger: quietLogger()}
	if durable {
		cfg.DataDir = b.TempDir()
	}
	e, err := engine.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	if err := e.Start(ctx); err != nil {
		b.Fatal(err)
	}
	mustExecute(b, e, fmt.Sprintf(aggStream, parts))
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)

	var r aggRun
	begin := time.Now()
	b.StartTimer()
	mustExecute(b, e, aggTable)
	waitOutput(ctx, b, adm, 1)
	cpu0, t0 := cpuSeconds(b), time.Now()
	r.startup = t0.Sub(begin)
	waitOutput(ctx, b, adm, int64(n))
	r.wall, r.cpu = time.Since(t0), cpuSeconds(b)-cpu0
	b.StopTimer()
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	if durable {
		r.diskBytes = dirBytes(b, filepath.Join(cfg.DataDir, "state"))
	}
	return r
}

// produceAggInput writes n records over keys to topic s and waits for all acks.
func produceAggInput(ctx context.Context, b *testing.B, brokers []string, keys, n int) {
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic("s"),
		kgo.ProducerLinger(5*time.Millisecond), kgo.MaxBufferedRecords(50_000))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	errs := make(chan error, 1)
	for i := range n {
		cl.Produce(ctx, &kgo.Record{Key: []byte(benchKey(i % keys)), Value: aggValue(i)}, func(_ *kgo.Record, err error) {
			if err != nil {
				select {
				case errs <- err:
				default:
				}
			}
		})
	}
	if err := cl.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
}

// waitOutput polls the end offsets of the query's output topic until they
// add up to at least want records.
func waitOutput(ctx context.Context, b *testing.B, adm *kadm.Client, want int64) {
	var got int64
	for ctx.Err() == nil {
		ends, err := adm.ListEndOffsets(ctx, "AGG")
		if err == nil {
			got = 0
			ends.Each(func(o kadm.ListedOffset) {
				if o.Err == nil {
					got += o.Offset
				}
			})
			if got >= want {
				return
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	b.Fatalf("the output topic AGG holds %d records, want %d", got, want)
}
