package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
)

const wsStream = `CREATE STREAM s (id STRING KEY, n INT, pad STRING) WITH (kafka_topic='s', value_format='JSON', partitions=1);`

func dialMulti(t *testing.T, ts *httptest.Server) *websocket.Conn {
	t.Helper()
	return dialWS(t, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws")
}

func sendOp(t *testing.T, conn *websocket.Conn, msg string) {
	t.Helper()
	require.NoError(t, conn.SetWriteDeadline(time.Now().Add(5*time.Second)))
	require.NoError(t, conn.WriteMessage(websocket.TextMessage, []byte(msg)))
}

// wsMsg is any server message of the /ws protocol.
type wsMsg struct {
	Op      string            `json:"op"`
	ID      string            `json:"id"`
	QueryID string            `json:"queryId"`
	Row     []json.RawMessage `json:"row"`
	Message string            `json:"message"`
}

func readOp(t *testing.T, conn *websocket.Conn) wsMsg {
	t.Helper()
	var m wsMsg
	require.NoError(t, json.Unmarshal([]byte(readText(t, conn)), &m))
	return m
}

// rowsOf reads n row messages and returns "id:n" for each.
func rowsOf(t *testing.T, conn *websocket.Conn, n int) []string {
	t.Helper()
	var out []string
	for range n {
		m := readOp(t, conn)
		require.Equal(t, "row", m.Op, "message %+v", m)
		out = append(out, m.ID+":"+string(m.Row[1]))
	}
	return out
}

func insertN(t *testing.T, d *engine.TestDriver, from, to int, pad int) {
	t.Helper()
	p := strings.Repeat("x", pad)
	for i := from; i < to; i++ {
		pipe(t, d, "s", int64(i), "k", map[string]any{"N": i, "PAD": p})
	}
}

func TestMultiWebSocketSubscriptions(t *testing.T) {
	defer checkNoLeaks(t)
	d, ts := newEngineServer(t, Options{})
	execSQL(t, d, wsStream)
	conn := dialMulti(t, ts)
	defer conn.Close()

	sendOp(t, conn, `{"op":"subscribe","id":"all","sql":"SELECT id, n FROM s EMIT CHANGES;"}`)
	require.Equal(t, "subscribed", readOp(t, conn).Op)
	sendOp(t, conn, `{"op":"subscribe","id":"odd","sql":"SELECT id, n FROM s WHERE n % 2 = 1 EMIT CHANGES;"}`)
	sub := readOp(t, conn)
	require.Equal(t, "subscribed", sub.Op)
	require.Equal(t, "odd", sub.ID)
	require.True(t, strings.HasPrefix(sub.QueryID, "transient_"), sub.QueryID)

	insertN(t, d, 0, 2, 0)
	require.ElementsMatch(t, []string{"all:0", "all:1", "odd:1"}, rowsOf(t, conn, 3))

	// Bad requests are answered per message; the socket stays usable.
	sendOp(t, conn, `{"op":"subscribe","id":"odd","sql":"SELECT * FROM s EMIT CHANGES;"}`)
	require.Contains(t, readOp(t, conn).Message, "already exists")
	sendOp(t, conn, `{"op":"subscribe","id":"bad","sql":"SELECT * FROM nowhere EMIT CHANGES;"}`)
	bad := readOp(t, conn)
	require.Equal(t, wsMsg{Op: "error", ID: "bad", Message: bad.Message}, bad)
	require.Contains(t, strings.ToUpper(bad.Message), "NOWHERE")
	sendOp(t, conn, `{"op":"subscribe"`)
	require.Contains(t, readOp(t, conn).Message, "malformed message")
	sendOp(t, conn, `{"op":"unsubscribe","id":"nope"}`)
	require.Contains(t, readOp(t, conn).Message, `no subscription with id "nope"`)

	sendOp(t, conn, `{"op":"unsubscribe","id":"all"}`)
	require.Equal(t, wsMsg{Op: "unsubscribed", ID: "all"}, readOp(t, conn))
	insertN(t, d, 2, 4, 0)
	require.Equal(t, []string{"odd:3"}, rowsOf(t, conn, 1))

	// A LIMIT ends one subscription with "done" (the test driver reads from the earliest offset).
	sendOp(t, conn, `{"op":"subscribe","id":"two","sql":"SELECT id, n FROM s EMIT CHANGES LIMIT 1;"}`)
	require.Equal(t, "subscribed", readOp(t, conn).Op)
	require.Equal(t, []string{"two:0"}, rowsOf(t, conn, 1))
	require.Equal(t, wsMsg{Op: "done", ID: "two", Message: "Limit Reached"}, readOp(t, conn))

	require.NoError(t, conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")))
	code, _ := readClose(t, conn)
	require.Equal(t, websocket.CloseNormalClosure, code)
	require.Eventually(t, func() bool { return sample(scrape(t, ts), "streamsql_push_subscribers") == 0 },
		3*time.Second, 10*time.Millisecond)
}

func TestMultiWebSocketResume(t *testing.T) {
	defer checkNoLeaks(t)
	d, ts := newEngineServer(t, Options{})
	execSQL(t, d, wsStream)
	const sub = `{"op":"subscribe","id":"q1","sql":"SELECT id, n FROM s EMIT CHANGES;","properties":{"auto.offset.reset":"earliest"}%s}`
	conn := dialMulti(t, ts)
	sendOp(t, conn, fmt.Sprintf(sub, ""))
	require.Equal(t, "subscribed", readOp(t, conn).Op)
	insertN(t, d, 0, 1, 0)
	require.Equal(t, []string{"q1:0"}, rowsOf(t, conn, 1))
	conn.Close() // the client drops; a row arrives while it is away

	insertN(t, d, 1, 2, 0)
	conn = dialMulti(t, ts)
	defer conn.Close()
	sendOp(t, conn, fmt.Sprintf(sub, `,"resume":true`))
	require.Equal(t, "subscribed", readOp(t, conn).Op)
	sendOp(t, conn, fmt.Sprintf(sub, `,"resume":true`)) // resuming again replaces it
	require.Equal(t, "subscribed", readOp(t, conn).Op)
	insertN(t, d, 2, 3, 0)
	require.Equal(t, []string{"q1:2"}, rowsOf(t, conn, 1), "resume continues from the latest offsets")
	require.Equal(t, 1.0, sample(scrape(t, ts), "streamsql_push_subscribers"))
}

// smallBufferListener shrinks the server side's socket send buffers, so that a
// client that stops reading backs up into the engine's row buffer quickly.
type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4 << 10)
	}
	return c, err
}

