package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/streamsql/streamsql/engine"
)

func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(s.recoverer, s.logRequests, s.authenticate)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.errorf(w, r, engine.CodeNotFound, "no endpoint %s %s", r.Method, r.URL.Path)
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.errorf(w, r, codeMethodNotAllowed, "method %s is not allowed on %s", r.Method, r.URL.Path)
	})

	rest := r.With(s.accepts(restMedia...))
	rest.Post("/ksql", s.handleKsql)
	r.With(s.accepts(queryMedia...)).Post("/query", s.handleQuery)
	rest.Post("/close-query", s.handleCloseQuery)
	rest.Get("/info", s.handleInfo)
	rest.Get("/healthcheck", s.handleHealthcheck)
	s.mountClusterRoutes(r, rest)
	mountDashboard(r)
	r.With(s.arrowQueryStream, s.accepts(streamMedia...)).Post("/query-stream", s.handleQueryStream)
	r.Get("/ws/query", s.handleWebSocket)
	r.Get("/ws", s.handleMultiWebSocket)
	if s.opts.Metrics != nil {
		r.Method(http.MethodGet, "/metrics", s.opts.Metrics.Handler())
	}
	return r
}

// logRequests logs each request at Debug when it ends, with status and duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		start := time.Now()
		next.ServeHTTP(ww, r)
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("proto", r.Proto), slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()), slog.Duration("duration", time.Since(start)))
	})
}

// recoverer turns a handler panic into a logged 500 instead of a dropped
// connection. http.ErrAbortHandler is re-panicked, as net/http expects.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("handler panicked", slog.String("path", r.URL.Path),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			s.writeError(w, r, fmt.Errorf("handler panicked: %v", p))
		}()
		next.ServeHTTP(w, r)
	})
}
