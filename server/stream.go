package server

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"

	"github.com/streamsql/streamsql/engine"
)

// streamFormat frames a streamed query response: /query's chunked JSON array,
// /query-stream's delimited lines or its single JSON array. Each method appends
// to buf; the driver flushes after the header and after every row.
type streamFormat interface {
	header(buf *bytes.Buffer, q engine.Query)
	// row appends one row; cols is the row rendered as a JSON array.
	row(buf *bytes.Buffer, cols []byte, tombstone bool)
	// end closes the response after the query finished with message
	// ("Limit Reached", "Query Completed" or "").
	end(buf *bytes.Buffer, message string)
	// fail closes the response after the query failed with err.
	fail(buf *bytes.Buffer, err error)
}

// stream writes q's rows to w in format f until the query ends, fails, or the
// client goes away, and closes q.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, q engine.Query, f streamFormat) {
	defer q.Close()
	ctx := r.Context()
	log := s.log.With(slog.String("path", r.URL.Path), slog.String("queryId", q.ID()))
	sw := s.newStreamWriter(w, r)
	f.header(&sw.buf, q)
	cols := q.Columns()
	var rendered []byte
	for sw.send(log) {
		row, err := q.Next(ctx)
		if err == nil {
			rendered, err = appendRow(rendered[:0], cols, row.Values)
		}
		if err != nil {
			if s.finishStream(ctx.Err() != nil, log, &sw.buf, f, err) {
				sw.send(log)
			}
			return
		}
		f.row(&sw.buf, rendered, row.Tombstone)
	}
}

// finishStream appends the end of the response for err, the error that
// stopped the query. It reports false when nothing should be written because
// the request was cancelled (client gone, or server shutting down).
func (s *Server) finishStream(cancelled bool, log *slog.Logger, buf *bytes.Buffer, f streamFormat, err error) bool {
	var end *engine.End
	switch {
	case errors.As(err, &end):
		f.end(buf, end.Message)
		return true
	case cancelled:
		log.Debug("query stream cancelled", slog.String("error", err.Error()))
		return false
	case errors.Is(err, engine.ErrSlowConsumer):
		log.Warn("query dropped: client too slow", slog.String("error", err.Error()))
	default:
		log.Error("query failed while streaming", slog.String("error", err.Error()))
	}
	f.fail(buf, err)
	return true
}
