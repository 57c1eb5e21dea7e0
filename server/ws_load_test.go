package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/goleak"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/server"
)

// loadConfig sizes TestWSLoad. The short form runs in CI; WS_LOAD=full selects
// issue 7's figures (1,000 subscribers, 1,000 rows/s, 60 s), and
// WS_LOAD_SUBSCRIBERS, WS_LOAD_RATE and WS_LOAD_SECONDS override each one.
// WS_LOAD_V2=false runs every subscriber on a runner of its own instead of
// the shared tail reader, for comparison.
type loadConfig struct {
	subs     int           // subscribers, each with WHERE g = its index
	rate     int           // rows produced per second
	dur      time.Duration // how long rows are produced
	parallel int           // connections dialed at once
	v2       bool          // scalable push queries (the default)
}

func loadConfigFromEnv(t *testing.T) loadConfig {
	c := loadConfig{subs: 100, rate: 1000, dur: 5 * time.Second, parallel: 50, v2: true}
	if os.Getenv("WS_LOAD") == "full" {
		c = loadConfig{subs: 1000, rate: 1000, dur: 60 * time.Second, parallel: 100, v2: true}
	}
	for _, o := range []struct {
		env string
		dst *int
	}{{"WS_LOAD_SUBSCRIBERS", &c.subs}, {"WS_LOAD_RATE", &c.rate}} {
		if v := os.Getenv(o.env); v != "" {
			n, err := strconv.Atoi(v)
			require.NoError(t, err, o.env)
			*o.dst = n
		}
	}
	if v := os.Getenv("WS_LOAD_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "WS_LOAD_SECONDS")
		c.dur = time.Duration(n) * time.Second
	}
	c.v2 = os.Getenv("WS_LOAD_V2") != "false"
	return c
}

// slowAfter is how many rows are produced before the slow subscriber starts
// reading: its rows are ~8 KB frames, so by then the loopback socket buffers
// (about 4 MB) and its 1,024-row engine buffer have overflowed.
const slowAfter = 3000

// TestWSLoad runs many /ws/query push subscribers, each with its own WHERE,
// against an embedded broker fed at a fixed rate. Every subscriber must get
// exactly its rows, in order; one subscriber that does not read is dropped
// with the slow-consumer close (1013) without disturbing the others.
func TestWSLoad(t *testing.T) {
	cfg := loadConfigFromEnv(t)
	total := cfg.rate * int(cfg.dur/time.Second)
	require.Greater(t, total, slowAfter+cfg.rate/2, "the load is too small to overflow the slow subscriber")
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	env := startLoadEnv(t, cfg)
	defer env.close()
	_, err := env.eng.Execute(env.ctx, engine.Request{SQL: "CREATE STREAM feed (k STRING KEY, seq BIGINT, g INT, ts BIGINT) " +
		"WITH (KAFKA_TOPIC='feed', VALUE_FORMAT='JSON', PARTITIONS=4);"})
	require.NoError(t, err)

	before := sampleRuntime()
	subs, connectWall := connectAll(t, env.url, cfg, total)
	slow := dialSlow(t, env.url, cfg)
	var during runtimeSample
	var produced sync.WaitGroup
	produced.Add(1)
	go func() {
		defer produced.Done()
		env.produce(t, cfg, total, func(i int) {
			if i == total/2 {
				during = sampleRuntime()
			}
			if i == slowAfter {
				slow.startReading()
			}
		})
	}()
	produced.Wait()
	waitAll(t, subs, 30*time.Second)
	code, reason, frames := slow.result()

	for _, s := range subs {
		require.NoError(t, s.err, "subscriber %d", s.g)
		require.Equal(t, s.want, s.got, "subscriber %d rows", s.g)
	}
	require.Equal(t, 1013, code, "the slow subscriber's close code (reason %q)", reason)
	require.Contains(t, reason, "too slow")
	require.Less(t, frames, total, "the slow subscriber got every row: it was not dropped")
	report(t, cfg, total, subs, connectWall, before, during, frames)

	for _, s := range subs {
		s.conn.Close()
	}
	waitGoroutines(t, before.goroutines+10, 15*time.Second)
}

// loadEnv is the embedded broker, the engine over it, the server and a producer.
type loadEnv struct {
	ctx    context.Context
	cancel context.CancelFunc
	brk    *broker.Broker
	eng    *engine.Engine
	prod   *kgo.Client
	url    string
	served chan error
}

func startLoadEnv(t *testing.T, cfg loadConfig) *loadEnv {
	t.Helper()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	env := &loadEnv{served: make(chan error, 1)}
	env.ctx, env.cancel = context.WithCancel(context.Background())
	var err error
	env.brk, err = broker.Start(broker.Config{Listen: "127.0.0.1:0", Logger: log})
	require.NoError(t, err)
	env.eng, err = engine.New(engine.Config{Brokers: env.brk.Addrs(), DataDir: t.TempDir(), Logger: log})
	if err == nil {
		err = env.eng.Start(env.ctx)
	}
	if err == nil {
		env.prod, err = kgo.NewClient(kgo.SeedBrokers(env.brk.Addrs()...), kgo.ProducerLinger(0))
	}
	if err != nil {
		env.close()
		require.NoError(t, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := server.New(env.eng, server.Options{Logger: log, MaxPushQueries: cfg.subs + 10})
	go func() { env.served <- srv.ServeListener(env.ctx, ln) }()
	env.url = "ws://" + ln.Addr().String() + "/ws/query"
	return env
}

func (env *loadEnv) close() {
	env.cancel()
	if env.url != "" {
		<-env.served
	}
	if env.prod != nil {
		env.prod.Close()
	}
	if env.eng != nil {
		_ = env.eng.Close()
	}
	_ = env.brk.Close()
}

// produce writes total rows at cfg.rate, each with its produce time (ns),
// keyed by group so that a group's rows stay in one partition, in order.
// tick is called before row i is produced.
func (env *loadEnv) produce(t *testing.T, cfg loadConfig, total int, tick func(i int)) {
	start := time.Now()
	var failed sync.Once
	for i := range total {
		tick(i)
		if d := time.Until(start.Add(time.Duration(i) * time.Second / time.Duration(cfg.rate))); d > 0 {
			time.Sleep(d)
		}
		g := i % cfg.subs
		rec := &kgo.Record{Topic: "feed", Key: []byte(strconv.Itoa(g)),
			Value: fmt.Appendf(nil, `{"seq":%d,"g":%d,"ts":%d}`, i, g, time.Now().UnixNano())}
		env.prod.Produce(env.ctx, rec, func(_ *kgo.Record, err error) {
			if err != nil {
				failed.Do(func() { t.Errorf("produce: %v", err) })
			}
		})
	}
	require.NoError(t, env.prod.Flush(env.ctx))
}

// runtimeSample is the process's heap and goroutines at one moment.
type runtimeSample struct {
	heap       uint64
	goroutines int
}

func sampleRuntime() runtimeSample {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return runtimeSample{heap: ms.HeapAlloc, goroutines: runtime.NumGoroutine()}
}

// waitGoroutines waits until the process is back to at most n goroutines:
// the sessions and the shared reader are gone.
func waitGoroutines(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still running %s after the clients left, want <= %d", runtime.NumGoroutine(), timeout, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
