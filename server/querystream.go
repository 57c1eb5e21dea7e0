package server

import (
	"bytes"
	"net/http"
	"time"

	"github.com/streamsql/streamsql/engine"
)

// queryStreamRequest is the body of POST /query-stream.
type queryStreamRequest struct {
	SQL              string         `json:"sql"`
	Properties       map[string]any `json:"properties"`
	SessionVariables map[string]any `json:"sessionVariables"`
}

// handleQueryStream runs a SELECT or PRINT: POST /query-stream. With
// application/vnd.ksqlapi.delimited.v1 (the default) the response is the header
// object on one line, then one JSON array per row per line; with
// application/json it is one JSON array [header, row, ...].
func (s *Server) handleQueryStream(w http.ResponseWriter, r *http.Request) {
	var body queryStreamRequest
	if err := s.decodeBody(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.SQL == "" {
		s.writeError(w, r, errBadRequest(`request has no statement: the "sql" field is missing or empty`))
		return
	}
	start := time.Now()
	q, err := s.backend.Query(r.Context(), engine.Request{
		SQL: body.SQL, Properties: body.Properties, SessionVariables: body.SessionVariables,
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if q.Pull() {
		defer func() { s.opts.Metrics.ObservePull(time.Since(start)) }()
	}
	var f streamFormat = delimitedFormat{}
	if responseMedia(r) == mediaJSON {
		f = jsonArrayFormat{}
	}
	s.stream(w, r, q, f)
}

// delimitedFormat frames application/vnd.ksqlapi.delimited.v1: one JSON value per line.
type delimitedFormat struct{}

func (delimitedFormat) header(buf *bytes.Buffer, q engine.Query) {
	b, _ := marshal(newStreamHeader(q)) // only strings: cannot fail
	buf.Write(b)
	buf.WriteByte('\n')
}

func (delimitedFormat) row(buf *bytes.Buffer, cols []byte, _ bool) {
	buf.Write(cols)
	buf.WriteByte('\n')
}

func (delimitedFormat) end(*bytes.Buffer, string) {}

func (delimitedFormat) fail(buf *bytes.Buffer, err error) {
	_, body := errorBody(err)
	b, _ := marshal(body)
	buf.Write(b)
	buf.WriteByte('\n')
}

// jsonArrayFormat frames application/json: [header,row,row,...].
type jsonArrayFormat struct{}

func (jsonArrayFormat) header(buf *bytes.Buffer, q engine.Query) {
	b, _ := marshal(newStreamHeader(q)) // only strings: cannot fail
	buf.WriteByte('[')
	buf.Write(b)
}

func (jsonArrayFormat) row(buf *bytes.Buffer, cols []byte, _ bool) {
	buf.WriteByte(',')
	buf.Write(cols)
}

func (jsonArrayFormat) end(buf *bytes.Buffer, _ string) { buf.WriteByte(']') }

func (jsonArrayFormat) fail(buf *bytes.Buffer, err error) {
	_, body := errorBody(err)
	b, _ := marshal(body)
	buf.WriteByte(',')
	buf.Write(b)
	buf.WriteByte(']')
}
