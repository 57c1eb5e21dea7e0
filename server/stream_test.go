package server

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

var testCols = []engine.Column{{Name: "ID", Type: types.StringType, Key: true}, {Name: "N", Type: types.BigIntType}}

func testServer(b Backend) *Server {
	return New(b, Options{Logger: slog.New(slog.DiscardHandler), PingInterval: time.Second})
}

func row(id string, n int64) engine.Row { return engine.Row{Values: []types.Value{id, n}} }

// serve runs s on a loopback listener until the returned stop is called;
// stop reports ServeListener's error.
func serve(t *testing.T, s *Server) (addr string, stop func() error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.ServeListener(ctx, ln) }()
	return ln.Addr().String(), func() error {
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(5 * time.Second):
			t.Fatal("ServeListener did not return after its context was cancelled")
			return nil
		}
	}
}

func TestQueryFlushesEachRow(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
	ts := httptest.NewServer(testServer(b))
	defer ts.Close()

	resp, err := http.Post(ts.URL+"/query", "application/json", strings.NewReader(`{"ksql":"SELECT * FROM s EMIT CHANGES;"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, []string{"chunked"}, resp.TransferEncoding)
	lines := bufio.NewReader(resp.Body)

	// Each line arrives while the query is still running.
	require.Equal(t, "[{\"header\":{\"queryId\":\"transient_S_1\",\"schema\":\"`ID` STRING KEY, `N` BIGINT\"}},\n", readLine(t, lines))
	q.send(row("a", 1))
	require.Equal(t, `{"row":{"columns":["a",1]}},`+"\n", readLine(t, lines))
	q.send(row("b", 2))
	require.Equal(t, `{"row":{"columns":["b",2]}},`+"\n", readLine(t, lines))
	q.finish(&engine.End{Message: "Limit Reached"})
	rest, err := io.ReadAll(lines)
	require.NoError(t, err)
	require.Equal(t, `{"finalMessage":"Limit Reached"}]`+"\n", string(rest))
	require.True(t, q.isClosed(), "query not closed after it ended")
}

func readLine(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	type result struct {
		line string
		err  error
	}
	c := make(chan result, 1)
	go func() {
		l, err := r.ReadString('\n')
		c <- result{l, err}
	}()
	select {
	case res := <-c:
		require.NoError(t, res.err)
		return res.line
	case <-time.After(5 * time.Second):
		t.Fatal("no line within 5s: the server did not flush")
		return ""
	}
}

func TestClientDisconnectClosesQuery(t *testing.T) {
	for _, path := range []string{"/query", "/query-stream"} {
		t.Run(path, func(t *testing.T) {
			defer checkNoLeaks(t)
			b := newFakeBackend()
			q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
			ts := httptest.NewServer(testServer(b))
			defer ts.Close()

			ctx, cancel := context.WithCancel(context.Background())
			body := `{"ksql":"SELECT * FROM s EMIT CHANGES;","sql":"SELECT * FROM s EMIT CHANGES;"}`
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+path, strings.NewReader(body))
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			readLine(t, bufio.NewReader(resp.Body))
			cancel() // the client goes away mid-stream
			resp.Body.Close()
			require.Eventually(t, q.isClosed, 5*time.Second, 10*time.Millisecond, "query not closed after disconnect")
		})
	}
}

func TestQueryStreamOverH2C(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
	q.send(row("a", 1))
	q.finish(&engine.End{Message: "Limit Reached"})
	addr, stop := serve(t, testServer(b))

	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	tr := &http.Transport{Protocols: &protocols, TLSClientConfig: &tls.Config{}}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	resp, err := client.Post("http://"+addr+"/query-stream", "application/json",
		strings.NewReader(`{"sql":"SELECT * FROM s EMIT CHANGES LIMIT 1;"}`))
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, 2, resp.ProtoMajor)
	require.Equal(t, mediaDelimited, resp.Header.Get("Content-Type"))
	require.Equal(t, `{"queryId":"transient_S_1","columnNames":["ID","N"],"columnTypes":["STRING","BIGINT"]}`+"\n"+
		`["a",1]`+"\n", string(body))
	tr.CloseIdleConnections()
	require.NoError(t, stop())
}

func TestShutdownEndsStreamingQueries(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
	addr, stop := serve(t, testServer(b))

	resp, err := http.Post("http://"+addr+"/query", "application/json",
		strings.NewReader(`{"ksql":"SELECT * FROM s EMIT CHANGES;"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	readLine(t, bufio.NewReader(resp.Body))
	start := time.Now()
	require.NoError(t, stop())
	require.Less(t, time.Since(start), ShutdownTimeout/2, "shutdown waited for a never-ending push query")
	require.True(t, q.isClosed())
}

func TestBodyLimit(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	ts := httptest.NewServer(New(b, Options{Logger: slog.New(slog.DiscardHandler), MaxBodyBytes: 64}))
	defer ts.Close()
	body := `{"ksql":"` + strings.Repeat("x", 100) + `"}`
	resp, err := http.Post(ts.URL+"/ksql", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	require.JSONEq(t, `{"@type":"generic_error","error_code":41300,"message":"request body exceeds the limit of 64 bytes"}`, string(got))
}
