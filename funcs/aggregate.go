package funcs

import (
	"errors"
	"fmt"

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

// AggInit is what an aggregate's NewAgg receives.
type AggInit struct {
	// Args are the types of all arguments after coercion (Resolved.Args).
	Args []*types.Type
	// Literals has one entry per argument: the constant value of a Literal
	// parameter, nil elsewhere.
	Literals []types.Value
	// CollectListLimit and CollectSetLimit are ksql.functions.collect_list.limit
	// and ksql.functions.collect_set.limit; zero or less means DefaultCollectLimit.
	CollectListLimit, CollectSetLimit int
}

// DefaultCollectLimit caps COLLECT_LIST and COLLECT_SET (and HISTOGRAM's
// distinct values) so that one group's state stays bounded.
const DefaultCollectLimit = 1000

func limitOr(n int) int {
	if n <= 0 {
		return DefaultCollectLimit
	}
	return n
}

// literalInt reads the INT literal of argument i.
func (in AggInit) literalInt(i int) (int, bool) {
	if i >= len(in.Literals) {
		return 0, false
	}
	v, ok := in.Literals[i].(int32)
	return int(v), ok
}

// literalBool reads the BOOLEAN literal of argument i, or def when absent.
func (in AggInit) literalBool(i int, def bool) bool {
	if i >= len(in.Literals) {
		return def
	}
	if b, ok := in.Literals[i].(bool); ok {
		return b
	}
	return def
}

// arg returns the type of argument i, or UNKNOWN.
func (in AggInit) arg(i int) *types.Type {
	if i >= len(in.Args) || in.Args[i] == nil {
		return types.UnknownType
	}
	return in.Args[i]
}

// noUndo gives aggregates that cannot retract rows their Remove.
type noUndo struct{}

func (noUndo) Remove([]types.Value) error { return ErrNotUndoable }

// mergeMismatch is the error for merging aggregators of different calls.
func mergeMismatch(a, b Aggregator) error {
	return fmt.Errorf("funcs: cannot merge %T into %T", b, a)
}

// SlabResulter is implemented by aggregators that can box their result into
// a caller's Slab, saving Result's allocation on a hot path. ResultIn(s)
// equals Result(); the value lives as long as the slab's other values.
type SlabResulter interface {
	ResultIn(s *types.Slab) types.Value
}

// StateAppender is implemented by aggregators with large state, to save
// Marshal's allocation and a copy: AppendState(dst) appends the length of
// what Marshal returns as a uvarint, then those bytes.
type StateAppender interface {
	AppendState(dst []byte) ([]byte, error)
}
