package planner

import (
	"fmt"
	"strings"
)

// JoinKind says what a Join combines; it decides the operator's state and
// emit rules.
type JoinKind uint8

const (
	// StreamStreamJoin buffers both sides by key for the join window.
	StreamStreamJoin JoinKind = iota
	// StreamTableJoin looks each left (stream) row up in the right table's
	// current state; right (table) updates only change that state.
	StreamTableJoin
	// TableTableJoin keeps both tables' current rows by primary key and
	// emits the changed result row (or its deletion) for every update.
	TableTableJoin
	// ForeignKeyJoin joins a left table row to the right table row whose
	// primary key is the left row's foreign key; the result is keyed by the
	// left table's primary key.
	ForeignKeyJoin
)

var joinKindNames = [...]string{"stream-stream", "stream-table", "table-table", "foreign-key"}

func (k JoinKind) String() string { return joinKindNames[k] }

// JoinType is the outer-ness of a join.
type JoinType uint8

const (
	InnerJoin JoinType = iota
	LeftJoin           // every left row, with NULLs when unmatched
	RightJoin          // every right row, with NULLs when unmatched
	OuterJoin          // FULL OUTER: every row of both sides
)

var joinTypeNames = [...]string{"INNER", "LEFT", "RIGHT", "FULL"}

func (t JoinType) String() string { return joinTypeNames[t] }

// LeftOuter reports whether unmatched left rows are emitted.
func (t JoinType) LeftOuter() bool { return t == LeftJoin || t == OuterJoin }

// RightOuter reports whether unmatched right rows are emitted.
func (t JoinType) RightOuter() bool { return t == RightJoin || t == OuterJoin }

// JoinWindow bounds a stream-stream join, in ms: a left row at time t
// matches the right rows of its key with times in [t-Before, t+After].
type JoinWindow struct {
	Before, After int64
	// Grace is how long after a window ends late rows are still joined:
	// GRACE PERIOD, or when absent ksqlDB's default of 24 hours minus twice
	// Before (at least 0). Each side keeps its rows for Before+After+Grace.
	Grace int64
	// GraceSet is true when GRACE PERIOD was given. Unmatched rows of an
	// outer side then wait until their window closes and are emitted with
	// NULLs only if nothing matched meanwhile; without it they are emitted
	// with NULLs at once (Kafka Streams' old, "spurious" semantics).
	GraceSet bool
}

// Retention is how long each side keeps a row, measured from the side's
// newest row time.
func (w *JoinWindow) Retention() int64 { return w.Before + w.After + w.Grace }

// Join combines its Left and Right inputs on equal keys.
//
// LeftKey and RightKey are evaluated over rows of Left and Right; rows join
// when every key value is equal (NULL never joins). A side keyed on
// something else than its record key is therefore re-keyed inside the task:
// a task consumes every partition of its sources, so no repartition topic is
// needed for co-partitioning. For windowed sources the keys end with the
// window bounds (WINDOWSTART, WINDOWEND).
//
// Out holds KeyCols key columns (the joined key, window bounds last; for
// ForeignKeyJoin the left table's primary key), then the Left columns, then
// the Right columns. The columns of an unmatched side are NULL.
type Join struct {
	Kind        JoinKind
	Type        JoinType
	Left, Right Node
	LeftKey     []Expr
	RightKey    []Expr
	// LeftPrimary lists, for ForeignKeyJoin, the positions of the left
	// table's key columns; LeftKey is then the foreign key expression.
	LeftPrimary []int
	Window      *JoinWindow // StreamStreamJoin only
	KeyCols     int
	Out         *Schema
}

func (n *Join) Schema() *Schema { return n.Out }
func (n *Join) Inputs() []Node  { return []Node{n.Left, n.Right} }
func (*Join) node()             {}

// LeftOffset is the position in Out of the first Left column.
func (n *Join) LeftOffset() int { return n.KeyCols }

// RightOffset is the position in Out of the first Right column.
func (n *Join) RightOffset() int { return n.KeyCols + len(n.Left.Schema().Columns) }

// describeJoin renders a Join for EXPLAIN.
func describeJoin(n *Join) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Join %s %s", n.Type, n.Kind)
	if w := n.Window; w != nil {
		fmt.Fprintf(&b, " within=(%dms, %dms) grace=%dms", w.Before, w.After, w.Grace)
		if !w.GraceSet {
			b.WriteString(" (default)")
		}
	}
	if n.Kind == ForeignKeyJoin {
		names := make([]string, len(n.LeftPrimary))
		for i, p := range n.LeftPrimary {
			names[i] = n.Left.Schema().Columns[p].Name
		}
		fmt.Fprintf(&b, " key=[%s]", strings.Join(names, ", "))
	}
	fmt.Fprintf(&b, " on [%s] = [%s]", formatList(n.LeftKey, n.Left.Schema()), formatList(n.RightKey, n.Right.Schema()))
	keys := make([]string, n.KeyCols)
	for i := range keys {
		keys[i] = n.Out.Columns[i].Name + " " + n.Out.Columns[i].Type.String()
	}
	fmt.Fprintf(&b, " out=[%s]", strings.Join(keys, ", "))
	return b.String()
}
