package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// decodeBody reads r's body (at most Options.MaxBodyBytes) as one JSON value
// into dst. Numbers decode as json.Number so that property values keep their
// exact text.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, dst any) error {
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, io.EOF) {
			return errBadRequest("request body is empty: expected a JSON object")
		}
		return describeJSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("unexpected data after the JSON object")
		}
		return describeJSONError(err)
	}
	return nil
}

// marshal encodes v as JSON without escaping <, > and & (which appear in type
// names such as ARRAY<STRING>) and without a trailing newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// writeJSON answers r with v as JSON in the negotiated media type.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := marshal(v)
	if err != nil {
		s.log.Error("encoding response", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		status = http.StatusInternalServerError
		b, _ = json.Marshal(genericError{Type: "generic_error", Code: 50000,
			Message: fmt.Sprintf("internal error: encoding response: %v", err)})
	}
	w.Header().Set("Content-Type", responseMedia(r))
	s.setWriteDeadline(w)
	w.WriteHeader(status)
	if _, err := w.Write(append(b, '\n')); err != nil {
		s.log.Debug("writing response", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
}

// setWriteDeadline gives the next write to w Options.WriteTimeout to complete.
func (s *Server) setWriteDeadline(w http.ResponseWriter) {
	err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
	if err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.log.Debug("setting write deadline", slog.String("error", err.Error()))
	}
}

// streamWriter writes a streamed response chunk by chunk: each chunk gets its
// own write deadline and is flushed at once.
type streamWriter struct {
	w   http.ResponseWriter
	rc  *http.ResponseController
	s   *Server
	buf bytes.Buffer
}

func (s *Server) newStreamWriter(w http.ResponseWriter, r *http.Request) *streamWriter {
	w.Header().Set("Content-Type", responseMedia(r))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	return &streamWriter{w: w, rc: http.NewResponseController(w), s: s}
}

// send flushes the buffer, reporting false (and logging why) when the client
// cannot be written to any more.
func (sw *streamWriter) send(log *slog.Logger) bool {
	if err := sw.flush(); err != nil {
		log.Debug("client gone", slog.String("error", err.Error()))
		return false
	}
	return true
}

// flush sends what was buffered since the last flush.
func (sw *streamWriter) flush() error {
	if err := sw.rc.SetWriteDeadline(time.Now().Add(sw.s.opts.WriteTimeout)); err != nil &&
		!errors.Is(err, http.ErrNotSupported) {
		return err
	}
	_, err := sw.w.Write(sw.buf.Bytes())
	sw.buf.Reset()
	if err != nil {
		return err
	}
	return sw.rc.Flush()
}
