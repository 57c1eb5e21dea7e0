package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/server"
)

// BenchmarkPullQuery serves pull queries by key over POST /query from the
// materialized view of an aggregate table of STREAMSQL_BENCH_PULL_KEYS keys
// (default 1,000,000), built through the test driver (one input record per
// key, so the view holds one row per key). 1, 16 and 64 HTTP clients each
// send `SELECT * FROM agg WHERE k = '<random key>';` back to back for
// STREAMSQL_BENCH_PULL_SECONDS (default 5) per op. alloc-B/query (clients
// and server together), gc/s and gc-cpu-% (the CPU of the collection cycles
// that ended during the load, as the runtime estimates it, over the process's
// CPU time) show what the queries cost the collector, which must mark the
// whole table's heap every cycle.
//
// The clients=1 sub-benchmark also reports the build time (piping the input
// and running the CREATE TABLE AS SELECT over it) and the live heap the table
// costs per key (after a GC): stream-B/key is the input stream's
// records held by the test driver's in-memory topic; ctas-B/key is what the
// CREATE TABLE AS SELECT added: the aggregate's groups, its output topic's
// records (in memory, like the input's) and the view pull queries read;
// view-B/key is one more view of the same topic (a source table over it).
// groups-B/key = ctas - view - stream estimates the aggregate's own state;
// it over-counts by the output values being ~16 bytes longer than the input's.
func BenchmarkPullQuery(b *testing.B) {
	defer checkGoroutines(b)()
	keys := benchEnv(b, "STREAMSQL_BENCH_PULL_KEYS", 1_000_000)
	secs := benchEnv(b, "STREAMSQL_BENCH_PULL_SECONDS", 5)
	d, err := engine.NewTestDriver(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	mem := buildPullTable(b, d, keys)

	srv := httptest.NewServer(server.New(d.Engine(), server.Options{Logger: quietLogger()}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	checkPullAnswer(b, client, srv.URL, keys)

	for _, clients := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			var lat []time.Duration
			var elapsed time.Duration
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			gc0, cpu0 := gcCPU(), cpuSeconds(b)
			for range b.N {
				l, e := pullLoad(b, client, srv.URL, keys, clients, time.Duration(secs)*time.Second)
				lat = append(lat, l...)
				elapsed += e
			}
			runtime.ReadMemStats(&m1)
			gc1, cpu1 := gcCPU(), cpuSeconds(b)
			slices.Sort(lat)
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "qps")
			b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
			b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(len(lat)), "alloc-B/query")
			b.ReportMetric(float64(m1.NumGC-m0.NumGC)/elapsed.Seconds(), "gc/s")
			b.ReportMetric(100*(gc1-gc0)/(cpu1-cpu0), "gc-cpu-%")
			if clients == 1 {
				mem.report(b)
			}
		})
	}
}

// gcCPU is the runtime's estimate of the CPU time its collector spent so
// far, without the marking done on otherwise idle processors. It advances
// at the end of each cycle.
func gcCPU() float64 {
	ms := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/gc/mark/idle:cpu-seconds"}}
	metrics.Read(ms)
	return ms[0].Value.Float64() - ms[1].Value.Float64()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// heapAlloc is the live heap, and the objects in it, after a full collection.
func heapAlloc() (bytes, objects uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, m.HeapObjects
}

// tableMemory is what building the pull benchmark's table cost, in heap
// bytes per key (see BenchmarkPullQuery).
type tableMemory struct {
	stream, ctas, view float64
	ctasObjects        float64 // heap objects per key the CREATE TABLE AS SELECT added
	build              time.Duration
}

func (m tableMemory) report(b *testing.B) {
	b.ReportMetric(m.stream, "stream-B/key")
	b.ReportMetric(m.ctas, "ctas-B/key")
	b.ReportMetric(m.view, "view-B/key")
	b.ReportMetric(m.ctas-m.view-m.stream, "groups-B/key")
	b.ReportMetric(m.ctasObjects, "ctas-objects/key")
	b.ReportMetric(m.build.Seconds(), "build-s")
}

// buildPullTable pipes one record per key into stream s (the heap this adds
// is the stream's in-memory topic), creates the aggregate table agg over it
// (adding agg's groups, its in-memory output topic and its view), then a
// source table over agg's topic (adding only a second view: the topic's
// records are shared, not copied).
func buildPullTable(b *testing.B, d *engine.TestDriver, keys int) tableMemory {
	mustExecute(b, d.Engine(), fmt.Sprintf(aggStream, 1))
	h0, _ := heapAlloc()
	start := time.Now()
	for i := range keys {
		r := engine.TestRecord{Topic: "s", Key: benchKey(i), Value: json.RawMessage(aggValue(i)), Timestamp: int64(i)}
		if err := d.Pipe(r); err != nil {
			b.Fatal(err)
		}
	}
	build := time.Since(start)
	h1, o1 := heapAlloc()
	start = time.Now()
	mustExecute(b, d.Engine(), aggTable)
	build += time.Since(start)
	h2, o2 := heapAlloc()
	mustExecute(b, d.Engine(), "CREATE SOURCE TABLE agg_view (k STRING PRIMARY KEY, cnt BIGINT, total BIGINT, mx BIGINT) WITH (KAFKA_TOPIC='AGG', VALUE_FORMAT='JSON');")
	h3, _ := heapAlloc()
	per := func(from, to uint64) float64 { return float64(int64(to)-int64(from)) / float64(keys) }
	return tableMemory{stream: per(h0, h1), ctas: per(h1, h2), view: per(h2, h3), ctasObjects: per(o1, o2), build: build}
}

// pullBody is the POST /query body asking for key i.
func pullBody(i int) []byte {
	return []byte(`{"ksql":"SELECT * FROM agg WHERE k = '` + benchKey(i) + `';","streamsProperties":{}}`)
}

// pullOnce sends one pull query and returns the response body.
func pullOnce(client *http.Client, url string, key int) ([]byte, error) {
	resp, err := client.Post(url+"/query", "application/vnd.ksql.v1+json", bytes.NewReader(pullBody(key)))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return body, nil
}

// checkPullAnswer checks that a pull query returns the key's row.
func checkPullAnswer(b *testing.B, client *http.Client, url string, keys int) {
	key := keys / 3
	body, err := pullOnce(client, url, key)
	if err != nil {
		b.Fatal(err)
	}
	want := fmt.Sprintf(`["%s",1,%d,%d]`, benchKey(key), key%1000, key%1000)
	if !strings.Contains(string(body), want) {
		b.Fatalf("pull query for %s answered %s, want a row %s", benchKey(key), body, want)
	}
}

// pullLoad runs clients workers sending pull queries for random keys until
// the duration elapses, and returns every query's latency and the time the
// load took (the last queries included).
func pullLoad(b *testing.B, client *http.Client, url string, keys, clients int, dur time.Duration) ([]time.Duration, time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	lats := make([][]time.Duration, clients)
	errs := make(chan error, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for ctx.Err() == nil {
				t0 := time.Now()
				body, err := pullOnce(client, url, rng.IntN(keys))
				if err == nil && !bytes.Contains(body, []byte(`"row"`)) {
					err = fmt.Errorf("a pull query by key answered no row: %s", body)
				}
				if err != nil {
					errs <- err
					return
				}
				lats[w] = append(lats[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	return slices.Concat(lats...), elapsed
}
