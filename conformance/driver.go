package conformance

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/server"
)

// Driver is what a test needs from the system under test. EngineDriver
// provides it over engine.TestDriver; unit tests use fakes.
type Driver interface {
	// Execute runs a script of statements in order, stopping at the first
	// failure; failures are *engine.Error.
	Execute(ctx context.Context, sql string) error
	// CreateTopic creates a topic before the statements run.
	CreateTopic(name string, partitions int) error
	// Pipe feeds one input record and processes it to completion.
	Pipe(r engine.TestRecord) error
	// Output returns every record written to topic so far, decoded.
	Output(topic string) []engine.TestRecord
	// Source describes a registered stream or table.
	Source(name string) (engine.SourceInfo, bool)
	// TopicNames lists the topics that exist.
	TopicNames() []string
	// Handler serves the REST API over the same engine (RQTT).
	Handler() http.Handler
	Close() error
}

// NewDriverFunc starts a fresh system under test with the given properties.
type NewDriverFunc func(props map[string]string) (Driver, error)

// EngineDriver starts the real engine through engine.NewTestDriver, with the
// real REST handlers of package server on top for RQTT.
func EngineDriver(props map[string]string) (Driver, error) {
	d, err := engine.NewTestDriver(props)
	if err != nil {
		return nil, err
	}
	return engineDriver{d}, nil
}

type engineDriver struct{ *engine.TestDriver }

func (d engineDriver) Execute(ctx context.Context, sql string) error {
	_, err := d.Engine().Execute(ctx, engine.Request{SQL: sql})
	return err
}

func (d engineDriver) Handler() http.Handler {
	quiet := slog.New(slog.DiscardHandler)
	return server.New(d.Engine(), server.Options{Logger: quiet})
}
