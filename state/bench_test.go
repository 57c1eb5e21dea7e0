package state

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// The state benchmarks use STREAMSQL_BENCH_STATE_KEYS keys (default 200,000)
// shaped like an aggregate's saved groups: "op/0/g/" plus an 8-byte group
// key, and an ~80-byte JSON value. One benchmark op is one whole run, so
// `-benchtime 1x` is enough.

func benchKeys(b *testing.B) int {
	s := os.Getenv("STREAMSQL_BENCH_STATE_KEYS")
	if s == "" {
		return 200_000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("STREAMSQL_BENCH_STATE_KEYS=%q: want a positive integer", s)
	}
	return n
}

// groupWrite is the saved state of group i, as the aggregate operator writes
// a COUNT/SUM/MAX group.
func groupWrite(i int) Write {
	key := fmt.Appendf(nil, "op/0/g/k%07d", i)
	value := fmt.Appendf(nil, `{"k":["k%07d"],"s":0,"e":0,"m":%d,"q":%d,"a":["AgY=","AtID","AqgH"]}`, i, 1_700_000_000_000+i, i)
	return Write{Key: key, Value: value}
}

func groupWrites(n int) ([]Write, int64) {
	ws := make([]Write, n)
	var logical int64
	for i := range ws {
		ws[i] = groupWrite(i)
		logical += int64(len(ws[i].Key) + len(ws[i].Value))
	}
	return ws, logical
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

// checkGoroutines fails b if, after a grace period, more goroutines run than
// when it was called: call it first and defer the returned function.
func checkGoroutines(b *testing.B) func() {
	before := runtime.NumGoroutine()
	return func() {
		n := 0
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if n = runtime.NumGoroutine(); n <= before {
				return
			}
		}
		b.Errorf("goroutines leaked: %d running, %d before the benchmark", n, before)
	}
}

// BenchmarkLoad restores a changelog's worth of writes into an empty store
// with one Load call, as engine.restoreFromChangelog does: records/s
// includes opening the store and the final durable commit.
func BenchmarkLoad(b *testing.B) {
	defer checkGoroutines(b)()
	ws, _ := groupWrites(benchKeys(b))
	var elapsed time.Duration
	for range b.N {
		dir := b.TempDir()
		start := time.Now()
		db, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Load(ws); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		if v, ok, err := db.Get(ws[len(ws)-1].Key); err != nil || !ok || string(v) != string(ws[len(ws)-1].Value) {
			b.Fatalf("the last restored key reads %q %v %v", v, ok, err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ws)*b.N)/elapsed.Seconds(), "records/s")
}

// BenchmarkCheckpointSize writes the keys in checkpoint-sized batches of
// 1,000 (one durable commit each, as a persistent query saves its state
// after each poll) and reports the store's size on disk per key: right
// after the last checkpoint (write-ahead log included), after a flush of the
// memtable to sstables, and after a full compaction. logical-B/key is the
// key and value bytes written.
func BenchmarkCheckpointSize(b *testing.B) {
	defer checkGoroutines(b)()
	ws, logical := groupWrites(benchKeys(b))
	keys := float64(len(ws))
	for range b.N {
		dir := b.TempDir()
		db, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for from := 0; from < len(ws); from += 1000 {
			batch := db.NewBatch()
			for _, w := range ws[from:min(from+1000, len(ws))] {
				batch.Set(w.Key, w.Value)
			}
			if err := batch.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		elapsed := time.Since(start)
		checkpointed := dirBytes(b, dir)
		if err := db.db.Flush(); err != nil {
			b.Fatal(err)
		}
		flushed := dirBytes(b, dir)
		if err := db.db.Compact(b.Context(), []byte("op/"), []byte("op0"), true); err != nil {
			b.Fatal(err)
		}
		compacted := dirBytes(b, dir)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(keys/elapsed.Seconds(), "records/s")
		b.ReportMetric(float64(logical)/keys, "logical-B/key")
		b.ReportMetric(float64(checkpointed)/keys, "disk-B/key")
		b.ReportMetric(float64(flushed)/keys, "flushed-B/key")
		b.ReportMetric(float64(compacted)/keys, "compacted-B/key")
	}
}
