package nexmark

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

const (
	startTimeout = 30 * time.Second
	stopTimeout  = 30 * time.Second
)

// Target is what a run measures: a server's REST API, the brokers it uses,
// and the process ids whose CPU time is charged to the engine and the broker
// (they may be equal, e.g. for an in-process test cluster).
type Target struct {
	REST      string // e.g. http://127.0.0.1:8088
	Brokers   []string
	ServerPID int
	BrokerPID int
	Binary    string // the streamsql binary for `bench baseline`; empty: no baselines
}

// Cluster is a `streamsql broker` and a `streamsql server --brokers` run as
// child processes of the benchmark.
type Cluster struct {
	Target
	children []*child // stopped in reverse order
}

type child struct {
	name string
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // set before done is closed
}

// StartCluster starts a broker (memory only) and a server using it, both on
// free loopback ports, with logs and state under dir. Close stops them.
func StartCluster(ctx context.Context, bin, dir string) (*Cluster, error) {
	c := &Cluster{Target: Target{Binary: bin}}
	b, addr, err := startChild(ctx, bin, dir, "broker", `ready on (\S+)`,
		"broker", "--listen", "127.0.0.1:0", "--data-dir=", "--log-level", "warn")
	if err != nil {
		return nil, err
	}
	c.children = append(c.children, b)
	c.Brokers, c.BrokerPID = []string{addr}, b.cmd.Process.Pid
	s, rest, err := startChild(ctx, bin, dir, "server", `REST API\s+(\S+)`,
		"server", "--listen", "127.0.0.1:0", "--data-dir", filepath.Join(dir, "server"),
		"--brokers", addr, "--log-level", "warn", "--max-pull-queries", "1000")
	if err != nil {
		return nil, errors.Join(err, c.Close())
	}
	c.children = append(c.children, s)
	c.REST, c.ServerPID = rest, s.cmd.Process.Pid
	if err := waitHealthy(ctx, c.REST, s); err != nil {
		return nil, errors.Join(err, c.Close())
	}
	return c, nil
}

// startChild runs bin args with stdout and stderr going to dir/name.log, and
// returns once a stdout line matches ready; the first group of the match is
// returned.
func startChild(ctx context.Context, bin, dir, name, ready string, args ...string) (*child, string, error) {
	logf, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, "", err
	}
	pr, pw := io.Pipe()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = pw, logf
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, "", fmt.Errorf("starting %s %s: %w", bin, name, err)
	}
	ch := &child{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		ch.err = cmd.Wait()
		pw.Close()
		close(ch.done)
	}()
	found := make(chan string, 1)
	go scanReady(pr, logf, regexp.MustCompile(ready), found)
	select {
	case s := <-found:
		return ch, s, nil
	case <-ch.done:
		return nil, "", fmt.Errorf("%s exited during start-up (%v); see %s", name, ch.err, logf.Name())
	case <-time.After(startTimeout):
	case <-ctx.Done():
	}
	ch.stop()
	return nil, "", fmt.Errorf("%s not ready within %v; see %s", name, startTimeout, logf.Name())
}

// scanReady copies r to log line by line, sending the first match of re.
func scanReady(r io.Reader, log *os.File, re *regexp.Regexp, found chan<- string) {
	defer log.Close()
	sc := bufio.NewScanner(r)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(log, line)
		if m := re.FindStringSubmatch(line); !sent && m != nil {
			found <- strings.TrimSpace(m[1])
			sent = true
		}
	}
	_, _ = io.Copy(io.Discard, r)
}

func waitHealthy(ctx context.Context, rest string, s *child) error {
	hc := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case <-s.done:
			return fmt.Errorf("server exited during start-up: %v", s.err)
		default:
		}
		resp, err := hc.Get(rest + "/healthcheck")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("server at %s not healthy within %v", rest, startTimeout)
}

// stop sends SIGTERM and waits; after stopTimeout it kills the process.
func (c *child) stop() error {
	select {
	case <-c.done:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		var exit *exec.ExitError
		if errors.As(c.err, &exit) {
			return fmt.Errorf("%s: %v", c.name, c.err)
		}
		return nil
	case <-time.After(stopTimeout):
		_ = c.cmd.Process.Kill()
		<-c.done
		return fmt.Errorf("%s did not stop within %v of SIGTERM; killed", c.name, stopTimeout)
	}
}

// Close stops the server, then the broker.
func (c *Cluster) Close() error {
	var errs []error
	for i := len(c.children) - 1; i >= 0; i-- {
		errs = append(errs, c.children[i].stop())
	}
	c.children = nil
	return errors.Join(errs...)
}
