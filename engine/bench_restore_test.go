package engine

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/kafkaio"
	"github.com/streamsql/streamsql/state"
	"github.com/twmb/franz-go/pkg/kfake"
)

// BenchmarkRestoreFromChangelog measures how fast a query's state comes back
// from its changelog topic on an in-process kfake broker into an empty
// store: restoreFromChangelog, which reads the whole changelog and loads it
// with one state.DB.Load. The changelog holds STREAMSQL_BENCH_RESTORE_RECORDS
// group records (default 200,000), written as checkpoints do: batches of
// 1,000 writes each ending with the offsets record. records/s counts every
// changelog record restored; read-records/s times the read alone.
func BenchmarkRestoreFromChangelog(b *testing.B) {
	before := runtime.NumGoroutine()
	defer restoreLeakCheck(b, before)
	n := restoreRecords(b)
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		b.Fatal(err)
	}
	defer cluster.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	log, err := kafkaio.OpenChangelog(ctx, cluster.ListenAddrs(), "bench-changelog")
	if err != nil {
		b.Fatal(err)
	}
	defer log.Close()
	total := writeChangelog(ctx, b, log, n)

	start := time.Now()
	recs, err := log.ReadRecords(ctx)
	if err != nil {
		b.Fatal(err)
	}
	read := time.Since(start)
	if len(recs) != total {
		b.Fatalf("read %d changelog records, want %d", len(recs), total)
	}
	recs = nil

	b.ReportAllocs()
	b.ResetTimer()
	var elapsed time.Duration
	for range b.N {
		db, err := state.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := restoreFromChangelog(ctx, log, db); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		last := fmt.Appendf(nil, "op/0/g/k%07d", n-1)
		if _, ok, err := db.Get(last); err != nil || !ok {
			b.Fatalf("the last group is not restored: %v", err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(total)/read.Seconds(), "read-records/s")
}

func restoreRecords(b *testing.B) int {
	s := os.Getenv("STREAMSQL_BENCH_RESTORE_RECORDS")
	if s == "" {
		return 200_000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("STREAMSQL_BENCH_RESTORE_RECORDS=%q: want a positive integer", s)
	}
	return n
}

// writeChangelog appends n group records in checkpoint batches and returns
// the number of changelog records written (offsets records included).
func writeChangelog(ctx context.Context, b *testing.B, log *kafkaio.CommandLog, n int) int {
	total := 0
	for from := 0; from < n; from += 1000 {
		var batch []kafkaio.LogRecord
		for i := from; i < min(from+1000, n); i++ {
			batch = append(batch, kafkaio.LogRecord{Key: fmt.Appendf(nil, "op/0/g/k%07d", i),
				Value: fmt.Appendf(nil, `{"k":["k%07d"],"s":0,"e":0,"m":%d,"q":%d,"a":["AgY=","AtID","AqgH"]}`, i, 1_700_000_000_000+i, i)})
		}
		offs := fmt.Appendf(nil, `{"s":{"0":%d}}`, from+len(batch))
		batch = append(batch, kafkaio.LogRecord{Key: []byte(exec.StateOffsetsKey), Value: offs})
		if err := log.AppendBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
		total += len(batch)
	}
	return total
}

// restoreLeakCheck fails b if more goroutines run than before it, after a
// grace period for the broker's and clients' goroutines to exit.
func restoreLeakCheck(b *testing.B, before int) {
	n := 0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n = runtime.NumGoroutine(); n <= before {
			return
		}
	}
	buf := make([]byte, 1<<20)
	b.Errorf("goroutines leaked: %d running, %d before the benchmark\n%s", n, before, buf[:runtime.Stack(buf, true)])
}
