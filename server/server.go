package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/metrics"
)

// Backend is what the server needs from the engine; *engine.Engine satisfies it.
type Backend interface {
	Execute(ctx context.Context, req engine.Request) ([]engine.Entity, error)
	Query(ctx context.Context, req engine.Request) (engine.Query, error)
	CloseQuery(id string) error
	Info() engine.ServerInfo
	Healthy(ctx context.Context) (metastore, kafka bool)
}

var _ Backend = (*engine.Engine)(nil)

// Options tunes a Server. Zero values select the defaults.
type Options struct {
	Logger *slog.Logger
	// MaxBodyBytes limits request bodies (default 1 MiB); larger bodies get 413.
	MaxBodyBytes int64
	// WriteTimeout bounds every single write to a client: one response, one
	// streamed row, one WebSocket frame (default 10s).
	WriteTimeout time.Duration
	// PingInterval is how often idle WebSocket clients are pinged (default 30s);
	// a client that does not answer within two intervals is dropped.
	PingInterval time.Duration
	// HealthTimeout bounds a /healthcheck probe of the backend (default 5s).
	HealthTimeout time.Duration
	// AllowedOrigins lists the browser origins (scheme://host[:port]) allowed to
	// open /ws/query besides the server's own host. "*" allows any origin.
	AllowedOrigins []string
	// Metrics, when set, is served at GET /metrics and records pull query
	// latency; share it with the engine (engine.Config.Metrics).
	Metrics *metrics.Registry
	// MaxPushQueries and MaxPullQueries limit the transient queries running at
	// once over /query, /query-stream, /ws/query and /ws together (defaults
	// DefaultMaxPushQueries and DefaultMaxPullQueries); beyond them a query
	// is refused with 429.
	MaxPushQueries int
	MaxPullQueries int
	// Auth, when set, requires credentials on every endpoint but /healthcheck
	// and /chc/* (auth.go). Nil serves everyone as admin.
	Auth *Auth
	// TLSCertFile and TLSKeyFile, when both set, make Serve and ServeListener
	// speak HTTPS (PEM files; tls.go).
	TLSCertFile string
	TLSKeyFile  string
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 30 * time.Second
	}
	if o.MaxPushQueries <= 0 {
		o.MaxPushQueries = DefaultMaxPushQueries
	}
	if o.MaxPullQueries <= 0 {
		o.MaxPullQueries = DefaultMaxPullQueries
	}
	if o.HealthTimeout <= 0 {
		o.HealthTimeout = 5 * time.Second
	}
	return o
}

// Server serves the REST and WebSocket API over a Backend. It is an
// http.Handler; Serve and ServeListener run it with graceful shutdown.
type Server struct {
	backend Backend
	opts    Options
	log     *slog.Logger
	router  chi.Router
	limits  *queryLimits

	// sessions counts WebSocket sessions: hijacked connections that
	// http.Server.Shutdown does not wait for.
	sessions sync.WaitGroup
}

// New returns a Server answering requests with backend.
func New(backend Backend, opts Options) *Server {
	opts = opts.withDefaults()
	limits := newQueryLimits(opts.MaxPushQueries, opts.MaxPullQueries)
	s := &Server{backend: guardedBackend{backend, limits}, limits: limits, opts: opts, log: opts.Logger}
	s.router = s.routes()
	return s
}

// ServeHTTP dispatches one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }
