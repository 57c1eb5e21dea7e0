package engine

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// maxLookupKeys bounds the cross product of a multi-column key lookup; a
// larger one scans the view instead.
const maxLookupKeys = 1 << 16

// keyLookup is what a pull query on a table reads by key: every row it can
// return is stored under one of keys (on a windowed table, under one of
// keys followed by some window). The fetched rows still go through the whole
// plan, so the rest of the WHERE (window bounds included) still holds.
type keyLookup struct {
	spec keySpec
	keys [][]byte // serialised keys without window: distinct, in query order
}

// keySpec is how a table's keys are serialised, as its pull query's scan
// decodes them.
type keySpec struct {
	id     string // identifies the spec: views keep one index per spec
	opts   serde.Options
	cols   []serde.Column
	window string // TUMBLING, HOPPING or SESSION; "" for unwindowed keys
	size   int64
}

func newKeySpec(scan *planner.Scan) (keySpec, error) {
	s := keySpec{window: scan.WindowType, size: scan.WindowSize}
	f, err := serde.ParseFormat(scan.KeyFormat.Name)
	if err != nil {
		return s, err
	}
	s.opts = serde.Options{Format: f, Delimiter: scan.KeyFormat.Delimiter, Unwrapped: scan.KeyFormat.Unwrapped, Key: true}
	var id strings.Builder
	fmt.Fprintf(&id, "%d|%q|%t|%s|%d", f, s.opts.Delimiter, s.opts.Unwrapped, s.window, s.size)
	for _, pos := range scan.KeyColumns {
		c := scan.Out.Columns[pos]
		s.cols = append(s.cols, serde.Column{Name: c.Name, Type: c.Type})
		fmt.Fprintf(&id, "|%q %s", c.Name, c.Type)
	}
	s.id = id.String()
	return s, nil
}

// keyLookups finds, in a pull query's WHERE, conditions pinning every key
// column of the table to constants (key = c, or key IN (c, ...), joined by
// AND with anything else), and returns the keys to fetch: the cross product
// of the pinned values. ok is false when the query must scan the view.
func keyLookups(plan *planner.QueryPlan) (l *keyLookup, ok bool) {
	scan, pred := filteredScan(plan.Root)
	if scan == nil || len(scan.KeyColumns) == 0 {
		return nil, false
	}
	conj := conjuncts(pred, nil)
	sets := make([][]types.Value, len(scan.KeyColumns))
	n := 1
	for i, pos := range scan.KeyColumns {
		if sets[i], ok = pinnedKey(conj, pos, scan.Out.Columns[pos].Type); !ok {
			return nil, false
		}
		if n *= len(sets[i]); n > maxLookupKeys {
			return nil, false
		}
	}
	spec, err := newKeySpec(scan)
	if err != nil {
		return nil, false
	}
	keys, err := encodeKeys(spec, sets)
	if err != nil {
		return nil, false
	}
	return &keyLookup{spec: spec, keys: keys}, true
}

// filteredScan returns the scan of a plan whose first Filter reads the scan
// directly, and that filter's predicate; nil when there is no such filter.
func filteredScan(root planner.Node) (*planner.Scan, planner.Expr) {
	for n := root; n != nil; {
		if f, ok := n.(*planner.Filter); ok {
			scan, _ := f.Input.(*planner.Scan)
			if scan == nil {
				return nil, nil
			}
			return scan, f.Predicate
		}
		ins := n.Inputs()
		if len(ins) != 1 {
			return nil, nil
		}
		n = ins[0]
	}
	return nil, nil
}

// conjuncts appends the operands of the ANDs at the top of e to out.
func conjuncts(e planner.Expr, out []planner.Expr) []planner.Expr {
	if b, ok := e.(*planner.Binary); ok && b.Op == planner.OpAnd {
		return conjuncts(b.Right, conjuncts(b.Left, out))
	}
	return append(out, e)
}

// pinnedKey returns the values, cast to the key's type t, that the first
// conjunct pinning column col allows; NULLs are dropped (they match nothing).
func pinnedKey(conj []planner.Expr, col int, t *types.Type) ([]types.Value, bool) {
	for _, c := range conj {
		consts, ok := pins(c, col)
		if !ok {
			continue
		}
		var out []types.Value
		for _, e := range consts {
			v, err := evalConstant(e)
			if err != nil {
				return nil, false
			}
			if v == nil {
				continue
			}
			if v, err = types.Cast(v, e.Type(), t); err != nil {
				return nil, false
			}
			out = append(out, v)
		}
		return out, true
	}
	return nil, false
}

// pins returns the constant expressions a conjunct pins column col to.
func pins(e planner.Expr, col int) ([]planner.Expr, bool) {
	switch x := e.(type) {
	case *planner.Binary:
		if x.Op != planner.OpEq {
			return nil, false
		}
		if isColumn(x.Left, col) && isConstant(x.Right) {
			return []planner.Expr{x.Right}, true
		}
		if isColumn(x.Right, col) && isConstant(x.Left) {
			return []planner.Expr{x.Left}, true
		}
	case *planner.In:
		if x.Negated || !isColumn(x.Arg, col) {
			return nil, false
		}
		for _, item := range x.List {
			if !isConstant(item) {
				return nil, false
			}
		}
		return x.List, true
	}
	return nil, false
}

// isColumn reports whether e is column col, possibly under a cast that
// keeps distinct values distinct and loses nothing (INT to BIGINT, ...), so
// that e = c holds only for the column value c cast back.
func isColumn(e planner.Expr, col int) bool {
	if c, ok := e.(*planner.Cast); ok {
		if !exactCast(c.Arg.Type(), c.T) {
			return false
		}
		e = c.Arg
	}
	ref, ok := e.(*planner.ColumnRef)
	return ok && ref.Index == col
}

func exactCast(from, to *types.Type) bool {
	switch from.Kind {
	case types.Int:
		return to.Kind == types.BigInt || to.Kind == types.Double || to.Kind == types.Decimal
	case types.BigInt:
		return to.Kind == types.Decimal
	case types.Decimal:
		return to.Kind == types.Decimal && to.Scale >= from.Scale && to.Precision-to.Scale >= from.Precision-from.Scale
	}
	return false
}

// isConstant reports whether e reads no column.
func isConstant(e planner.Expr) bool {
	reads := false
	planner.WalkExpr(e, func(x planner.Expr) {
		if _, ok := x.(*planner.ColumnRef); ok {
			reads = true
		}
	})
	return !reads
}

// encodeKeys serialises every combination of one value per key column,
// dropping duplicates.
func encodeKeys(spec keySpec, sets [][]types.Value) ([][]byte, error) {
	for _, s := range sets {
		if len(s) == 0 {
			return nil, nil
		}
	}
	enc, err := serde.NewEncoder(spec.opts, spec.cols)
	if err != nil {
		return nil, err
	}
	var keys [][]byte
	seen := map[string]bool{}
	idx := make([]int, len(sets))
	row := make(types.Row, len(sets))
	for {
		for i, s := range sets {
			row[i] = s[idx[i]]
		}
		b, err := enc.Encode(row)
		if err != nil {
			return nil, err
		}
		if b != nil && !seen[string(b)] {
			seen[string(b)] = true
			keys = append(keys, b)
		}
		i := len(sets) - 1
		for ; i >= 0; i-- {
			if idx[i]++; idx[i] < len(sets[i]) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return keys, nil
		}
	}
}
