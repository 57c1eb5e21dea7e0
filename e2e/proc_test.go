package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	buildTimeout = 5 * time.Minute
	startTimeout = 30 * time.Second
	stopTimeout  = 30 * time.Second
	logTailLines = 200
)

// binEnv names an environment variable that, when set, points at a prebuilt
// streamsql binary to test instead of building ./cmd/streamsql.
const binEnv = "STREAMSQL_E2E_BIN"

// buildBinary compiles ./cmd/streamsql into dir and returns the binary's path
// (or returns $STREAMSQL_E2E_BIN when set).
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	if bin := os.Getenv(binEnv); bin != "" {
		return bin
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "streamsql")
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", bin, "./cmd/streamsql")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/streamsql: %v\n%s", err, out)
	}
	return bin
}

// freePorts returns n distinct loopback ports that were free a moment ago.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("finding a free port: %v", err)
		}
		defer ln.Close() // held until all are picked, so they differ
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// serverConfig says how to run `streamsql server`.
type serverConfig struct {
	bin        string
	dataDir    string
	logDir     string
	listen     string // REST host:port
	brokerAddr string // embedded broker host:port
	brokers    string // external brokers for --brokers; empty runs the embedded broker on brokerAddr
	config     string // properties file for --config; empty passes none
}

// args is the command line of `streamsql server` for cfg.
func (cfg serverConfig) args() []string {
	args := []string{"server", "--listen", cfg.listen, "--data-dir", cfg.dataDir}
	if cfg.config != "" {
		args = append(args, "--config", cfg.config)
	}
	if cfg.brokers != "" {
		return append(args, "--brokers", cfg.brokers)
	}
	return append(args, "--broker-listen", cfg.brokerAddr)
}

// serverProc is one running `streamsql server` process.
type serverProc struct {
	owner   *testing.T // the test whose cleanup kills the process
	name    string
	cfg     serverConfig
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed when the process has exited
	waitErr error         // set before done is closed
}

// startServer starts the server (run names its log file) and waits until
// GET /healthcheck answers 200. t fails on errors; owner, the test that
// outlives the process (t itself or a parent of t), kills it at cleanup and
// prints its log if it failed.
func startServer(t, owner *testing.T, cfg serverConfig, run string) *serverProc {
	t.Helper()
	p := spawnServer(t, owner, cfg, run)
	p.waitHealthy(t)
	return p
}

// spawnServer is startServer without the wait for /healthcheck.
func spawnServer(t, owner *testing.T, cfg serverConfig, run string) *serverProc {
	t.Helper()
	logPath := filepath.Join(cfg.logDir, "server-"+run+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cfg.bin, cfg.args()...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("starting %s: %v", cfg.bin, err)
	}
	p := &serverProc{owner: owner, name: run, cfg: cfg, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	owner.Cleanup(p.cleanup)
	return p
}

// cleanup kills the process if it still runs and prints its log on failure.
func (p *serverProc) cleanup() {
	p.kill()
	if p.owner.Failed() {
		p.owner.Logf("server %s log (%s), last %d lines:\n%s", p.name, p.logPath, logTailLines, p.logTail(logTailLines))
	}
}

func (p *serverProc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(stopTimeout):
		p.owner.Errorf("server %s (pid %d) did not die after SIGKILL", p.name, p.cmd.Process.Pid)
	}
}

func (p *serverProc) logTail(n int) string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return "(cannot read log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// baseURL is the server's REST root.
func (p *serverProc) baseURL() string { return "http://" + p.cfg.listen }

// waitHealthy polls GET /healthcheck until it answers 200, failing the test
// if the process exits first or startTimeout passes.
func (p *serverProc) waitHealthy(t *testing.T) {
	t.Helper()
	if err := p.healthy(startTimeout); err != nil {
		t.Fatal(err)
	}
}

// healthy polls GET /healthcheck until it answers 200; it fails if the
// process exits first or timeout passes.
func (p *serverProc) healthy(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	hc := &http.Client{Timeout: 2 * time.Second}
	var last string
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("server %s exited during start-up: %v", p.name, p.waitErr)
		default:
		}
		resp, err := hc.Get(p.baseURL() + "/healthcheck")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("server %s not healthy after %v: last answer %s", p.name, timeout, last)
}

// stop sends SIGTERM and requires a clean exit (code 0) within stopTimeout.
func (p *serverProc) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("sending SIGTERM to server %s: %v", p.name, err)
	}
	select {
	case <-p.done:
	case <-time.After(stopTimeout):
		p.kill()
		t.Fatalf("server %s did not exit within %v of SIGTERM", p.name, stopTimeout)
	}
	if err := p.waitErr; err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			err = fmt.Errorf("exit code %d (%v)", exitErr.ExitCode(), exitErr)
		}
		t.Fatalf("server %s did not shut down cleanly on SIGTERM: %v", p.name, err)
	}
}
