package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
)

// eosCluster is the `streamsql broker` and `streamsql server` processes of
// one TestCrashExactlyOnce run, restarted on the same ports and data dirs.
type eosCluster struct {
	root       *testing.T
	bin, dir   string
	brokerAddr string
	broker     *brokerProc
	brokerRuns int
	cfg        serverConfig
	srv        *serverProc
	serverRuns int
	rest       restClient
	adm        *kadm.Client
	selfExits  []string // servers that exited without being killed, and when
	// broken is set once a server has failed to start twice in a row: the
	// run stops killing and goes on to the verifier.
	broken bool
}

// startEOSCluster starts a broker and a server whose config file selects
// guarantee, both under dir.
func startEOSCluster(t *testing.T, bin, dir, guarantee string) *eosCluster {
	t.Helper()
	ports := freePorts(t, 2)
	props := "ksql.streams.processing.guarantee=" + guarantee + "\nksql.streams.auto.offset.reset=earliest\n"
	config := filepath.Join(dir, "server.properties")
	if err := os.WriteFile(config, []byte(props), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &eosCluster{root: t, bin: bin, dir: dir, brokerAddr: fmt.Sprintf("127.0.0.1:%d", ports[1])}
	c.cfg = serverConfig{bin: bin, dataDir: filepath.Join(dir, "data"), logDir: dir,
		listen: fmt.Sprintf("127.0.0.1:%d", ports[0]), brokers: c.brokerAddr, config: config}
	c.startBroker(t)
	c.adm = kadm.NewClient(kafkaClient(t, c.brokerAddr))
	c.startServer(t)
	if c.broken {
		t.FailNow()
	}
	return c
}

// startBroker starts the next broker process; each run logs to its own dir.
func (c *eosCluster) startBroker(t *testing.T) {
	t.Helper()
	c.brokerRuns++
	logDir := filepath.Join(c.dir, "broker-"+strconv.Itoa(c.brokerRuns))
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		t.Fatal(err)
	}
	c.broker = startBrokerProc(c.root, c.bin, filepath.Join(c.dir, "kafka"), logDir, c.brokerAddr)
}

// startServer starts the next server process and waits until it is
// healthy; one that is not within startTimeout is an error, killed and
// started once more. After two failures the cluster is broken.
func (c *eosCluster) startServer(t *testing.T) {
	t.Helper()
	for attempt := 1; attempt <= 2; attempt++ {
		c.serverRuns++
		c.srv = spawnServer(t, c.root, c.cfg, strconv.Itoa(c.serverRuns))
		c.rest = newRESTClient(c.srv.baseURL())
		err := c.srv.healthy(startTimeout)
		if err == nil {
			return
		}
		t.Errorf("start %d: %v (log %s)", attempt, err, c.srv.logPath)
		c.srv.kill()
	}
	c.broken = true
}

// eosKillPlan is one planned SIGKILL, at a moment into production.
type eosKillPlan struct {
	at     time.Duration
	broker bool          // kill the broker, else the server
	wipe   bool          // server: delete its state directory before the restart
	down   time.Duration // broker: how long it stays down
}

// eosSchedule spreads servers+brokers kills at random moments over the
// middle 84% of window; one server restart (chosen at random) wipes state.
func eosSchedule(rng *rand.Rand, window time.Duration, servers, brokers int) []eosKillPlan {
	plans := make([]eosKillPlan, 0, servers+brokers)
	for i := range servers + brokers {
		plans = append(plans, eosKillPlan{at: randIn(rng, window, 0.08, 0.92), broker: i >= servers,
			down: time.Duration(500+rng.IntN(2000)) * time.Millisecond})
	}
	if servers > 0 {
		plans[rng.IntN(servers)].wipe = true
	}
	slices.SortFunc(plans, func(a, b eosKillPlan) int { return int(a.at - b.at) })
	return plans
}

// eosKill is one SIGKILL as it happened.
type eosKill struct {
	plan eosKillPlan
	at   time.Time
	into time.Duration // since production started
	// lso is EOS_PASS's last stable offset per partition once the server was
	// dead (for a broker kill: just before it); records at or past it are
	// new output.
	lso      map[int32]int64
	back     time.Duration // kill → server healthy again, or broker listening
	recovery time.Duration // kill → first new committed EOS_PASS record seen; 0: none
	err      string        // why lso is missing
}

func (k *eosKill) what() string {
	switch {
	case k.plan.broker:
		return "broker"
	case k.plan.wipe:
		return "server+wipe"
	}
	return "server"
}

