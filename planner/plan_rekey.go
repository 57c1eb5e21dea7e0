package planner

import (
	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/types"
)

// Rekey gives a stream's rows a new key (PARTITION BY). Its rows are the input
// rows followed by the values of Exprs; Out lists them with new roles: the
// input's key columns become value columns, and the columns at Keys (in key
// order) are the new key columns. A PARTITION BY of a plain column makes that
// column a key in place; any other expression is appended. PARTITION BY NULL
// has no Keys: the result has no key.
//
// A record without a value (a tombstone) still has a key, so expressions over
// the old key alone are computed for it; the columns at TombstoneNull, which
// derive from the missing value, are NULL for a tombstone instead. An
// expression that fails is logged and its key column is NULL.
//
// For a stateless stream query Rekey needs no repartition topic: the sink
// writes the new key and the producer partitions by it.
type Rekey struct {
	Input         Node
	Exprs         []Expr // evaluated over the input row, appended in order
	Keys          []int  // positions in Out of the key columns, in key order
	TombstoneNull []int  // positions in Out that are NULL for a tombstone
	Out           *Schema
}

// TableCall is one call of a table function.
type TableCall struct {
	Name     string
	Overload *funcs.Overload // Overload.Explode runs the call
	Args     []Expr          // over the FlatMap's input row, already cast
	T        *types.Type     // type of each produced value
}

// FlatMap runs table functions (EXPLODE, CUBE_EXPLODE) on each input row and
// emits one row per produced value: the input columns followed by one column
// per call, as in Out. Several calls are zipped: an input row yields as many
// rows as the longest result, shorter results being padded with NULL. Output
// rows keep the input row's event time and offset. A tombstone produces no
// rows; an input row whose call fails is logged and produces no rows.
type FlatMap struct {
	Input Node
	Calls []TableCall
	Out   *Schema
}

func (n *Rekey) Schema() *Schema   { return n.Out }
func (n *FlatMap) Schema() *Schema { return n.Out }

func (n *Rekey) Inputs() []Node   { return []Node{n.Input} }
func (n *FlatMap) Inputs() []Node { return []Node{n.Input} }

func (*Rekey) node()   {}
func (*FlatMap) node() {}
