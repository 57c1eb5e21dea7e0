package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/streamsql/streamsql/engine"
)

// Error codes the server produces itself; the engine's are in package engine.
const (
	codeMethodNotAllowed = 40500
	codeNotAcceptable    = 40600
	codeBodyTooLarge     = 41300
)

// genericError is ksqlDB's KsqlErrorMessage.
type genericError struct {
	Type    string `json:"@type"`
	Code    int    `json:"error_code"`
	Message string `json:"message"`
}

// statementError is ksqlDB's KsqlStatementErrorMessage: an error tied to a statement.
type statementError struct {
	Type          string          `json:"@type"`
	Code          int             `json:"error_code"`
	Message       string          `json:"message"`
	StatementText string          `json:"statementText"`
	Entities      []engine.Entity `json:"entities"`
}

// errorBody converts err to ksqlDB's error JSON and the HTTP status that goes with it.
func errorBody(err error) (status int, body any) {
	var e *engine.Error
	if !errors.As(err, &e) {
		e = toEngineError(err)
	}
	status = e.HTTPStatus()
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	if e.StatementText == "" {
		return status, genericError{Type: "generic_error", Code: e.Code, Message: e.Message}
	}
	entities := e.Entities
	if entities == nil {
		entities = []engine.Entity{}
	}
	return status, statementError{
		Type: "statement_error", Code: e.Code, Message: e.Message,
		StatementText: e.StatementText, Entities: entities,
	}
}

// toEngineError classifies an error that did not come as an *engine.Error.
func toEngineError(err error) *engine.Error {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return engine.Errorf(codeBodyTooLarge, "request body exceeds the limit of %d bytes", tooLarge.Limit)
	case errors.Is(err, context.DeadlineExceeded):
		return engine.Errorf(engine.CodeNotReady, "request timed out: %v", err)
	default:
		return engine.Errorf(engine.CodeServerError, "internal error: %v", err)
	}
}

// writeError answers r with err as ksqlDB error JSON, logging it: at Warn for
// client errors, at Error for server errors.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := errorBody(err)
	s.logError(r, status, err)
	s.writeJSON(w, r, status, body)
}

// errorf answers r with a generic_error of the given code and message.
func (s *Server) errorf(w http.ResponseWriter, r *http.Request, code int, format string, args ...any) {
	s.writeError(w, r, engine.Errorf(code, format, args...))
}

func (s *Server) logError(r *http.Request, status int, err error) {
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request failed",
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", status), slog.String("error", err.Error()))
}

// errBadRequest builds a 40000 error for a malformed request.
func errBadRequest(format string, args ...any) *engine.Error {
	return engine.Errorf(engine.CodeBadRequest, format, args...)
}

// describeJSONError words a JSON decoding failure for the client.
func describeJSONError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return errBadRequest("malformed JSON in request body: %v", err)
}
