package funcs

import (
	"errors"

	"github.com/streamsql/streamsql/types"
)

// ErrNotUndoable is returned by Aggregator.Remove for aggregates that cannot
// retract a row (MIN, MAX, TOPK, LATEST_BY_OFFSET…).
var ErrNotUndoable = errors.New("funcs: aggregate cannot retract a row")

// Aggregator folds the rows of one group (and window) into a result. One
// Aggregator serves one group; it is not safe for concurrent use.
type Aggregator interface {
	// Add folds one row in. args holds the values of the call's non-literal
	// arguments, in order (empty for COUNT(*)).
	Add(args []types.Value) error
	// Remove retracts a row added earlier (tables), or returns ErrNotUndoable.
	Remove(args []types.Value) error
	// Merge folds in the state of other, an Aggregator made by the same
	// NewAgg call signature; used when session windows merge. other is
	// left unchanged.
	Merge(other Aggregator) error
	// Result is the current result. It never aliases the aggregator's state.
	Result() types.Value
	// Marshal encodes the state; Unmarshal restores it into an Aggregator made
	// by the same NewAgg with the same argument types and literals.
	Marshal() ([]byte, error)
	Unmarshal(data []byte) error
}
