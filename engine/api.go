package engine

import (
	"context"
	"fmt"

	"github.com/streamsql/streamsql/types"
)

// Request is one call from a client: statements plus per-request overrides.
type Request struct {
	SQL              string
	Properties       map[string]any // streamsProperties / properties
	SessionVariables map[string]any // values for ${name} substitution
}

// Error is a user-facing failure with ksqlDB's error code (HTTP status × 100 + n),
// e.g. 40001 for a bad statement, 40400 for an unknown source.
type Error struct {
	Code          int
	Message       string // says what is wrong and where (line:col for SQL)
	StatementText string // the statement that failed, if any
	Entities      []Entity
}

func (e *Error) Error() string { return e.Message }

// HTTPStatus is the HTTP status for the error: Code / 100.
func (e *Error) HTTPStatus() int { return e.Code / 100 }

// Errorf builds an *Error with code and a formatted message.
func Errorf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Common error codes.
const (
	CodeBadRequest    = 40000
	CodeBadStatement  = 40001
	CodeQueryEndpoint = 40002 // a statement sent to the wrong endpoint
	CodeNotFound      = 40400
	CodeServerError   = 50000
	CodeNotReady      = 50300
)

// Column names one column of a query result.
type Column struct {
	Name string
	Type *types.Type
	Key  bool // part of the result's key (pull queries on tables, push over tables)
}

// Row is one row of a query result.
type Row struct {
	Values    []types.Value
	Tombstone bool // a table row deleted (push queries over tables)
}

// End is returned by Query.Next when a query finished normally; Message is
// ksqlDB's finalMessage ("Limit Reached", "Query Completed").
type End struct{ Message string }

func (e *End) Error() string { return e.Message }

// ErrSlowConsumer is the error Next returns after a subscriber fell more than its
// buffer behind: the query was dropped for that subscriber.
var ErrSlowConsumer = &Error{Code: CodeServerError, Message: "engine: push query subscriber too slow: row buffer full, query closed"}

// Query is a running transient query (push or pull, or PRINT) for one client.
type Query interface {
	// ID is the transient query id (e.g. transient_S_123).
	ID() string
	// Columns is the result schema.
	Columns() []Column
	// Pull reports whether this is a pull query (finite, answered from state).
	Pull() bool
	// Next blocks for the next row. It returns *End when the query finished,
	// ErrSlowConsumer if the client fell behind, ctx.Err() on cancellation, or
	// another error if the query failed.
	Next(ctx context.Context) (Row, error)
	// Close stops the query and frees its resources; safe to call more than once.
	Close()
}

// Entity is one element of a POST /ksql response; each concrete entity type
// marshals to ksqlDB's JSON shape with its "@type".
type Entity interface{ entityType() string }
