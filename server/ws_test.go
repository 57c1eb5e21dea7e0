package server

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

func wsURL(base, request string) string {
	u := "ws" + strings.TrimPrefix(base, "http") + "/ws/query"
	if request != "" {
		u += "?request=" + url.QueryEscape(request) + "&version=1"
	}
	return u
}

const wsSelect = `{"ksql":"SELECT * FROM s EMIT CHANGES;","streamsProperties":{"auto.offset.reset":"earliest"}}`

func dialWS(t *testing.T, u string) *websocket.Conn {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(u, nil)
	require.NoError(t, err)
	resp.Body.Close()
	return conn
}

func readText(t *testing.T, conn *websocket.Conn) string {
	t.Helper()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	typ, msg, err := conn.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, websocket.TextMessage, typ)
	return string(msg)
}

// readClose reads until the close frame and returns its code and reason.
func readClose(t *testing.T, conn *websocket.Conn) (int, string) {
	t.Helper()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	for {
		_, msg, err := conn.ReadMessage()
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code, ce.Text
		}
		require.NoError(t, err, "expected a close frame")
		t.Logf("frame before close: %s", msg)
	}
}

// requireServerClosed checks that the server closed the TCP connection after
// its close frame: a raw read sees EOF instead of blocking.
func requireServerClosed(t *testing.T, conn *websocket.Conn) {
	t.Helper()
	require.NoError(t, conn.NetConn().SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err := conn.NetConn().Read(make([]byte, 1))
	require.ErrorIs(t, err, io.EOF, "server kept the connection open")
}

func TestWebSocketQuery(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	cols := append(testCols, engine.Column{Name: "PRICE", Type: types.DecimalOf(4, 2)},
		engine.Column{Name: "TAGS", Type: types.ArrayOf(types.StringType)})
	q := b.addQuery(newFakeQuery("transient_S_1", cols, 8))
	ts := httptest.NewServer(testServer(b))
	defer ts.Close()

	conn := dialWS(t, wsURL(ts.URL, wsSelect))
	defer conn.Close()
	require.JSONEq(t, `[
		{"name":"ID","schema":{"type":"STRING","fields":null,"memberSchema":null},"type":"KEY"},
		{"name":"N","schema":{"type":"BIGINT","fields":null,"memberSchema":null}},
		{"name":"PRICE","schema":{"type":"DECIMAL","parameters":{"precision":4,"scale":2},"fields":null,"memberSchema":null}},
		{"name":"TAGS","schema":{"type":"ARRAY","fields":null,"memberSchema":{"type":"STRING","fields":null,"memberSchema":null}}}
	]`, readText(t, conn))
	require.Equal(t, "SELECT * FROM s EMIT CHANGES;", b.lastRequest().SQL)
	require.Equal(t, map[string]any{"auto.offset.reset": "earliest"}, b.lastRequest().Properties)

	q.send(engine.Row{Values: []types.Value{"a", int64(1), nil, []types.Value{"x"}}})
	require.Equal(t, `{"row":{"columns":["a",1,null,["x"]]}}`, readText(t, conn))
	q.send(engine.Row{Values: []types.Value{"a", nil, nil, nil}, Tombstone: true})
	require.Equal(t, `{"row":{"columns":["a",null,null,null],"tombstone":true}}`, readText(t, conn))
	q.finish(&engine.End{Message: "Limit Reached"})
	code, reason := readClose(t, conn)
	require.Equal(t, websocket.CloseNormalClosure, code)
	require.Equal(t, "done", reason)
	requireServerClosed(t, conn)
	require.Eventually(t, q.isClosed, 5*time.Second, 10*time.Millisecond)
}

func TestWebSocketRejections(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	ts := httptest.NewServer(testServer(b))
	defer ts.Close()
	for _, tc := range []struct {
		name, request string
		queryErr      error
		code          int
		reason        string
	}{
		{"no request", "", nil, websocket.CloseUnsupportedData, `missing query parameter "request"`},
		{"bad json", `{"ksql":`, nil, websocket.CloseUnsupportedData, "error parsing request: unexpected EOF"},
		{"no ksql", `{}`, nil, websocket.CloseUnsupportedData, `request has no statements: the "ksql" field is missing or empty`},
		{"bad statement", wsSelect, &engine.Error{Code: 40001, Message: "line 1:15: Source S does not exist"},
			websocket.CloseUnsupportedData, "line 1:15: Source S does not exist"},
		{"server error", wsSelect, errors.New("engine: kafka unreachable"),
			websocket.CloseInternalServerErr, "engine: kafka unreachable"},
		{"long reason", wsSelect, &engine.Error{Code: 40001, Message: strings.Repeat("é", 100)},
			websocket.CloseUnsupportedData, strings.Repeat("é", 61)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b.queryErr = tc.queryErr
			conn := dialWS(t, wsURL(ts.URL, tc.request))
			defer conn.Close()
			code, reason := readClose(t, conn)
			require.Equal(t, tc.code, code)
			require.Equal(t, tc.reason, reason)
			requireServerClosed(t, conn)
		})
	}
}

