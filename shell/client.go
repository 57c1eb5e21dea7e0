package shell

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Client is a minimal client of the ksqlDB-compatible REST API.
type Client struct {
	base string
	http *http.Client
}

// NewClient returns a client of the server at base (http://host:port).
func NewClient(base string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	return &Client{base: strings.TrimRight(base, "/"), http: hc}
}

// URL is the server's base address.
func (c *Client) URL() string { return c.base }

// Close releases idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// ServerError is an error answered by the server.
type ServerError struct {
	Type          string `json:"@type"`
	Code          int    `json:"error_code"`
	Message       string `json:"message"`
	StatementText string `json:"statementText"`
}

func (e *ServerError) Error() string { return e.Message }

type request struct {
	KSQL              string         `json:"ksql"`
	StreamsProperties map[string]any `json:"streamsProperties,omitempty"`
}

// post sends body as JSON to path and returns the response when its status
// is 200; other statuses become *ServerError.
func (c *Client) post(ctx context.Context, path string, body any) (*http.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/vnd.ksql.v1+json")
	req.Header.Set("Accept", "application/vnd.ksql.v1+json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, errorOf(resp)
}

func errorOf(resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var se ServerError
	if json.Unmarshal(data, &se) == nil && se.Message != "" {
		return &se
	}
	return fmt.Errorf("server answered %s: %s", resp.Status, strings.TrimSpace(string(data)))
}

// Ksql runs statements through POST /ksql and returns the entities.
func (c *Client) Ksql(ctx context.Context, stmt string, props map[string]any) ([]json.RawMessage, error) {
	resp, err := c.post(ctx, "/ksql", request{KSQL: stmt, StreamsProperties: props})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var ents []json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&ents); err != nil {
		return nil, fmt.Errorf("reading the answer to %q: %w", stmt, err)
	}
	return ents, nil
}

// QueryHeader starts a /query answer.
type QueryHeader struct {
	QueryID string `json:"queryId"`
	Schema  string `json:"schema"`
}

// queryElement is one element of a /query answer.
type queryElement struct {
	Header *QueryHeader `json:"header"`
	Row    *struct {
		Columns []json.RawMessage `json:"columns"`
	} `json:"row"`
	FinalMessage *string      `json:"finalMessage"`
	ErrorMessage *ServerError `json:"errorMessage"`
}

// QueryHandler receives a /query answer as it streams in.
type QueryHandler interface {
	Header(h QueryHeader, raw json.RawMessage)
	Row(cols []json.RawMessage, raw json.RawMessage)
}

// Query runs a SELECT or PRINT through POST /query, handing each element to
// h as it arrives, and returns the final message. When ctx ends it returns
// ctx's error (with the header's query id in QueryHeader, if one came).
func (c *Client) Query(ctx context.Context, stmt string, props map[string]any, h QueryHandler) (QueryHeader, string, error) {
	var hdr QueryHeader
	resp, err := c.post(ctx, "/query", request{KSQL: stmt, StreamsProperties: props})
	if err != nil {
		return hdr, "", err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	if _, err := dec.Token(); err != nil { // [
		return hdr, "", streamErr(ctx, err)
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return hdr, "", streamErr(ctx, err)
		}
		var el queryElement
		if err := json.Unmarshal(raw, &el); err != nil {
			return hdr, "", fmt.Errorf("bad element in the query stream: %w", err)
		}
		switch {
		case el.Header != nil:
			hdr = *el.Header
			h.Header(hdr, raw)
		case el.Row != nil:
			h.Row(el.Row.Columns, raw)
		case el.ErrorMessage != nil:
			return hdr, "", el.ErrorMessage
		case el.FinalMessage != nil:
			return hdr, *el.FinalMessage, nil
		}
	}
	return hdr, "", nil
}

func streamErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == io.EOF {
		return fmt.Errorf("the server ended the query stream early")
	}
	return err
}

// CloseQuery stops a transient query by id.
func (c *Client) CloseQuery(ctx context.Context, id string) error {
	resp, err := c.post(ctx, "/close-query", map[string]string{"queryId": id})
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// ServerInfo is the body of GET /info.
type ServerInfo struct {
	Version        string `json:"version"`
	KafkaClusterID string `json:"kafkaClusterId"`
	ServiceID      string `json:"ksqlServiceId"`
	Status         string `json:"serverStatus"`
}

// Info asks the server who it is.
func (c *Client) Info(ctx context.Context) (ServerInfo, error) {
	var body struct {
		Info ServerInfo `json:"KsqlServerInfo"`
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/info", nil)
	if err != nil {
		return body.Info, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return body.Info, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return body.Info, errorOf(resp)
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	return body.Info, err
}
