package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/streamsql/streamsql/engine"
)

// Batching of Arrow results: a record batch is written when it holds
// arrowBatchRows rows, when a push query has had rows waiting for
// arrowFlushInterval, and when the query ends.
var (
	arrowBatchRows     = 1024
	arrowFlushInterval = 200 * time.Millisecond
)

// arrowHeaderError is the trailer that carries the error that cut an Arrow
// stream short; a stream without the end-of-stream marker was cut short.
const arrowHeaderError = "Ksql-Error"

// wantsArrow reports whether r's Accept header names Arrow explicitly, with a
// quality no lower than any other /query-stream media type it names; wildcards
// never select Arrow.
func wantsArrow(r *http.Request) bool {
	arrowQ, otherQ := 0.0, 0.0
	for _, mr := range parseAccept(r.Header.Values("Accept")) {
		switch media := mr.typ + "/" + mr.sub; {
		case media == mediaArrow:
			arrowQ = max(arrowQ, mr.q)
		case media == mediaDelimited || media == mediaJSON:
			otherQ = max(otherQ, mr.q)
		}
	}
	return arrowQ > 0 && arrowQ >= otherQ
}

// arrowQueryStream is middleware for POST /query-stream that answers
// requests accepting application/vnd.apache.arrow.stream with the result as
// an Arrow IPC stream, and passes the others on.
func (s *Server) arrowQueryStream(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !wantsArrow(r) {
			next.ServeHTTP(w, r)
			return
		}
		var body queryStreamRequest
		if err := s.decodeBody(w, r, &body); err != nil {
			s.writeError(w, r, err)
			return
		}
		if body.SQL == "" {
			s.writeError(w, r, errBadRequest(`request has no statement: the "sql" field is missing or empty`))
			return
		}
		q, err := s.backend.Query(r.Context(), engine.Request{
			SQL: body.SQL, Properties: body.Properties, SessionVariables: body.SessionVariables,
		})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if isPrint(q) {
			q.Close()
			s.writeError(w, r, errBadRequest("PRINT output cannot be sent as %s: ask for %s", mediaArrow, mediaDelimited))
			return
		}
		s.streamArrow(w, r, q)
	})
}

// streamArrow writes q's rows to w as an Arrow IPC stream: the schema, then
// record batches. A push query first sends an empty batch so that clients get
// the schema at once. A failure after the first byte ends the stream without
// its end-of-stream marker and sets the Ksql-Error trailer.
func (s *Server) streamArrow(w http.ResponseWriter, r *http.Request, q engine.Query) {
	defer q.Close()
	ctx := r.Context()
	log := s.log.With(slog.String("path", r.URL.Path), slog.String("queryId", q.ID()))
	cols := q.Columns()
	schema := arrowSchema(q.ID(), cols)
	batch := newArrowBatch(schema, cols)
	defer batch.release()

	w.Header().Set("Trailer", arrowHeaderError)
	r = r.WithContext(context.WithValue(ctx, mediaKey{}, mediaArrow))
	sw := s.newStreamWriter(w, r)
	iw := ipc.NewWriter(&sw.buf, ipc.WithSchema(schema))
	write := func() bool {
		rec := batch.flush()
		defer rec.Release()
		if err := iw.Write(rec); err != nil {
			log.Error("encoding arrow batch", slog.String("error", err.Error()))
			w.Header().Set(arrowHeaderError, err.Error())
			return false
		}
		return sw.send(log)
	}
	if !q.Pull() && !write() {
		return
	}
	var oldest time.Time // when the oldest unsent row arrived
	for {
		row, err := s.nextArrowRow(ctx, q, batch.rows > 0, oldest)
		switch {
		case errors.Is(err, errFlushDue):
			if !write() {
				return
			}
			continue
		case err == nil:
			err = batch.add(row.Values)
		}
		if err != nil {
			s.endArrow(ctx, w, sw, iw, batch, log, err)
			return
		}
		if batch.rows == 1 {
			oldest = time.Now()
		}
		if batch.rows >= arrowBatchRows && !write() {
			return
		}
	}
}

// errFlushDue tells streamArrow that buffered rows waited long enough.
var errFlushDue = errors.New("flush due")

// nextArrowRow waits for the next row, but when rows are pending only until
// they are due to be flushed.
func (s *Server) nextArrowRow(ctx context.Context, q engine.Query, pending bool, oldest time.Time) (engine.Row, error) {
	if !pending || q.Pull() {
		return q.Next(ctx)
	}
	wait, cancel := context.WithDeadline(ctx, oldest.Add(arrowFlushInterval))
	defer cancel()
	row, err := q.Next(wait)
	if err != nil && ctx.Err() == nil && wait.Err() != nil {
		return row, errFlushDue
	}
	return row, err
}

// endArrow finishes the stream after err stopped the query: the last batch
// and the end-of-stream marker when the query ended normally, the error
// trailer otherwise.
func (s *Server) endArrow(ctx context.Context, w http.ResponseWriter, sw *streamWriter, iw *ipc.Writer,
	batch *arrowBatch, log *slog.Logger, err error) {
	var end *engine.End
	if !errors.As(err, &end) {
		if ctx.Err() != nil {
			log.Debug("arrow stream cancelled", slog.String("error", err.Error()))
			return
		}
		log.Error("query failed while streaming arrow", slog.String("error", err.Error()))
		_, body := errorBody(err)
		b, _ := marshal(body)
		w.Header().Set(arrowHeaderError, string(b))
		return
	}
	var werr error
	if batch.rows > 0 {
		rec := batch.flush()
		werr = iw.Write(rec)
		rec.Release()
	}
	if werr == nil {
		werr = iw.Close()
	}
	if werr != nil {
		w.Header().Set(arrowHeaderError, werr.Error())
		return
	}
	sw.send(log)
}
