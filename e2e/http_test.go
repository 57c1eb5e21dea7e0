package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const requestTimeout = 30 * time.Second

// restClient talks to one server's REST API.
type restClient struct {
	base string
	hc   *http.Client
}

func newRESTClient(base string) restClient {
	return restClient{base: base, hc: &http.Client{Timeout: requestTimeout}}
}

// do sends one request and returns the status and the whole body.
func (c restClient) do(t *testing.T, method, path, accept string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// ksql posts statements to /ksql and returns the status and decoded body.
func (c restClient) ksql(t *testing.T, sql string) (int, any) {
	t.Helper()
	status, body := c.do(t, http.MethodPost, "/ksql", "application/vnd.ksql.v1+json", map[string]any{"ksql": sql, "streamsProperties": map[string]any{}})
	return status, decode(t, body)
}

// ksqlOK posts statements that must succeed and returns one entity per statement.
func (c restClient) ksqlOK(t *testing.T, sql string, entities int) []map[string]any {
	t.Helper()
	status, body := c.ksql(t, sql)
	if status != http.StatusOK {
		t.Fatalf("POST /ksql %q: status %d, body %s", sql, status, jsonText(body))
	}
	list, ok := body.([]any)
	if !ok || len(list) != entities {
		t.Fatalf("POST /ksql %q: want a JSON array of %d entities, got %s", sql, entities, jsonText(body))
	}
	out := make([]map[string]any, len(list))
	for i, e := range list {
		if out[i], ok = e.(map[string]any); !ok {
			t.Fatalf("POST /ksql %q: entity %d is not an object: %s", sql, i, jsonText(e))
		}
	}
	return out
}

// getJSON sends GET path and returns the status and decoded body.
func (c restClient) getJSON(t *testing.T, path string) (int, any) {
	t.Helper()
	status, body := c.do(t, http.MethodGet, path, "", nil)
	return status, decode(t, body)
}

// queryStream starts POST /query-stream and returns the open response; the
// caller reads and closes the body. ctx bounds the whole exchange.
func (c restClient) queryStream(ctx context.Context, t *testing.T, sql, accept string) *bufio.Reader {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"sql": sql, "properties": map[string]any{}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/query-stream", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := (&http.Client{}).Do(req) // no client timeout: ctx bounds the stream
	if err != nil {
		t.Fatalf("POST /query-stream %q: %v", sql, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST /query-stream %q: status %d, body %s", sql, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); accept != "" && !strings.HasPrefix(ct, accept) {
		t.Fatalf("POST /query-stream with Accept %s: Content-Type %q", accept, ct)
	}
	return bufio.NewReader(resp.Body)
}

// wsQuery opens GET /ws/query for sql; the caller reads frames.
func wsQuery(t *testing.T, base, sql string) *websocket.Conn {
	t.Helper()
	req, _ := json.Marshal(map[string]any{"ksql": sql, "streamsProperties": map[string]any{}})
	u := "ws" + strings.TrimPrefix(base, "http") + "/ws/query?request=" + url.QueryEscape(string(req))
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	conn, resp, err := d.Dial(u, nil)
	if err != nil {
		status := "no response"
		if resp != nil {
			status = resp.Status
		}
		t.Fatalf("GET /ws/query %q: %v (%s)", sql, err, status)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// decode parses JSON with numbers kept as json.Number.
func decode(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, b)
	}
	return v
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// field walks v through object keys and fails the test if one is missing.
func field(t *testing.T, v any, path ...string) any {
	t.Helper()
	cur := v
	for i, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%s is not an object in %s", strings.Join(path[:i], "."), jsonText(v))
		}
		if cur, ok = m[k]; !ok {
			t.Fatalf("no field %s in %s", strings.Join(path[:i+1], "."), jsonText(v))
		}
	}
	return cur
}

// str is field for a string value.
func str(t *testing.T, v any, path ...string) string {
	t.Helper()
	s, ok := field(t, v, path...).(string)
	if !ok {
		t.Fatalf("%s is not a string in %s", strings.Join(path, "."), jsonText(v))
	}
	return s
}

// list is field for an array value.
func list(t *testing.T, v any, path ...string) []any {
	t.Helper()
	l, ok := field(t, v, path...).([]any)
	if !ok {
		t.Fatalf("%s is not an array in %s", strings.Join(path, "."), jsonText(v))
	}
	return l
}

// num converts a decoded JSON number.
func num(t *testing.T, v any) float64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%s is not a number", jsonText(v))
	}
	f, err := n.Float64()
	if err != nil {
		t.Fatal(err)
	}
	return f
}