func TestMultiWebSocketSlowConsumer(t *testing.T) {
	defer checkNoLeaks(t)
	d, err := engine.NewTestDriver(nil)
	require.NoError(t, err)
	defer d.Close()
	ts := httptest.NewUnstartedServer(New(d.Engine(), Options{WriteTimeout: 20 * time.Second}))
	ts.Listener = smallBufferListener{ts.Listener}
	ts.Start()
	defer ts.Close()
	execSQL(t, d, wsStream)
	const subscribe = `{"op":"subscribe","id":"%s","sql":"SELECT id, n FROM s EMIT CHANGES;"}`

	dialer := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(4 << 10)
		}
		return c, err
	}}
	slow, resp, err := dialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
	require.NoError(t, err)
	resp.Body.Close()
	defer slow.Close()
	fast := dialMulti(t, ts)
	defer fast.Close()
	sendOp(t, slow, fmt.Sprintf(subscribe, "slow"))
	require.Equal(t, "subscribed", readOp(t, slow).Op)
	sendOp(t, fast, fmt.Sprintf(subscribe, "fast"))
	require.Equal(t, "subscribed", readOp(t, fast).Op)

	// The slow client reads nothing while 3000 rows of 1 KiB flow; the fast
	// one keeps up with every batch.
	const total, batch = 3000, 100
	for i := 0; i < total; i += batch {
		insertN(t, d, i, i+batch, 1<<10)
		require.Len(t, rowsOf(t, fast, batch), batch)
	}

	// The slow client now reads: the rows that fitted, then the error and 1013.
	var rows int
	var last wsMsg
	require.NoError(t, slow.SetReadDeadline(time.Now().Add(10*time.Second)))
	for {
		_, msg, err := slow.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, websocket.CloseTryAgainLater, ce.Code)
			break
		}
		require.NoError(t, json.Unmarshal(msg, &last))
		if last.Op == "row" {
			rows++
		}
	}
	require.Equal(t, "error", last.Op)
	require.Equal(t, "slow", last.ID)
	require.Contains(t, last.Message, "too slow")
	require.Less(t, rows, total)

	// The other socket, subscribed to the same query, is unaffected.
	insertN(t, d, total, total+1, 0)
	require.Equal(t, []string{fmt.Sprintf("fast:%d", total)}, rowsOf(t, fast, 1))
}

func TestMultiWebSocketServerShutdown(t *testing.T) {
	defer checkNoLeaks(t)
	d, err := engine.NewTestDriver(nil)
	require.NoError(t, err)
	defer d.Close()
	execSQL(t, d, wsStream)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- New(d.Engine(), Options{}).ServeListener(ctx, ln) }()

	conn := dialWS(t, "ws://"+ln.Addr().String()+"/ws")
	defer conn.Close()
	sendOp(t, conn, `{"op":"subscribe","id":"q","sql":"SELECT * FROM s EMIT CHANGES;"}`)
	require.Equal(t, "subscribed", readOp(t, conn).Op)
	cancel()
	code, _ := readClose(t, conn)
	require.Equal(t, websocket.CloseGoingAway, code)
	require.NoError(t, <-served)
}
