package exec

import "github.com/streamsql/streamsql/planner"

// Which columns of a scan's rows are read downstream. A scan then decodes
// the others only to check them (serde.Options.Discard): records fail
// exactly as before, but values nobody reads are not built.

// usedColumns maps the scans under root whose readers are known to the
// columns those readers use. A scan's rows are known to be read only by
// expressions when it feeds, through Filters, a Project or a stream
// Aggregate; scans missing from the map may have any column read.
func usedColumns(root planner.Node) map[*planner.Scan][]bool {
	used := map[*planner.Scan][]bool{}
	var visit func(n planner.Node)
	visit = func(n planner.Node) {
		if n == nil {
			return
		}
		var exprs []planner.Expr
		switch n := n.(type) {
		case *planner.Project:
			exprs = n.Exprs
		case *planner.Aggregate:
			if !n.FromTable {
				exprs = append([]planner.Expr{}, n.GroupBy...)
				for _, c := range n.Aggs {
					exprs = append(exprs, c.Args...)
				}
			}
		}
		if exprs != nil {
			markScan(used, n.Inputs()[0], exprs)
		}
		for _, in := range n.Inputs() {
			visit(in)
		}
	}
	visit(root)
	return used
}

// markScan records the columns exprs read when in is a scan under filters.
func markScan(used map[*planner.Scan][]bool, in planner.Node, exprs []planner.Expr) {
	for {
		f, ok := in.(*planner.Filter)
		if !ok {
			break
		}
		exprs = append(exprs[:len(exprs):len(exprs)], f.Predicate)
		in = f.Input
	}
	scan, ok := in.(*planner.Scan)
	if !ok {
		return
	}
	cols := make([]bool, len(scan.Out.Columns))
	for _, e := range exprs {
		if !markRefs(cols, e) {
			return
		}
	}
	used[scan] = cols
}

// markRefs sets the columns e reads. It reports false when e holds a kind of
// expression it does not know, which might read columns it cannot see.
func markRefs(cols []bool, e planner.Expr) bool {
	known := true
	planner.WalkExpr(e, func(e planner.Expr) {
		switch e := e.(type) {
		case *planner.ColumnRef:
			if e.Index < 0 || e.Index >= len(cols) {
				known = false
				return
			}
			cols[e.Index] = true
		case *planner.LambdaRef, *planner.Literal, *planner.Cast, *planner.Binary, *planner.Not,
			*planner.Negate, *planner.IsNull, *planner.DistinctFrom, *planner.Like, *planner.Between,
			*planner.In, *planner.Case, *planner.Subscript, *planner.Deref, *planner.ArrayCtor,
			*planner.MapCtor, *planner.StructCtor, *planner.Lambda, *planner.Call:
		default:
			known = false
		}
	})
	return known
}
