package planner

import "github.com/streamsql/streamsql/funcs"

// AggCall is one aggregate function call: Args are evaluated over the
// aggregation's input rows (literal parameters are in Literals instead).
type AggCall struct {
	Name     string
	Overload *funcs.Overload
	Init     funcs.AggInit
	Args     []Expr // the non-literal arguments, in order
}

// WindowSpec describes the window of a windowed aggregation; sizes in ms.
type WindowSpec struct {
	Kind      string // TUMBLING, HOPPING, SESSION
	Size      int64  // window size, or the inactivity gap of a session
	Advance   int64  // HOPPING; equals Size for TUMBLING
	Grace     int64  // -1: the default (24 hours, as Kafka Streams)
	Retention int64  // 0: the default
}

// Aggregate groups its input rows by GroupBy and folds them with Aggs. For
// every input row it emits the updated row of the row's group: the group
// values (the key columns), then the aggregate results, then WINDOWSTART and
// WINDOWEND when windowed. Its output is a table: keyed, one current row per
// group (and window).
type Aggregate struct {
	Input   Node
	GroupBy []Expr
	Aggs    []AggCall
	Window  *WindowSpec // nil: not windowed
	// FromTable: the input is a table's changelog, so an update retracts the
	// previous row of its key before adding the new one.
	FromTable bool
	// EmitFinal holds each window's result until the window closes (stream
	// time passes its end plus the grace period), then emits it once, as
	// Kafka Streams' emit-on-window-close does (exec/aggregate_final.go).
	EmitFinal bool
	Out       *Schema
}

func (n *Aggregate) Schema() *Schema { return n.Out }
func (n *Aggregate) Inputs() []Node  { return []Node{n.Input} }
func (*Aggregate) node()             {}

// TableFilter filters a table's changelog: a row failing Predicate deletes
// its key downstream (a tombstone) if the key's previous row had passed.
type TableFilter struct {
	Input      Node
	Predicate  Expr
	KeyColumns []int // the positions that identify a row's key
}

func (n *TableFilter) Schema() *Schema { return n.Input.Schema() }
func (n *TableFilter) Inputs() []Node  { return []Node{n.Input} }
func (*TableFilter) node()             {}
