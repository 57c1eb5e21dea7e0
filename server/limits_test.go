package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
)

// newServerWithStream serves a real engine (in-memory topics) with stream S
// created, under opts.
func newServerWithStream(t *testing.T, opts Options) *httptest.Server {
	t.Helper()
	opts.Logger = slog.New(slog.DiscardHandler)
	d, ts := newEngineServer(t, opts)
	execSQL(t, d, "CREATE STREAM S (ID INT KEY, V INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);")
	return ts
}

// openPush starts a push query on /query-stream and returns once its header
// arrived; cancel ends it.
func openPush(t *testing.T, ts *httptest.Server) (status int, body string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/query-stream",
		strings.NewReader(`{"sql":"SELECT * FROM S EMIT CHANGES;"}`))
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cancel()
		return resp.StatusCode, string(b), func() {}
	}
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	require.NoError(t, err)
	return resp.StatusCode, line, func() { cancel(); resp.Body.Close() }
}

func TestPushQueryLimit(t *testing.T) {
	defer checkNoLeaks(t)
	ts := newServerWithStream(t, Options{MaxPushQueries: 2})
	s := ts.Config.Handler.(*Server)

	st, _, cancel1 := openPush(t, ts)
	require.Equal(t, http.StatusOK, st)
	// The second slot goes to a /ws/query subscriber.
	wsURL := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/query?request=" +
		url.QueryEscape(`{"ksql":"SELECT * FROM S EMIT CHANGES;"}`)
	conn, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	require.NoError(t, err)
	_, schema, err := conn.ReadMessage()
	require.NoError(t, err, "schema frame")
	require.Contains(t, string(schema), "ID")

	st, body, _ := openPush(t, ts)
	require.Equal(t, http.StatusTooManyRequests, st, body)
	var e genericError
	require.NoError(t, json.Unmarshal([]byte(body), &e))
	require.Equal(t, codeTooManyRequests, e.Code)
	require.Contains(t, e.Message, "too many concurrent push queries: the limit of 2")

	// /query counts against the same limit.
	resp, err := ts.Client().Post(ts.URL+"/query", "application/json",
		strings.NewReader(`{"ksql":"SELECT * FROM S EMIT CHANGES;"}`))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, string(b))

	// Ending a query frees its slot.
	conn.Close()
	require.Eventually(t, func() bool { p, _ := s.limits.running(); return p == 1 }, 3*time.Second, 10*time.Millisecond)
	st, body, cancel3 := openPush(t, ts)
	require.Equal(t, http.StatusOK, st, body)
	cancel1()
	cancel3()
	require.Eventually(t, func() bool { p, _ := s.limits.running(); return p == 0 }, 3*time.Second, 10*time.Millisecond)
}

func TestPullQueryLimit(t *testing.T) {
	l := newQueryLimits(1, 1)
	q1, err := l.admit(&stubQuery{pull: true})
	require.NoError(t, err)
	_, err = l.admit(&stubQuery{pull: true})
	require.ErrorContains(t, err, "too many concurrent pull queries: the limit of 1")
	require.Equal(t, 429, err.(*engine.Error).HTTPStatus())
	_, err = l.admit(&stubQuery{}) // push queries have their own limit
	require.NoError(t, err)
	q1.Close()
	q1.Close() // a second Close does not free a second slot
	_, pull := l.running()
	require.Equal(t, 0, pull)
	_, err = l.admit(&stubQuery{pull: true})
	require.NoError(t, err)
}

// TestRequestErrors checks 413, 400 and 406 against the real engine.
func TestRequestErrors(t *testing.T) {
	ts := newServerWithStream(t, Options{MaxBodyBytes: 64})
	for _, tc := range []struct {
		name, path, accept, body string
		status                   int
	}{
		{"too large", "/ksql", "", `{"ksql":"` + strings.Repeat("x", 100) + `"}`, 413},
		{"malformed", "/ksql", "", `{"ksql":`, 400},
		{"bad accept", "/ksql", "image/png", `{"ksql":"SHOW STREAMS;"}`, 406},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, ts.URL+tc.path, strings.NewReader(tc.body))
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			resp, err := ts.Client().Do(req)
			require.NoError(t, err)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.Equal(t, tc.status, resp.StatusCode, string(b))
			require.Contains(t, string(b), `"error_code":`+strconv.Itoa(tc.status*100))
		})
	}
}

// stubQuery is an engine.Query that only knows its kind.
type stubQuery struct {
	engine.Query
	pull bool
}

func (q *stubQuery) Pull() bool { return q.pull }
func (q *stubQuery) Close()     {}
