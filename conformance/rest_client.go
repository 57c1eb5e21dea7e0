package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
)

// Media types the RQTT client sends and accepts.
const (
	mediaKsql     = "application/vnd.ksql.v1+json"
	mediaProtobuf = "application/vnd.ksql.v1+protobuf"
)

// restClient talks to the REST server under test, over loopback.
type restClient struct {
	srv   *httptest.Server
	props map[string]any // sent as streamsProperties with every request
}

func newRESTClient(h http.Handler, props map[string]any) *restClient {
	return &restClient{srv: httptest.NewServer(h), props: props}
}

// close drops open connections first, which cancels streaming handlers, so
// that closing the server does not wait on them.
func (c *restClient) close() {
	c.srv.CloseClientConnections()
	c.srv.Close()
}

// apiError is an error response: HTTP status and the body's message.
type apiError struct {
	status  int
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("status %d: %s", e.status, e.message) }

// ksql posts statements to /ksql and returns the entities, or the server's
// error as *apiError.
func (c *restClient) ksql(ctx context.Context, sql string) ([]map[string]any, error) {
	resp, err := c.post(ctx, "/ksql", mediaKsql, sql)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, readAPIError(resp)
	}
	var entities []map[string]any
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&entities); err != nil {
		return nil, fmt.Errorf("/ksql: bad response body: %w", err)
	}
	return entities, nil
}

// query posts a query to /query and reads the streamed JSON array of rows.
// afterHeader, if not nil, runs once the first element (the header) arrived.
func (c *restClient) query(ctx context.Context, sql, accept string, afterHeader func() error) ([]map[string]any, error) {
	resp, err := c.post(ctx, "/query", accept, sql)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, readAPIError(resp)
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, fmt.Errorf("/query: response is not a JSON array (%v)", err)
	}
	var rows []map[string]any
	for dec.More() {
		var row map[string]any
		if err := dec.Decode(&row); err != nil {
			return nil, fmt.Errorf("/query: bad row %d after %s: %w", len(rows), render(rows), err)
		}
		rows = append(rows, row)
		if afterHeader != nil {
			if err := afterHeader(); err != nil {
				return nil, err
			}
			afterHeader = nil
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("/query: response array not closed after %s: %w", render(rows), err)
	}
	return rows, nil
}

func (c *restClient) post(ctx context.Context, path, accept, sql string) (*http.Response, error) {
	body, err := json.Marshal(map[string]any{"ksql": sql, "streamsProperties": c.props})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mediaKsql)
	req.Header.Set("Accept", accept)
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return resp, nil
}

// readAPIError reads an error response; a body that is not ksqlDB's error
// JSON becomes the message as it is.
func readAPIError(resp *http.Response) error {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading error response (status %d): %w", resp.StatusCode, err)
	}
	var body struct {
		Message string `json:"message"`
	}
	msg := string(bytes.TrimSpace(data))
	if json.Unmarshal(data, &body) == nil && body.Message != "" {
		msg = body.Message
	}
	return &apiError{status: resp.StatusCode, message: msg}
}
