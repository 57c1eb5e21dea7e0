package planner

import "github.com/streamsql/streamsql/types"

// ColumnRole says where a column's value lives in a Kafka record.
type ColumnRole uint8

const (
	ValueColumn  ColumnRole = iota
	KeyColumn               // serialised in the record key
	PseudoColumn            // ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART, WINDOWEND
	HeaderColumn            // HEADERS or HEADER('k')
)

// Column is one column of an operator's output.
type Column struct {
	Name      string
	Type      *types.Type
	Role      ColumnRole
	HeaderKey string // HeaderColumn with a key: HEADER('k'); empty: all HEADERS
	// Hidden columns are carried for the sink (a windowed key's bounds) but
	// were not selected: clients do not see them.
	Hidden bool
}

// Schema is the ordered columns of an operator's output rows.
type Schema struct {
	Columns []Column
}

// Index returns the position of the column named name, or -1.
func (s *Schema) Index(name string) int {
	for i, c := range s.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Format is a record serialisation format with its options.
type Format struct {
	Name      string // JSON, DELIMITED, KAFKA, NONE
	Delimiter string // DELIMITED only
	Unwrapped bool   // single column written as a bare value
}

// Node is one operator of a physical plan. Plans are plain data: EXPLAIN prints
// them and exec builds operators from them; planner never runs anything.
type Node interface {
	// Schema is the layout of the rows the operator emits.
	Schema() *Schema
	// Inputs are the operator's children.
	Inputs() []Node
	node()
}

// Scan decodes records of Topic. Its rows hold the key columns, then the value
// columns, then the pseudo columns ROWTIME, ROWPARTITION, ROWOFFSET, then header
// columns, as in Out. Each row's event time is ROWTIME: the record timestamp, or
// column TimestampColumn (parsed with TimestampFormat when it is a string).
type Scan struct {
	Source          string // the stream or table name
	Topic           string
	Table           bool
	KeyFormat       Format
	ValueFormat     Format
	KeyColumns      []int // positions in Out, in key serialisation order
	ValueColumns    []int // positions in Out, in value serialisation order
	TimestampColumn int   // position in Out, or -1
	TimestampFormat string
	// WindowType is set for windowed sources: keys carry a window (see
	// TopicSink), exposed as the pseudo columns WINDOWSTART and WINDOWEND.
	WindowType string
	WindowSize int64
	Out        *Schema
}

// Filter passes the rows for which Predicate is TRUE.
type Filter struct {
	Input     Node
	Predicate Expr
}

// Project evaluates Exprs over each input row; the event time is kept.
type Project struct {
	Input Node
	Exprs []Expr
	Out   *Schema
}

// TopicSink serialises rows to Topic: KeyColumns to the key, ValueColumns to
// the value. The record timestamp is the row's event time, or column
// TimestampColumn when >= 0.
type TopicSink struct {
	Input Node
	// WindowType is the window of windowed keys ("" when not windowed): the key
	// is followed by the window start (and, for SESSION, preceded by the end),
	// read from columns WindowStart and WindowEnd.
	WindowType             string
	WindowStart, WindowEnd int
	Topic                  string
	KeyFormat              Format
	ValueFormat            Format
	KeyColumns             []int
	ValueColumns           []int
	TimestampColumn        int
	TimestampFormat        string
}

// ClientSink delivers rows to a transient query's client, stopping after
// Limit rows when Limit >= 0.
type ClientSink struct {
	Input Node
	Limit int
	// SkipTombstones drops null-value rows: a stream's are not results.
	SkipTombstones bool
}

func (n *Scan) Schema() *Schema       { return n.Out }
func (n *Filter) Schema() *Schema     { return n.Input.Schema() }
func (n *Project) Schema() *Schema    { return n.Out }
func (n *TopicSink) Schema() *Schema  { return n.Input.Schema() }
func (n *ClientSink) Schema() *Schema { return n.Input.Schema() }

func (n *Scan) Inputs() []Node       { return nil }
func (n *Filter) Inputs() []Node     { return []Node{n.Input} }
func (n *Project) Inputs() []Node    { return []Node{n.Input} }
func (n *TopicSink) Inputs() []Node  { return []Node{n.Input} }
func (n *ClientSink) Inputs() []Node { return []Node{n.Input} }

func (*Scan) node()       {}
func (*Filter) node()     {}
func (*Project) node()    {}
func (*TopicSink) node()  {}
func (*ClientSink) node() {}
