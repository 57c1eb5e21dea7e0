package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/streamsql/streamsql/engine"
)

// session is one /ws/query connection. Three goroutines work on it: the
// handler's (run: query rows → frames), a reader (detects the client going
// away and answers its control frames) and a pinger (keeps idle connections
// checked). finish stops all of them before the handler returns.
type session struct {
	s      *Server
	conn   *websocket.Conn
	ctx    context.Context // cancelled when the client goes, or the server stops
	cancel context.CancelFunc
	log    *slog.Logger

	readerDone chan struct{} // closed when the client is gone or has sent a close frame
	wg         sync.WaitGroup
	closed     bool // a close frame was sent
}

func (s *Server) newSession(parent context.Context, conn *websocket.Conn) *session {
	ctx, cancel := context.WithCancel(parent)
	sess := &session{
		s: s, conn: conn, ctx: ctx, cancel: cancel,
		log:        s.log.With(slog.String("path", "/ws/query"), slog.String("remote", conn.RemoteAddr().String())),
		readerDone: make(chan struct{}),
	}
	conn.SetReadLimit(maxClientMessage)
	sess.extendReadDeadline()
	conn.SetPongHandler(func(string) error { sess.extendReadDeadline(); return nil })
	sess.wg.Add(2)
	go sess.read()
	go sess.ping()
	return sess
}

func (sess *session) extendReadDeadline() {
	_ = sess.conn.SetReadDeadline(time.Now().Add(2 * sess.s.opts.PingInterval))
}

// read discards client frames until the connection fails or the client closes it.
func (sess *session) read() {
	defer sess.wg.Done()
	defer close(sess.readerDone)
	defer sess.cancel()
	for {
		if _, _, err := sess.conn.NextReader(); err != nil {
			sess.log.Debug("websocket client gone", slog.String("error", err.Error()))
			return
		}
		sess.extendReadDeadline()
	}
}

func (sess *session) ping() {
	defer sess.wg.Done()
	t := time.NewTicker(sess.s.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-sess.ctx.Done():
			return
		case <-t.C:
			deadline := time.Now().Add(sess.s.opts.WriteTimeout)
			if err := sess.conn.WriteControl(websocket.PingMessage, nil, deadline); err != nil {
				sess.log.Debug("websocket ping failed", slog.String("error", err.Error()))
				sess.cancel()
				return
			}
		}
	}
}

// run starts the query and streams it until it ends, fails or the client goes.
func (sess *session) run(req engine.Request) {
	q, err := sess.s.backend.Query(sess.ctx, req)
	if err != nil {
		code, reason := closeCodeFor(err)
		sess.log.Warn("websocket query rejected", slog.String("error", err.Error()))
		sess.close(code, reason)
		return
	}
	defer q.Close()
	sess.log = sess.log.With(slog.String("queryId", q.ID()))
	cols := q.Columns()
	schema, _ := marshal(fieldInfos(cols)) // only strings: cannot fail
	if !sess.write(schema) {
		return
	}
	var frame []byte
	for {
		row, err := q.Next(sess.ctx)
		if err == nil {
			frame, err = appendRowFrame(frame[:0], cols, row)
		}
		if err != nil {
			sess.end(err)
			return
		}
		if !sess.write(frame) {
			return
		}
	}
}

// appendRowFrame renders {"row":{"columns":[...]}} (with "tombstone":true for deletes).
func appendRowFrame(b []byte, cols []engine.Column, row engine.Row) ([]byte, error) {
	b = append(b, `{"row":{"columns":`...)
	b, err := appendRow(b, cols, row.Values)
	if row.Tombstone {
		b = append(b, `,"tombstone":true`...)
	}
	return append(b, "}}"...), err
}

// write sends one text frame within the write timeout; false means the
// connection is unusable and the session should end.
func (sess *session) write(frame []byte) bool {
	_ = sess.conn.SetWriteDeadline(time.Now().Add(sess.s.opts.WriteTimeout))
	if err := sess.conn.WriteMessage(websocket.TextMessage, frame); err != nil {
		sess.log.Debug("websocket write failed", slog.String("error", err.Error()))
		return false
	}
	return true
}

// end closes the session for err, the error that stopped the query.
func (sess *session) end(err error) {
	select {
	case <-sess.readerDone:
		return // the client is gone: nobody to tell
	default:
	}
	if sess.ctx.Err() != nil {
		sess.close(closeGoingAway, "server shutting down")
		return
	}
	code, reason := closeCodeFor(err)
	if code != closeNormal {
		sess.log.Warn("websocket query ended", slog.Int("code", code), slog.String("error", err.Error()))
	}
	sess.close(code, reason)
}

// close sends a close frame; finish then waits briefly for the client's answer.
func (sess *session) close(code int, reason string) {
	msg := websocket.FormatCloseMessage(code, closeReason(reason))
	deadline := time.Now().Add(sess.s.opts.WriteTimeout)
	if err := sess.conn.WriteControl(websocket.CloseMessage, msg, deadline); err != nil {
		sess.log.Debug("websocket close failed", slog.String("error", err.Error()))
		return
	}
	sess.closed = true
}

// finish tears the connection down and waits for the reader and pinger.
func (sess *session) finish() {
	if sess.closed {
		t := time.NewTimer(closeGrace)
		select {
		case <-sess.readerDone:
		case <-t.C:
		}
		t.Stop()
	}
	sess.cancel()
	_ = sess.conn.Close()
	sess.wg.Wait()
}
