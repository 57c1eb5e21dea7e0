package server

import (
	"bytes"
	"net/http"
	"time"

	"github.com/streamsql/streamsql/engine"
)

// handleQuery runs a SELECT or PRINT: POST /query → a chunked JSON array
//
//	[{"header":{"queryId":"..","schema":"`ID` STRING KEY, `N` BIGINT"}},
//	{"row":{"columns":[...]}},
//	{"finalMessage":"Limit Reached"}]
//
// Push queries use ksqlDB's push framing (each element is followed by ",\n"
// and flushed at once); pull queries use its pull framing (each row is
// preceded by ",\n"), so the array is valid JSON whether or not a final
// message ends it.
func (s *Server) handleQuery(w http.ResponseWriter, r *http.Request) {
	var body ksqlRequest
	if err := s.decodeBody(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := body.engineRequest()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	start := time.Now()
	q, err := s.backend.Query(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if q.Pull() {
		defer func() { s.opts.Metrics.ObservePull(time.Since(start)) }()
	}
	if isPrint(q) {
		s.stream(w, r, q, printFormat{})
		return
	}
	if responseMedia(r) == mediaProtobuf {
		s.streamProtobuf(w, r, q)
		return
	}
	s.stream(w, r, q, &queryFormat{pull: q.Pull()})
}

// queryFormat frames /query responses.
type queryFormat struct {
	pull bool
}

type queryHeader struct {
	Header struct {
		QueryID string `json:"queryId"`
		Schema  string `json:"schema"`
	} `json:"header"`
}

func (f *queryFormat) header(buf *bytes.Buffer, q engine.Query) {
	var h queryHeader
	h.Header.QueryID = q.ID()
	h.Header.Schema = schemaString(q.Columns())
	b, _ := marshal(h) // only strings: cannot fail
	buf.WriteByte('[')
	buf.Write(b)
	f.separate(buf, false)
}

// separate writes the separator that goes after an element (push framing)
// or before one (pull framing, before is true).
func (f *queryFormat) separate(buf *bytes.Buffer, before bool) {
	if f.pull == before {
		buf.WriteString(",\n")
	}
}

func (f *queryFormat) row(buf *bytes.Buffer, cols []byte, tombstone bool) {
	f.separate(buf, true)
	buf.WriteString(`{"row":{"columns":`)
	buf.Write(cols)
	if tombstone {
		buf.WriteString(`,"tombstone":true`)
	}
	buf.WriteString("}}")
	f.separate(buf, false)
}

func (f *queryFormat) end(buf *bytes.Buffer, message string) {
	if message == "" && !f.pull {
		// Push framing left a separator after the last element, so an
		// element must follow; ksqlDB says this when a query completes.
		message = "Query Completed"
	}
	if message != "" {
		f.separate(buf, true)
		b, _ := marshal(map[string]string{"finalMessage": message})
		buf.Write(b)
	}
	buf.WriteString("]\n")
}

func (f *queryFormat) fail(buf *bytes.Buffer, err error) {
	f.separate(buf, true)
	_, body := errorBody(err)
	b, _ := marshal(map[string]any{"errorMessage": body})
	buf.Write(b)
	buf.WriteString("]\n")
}
