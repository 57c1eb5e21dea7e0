package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
)

// engineServer serves the real engine (in-memory topics) over httptest and
// runs setup statements.
func engineServer(t *testing.T, setup string) (*httptest.Server, *engine.TestDriver) {
	t.Helper()
	d, err := engine.NewTestDriver(nil)
	require.NoError(t, err)
	if setup != "" {
		_, err = d.Engine().Execute(context.Background(), engine.Request{SQL: setup})
		require.NoError(t, err)
	}
	ts := httptest.NewServer(New(d.Engine(), Options{Logger: slog.New(slog.DiscardHandler)}))
	t.Cleanup(func() {
		ts.Close()
		require.NoError(t, d.Close())
	})
	return ts, d
}

func post(t *testing.T, url, accept, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

const insertsSetup = `CREATE STREAM S (ID STRING KEY, N BIGINT, PRICE DECIMAL(4,2))
	WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');`

func TestInsertsStreamAcksEachRow(t *testing.T) {
	ts, d := engineServer(t, insertsSetup)
	body := `{"target": "s", "properties": {}}
{"ID": "a", "N": 1, "PRICE": 1.5}

{"id": "b", "n": "2", "rowtime": 1000}
{"ID": "c", "N": "x"}
{"ID": "d", "NOPE": 1}
not json
{"ID": "e"}
`
	resp, out := post(t, ts.URL+"/inserts-stream", "", body)
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	require.Equal(t, mediaDelimited, resp.Header.Get("Content-Type"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 6, out)
	require.JSONEq(t, `{"status":"ok","seq":0}`, lines[0])
	require.JSONEq(t, `{"status":"ok","seq":1}`, lines[1])
	for i, want := range map[int]string{2: "N", 3: "NOPE", 4: "malformed JSON"} {
		var ack insertAck
		require.NoError(t, json.Unmarshal([]byte(lines[i]), &ack))
		require.Equal(t, "error", ack.Status)
		require.EqualValues(t, i, ack.Seq)
		require.Equal(t, engine.CodeBadRequest, ack.Code)
		require.Contains(t, ack.Message, want)
	}
	require.JSONEq(t, `{"status":"ok","seq":5}`, lines[5])

	recs := d.Output("s")
	require.Len(t, recs, 3)
	require.Equal(t, "a", recs[0].Key)
	require.Equal(t, "b", recs[1].Key)
	require.EqualValues(t, 1000, recs[1].Timestamp)
	v, _ := json.Marshal(recs[1].Value)
	require.JSONEq(t, `{"N":2,"PRICE":null}`, string(v))
	v, _ = json.Marshal(recs[0].Value)
	require.JSONEq(t, `{"N":1,"PRICE":1.50}`, string(v))
}

func TestInsertsStreamJSONArray(t *testing.T) {
	ts, _ := engineServer(t, insertsSetup)
	resp, out := post(t, ts.URL+"/inserts-stream", mediaJSON,
		"{\"target\":\"S\"}\n{\"ID\":\"a\",\"N\":1}\n{\"ID\":\"b\",\"N\":true}\n")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var acks []insertAck
	require.NoError(t, json.Unmarshal([]byte(out), &acks), out)
	require.Len(t, acks, 2)
	require.Equal(t, "ok", acks[0].Status)
	require.Equal(t, "error", acks[1].Status)
}

func TestInsertsStreamRejectsBadRequests(t *testing.T) {
	ts, _ := engineServer(t, insertsSetup)
	for _, tc := range []struct {
		body, msg string
		status    int
	}{
		{"", "request body is empty", 400},
		{"{\"target\":\"NOPE\"}\n", "unknown stream/table: NOPE", 404},
		{"{\"properties\":{}}\n", `no "target"`, 400},
		{"{\"target\":\"S\",\"properties\":{\"bootstrap.servers\":\"x:1\"}}\n", "Cannot override property 'bootstrap.servers'", 400},
	} {
		resp, out := post(t, ts.URL+"/inserts-stream", "", tc.body)
		require.Equal(t, tc.status, resp.StatusCode, out)
		var e genericError
		require.NoError(t, json.Unmarshal([]byte(out), &e), out)
		require.Equal(t, "generic_error", e.Type)
		require.Contains(t, e.Message, tc.msg)
	}
}

// TestInsertsStreamFullDuplex reads each ack before sending the next row.
func TestInsertsStreamFullDuplex(t *testing.T) {
	ts, _ := engineServer(t, insertsSetup)
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/inserts-stream", pr)
	require.NoError(t, err)
	done := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			pr.CloseWithError(err)
			close(done)
			return
		}
		done <- resp
	}()
	_, err = io.WriteString(pw, "{\"target\":\"S\"}\n{\"ID\":\"a\",\"N\":1}\n")
	require.NoError(t, err)
	resp := <-done
	require.NotNil(t, resp)
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for i := range 3 {
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		var ack insertAck
		require.NoError(t, json.Unmarshal([]byte(line), &ack))
		require.Equal(t, insertAck{Status: "ok", Seq: int64(i)}, ack)
		if i < 2 {
			_, err = io.WriteString(pw, "{\"ID\":\"x\",\"N\":2}\n")
			require.NoError(t, err)
		}
	}
	require.NoError(t, pw.Close())
	rest, err := io.ReadAll(br)
	require.NoError(t, err)
	require.Empty(t, strings.TrimSpace(string(rest)))
}
