package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		code      int
		stdout    string // substring
		stderrHas string
	}{
		{[]string{"version"}, 0, "streamsql 0.1.0 (go", ""},
		{[]string{"nope"}, 1, "", `streamsql: unknown command "nope"`},
		{[]string{"server", "--log-level", "loud"}, 1, "", `streamsql: bad --log-level "loud"`},
		{[]string{"conformance"}, 2, "", "conformance: no test paths given"},
		{[]string{"bench", "baseline", "q9"}, 1, "", `no baseline for query "q9"`},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		require.Equal(t, tc.code, code, "%v: stderr %s", tc.args, stderr.String())
		require.Contains(t, stdout.String(), tc.stdout, tc.args)
		require.Contains(t, stderr.String(), tc.stderrHas, tc.args)
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServerDemo runs `streamsql server --demo` in-process with an embedded
// broker, reads a BIG_ORDERS row from /query-stream, then shuts down through
// the context (as SIGTERM does) and requires a clean exit.
func TestServerDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	f := serverFlags{listen: "127.0.0.1:0", brokerListen: "127.0.0.1:0", dataDir: filepath.Join(t.TempDir(), "data"),
		logLevel: "warn", demo: true}
	errc := make(chan error, 1)
	go func() { errc <- runServer(ctx, f, &stdout, &stderr) }()

	base := waitForBanner(t, &stdout, errc)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/query-stream",
		strings.NewReader(`{"sql":"SELECT amount FROM big_orders EMIT CHANGES LIMIT 1;"}`))
	client := &http.Client{Timeout: 20 * time.Second}
	resp, err := client.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err, "stderr: %s", stderr.String())
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	require.Len(t, lines, 2, string(body))
	require.Regexp(t, `^\[\d+(\.\d+)?\]$`, lines[1])

	cancel()
	select {
	case err := <-errc:
		require.NoError(t, err, "stderr: %s", stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop within 20s of cancellation")
	}
}

var restLine = regexp.MustCompile(`REST API\s+(http://\S+)`)

func waitForBanner(t *testing.T, stdout *syncBuffer, errc <-chan error) string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		sc := bufio.NewScanner(strings.NewReader(stdout.String()))
		for sc.Scan() {
			if m := restLine.FindStringSubmatch(sc.Text()); m != nil {
				return m[1]
			}
		}
		select {
		case err := <-errc:
			t.Fatalf("server exited before it was ready: %v", err)
		case <-deadline:
			t.Fatalf("no banner within 30s; stdout so far:\n%s", stdout.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
