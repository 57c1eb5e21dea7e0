package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/streamsql/streamsql/engine"
)

// Inserter is the optional part of a Backend that serves POST /inserts-stream;
// *engine.Engine implements it. Without it the endpoint answers 501.
type Inserter interface {
	// CheckInsertTarget reports whether rows can be inserted into target.
	CheckInsertTarget(target string) error
	// InsertRow inserts one row given as column name → JSON value.
	InsertRow(ctx context.Context, target string, row map[string]any) error
}

var _ Inserter = (*engine.Engine)(nil)

// insertsIdleTimeout is how long /inserts-stream waits for the next line.
const insertsIdleTimeout = 2 * time.Minute

// insertsRequest is the first JSON object of a POST /inserts-stream body.
type insertsRequest struct {
	Target     string         `json:"target"`
	Properties map[string]any `json:"properties"`
}

// insertAck is the per-row answer of /inserts-stream: ksqlDB's InsertAck and
// InsertError.
type insertAck struct {
	Status  string `json:"status"`
	Seq     int64  `json:"seq"`
	Code    int    `json:"error_code,omitempty"`
	Message string `json:"message,omitempty"`
}

// handleInsertsStream inserts rows: POST /inserts-stream. The body is the
// request object on the first line, then one JSON object per line; each row
// is acknowledged as soon as it is written, with {"status":"ok","seq":N} or
// {"status":"error","seq":N,"error_code":..,"message":..}. A bad row does not
// end the stream. Acks are delimited lines, or one JSON array with
// application/json. The exchange is full duplex: acks flow while the client
// is still sending.
func (s *Server) handleInsertsStream(w http.ResponseWriter, r *http.Request) {
	ins, ok := s.inner().(Inserter)
	if !ok {
		s.errorf(w, r, codeNotImplemented, "this server cannot insert rows")
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex() // HTTP/2 is full duplex anyway
	lines := newLineReader(r.Body, int(s.opts.MaxBodyBytes))
	req, err := s.readInsertsRequest(rc, lines)
	if err == nil {
		err = ins.CheckInsertTarget(req.Target)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.streamAcks(w, r, rc, lines, ins, req.Target)
}

// readInsertsRequest reads and checks the first line of the body.
func (s *Server) readInsertsRequest(rc *http.ResponseController, lines *lineReader) (insertsRequest, error) {
	var req insertsRequest
	setReadDeadline(rc, insertsIdleTimeout)
	line, err := lines.next()
	if errors.Is(err, io.EOF) {
		return req, errBadRequest("request body is empty: expected {\"target\": ..} on the first line")
	}
	if err != nil {
		return req, err
	}
	if err := decodeJSONLine(line, &req); err != nil {
		return req, errBadRequest("malformed JSON in the first line of the request: %v", err)
	}
	if req.Target == "" {
		return req, errBadRequest(`request has no "target" field on its first line`)
	}
	return req, checkOverrides(req.Properties)
}

// streamAcks inserts each remaining line and writes its ack.
func (s *Server) streamAcks(w http.ResponseWriter, r *http.Request, rc *http.ResponseController,
	lines *lineReader, ins Inserter, target string) {
	log := s.log.With(slog.String("path", r.URL.Path), slog.String("target", target))
	sw := s.newStreamWriter(w, r)
	jsonArray := responseMedia(r) == mediaJSON
	if jsonArray {
		sw.buf.WriteByte('[')
	}
	if !sw.send(log) {
		return
	}
	for seq := int64(0); ; seq++ {
		setReadDeadline(rc, insertsIdleTimeout)
		line, err := lines.next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				log.Debug("inserts stream ended", slog.String("error", err.Error()))
			}
			break
		}
		ack := s.insertLine(r.Context(), ins, target, seq, line)
		b, _ := marshal(ack) // strings and ints: cannot fail
		if jsonArray && seq > 0 {
			sw.buf.WriteByte(',')
		}
		sw.buf.Write(b)
		if !jsonArray {
			sw.buf.WriteByte('\n')
		}
		if !sw.send(log) {
			return
		}
	}
	if jsonArray {
		sw.buf.WriteString("]")
		sw.send(log)
	}
}

// insertLine inserts one row and returns its ack.
func (s *Server) insertLine(ctx context.Context, ins Inserter, target string, seq int64, line []byte) insertAck {
	var row map[string]any
	err := decodeJSONLine(line, &row)
	if err != nil {
		err = errBadRequest("malformed JSON row: %v", err)
	} else if row == nil {
		err = errBadRequest("row is null: expected a JSON object")
	} else {
		err = ins.InsertRow(ctx, target, row)
	}
	if err == nil {
		return insertAck{Status: "ok", Seq: seq}
	}
	var e *engine.Error
	if !errors.As(err, &e) {
		e = toEngineError(err)
	}
	s.log.Debug("insert failed", slog.String("target", target), slog.Int64("seq", seq), slog.String("error", e.Message))
	return insertAck{Status: "error", Seq: seq, Code: e.Code, Message: e.Message}
}

// decodeJSONLine decodes exactly one JSON value from line, keeping numbers exact.
func decodeJSONLine(line []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

func setReadDeadline(rc *http.ResponseController, d time.Duration) {
	_ = rc.SetReadDeadline(time.Now().Add(d)) // unsupported on some writers: no deadline then
}

// lineReader splits a body into non-blank lines of at most max bytes.
type lineReader struct {
	br  *bufio.Reader
	max int
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next non-blank line without its end of line; the slice is
// valid until the next call. A line longer than max is an error.
func (l *lineReader) next() ([]byte, error) {
	var buf []byte
	for {
		chunk, err := l.br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > l.max {
			return nil, errBadRequest("line exceeds the limit of %d bytes", l.max)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line := bytes.TrimSpace(buf)
		if len(line) > 0 && (err == nil || errors.Is(err, io.EOF)) {
			return line, nil
		}
		if err != nil {
			return nil, err
		}
		buf = buf[:0]
	}
}

// codeNotImplemented answers endpoints the backend cannot serve.
const codeNotImplemented = 50100

// inner is the Backend the server was created with, under any wrapper the
// server adds.
func (s *Server) inner() Backend {
	if g, ok := s.backend.(guardedBackend); ok {
		return g.Backend
	}
	return s.backend
}
