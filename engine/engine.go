package engine

import (
	"context"
	"errors"
	"log/slog"
)

// Config configures an Engine.
type Config struct {
	ServiceID  string            // ksql.service.id; default "default_"
	Brokers    []string          // Kafka bootstrap addresses; empty means in-memory topics (test driver)
	DataDir    string            // local state
	Properties map[string]string // server-level ksql/streams properties
	Logger     *slog.Logger
}

// ServerInfo is what GET /info reports.
type ServerInfo struct {
	Version        string
	KafkaClusterID string
	ServiceID      string
	Status         string // RUNNING, ...
}

// Engine owns the catalog and the lifecycle of every query.
type Engine struct {
	cfg Config
}

var errNotBuilt = errors.New("engine: not implemented yet")

// New returns an engine; call Start before use.
func New(cfg Config) (*Engine, error) { return &Engine{cfg: cfg}, nil }

// Start replays the command topic and starts the persistent queries it defines.
func (e *Engine) Start(ctx context.Context) error { return errNotBuilt }

// Close stops every query cleanly (flushing and committing) and releases resources.
func (e *Engine) Close() error { return nil }

// Execute runs the statements of a POST /ksql request in order and returns one
// entity per statement. On failure it returns an *Error whose Entities hold the
// results of the statements that succeeded before it.
func (e *Engine) Execute(ctx context.Context, req Request) ([]Entity, error) { return nil, errNotBuilt }

// Query starts a SELECT (push or pull) or PRINT for /query, /query-stream and /ws/query.
func (e *Engine) Query(ctx context.Context, req Request) (Query, error) { return nil, errNotBuilt }

// CloseQuery stops the transient query with this id (POST /close-query).
func (e *Engine) CloseQuery(id string) error { return errNotBuilt }

// Info reports the server identity for GET /info.
func (e *Engine) Info() ServerInfo { return ServerInfo{Version: Version, ServiceID: e.cfg.ServiceID, Status: "RUNNING"} }

// Healthy reports whether the metastore and Kafka are reachable (GET /healthcheck).
func (e *Engine) Healthy(ctx context.Context) (metastore, kafka bool) { return true, true }

// Version is the streamsql version reported by /info.
const Version = "0.1.0"
