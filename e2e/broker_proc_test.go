package e2e

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// brokerProc is one running `streamsql broker` process: a broker that
// outlives the servers using it through --brokers.
type brokerProc struct {
	owner   *testing.T
	addr    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed when the process has exited
	waitErr error         // set before done is closed
}

// startBrokerProc runs `streamsql broker --listen addr --data-dir dataDir`
// and waits until addr accepts connections. t's cleanup kills it and prints
// its log if t failed.
func startBrokerProc(t *testing.T, bin, dataDir, logDir, addr string) *brokerProc {
	t.Helper()
	logPath := filepath.Join(logDir, "broker.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "broker", "--listen", addr, "--data-dir", dataDir)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("starting %s broker: %v", bin, err)
	}
	b := &brokerProc{owner: t, addr: addr, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		b.waitErr = cmd.Wait()
		logFile.Close()
		close(b.done)
	}()
	t.Cleanup(b.cleanup)
	b.waitListening(t)
	return b
}

func (b *brokerProc) waitListening(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	var last error
	for time.Now().Before(deadline) {
		if b.exited() {
			t.Fatalf("broker exited during start-up: %v", b.waitErr)
		}
		conn, err := net.DialTimeout("tcp", b.addr, time.Second)
		if err == nil {
			conn.Close()
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("broker not listening on %s after %v: %v", b.addr, startTimeout, last)
}

func (b *brokerProc) exited() bool {
	select {
	case <-b.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM and requires a clean exit (code 0) within stopTimeout.
// It reports problems with Errorf: the broker stops after the assertions.
func (b *brokerProc) stop(t *testing.T) {
	t.Helper()
	if b.exited() {
		t.Errorf("broker exited before the end of the test: %v", b.waitErr)
		return
	}
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("sending SIGTERM to the broker: %v", err)
		return
	}
	select {
	case <-b.done:
		if b.waitErr != nil {
			t.Errorf("broker did not shut down cleanly on SIGTERM: %v", b.waitErr)
		}
	case <-time.After(stopTimeout):
		t.Errorf("broker did not exit within %v of SIGTERM", stopTimeout)
	}
}

func (b *brokerProc) cleanup() {
	if !b.exited() {
		_ = b.cmd.Process.Kill()
		select {
		case <-b.done:
		case <-time.After(stopTimeout):
			b.owner.Errorf("broker (pid %d) did not die after SIGKILL", b.cmd.Process.Pid)
		}
	}
	if b.owner.Failed() {
		b.owner.Logf("broker log (%s), last %d lines:\n%s", b.logPath, logTailLines, tailFile(b.logPath, logTailLines))
	}
}

// tailFile returns the last n lines of the file at path.
func tailFile(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(cannot read log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
