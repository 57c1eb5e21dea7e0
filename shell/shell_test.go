package shell_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/server"
	"github.com/streamsql/streamsql/shell"
)

// testServer is the real REST API over a test-driver engine, recording the
// bodies of the requests it gets.
type testServer struct {
	URL    string
	mu     sync.Mutex
	bodies []map[string]any
}

func (ts *testServer) requests() []map[string]any {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]map[string]any(nil), ts.bodies...)
}

func startServer(t *testing.T) *testServer {
	t.Helper()
	d, err := engine.NewTestDriver(nil)
	require.NoError(t, err)
	api := server.New(d.Engine(), server.Options{Logger: slog.New(slog.DiscardHandler)})
	ts := &testServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			ts.mu.Lock()
			ts.bodies = append(ts.bodies, m)
			ts.mu.Unlock()
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		api.ServeHTTP(w, r)
	}))
	ts.URL = srv.URL
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		require.NoError(t, d.Close())
	})
	return ts
}

// newShell returns a shell on url writing to the returned buffers.
func newShell(t *testing.T, url string, opts shell.Options) (*shell.Shell, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errs bytes.Buffer
	opts.Server, opts.Stdout, opts.Stderr = url, &out, &errs
	sh, err := shell.New(opts)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, sh.Close()) })
	return sh, &out, &errs
}

// checkGoroutines fails when goroutines started by the test outlive it.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(3 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<20)
			t.Errorf("%d goroutines leaked:\n%s", n-before, buf[:runtime.Stack(buf, true)])
		}
	})
}

const createS = "CREATE STREAM s (id STRING KEY, n BIGINT) WITH (kafka_topic='s', value_format='JSON', partitions=1);"

func TestExecuteScript(t *testing.T) {
	checkGoroutines(t)
	ts := startServer(t)
	sh, out, errs := newShell(t, ts.URL, shell.Options{})
	err := sh.Execute(context.Background(), createS+`
		-- rows
		INSERT INTO s (id, n) VALUES ('a', 1);
		INSERT INTO s (id, n) VALUES ('b', 2);
		SELECT * FROM s EMIT CHANGES LIMIT 2;
		SHOW STREAMS;`)
	require.NoError(t, err, errs.String())
	got := out.String()
	require.Contains(t, got, "Stream created")
	require.Regexp(t, `\| ID +\| N +\|`, got)
	require.Regexp(t, `\| a +\| 1 +\|\n\| b +\| 2 +\|`, got)
	require.Contains(t, got, "Limit Reached")
	require.Regexp(t, `\| S +\| s +\| KAFKA +\| JSON +\| false +\|`, got)

	// The first failure stops the script with the server's message.
	out.Reset()
	err = sh.Execute(context.Background(), "SHOW STREAMS; SELECT nope FROM s EMIT CHANGES; SHOW TABLES;")
	require.Error(t, err)
	require.Contains(t, errs.String(), "NOPE")
	require.Contains(t, out.String(), "Stream Name")
	require.NotContains(t, out.String(), "Table Name")
}

func TestExecuteFileAndRunScript(t *testing.T) {
	ts := startServer(t)
	dir := t.TempDir()
	inner := filepath.Join(dir, "inner.sql")
	require.NoError(t, os.WriteFile(inner, []byte("INSERT INTO s (id, n) VALUES ('x', 7);\n"), 0o644))
	outer := filepath.Join(dir, "outer.sql")
	require.NoError(t, os.WriteFile(outer, []byte(createS+"\nRUN SCRIPT '"+inner+"';\nSELECT n FROM s EMIT CHANGES LIMIT 1;\n"), 0o644))
	data, err := os.ReadFile(outer)
	require.NoError(t, err)
	sh, out, errs := newShell(t, ts.URL, shell.Options{})
	require.NoError(t, sh.Execute(context.Background(), string(data)), errs.String())
	require.Regexp(t, `\| 7 +\|`, out.String())

	require.Error(t, sh.Execute(context.Background(), "RUN SCRIPT '"+filepath.Join(dir, "none.sql")+"';"))
	require.Contains(t, errs.String(), "run script: open ")
}

