package engine_test

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"

	"github.com/streamsql/streamsql/engine"
)

func BenchmarkZZHeap(b *testing.B) {
	runtime.MemProfileRate = 4096
	d, _ := engine.NewTestDriver(nil)
	defer d.Close()
	buildPullTable(b, d, 200000)
	runtime.GC()
	f, _ := os.Create("/tmp/heap.prof")
	pprof.Lookup("heap").WriteTo(f, 0)
	f.Close()
}