func TestWebSocketSlowConsumer(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := b.addQuery(newFakeQuery("transient_S_1", testCols, 2))
	for i := range 3 { // one more than the buffer holds: the subscriber is dropped
		q.send(row("a", int64(i)))
	}
	ts := httptest.NewServer(testServer(b))
	defer ts.Close()
	conn := dialWS(t, wsURL(ts.URL, wsSelect))
	defer conn.Close()
	readText(t, conn) // schema
	code, reason := readClose(t, conn)
	require.Equal(t, websocket.CloseTryAgainLater, code)
	require.Equal(t, closeReason(engine.ErrSlowConsumer.Message), reason)
	requireServerClosed(t, conn)
	require.Eventually(t, q.isClosed, 5*time.Second, 10*time.Millisecond)
}

func TestWebSocketClientDisconnectClosesQuery(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
	ts := httptest.NewServer(testServer(b))
	defer ts.Close()
	conn := dialWS(t, wsURL(ts.URL, wsSelect))
	readText(t, conn)
	conn.NetConn().Close() // vanish without a close frame
	require.Eventually(t, q.isClosed, 5*time.Second, 10*time.Millisecond)
}

func TestWebSocketDropsUnresponsiveClient(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
	s := New(b, Options{Logger: slog.New(slog.DiscardHandler), PingInterval: 50 * time.Millisecond})
	ts := httptest.NewServer(s)
	defer ts.Close()
	conn := dialWS(t, wsURL(ts.URL, wsSelect))
	defer conn.Close()
	// The client never reads again, so it never answers pings.
	require.Eventually(t, q.isClosed, 5*time.Second, 10*time.Millisecond)
}

func TestWebSocketShutdown(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
	addr, stop := serve(t, testServer(b))
	conn := dialWS(t, wsURL("http://"+addr, wsSelect))
	defer conn.Close()
	readText(t, conn)

	errc := make(chan error, 1)
	go func() { errc <- stop() }()
	code, reason := readClose(t, conn)
	require.Equal(t, websocket.CloseGoingAway, code)
	require.Equal(t, "server shutting down", reason)
	require.NoError(t, <-errc)
	require.True(t, q.isClosed())
}

func TestWebSocketOrigin(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	ts := httptest.NewServer(New(b, Options{Logger: slog.New(slog.DiscardHandler),
		AllowedOrigins: []string{"http://ui.example"}}))
	defer ts.Close()
	for origin, want := range map[string]int{
		"http://evil.example": http.StatusForbidden,
		"http://ui.example":   http.StatusSwitchingProtocols,
		ts.URL:                http.StatusSwitchingProtocols,
	} {
		b.addQuery(newFakeQuery("q", testCols, 1))
		conn, resp, err := websocket.DefaultDialer.Dial(wsURL(ts.URL, wsSelect), http.Header{"Origin": {origin}})
		require.Equal(t, want, resp.StatusCode, origin)
		resp.Body.Close()
		if err == nil {
			conn.Close()
		}
	}
}