func TestVariables(t *testing.T) {
	ts := startServer(t)
	sh, out, errs := newShell(t, ts.URL, shell.Options{Defines: map[string]string{"fmt": "JSON"}})
	ctx := context.Background()
	require.NoError(t, sh.Execute(ctx, `
		DEFINE topic = 'my_topic';
		DEFINE name = 'S2';
		CREATE STREAM ${name} (id STRING KEY) WITH (kafka_topic='${topic}', value_format='${fmt}', partitions=1);
		SHOW VARIABLES;`), errs.String())
	require.Regexp(t, `\| fmt +\| JSON +\|`, out.String())
	require.Regexp(t, `\| topic +\| my_topic +\|`, out.String())
	var sent []string
	for _, r := range ts.requests() {
		if s, ok := r["ksql"].(string); ok {
			sent = append(sent, s)
		}
	}
	require.Contains(t, sent, "CREATE STREAM S2 (id STRING KEY) WITH (kafka_topic='my_topic', value_format='JSON', partitions=1);")

	out.Reset()
	require.NoError(t, sh.Execute(ctx, "UNDEFINE topic; SHOW VARIABLES;"))
	require.NotContains(t, out.String(), "my_topic")
	require.Error(t, sh.Execute(ctx, "DESCRIBE ${topic};"))
	require.Contains(t, errs.String(), "topic")
	require.Error(t, sh.Execute(ctx, "UNDEFINE topic;"))
	require.Contains(t, errs.String(), "variable topic is not defined")
}

func TestSessionProperties(t *testing.T) {
	ts := startServer(t)
	sh, out, _ := newShell(t, ts.URL, shell.Options{})
	ctx := context.Background()
	require.NoError(t, sh.Execute(ctx, "SET 'auto.offset.reset' = 'earliest'; SHOW STREAMS;"))
	require.Contains(t, out.String(), "Successfully changed local property 'auto.offset.reset' to 'earliest'.")
	reqs := ts.requests()
	require.Equal(t, map[string]any{"auto.offset.reset": "earliest"}, reqs[len(reqs)-1]["streamsProperties"])

	require.NoError(t, sh.Execute(ctx, "UNSET 'auto.offset.reset'; SHOW STREAMS;"))
	reqs = ts.requests()
	require.Nil(t, reqs[len(reqs)-1]["streamsProperties"])
}

func TestOutputJSONAndSpool(t *testing.T) {
	ts := startServer(t)
	spool := filepath.Join(t.TempDir(), "spool.txt")
	sh, out, errs := newShell(t, ts.URL, shell.Options{Output: "json"})
	ctx := context.Background()
	require.NoError(t, sh.Execute(ctx, "spool "+spool+"; "+createS+" SHOW STREAMS; spool OFF; SHOW TABLES;"), errs.String())
	require.Contains(t, out.String(), `"@type": "streams"`)
	data, err := os.ReadFile(spool)
	require.NoError(t, err)
	require.Contains(t, string(data), `"@type": "streams"`)
	require.NotContains(t, string(data), `"@type": "tables"`)

	out.Reset()
	require.NoError(t, sh.Execute(ctx, "output TABULAR; SHOW STREAMS;"))
	require.Contains(t, out.String(), "Stream Name")

	_, err = shell.New(shell.Options{Output: "XML"})
	require.EqualError(t, err, `bad output format "XML": want JSON or TABULAR`)
}

func TestInterruptEndsPushQuery(t *testing.T) {
	checkGoroutines(t)
	ts := startServer(t)
	interrupts := make(chan os.Signal, 1)
	var out syncWriter
	sh, err := shell.New(shell.Options{Server: ts.URL, Stdout: &out, Stderr: &out, Interrupts: interrupts})
	require.NoError(t, err)
	defer sh.Close()
	ctx := context.Background()
	require.NoError(t, sh.Execute(ctx, createS+" INSERT INTO s (id, n) VALUES ('a', 1);"))
	done := make(chan error, 1)
	go func() { done <- sh.Execute(ctx, "SELECT * FROM s EMIT CHANGES;") }()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "| a ") }, 10*time.Second, 10*time.Millisecond)
	interrupts <- os.Interrupt
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the push query did not end on interrupt")
	}
	require.Contains(t, out.String(), "Query terminated")
	sh.Close()
}

type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func TestCompletionNames(t *testing.T) {
	ts := startServer(t)
	sh, _, errs := newShell(t, ts.URL, shell.Options{})
	require.NoError(t, sh.Execute(context.Background(), createS), errs.String())
	require.Equal(t, []string{"S", "SCRIPT", "SELECT", "SERVER", "SESSION", "SET", "SHOW", "SIZE", "SPOOL", "STREAM", "STREAMS", "STRING", "STRUCT", "SUM"},
		sh.Complete("S"))
	require.Equal(t, []string{"n", "not", "null"}, sh.Complete("n"), "column N of S")
}
