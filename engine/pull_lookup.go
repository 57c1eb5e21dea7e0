package engine

import (
	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// keyLookups finds, in a pull query's WHERE, a condition pinning the table's
// single key column to constants (key = c, or key IN (c, ...)), and returns the
// serialised keys to fetch. ok is false when the query must scan the view. The
// fetched rows still go through the whole plan, so the rest of the WHERE holds.
func keyLookups(plan *planner.QueryPlan) (keys [][]byte, ok bool) {
	src := plan.Source
	keyCols := src.KeyColumns()
	if len(keyCols) != 1 || src.Windowed != "" {
		return nil, false
	}
	var filter *planner.Filter
	for n := plan.Root; n != nil && filter == nil; {
		switch x := n.(type) {
		case *planner.Filter:
			filter = x
		case *planner.Scan:
			return nil, false
		}
		ins := n.Inputs()
		if len(ins) != 1 {
			return nil, false
		}
		n = ins[0]
	}
	if filter == nil {
		return nil, false
	}
	if _, direct := filter.Input.(*planner.Scan); !direct {
		return nil, false
	}
	keyIndex := 0 // key columns come first in a scan's row
	vals, ok := pinnedValues(filter.Predicate, keyIndex)
	if !ok {
		return nil, false
	}
	f, cols := partOf(src, true)
	opts, err := serdeOptions(f)
	if err != nil {
		return nil, false
	}
	enc, err := serde.NewEncoder(opts, cols)
	if err != nil {
		return nil, false
	}
	for _, v := range vals {
		if v == nil {
			continue // a NULL key matches nothing
		}
		cv, err := types.Cast(v, typeOf(v, keyCols[0].Type), keyCols[0].Type)
		if err != nil {
			return nil, false
		}
		b, err := enc.Encode(types.Row{cv})
		if err != nil {
			return nil, false
		}
		keys = append(keys, b)
	}
	return keys, true
}

// typeOf is the type to cast a constant from: the key's own type when the
// planner already coerced it.
func typeOf(v types.Value, key *types.Type) *types.Type {
	switch v.(type) {
	case int32:
		return types.IntType
	case int64:
		return types.BigIntType
	case float64:
		return types.DoubleType
	case string:
		return types.StringType
	case bool:
		return types.BooleanType
	}
	return key
}

// pinnedValues returns the constants a predicate pins column col to.
func pinnedValues(e planner.Expr, col int) ([]types.Value, bool) {
	switch x := e.(type) {
	case *planner.Binary:
		switch x.Op {
		case planner.OpAnd:
			if v, ok := pinnedValues(x.Left, col); ok {
				return v, true
			}
			return pinnedValues(x.Right, col)
		case planner.OpEq:
			if isColumn(x.Left, col) {
				return constant(x.Right)
			}
			if isColumn(x.Right, col) {
				return constant(x.Left)
			}
		}
	case *planner.In:
		if x.Negated || !isColumn(x.Arg, col) {
			return nil, false
		}
		var out []types.Value
		for _, item := range x.List {
			v, ok := constant(item)
			if !ok {
				return nil, false
			}
			out = append(out, v...)
		}
		return out, true
	}
	return nil, false
}

func isColumn(e planner.Expr, col int) bool {
	if c, ok := e.(*planner.Cast); ok {
		e = c.Arg
	}
	ref, ok := e.(*planner.ColumnRef)
	return ok && ref.Index == col
}

// constant evaluates an expression that reads no column.
func constant(e planner.Expr) ([]types.Value, bool) {
	reads := false
	planner.WalkExpr(e, func(x planner.Expr) {
		if _, ok := x.(*planner.ColumnRef); ok {
			reads = true
		}
	})
	if reads {
		return nil, false
	}
	v, err := evalConstant(e)
	if err != nil {
		return nil, false
	}
	return []types.Value{v}, true
}

// lookup returns the live records stored under keys.
func (v *matView) lookup(keys [][]byte) []exec.SourceRecord {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []exec.SourceRecord
	for _, k := range keys {
		if i, ok := v.byKey[string(k)]; ok {
			out = append(out, v.recs[i])
		}
	}
	return out
}