// kill carries out plan: SIGKILL, then a restart on the same data dir.
func (c *eosCluster) kill(t *testing.T, ctx context.Context, plan eosKillPlan, prodStart time.Time) *eosKill {
	t.Helper()
	k := &eosKill{plan: plan}
	if plan.broker {
		k.lso, k.err = c.passLSO(ctx)
		k.at = time.Now()
		c.killBroker(t)
		time.Sleep(plan.down)
		c.startBroker(t)
	} else {
		c.checkServer(t)
		k.at = time.Now()
		c.srv.kill()
		k.lso, k.err = c.passLSO(ctx)
		if plan.wipe {
			c.wipeState(t)
		}
		c.startServer(t)
	}
	k.into, k.back = k.at.Sub(prodStart), time.Since(k.at)
	t.Logf("SIGKILL %s at %v into production; back after %v", k.what(), k.into.Round(time.Millisecond), k.back.Round(time.Millisecond))
	return k
}

func (c *eosCluster) passLSO(ctx context.Context) (map[int32]int64, string) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	offs, err := c.adm.ListCommittedOffsets(ctx, eosPassTopic)
	if err == nil {
		err = offs.Error()
	}
	if err != nil {
		return nil, err.Error()
	}
	out := map[int32]int64{}
	offs.Each(func(o kadm.ListedOffset) { out[o.Partition] = o.Offset })
	return out, ""
}

// wipeState deletes the server's local state (the engine keeps it under
// <data-dir>/engine/state); the restart must rebuild it from changelogs.
func (c *eosCluster) wipeState(t *testing.T) {
	t.Helper()
	for _, dir := range []string{filepath.Join(c.cfg.dataDir, "engine", "state"), filepath.Join(c.cfg.dataDir, "state")} {
		if _, err := os.Stat(dir); err == nil {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatalf("wiping the state directory %s: %v", dir, err)
			}
			t.Logf("wiped the state directory %s", dir)
			return
		}
	}
	t.Errorf("no state directory to wipe under %s (looked for engine/state and state)", c.cfg.dataDir)
}

// checkServer restarts a server that exited by itself, which is an error.
func (c *eosCluster) checkServer(t *testing.T) {
	t.Helper()
	if c.broken || !c.srv.exited() {
		return
	}
	msg := fmt.Sprintf("server %s exited by itself at %s: %v", c.srv.name, time.Now().Format("15:04:05.000"), c.srv.waitErr)
	c.selfExits = append(c.selfExits, msg)
	t.Errorf("%s; restarting it", msg)
	c.startServer(t)
}

// sleepWatching sleeps d, restarting the server if it dies by itself. It
// returns false if ctx ended first.
func (c *eosCluster) sleepWatching(t *testing.T, ctx context.Context, d time.Duration) bool {
	t.Helper()
	until := time.Now().Add(d)
	for {
		c.checkServer(t)
		left := time.Until(until)
		if left <= 0 {
			return ctx.Err() == nil
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(min(100*time.Millisecond, left)):
		}
	}
}

// stopServer sends SIGTERM, reporting (not failing on) an unclean exit.
func (c *eosCluster) stopServer(t *testing.T) {
	t.Helper()
	if c.broken {
		return
	}
	if c.srv.exited() {
		t.Errorf("server %s exited before the end of the run: %v", c.srv.name, c.srv.waitErr)
		return
	}
	if err := c.srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("sending SIGTERM to server %s: %v", c.srv.name, err)
	}
	select {
	case <-c.srv.done:
		if c.srv.waitErr != nil {
			t.Errorf("server %s did not shut down cleanly on SIGTERM: %v", c.srv.name, c.srv.waitErr)
		}
	case <-time.After(stopTimeout):
		t.Errorf("server %s did not exit within %v of SIGTERM; killing it", c.srv.name, stopTimeout)
		c.srv.kill()
	}
}

func (c *eosCluster) killBroker(t *testing.T) { sigkillBroker(t, c.broker) }

// sigkillBroker kills b with SIGKILL and waits until it is gone.
func sigkillBroker(t *testing.T, b *brokerProc) {
	t.Helper()
	if b.exited() {
		t.Errorf("broker exited by itself before its SIGKILL: %v", b.waitErr)
		return
	}
	_ = b.cmd.Process.Kill()
	select {
	case <-b.done:
	case <-time.After(stopTimeout):
		t.Fatalf("broker (pid %d) did not die after SIGKILL", b.cmd.Process.Pid)
	}
}

func (c *eosCluster) stopBroker(t *testing.T) { c.broker.stop(t) }
