package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
)

const (
	createClicks  = `CREATE STREAM clicks (user STRING KEY, page STRING, n INT) WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=4);`
	createPerUser = `CREATE TABLE per_user AS SELECT user, COUNT(*) AS cnt, SUM(n) AS total FROM clicks GROUP BY user EMIT CHANGES;`
	pullPerUser   = `SELECT * FROM per_user;`

	// recoveryTimeout bounds SIGKILL → first output after the last restart.
	// A killed consumer-group member that is not replaced through static
	// membership keeps its partitions until its session times out (45s by
	// default in franz-go), which this deliberately does not wait out twice.
	recoveryTimeout = 30 * time.Second
	// catchUpTimeout bounds the wait for the query to consume all input.
	// With both, a failing full run stays under 90s.
	catchUpTimeout = 20 * time.Second
	// seedEnv replays a run: it fixes the keys produced and the kill moments.
	seedEnv = "STREAMSQL_E2E_SEED"
)

// crashSize is how much a run produces: records over users keys at rate
// records/s, so production lasts records/rate seconds.
type crashSize struct{ records, users, rate int }

func crashSizeFor() crashSize {
	if testing.Short() {
		return crashSize{records: 4000, users: 50, rate: 800}
	}
	return crashSize{records: 20000, users: 200, rate: 1000}
}

// crashRun is the state TestCrashAggregation's steps share.
type crashRun struct {
	root    *testing.T
	cfg     serverConfig
	srv     *serverProc
	rest    restClient
	kc      kcat
	adm     *kadm.Client
	runs    int // servers started so far
	queryID string
	kills   []*killEvent
}

// killEvent is one SIGKILL of the server and how it recovered.
type killEvent struct {
	at      time.Time
	into    time.Duration // time since production started
	base    int64         // PER_USER's end offset once the server was dead
	healthy time.Duration // SIGKILL → /healthcheck 200 from the restarted server
	output  time.Duration // SIGKILL → first new record on PER_USER; 0 until seen
	watched time.Duration // how long output was watched for
}

// TestCrashAggregation is issue 4's crash test: while a producer writes
// clicks at a steady rate, the server running `GROUP BY user` COUNT/SUM is
// killed with SIGKILL twice and restarted on the same data dir. The broker
// runs as its own process (`streamsql broker`) and survives. Afterwards the
// table, read with a pull query and from its topic, must equal the
// aggregation of the input: no key missing, no record lost or counted twice.
func TestCrashAggregation(t *testing.T) {
	kcatBin := kcatOrSkip(t)
	began, size, seed := time.Now(), crashSizeFor(), crashSeed(t)
	tmp := t.TempDir()
	ports := freePorts(t, 2)
	bin := buildBinary(t, tmp)
	brokerAddr := fmt.Sprintf("127.0.0.1:%d", ports[1])
	broker := startBrokerProc(t, bin, filepath.Join(tmp, "kafka"), tmp, brokerAddr)
	c := &crashRun{root: t, kc: kcat{bin: kcatBin, broker: brokerAddr}, cfg: serverConfig{
		bin: bin, dataDir: filepath.Join(tmp, "data"), logDir: tmp,
		listen: fmt.Sprintf("127.0.0.1:%d", ports[0]), brokers: brokerAddr,
	}}
	c.adm = kadm.NewClient(kafkaClient(t, brokerAddr))
	c.start(t)
	c.createTable(t)

	prod := newClickProducer(t, brokerAddr, seed, size.users)
	produced := c.produceWithCrashes(t, prod, size, rand.New(rand.NewPCG(seed, 2)))
	pull := c.waitCaughtUp(t)
	c.check(t, produced, pull)
	c.logFigures(t, size, time.Since(began))
	c.srv.stop(t)
	broker.stop(t)
}

// crashSeed is $STREAMSQL_E2E_SEED, or a fresh seed that the test logs.
func crashSeed(t *testing.T) uint64 {
	t.Helper()
	if s := os.Getenv(seedEnv); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("bad %s %q: want an unsigned integer", seedEnv, s)
		}
		return seed
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (replay with %s=%d)", seed, seedEnv, seed)
	return seed
}

// start starts the next server process on the shared data dir.
func (c *crashRun) start(t *testing.T) {
	t.Helper()
	c.runs++
	c.srv = startServer(t, c.root, c.cfg, strconv.Itoa(c.runs))
	c.rest = newRESTClient(c.srv.baseURL())
}

