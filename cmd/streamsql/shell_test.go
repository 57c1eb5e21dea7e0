package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/server"
)

// childEnv makes the test binary run `streamsql` with its arguments instead
// of the tests, so the shell runs as a real process on a real terminal.
const childEnv = "STREAMSQL_TEST_RUN_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// startTestServer serves the REST API over a test-driver engine.
func startTestServer(t *testing.T) string {
	t.Helper()
	d, err := engine.NewTestDriver(nil)
	require.NoError(t, err)
	srv := httptest.NewServer(server.New(d.Engine(), server.Options{Logger: slog.New(slog.DiscardHandler)}))
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		require.NoError(t, d.Close())
	})
	return srv.URL
}

// terminal is the shell running on a pseudo-terminal.
type terminal struct {
	t      *testing.T
	cmd    *exec.Cmd
	hist   string // the history file
	pty    *os.File
	screen *syncBuffer
	seen   int // offset in screen already matched
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)

// expect waits until want appears on the screen after what was matched before.
func (term *terminal) expect(want string) string {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		s := ansi.ReplaceAllString(term.screen.String(), "")
		if i := strings.Index(s[min(term.seen, len(s)):], want); i >= 0 {
			out := s[term.seen : term.seen+i+len(want)]
			term.seen += i + len(want)
			return out
		}
		time.Sleep(20 * time.Millisecond)
	}
	term.t.Fatalf("%q never appeared on the screen; it shows:\n%s", want, ansi.ReplaceAllString(term.screen.String(), ""))
	return ""
}

func (term *terminal) send(s string) {
	_, err := term.pty.Write([]byte(s))
	require.NoError(term.t, err)
}

// insert runs a statement through POST /ksql, beside the shell.
func insert(t *testing.T, url, stmt string) {
	body, err := json.Marshal(map[string]string{"ksql": stmt})
	require.NoError(t, err)
	resp, err := http.Post(url+"/ksql", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func startShell(t *testing.T, url string) *terminal {
	hist := filepath.Join(t.TempDir(), "history")
	cmd := exec.Command(os.Args[0], "shell", url, "--history-file", hist)
	cmd.Env = append(os.Environ(), childEnv+"=1", "TERM=dumb")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 150})
	require.NoError(t, err)
	term := &terminal{t: t, cmd: cmd, hist: hist, pty: f, screen: &syncBuffer{}}
	copied := make(chan struct{})
	go func() { defer close(copied); _, _ = io.Copy(term.screen, f) }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		f.Close()
		<-copied
	})
	return term
}

// TestShellOnTerminal types statements into the real shell on a
// pseudo-terminal: DDL, INSERT, a push query whose rows appear as they
// arrive, Ctrl-C back to the prompt, and SHOW STREAMS as a table.
func TestShellOnTerminal(t *testing.T) {
	url := startTestServer(t)
	term := startShell(t, url)
	term.expect("Connected to " + url)
	term.expect("streamsql> ")

	term.send("CREATE STREAM s (id STRING KEY, n BIGINT)\r")
	term.expect(">> ")
	term.send("  WITH (kafka_topic='s', value_format='JSON', partitions=1);\r")
	term.expect("Stream created")
	term.expect("streamsql> ")
	term.send("INSERT INTO s (id, n) VALUES ('a', 1);\r")
	term.expect("streamsql> ")

	term.send("SELECT * FROM s EMIT CHANGES;\r")
	term.expect("| ID ")
	term.expect("| a ")
	insert(t, url, "INSERT INTO s (id, n) VALUES ('b', 2);") // a row arriving while the query runs
	term.expect("| b ")
	term.send("\x03")
	term.expect("Query terminated")
	term.expect("streamsql> ")

	term.send("SELECT * FROM s EMIT CHANGES LIMIT 2;\r")
	term.expect("| b ")
	term.expect("Limit Reached")
	term.expect("streamsql> ")

	term.send("SHOW STREAMS;\r")
	term.expect("SHOW STREAMS;\n")
	table := term.expect("streamsql> ")
	require.Regexp(t, `\| Stream Name +\| Kafka Topic +\| Key Format +\| Value Format +\| Windowed +\|`, table)
	require.Regexp(t, `\| S +\| s +\| KAFKA +\| JSON +\| false +\|`, table)

	term.send("SELECT nope FROM s EMIT CHANGES;\r")
	term.expect("NOPE")
	term.expect("streamsql> ")
	// Tab completes keywords and, once the stream exists, its name.
	term.send("descr\t s;\r")
	term.expect("Field")
	term.expect("streamsql> ")

	if os.Getenv("SHELL_TEST_DUMP") != "" {
		t.Log(ansi.ReplaceAllString(term.screen.String(), ""))
	}
	term.send("exit\r")
	require.NoError(t, term.cmd.Wait())
	hist, err := os.ReadFile(term.hist)
	require.NoError(t, err)
	require.Contains(t, string(hist), "CREATE STREAM s (id STRING KEY, n BIGINT) WITH (kafka_topic='s', value_format='JSON', partitions=1);\n")
	require.Contains(t, string(hist), "SHOW STREAMS;\n")
}

// TestShellScriptFlags runs `streamsql shell -e` and `-f` without a terminal.
func TestShellScriptFlags(t *testing.T) {
	url := startTestServer(t)
	var stdout, stderr bytes.Buffer
	code := run([]string{"shell", url, "-d", "t=s", "-e",
		"CREATE STREAM s (id STRING KEY) WITH (kafka_topic='${t}', value_format='JSON', partitions=1); server; version;"},
		&stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	require.Contains(t, stdout.String(), "Stream created")
	require.Contains(t, stdout.String(), "Server: "+url)
	require.Contains(t, stdout.String(), "server 0.1.0 at "+url)

	file := filepath.Join(t.TempDir(), "script.sql")
	require.NoError(t, os.WriteFile(file, []byte("SHOW STREAMS;\nDROP STREAM nope;\nSHOW TABLES;\n"), 0o644))
	stdout.Reset()
	code = run([]string{"shell", url, "--output", "JSON", "-f", file}, &stdout, &stderr)
	require.Equal(t, 1, code)
	require.Contains(t, stdout.String(), `"name": "S"`)
	require.NotContains(t, stdout.String(), `"tables"`)
	require.Contains(t, stderr.String(), "NOPE does not exist")

	require.Equal(t, 1, run([]string{"shell", url, "-e", "x;", "-f", file}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "give -e or -f, not both")
}
