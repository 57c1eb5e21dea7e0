package nexmark

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// restClient talks to a streamsql (or ksqlDB) server.
type restClient struct {
	base string
	hc   *http.Client
}

func newRESTClient(base string, conns int) *restClient {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	return &restClient{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr}}
}

func (c *restClient) close() { c.hc.CloseIdleConnections() }

// statementResult is the part of a /ksql entity the benchmark reads.
type statementResult struct {
	Type          string `json:"@type"`
	Message       string `json:"message"`
	CommandStatus struct {
		Status  string `json:"status"`
		Message string `json:"message"`
		QueryID string `json:"queryId"`
	} `json:"commandStatus"`
}

// ksql runs one statement through POST /ksql, reading sources from the
// earliest offset, and returns the id of the query it started, if any.
func (c *restClient) ksql(ctx context.Context, sql string) (string, error) {
	body, _ := json.Marshal(map[string]any{"ksql": sql,
		"streamsProperties": map[string]any{"auto.offset.reset": "earliest"}})
	b, status, err := c.post(ctx, "/ksql", body)
	if err != nil {
		return "", err
	}
	if status != http.StatusOK {
		var e statementResult
		if json.Unmarshal(b, &e) == nil && e.Message != "" {
			return "", fmt.Errorf("%s", firstLine(e.Message))
		}
		return "", fmt.Errorf("POST /ksql: %d %s", status, bytes.TrimSpace(b))
	}
	var res []statementResult
	if err := json.Unmarshal(b, &res); err != nil {
		return "", fmt.Errorf("POST /ksql: bad answer %.200q: %w", b, err)
	}
	for _, r := range res {
		if r.CommandStatus.QueryID != "" {
			return r.CommandStatus.QueryID, nil
		}
	}
	return "", nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (c *restClient) post(ctx context.Context, path string, body []byte) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("POST %s: reading the answer: %w", path, err)
	}
	return b, resp.StatusCode, nil
}

// queryCounters are the records a persistent query read and wrote so far.
type queryCounters struct{ in, out int64 }

// counters scrapes /metrics for streamsql_query_records_in_total and
// streamsql_query_records_out_total per query.
func (c *restClient) counters(ctx context.Context) (map[string]queryCounters, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET /metrics: %w", err)
	}
	defer resp.Body.Close()
	out := map[string]queryCounters{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		id, v, isIn, ok := parseCounter(sc.Text())
		if !ok {
			continue
		}
		c := out[id]
		if isIn {
			c.in = v
		} else {
			c.out = v
		}
		out[id] = c
	}
	return out, sc.Err()
}

// parseCounter parses a records_in or records_out line of the Prometheus
// text format.
func parseCounter(line string) (query string, v int64, in, ok bool) {
	rest, in := strings.CutPrefix(line, `streamsql_query_records_in_total{query="`)
	if !in {
		if rest, ok = strings.CutPrefix(line, `streamsql_query_records_out_total{query="`); !ok {
			return "", 0, false, false
		}
	}
	query, val, ok := strings.Cut(rest, `"} `)
	if !ok {
		return "", 0, false, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	return query, int64(f), in, err == nil
}

// queryStream runs a query over POST /query-stream and calls row for each
// row (a JSON array) until the query ends, row returns false, or ctx ends.
// ready, if not nil, is called once the header arrived.
func (c *restClient) queryStream(ctx context.Context, sql string, props map[string]any, ready func(), row func([]byte) bool) error {
	body, _ := json.Marshal(map[string]any{"sql": sql, "properties": props})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/query-stream", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.ksqlapi.delimited.v1")
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("POST /query-stream: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("POST /query-stream %q: %d %s", sql, resp.StatusCode, bytes.TrimSpace(b))
	}
	rd := bufio.NewReaderSize(resp.Body, 64<<10)
	header := true
	for {
		line, err := rd.ReadSlice('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			switch {
			case header:
				header = false
				if ready != nil {
					ready()
				}
			case line[0] == '[':
				if !row(line) {
					return nil
				}
			case bytes.Contains(line, []byte(`"error"`)) || bytes.Contains(line, []byte(`"@type":"`)):
				return fmt.Errorf("query %q failed: %s", sql, bytes.TrimSpace(line))
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("reading rows of %q: %w", sql, err)
		}
	}
}
