package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/streamsql/streamsql/engine"
)

// WebSocket close codes used by /ws/query.
const (
	closeNormal        = websocket.CloseNormalClosure   // 1000: query done
	closeGoingAway     = websocket.CloseGoingAway       // 1001: server shutting down
	closeCannotAccept  = websocket.CloseUnsupportedData // 1003: bad request or statement (as ksqlDB)
	closeInternalError = websocket.CloseInternalServerErr
	closeTryAgainLater = websocket.CloseTryAgainLater // 1013: client too slow
)

// closeGrace is how long a session waits for the client to answer its close frame.
const closeGrace = time.Second

// maxClientMessage bounds frames read from clients, which send nothing useful.
const maxClientMessage = 4 << 10

// handleWebSocket serves GET /ws/query?request=<url-encoded {"ksql":..,"streamsProperties":{}}>:
// the first text frame is the schema, then one {"row":{"columns":[...]}} per
// frame, then a close frame: 1000 "done" when the query ends, 1003 for a bad
// request or statement, 1013 when the client fell too far behind, 1011 for
// other failures, 1001 when the server shuts down.
func (s *Server) handleWebSocket(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		s.errorf(w, r, engine.CodeBadRequest, "%s expects a WebSocket upgrade request", r.URL.Path)
		return
	}
	req, reqErr := parseWSRequest(r.URL.Query().Get("request"))
	upgrader := websocket.Upgrader{
		HandshakeTimeout: s.opts.WriteTimeout,
		ReadBufferSize:   1 << 10,
		WriteBufferSize:  4 << 10,
		CheckOrigin:      s.checkOrigin,
	}
	s.sessions.Add(1) // before the hijack, so that Serve's shutdown waits for it
	defer s.sessions.Done()
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.log.Warn("websocket upgrade failed", slog.String("error", err.Error()))
		return // the upgrader has answered with an HTTP error
	}
	sess := s.newSession(r.Context(), conn)
	defer sess.finish()
	if reqErr != nil {
		sess.close(closeCannotAccept, reqErr.Error())
		return
	}
	sess.run(req)
}

func parseWSRequest(raw string) (engine.Request, error) {
	if raw == "" {
		return engine.Request{}, errBadRequest(`missing query parameter "request"`)
	}
	var body ksqlRequest
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return engine.Request{}, errBadRequest("error parsing request: %v", err)
	}
	return body.engineRequest()
}

// checkOrigin admits requests without an Origin (non-browser clients), from
// the server's own host, and from Options.AllowedOrigins.
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if u, err := url.Parse(origin); err == nil && strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, allowed := range s.opts.AllowedOrigins {
		if allowed == "*" || strings.EqualFold(allowed, origin) {
			return true
		}
	}
	s.log.Warn("websocket origin rejected", slog.String("origin", origin))
	return false
}

// closeReason fits reason in a close frame's 123 bytes, cutting on a rune boundary.
func closeReason(reason string) string {
	const max = 123
	if len(reason) <= max {
		return reason
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(reason[cut]) {
		cut--
	}
	return reason[:cut]
}

// closeCodeFor picks the close code and reason for the error that ended a query.
func closeCodeFor(err error) (int, string) {
	var end *engine.End
	var e *engine.Error
	switch {
	case errors.As(err, &end):
		return closeNormal, "done"
	case errors.Is(err, engine.ErrSlowConsumer):
		return closeTryAgainLater, err.Error()
	case errors.As(err, &e) && e.HTTPStatus() >= 400 && e.HTTPStatus() < 500:
		return closeCannotAccept, e.Message
	}
	return closeInternalError, err.Error()
}