func (c *crashRun) createTable(t *testing.T) {
	t.Helper()
	es := c.rest.ksqlOK(t, createClicks+"\n"+createPerUser, 2)
	checkStatus(t, es[0], createClicks, "Stream created")
	checkStatus(t, es[1], createPerUser, "")
	c.queryID = str(t, es[1], "commandStatus", "queryId")
	if !strings.HasPrefix(c.queryID, "CTAS_PER_USER_") {
		t.Fatalf("commandStatus.queryId %q, want CTAS_PER_USER_<n>", c.queryID)
	}
}

// produceWithCrashes runs the producer and, while it runs, kills and restarts
// the server twice at random moments (the second once the first restart is
// healthy). It returns the acknowledged records once the producer is done and
// the last restart has written output (or recoveryTimeout passed).
func (c *crashRun) produceWithCrashes(t *testing.T, prod *clickProducer, size crashSize, rng *rand.Rand) []click {
	t.Helper()
	window := time.Duration(size.records) * time.Second / time.Duration(size.rate)
	ctx, cancel := context.WithTimeout(context.Background(), window+recoveryTimeout+stopTimeout)
	start := time.Now()
	done := make(chan struct{})
	var prodErr error
	go func() {
		defer close(done)
		prodErr = prod.run(ctx, start, size.records, size.rate)
	}()
	defer func() { cancel(); <-done }()

	var last *killEvent
	for _, at := range []time.Duration{randIn(rng, window, 0.15, 0.4), randIn(rng, window, 0.55, 0.85)} {
		c.watch(t, last, start.Add(at), false)
		last = c.killAndRestart(t, start)
	}
	c.watch(t, last, time.Now().Add(recoveryTimeout), true)
	if last.output == 0 {
		t.Errorf("no record on PER_USER within %v of the last SIGKILL: the query did not resume", last.watched.Round(time.Millisecond))
	}
	<-done
	if prodErr != nil {
		t.Fatalf("producing to clicks: %v", prodErr)
	}
	return prod.produced()
}

// randIn is a random moment between lo and hi (fractions) of window.
func randIn(rng *rand.Rand, window time.Duration, lo, hi float64) time.Duration {
	return time.Duration((lo + rng.Float64()*(hi-lo)) * float64(window))
}

// killAndRestart kills the server with SIGKILL, notes PER_USER's end offset,
// and starts a new server on the same data dir.
func (c *crashRun) killAndRestart(t *testing.T, prodStart time.Time) *killEvent {
	t.Helper()
	c.checkAlive(t)
	ev := &killEvent{at: time.Now()}
	ev.into = ev.at.Sub(prodStart)
	c.srv.kill()
	if !c.srv.exited() {
		t.Fatalf("server %s still runs after SIGKILL", c.srv.name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	base, err := endOffset(ctx, c.adm, "PER_USER")
	if err != nil {
		t.Fatalf("end offsets of PER_USER after SIGKILL %d: %v", len(c.kills)+1, err)
	}
	ev.base = base
	c.start(t)
	ev.healthy = time.Since(ev.at)
	c.kills = append(c.kills, ev)
	t.Logf("SIGKILL %d at %v into production (PER_USER end offset %d); restarted server healthy after %v",
		len(c.kills), ev.into.Round(time.Millisecond), base, ev.healthy.Round(time.Millisecond))
	return ev
}

// watch waits until until, checking that the server lives and noting ev's
// first output; with stopOnOutput it returns as soon as output is seen.
func (c *crashRun) watch(t *testing.T, ev *killEvent, until time.Time, stopOnOutput bool) {
	t.Helper()
	for {
		c.checkAlive(t)
		if ev != nil && ev.output == 0 {
			ev.watched = time.Since(ev.at)
			if c.outputSince(ev) {
				ev.output = ev.watched
			}
		}
		if ev != nil && ev.output != 0 && stopOnOutput || !time.Now().Before(until) {
			return
		}
		time.Sleep(min(50*time.Millisecond, time.Until(until)))
	}
}

// outputSince reports whether PER_USER has grown since ev's SIGKILL.
func (c *crashRun) outputSince(ev *killEvent) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := endOffset(ctx, c.adm, "PER_USER")
	return err == nil && n > ev.base
}

func (p *serverProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (c *crashRun) checkAlive(t *testing.T) {
	t.Helper()
	if c.srv.exited() {
		t.Fatalf("server %s exited by itself: %v", c.srv.name, c.srv.waitErr)
	}
}
