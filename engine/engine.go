package engine

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/streamsql/streamsql/metrics"
	"github.com/streamsql/streamsql/planner"
)

// Config configures an Engine.
type Config struct {
	ServiceID  string            // ksql.service.id; default "default_"
	Brokers    []string          // Kafka bootstrap addresses; empty means in-memory topics (test driver)
	DataDir    string            // local state
	Properties map[string]string // server-level ksql/streams properties
	Logger     *slog.Logger
	// Metrics, when set, receives per-query counters, lag, state size and
	// push subscriber counts (metrics.Registry; nil records nothing).
	Metrics *metrics.Registry
}

// ServerInfo is what GET /info reports.
type ServerInfo struct {
	Version        string
	KafkaClusterID string
	ServiceID      string
	Status         string // RUNNING, ...
}

// Version is the streamsql version reported by /info.
const Version = "0.1.0"

// Engine owns the catalog and the lifecycle of every query. Statements are
// serialised by mu; running tasks never take it.
type Engine struct {
	cfg    Config
	log    *slog.Logger
	be     backend
	cmdLog commandLog // nil for in-memory engines

	mu         sync.Mutex
	cat        *planner.Catalog
	queries    map[string]*persistentQuery
	transients map[string]*pushQuery
	views      map[string]*matView // materialized tables, by source name
	seq        int64               // command sequence number
	queryNum   int                 // suffix of the next query id
	replaying  bool
	closed     bool
	stats      *queryStats // last offsets per persistent query (metrics.go)
}

// commandLog stores the statements that changed the catalog, in order.
type commandLog interface {
	ReadAll(ctx context.Context) ([][]byte, error)
	Append(ctx context.Context, rec []byte) (int64, error)
	Close()
}

// New returns an engine over Kafka (cfg.Brokers) or in-memory topics; call
// Start before use.
func New(cfg Config) (*Engine, error) {
	if cfg.ServiceID == "" {
		cfg.ServiceID = "default_"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Properties == nil {
		cfg.Properties = map[string]string{}
	}
	if err := checkGuarantee(cfg.Properties); err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, log: cfg.Logger, cat: planner.NewCatalog(),
		queries: map[string]*persistentQuery{}, transients: map[string]*pushQuery{}, views: map[string]*matView{}}
	e.initMetrics()
	if len(cfg.Brokers) == 0 {
		e.be = newMemBackend(e.log)
		return e, nil
	}
	kb, err := newKafkaBackend(cfg)
	if err != nil {
		return nil, err
	}
	e.be = kb
	e.cmdLog = kb.cmdLog
	return e, nil
}

// Start replays the command log and starts the persistent queries it defines.
func (e *Engine) Start(ctx context.Context) error {
	if e.cmdLog == nil {
		return nil
	}
	readCtx, cancel := context.WithTimeout(ctx, startTimeout)
	recs, err := e.cmdLog.ReadAll(readCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("engine: reading the command topic: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.replaying = true
	for _, r := range recs {
		if err := e.replay(ctx, r); err != nil {
			e.log.Warn("skipping a command that no longer applies", "err", err)
		}
	}
	e.replaying = false
	e.startAll(ctx)
	e.log.Info("catalog restored", "commands", len(recs), "queries", len(e.queries))
	return nil
}

// queryIDs lists the persistent query ids in creation order.
func (e *Engine) queryIDs() []string {
	ids := make([]string, 0, len(e.queries))
	for id := range e.queries {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return e.queries[ids[i]].num < e.queries[ids[j]].num })
	return ids
}

// Close stops every query cleanly (flushing and committing) and releases resources.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	pushes := make([]*pushQuery, 0, len(e.transients))
	for _, p := range e.transients {
		pushes = append(pushes, p)
	}
	for _, q := range e.queries {
		q.stopRunner()
	}
	for name := range e.views {
		e.dematerialize(name)
	}
	e.mu.Unlock()
	for _, p := range pushes {
		p.Close()
	}
	if e.cmdLog != nil {
		e.cmdLog.Close()
	}
	return e.be.close()
}

// Info reports the server identity for GET /info.
func (e *Engine) Info() ServerInfo {
	return ServerInfo{Version: Version, KafkaClusterID: e.be.clusterID(), ServiceID: e.cfg.ServiceID, Status: "RUNNING"}
}

// Healthy reports whether the metastore and Kafka are reachable (GET /healthcheck).
func (e *Engine) Healthy(ctx context.Context) (metastore, kafka bool) {
	_, err := e.be.listTopics(ctx)
	return true, err == nil
}

// CloseQuery stops the transient query with this id (POST /close-query).
func (e *Engine) CloseQuery(id string) error {
	e.mu.Lock()
	p, ok := e.transients[id]
	e.mu.Unlock()
	if !ok {
		return Errorf(CodeBadRequest, "no query with id %s is running", id)
	}
	p.Close()
	return nil
}
