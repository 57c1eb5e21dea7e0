package server

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// checkNoLeaks fails t if, after a grace period, some goroutine is still
// running code of this package other than the tests themselves (handlers,
// WebSocket readers and pingers, streaming loops).
func checkNoLeaks(t *testing.T) {
	t.Helper()
	var leaked []string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if leaked = serverGoroutines(); len(leaked) == 0 {
			return
		}
	}
	t.Errorf("%d goroutine(s) of package server leaked:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
}

func serverGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "streamsql/server.") &&
			!strings.Contains(g, "streamsql/server.Test") &&
			!strings.Contains(g, "streamsql/server.checkNoLeaks") &&
			!strings.Contains(g, "streamsql/server.serverGoroutines") {
			out = append(out, g)
		}
	}
	return out
}
