package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ShutdownTimeout bounds how long a graceful shutdown waits for requests
// that are not streaming to finish.
const ShutdownTimeout = 10 * time.Second

// Serve listens on listenAddr (host:port) and serves until ctx is cancelled,
// then shuts down gracefully. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, listenAddr string) error {
	ln, err := net.Listen("tcp", listenAddr)
	if err != nil {
		return fmt.Errorf("server: listen on %s: %w", listenAddr, err)
	}
	return s.ServeListener(ctx, ln)
}

// ServeListener serves on ln until ctx is cancelled. Shutdown first cancels the
// context of every request, which ends streaming responses and closes
// WebSocket sessions (code 1001), then waits up to ShutdownTimeout for the
// handlers to return. ln is closed on return.
func (s *Server) ServeListener(ctx context.Context, ln net.Listener) error {
	base, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()
	srv := s.httpServer(base)
	if err := s.configureTLS(srv); err != nil {
		ln.Close()
		return err
	}

	// Read before Serve starts: Serve writes TLSConfig.
	useTLS := srv.TLSConfig != nil
	errc := make(chan error, 1)
	go func() {
		if useTLS {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	s.log.Info("serving REST API", slog.String("addr", ln.Addr().String()), slog.Bool("tls", useTLS))

	select {
	case err := <-errc:
		return fmt.Errorf("server: serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	cancelRequests()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if werr := s.waitSessions(shutdownCtx); err == nil {
		err = werr
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	s.log.Info("REST API stopped")
	return nil
}

// httpServer configures the standard library server: HTTP/1.1 plus HTTP/2 with
// prior knowledge over cleartext (h2c), header and idle timeouts. There is no
// server-wide WriteTimeout: streaming handlers set a deadline per write.
func (s *Server) httpServer(base context.Context) *http.Server {
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	return &http.Server{
		Handler:           s,
		Protocols:         &protocols,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// waitSessions waits for every WebSocket session to end, or for ctx.
func (s *Server) waitSessions(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.sessions.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("websocket sessions still open: %w", ctx.Err())
	}
}
