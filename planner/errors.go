package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/sql"
)

// Error is a semantic error at a position of the statement source.
type Error struct {
	Pos sql.Pos
	Msg string
	// typeCheck marks an error of ksqlDB's expression type checker, which
	// runs when the expression is compiled rather than when the query is
	// analysed; a pull query reports these as "Invalid expression: ...".
	typeCheck bool
	// Preparing marks an error ksqlDB raises while preparing the statement
	// (its AST sanitizer) rather than analysing it; ksqlDB prefixes those
	// with "Exception while preparing statement: ".
	Preparing bool
}

func (e *Error) Error() string { return e.Msg }

func errorf(pos sql.Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Errorf returns a positioned planner error; the engine uses it for catalog
// conflicts found outside the planner.
func Errorf(pos sql.Pos, format string, args ...any) *Error { return errorf(pos, format, args...) }
