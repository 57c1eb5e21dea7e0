package planner

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// joinKeys describes a join result's key columns, for the projection and
// for ksqlDB's checks of persistent queries.
type joinKeys struct {
	names     []string // internal names: L_A, LEFT_TABLE_L_ID, or a synthetic ROWKEY
	sources   []viable // per key column the source column it stands for (none when synthetic)
	viable    []string // the criteria columns equal to the key, as errors list them
	synthetic bool     // the key equals no source column (full outer joins)
	fkSource  string   // foreign-key joins: the left table, whose key is the result's
	// partitioned: PARTITION BY replaced the join key; viable then lists
	// its expressions, all of which the projection must hold.
	partitioned bool
	aliases     [][]string // per key column, the projection's columns holding it
}

// keys binds the key each side joins on: a side already partitioned by its
// criteria expression (its source's key column, or an expression equal to
// the key of the joins below) joins on its row key; any other stream side is
// re-keyed by the expression inside the task.
func (jb *joinBuilder) keys(j *Join, left, right *joinNode, cl *joinClause) error {
	var err error
	if j.LeftKey, err = jb.sideKey(left, cl.left, cl.leftText, cl); err != nil {
		return err
	}
	if j.RightKey, err = jb.sideKey(right, cl.right, cl.rightText, cl); err != nil {
		return err
	}
	if left.window != "" && windowSize(left) != windowSize(right) {
		return errorf(cl.on.Pos(), "Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.")
	}
	lt, rt := j.LeftKey[0].Type(), j.RightKey[0].Type()
	switch {
	case lt.Equal(rt):
		return nil
	case j.Kind == TableTableJoin:
		return typesDontMatch(cl, lt, rt)
	}
	return errorf(cl.on.Pos(), "Invalid join. Key types differ: %s vs %s", lt, rt)
}

// windowSize is the size of the windows keying a subtree's rows (0 for
// session windows).
func windowSize(n *joinNode) int64 {
	src := n.leaves[0].src
	if src.Windowed == "SESSION" {
		return 0
	}
	return src.WindowSize
}

func (jb *joinBuilder) sideKey(side *joinNode, e sql.Expr, text string, cl *joinClause) ([]Expr, error) {
	if side.partitionedBy(e, text, cl) {
		return refsTo(side, side.keyPos), nil
	}
	if side.table {
		return nil, errorf(e.Pos(), "Cannot repartition a TABLE source. If this is a join, make sure that the criteria uses the TABLE's key column instead of %s", text)
	}
	if side.window != "" {
		return nil, errorf(e.Pos(), "Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.")
	}
	x, err := jb.bindSide(side, e)
	if err != nil {
		return nil, err
	}
	return []Expr{x}, nil
}

// partitionedBy reports whether the side's rows are keyed by e already.
func (n *joinNode) partitionedBy(e sql.Expr, text string, cl *joinClause) bool {
	if n.leaf == nil {
		return slices.Contains(n.equiv, text)
	}
	ref, ok := e.(*sql.ColumnRef)
	return ok && cl.refs[ref] == n.leaf && joinsOnKey(e, cl)
}

// bindSide binds a criteria expression over a side's rows.
func (jb *joinBuilder) bindSide(side *joinNode, e sql.Expr) (Expr, error) {
	sc := &scope{cols: side.cols, clause: "JOIN ON"}
	x, err := (&binder{sc: sc, cat: jb.cat}).expr(e)
	if err != nil {
		return nil, err
	}
	side.nameRefs(x)
	if x.Type().Kind == types.Unknown {
		return nil, errorf(e.Pos(), "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).")
	}
	return x, nil
}

// refsTo references the columns of a side's rows at positions.
func refsTo(n *joinNode, positions []int) []Expr {
	out := make([]Expr, len(positions))
	for i, p := range positions {
		c := n.node.Schema().Columns[p]
		out[i] = n.nameRefs(&ColumnRef{Index: p, Name: c.Name, T: c.Type})
	}
	return out
}

// nameRefs names the column references of e, bound over the subtree's rows,
// SOURCE.COLUMN for EXPLAIN.
func (n *joinNode) nameRefs(e Expr) Expr {
	WalkExpr(e, func(x Expr) {
		if ref, ok := x.(*ColumnRef); ok && ref.Index < len(n.cols) && n.cols[ref.Index].Source != "" {
			ref.Name = n.cols[ref.Index].Source + "." + n.cols[ref.Index].Name
		}
	})
	return e
}

// foreignKeys binds a foreign-key join: the left table's foreign key
// expression against the right table's key.
func (jb *joinBuilder) foreignKeys(j *Join, left, right *joinNode, cl *joinClause) error {
	fk, err := jb.bindSide(left, cl.left)
	if err != nil {
		return err
	}
	j.LeftKey = []Expr{fk}
	j.RightKey = refsTo(right, right.keyPos)
	j.LeftPrimary = left.leaf.keyColumns()
	if rt := j.RightKey[0].Type(); !fk.Type().Equal(rt) {
		return typesDontMatch(cl, fk.Type(), rt)
	}
	return nil
}

func typesDontMatch(cl *joinClause, lt, rt *types.Type) error {
	l, r := cl.leftText+"{"+lt.String()+"}", cl.rightText+"{"+rt.String()+"}"
	if cl.flipped {
		l, r = r, l
	}
	return errorf(cl.on.Pos(), "Invalid join condition: types don't match. Got %s = %s.", l, r)
}

// resultKey names the join's key as ksqlDB does: the first viable column
// the projection selects (else the first viable one), a synthetic ROWKEY
// when no source column equals the key, or the left table's key columns for
// a foreign-key join.
func (jb *joinBuilder) resultKey(j *Join, n *joinNode, left *joinNode) *joinKeys {
	k := &joinKeys{}
	if j.Kind == ForeignKeyJoin {
		l := left.leaf
		k.fkSource = l.src.Name
		for _, p := range j.LeftPrimary {
			name := l.scan.Out.Columns[p].Name
			k.names = append(k.names, l.alias+"_"+name)
			k.sources = append(k.sources, viable{leaf: l, name: name})
		}
		return k
	}
	if len(n.viable) == 0 {
		k.synthetic = true
		k.names = []string{syntheticKeyName(n.leaves)}
		k.viable = k.names
		return k
	}
	chosen := n.viable[0]
	for _, v := range n.viable {
		if jb.inSel != nil && jb.inSel(v) {
			chosen = v
			break
		}
	}
	k.names = []string{chosen.leaf.alias + "_" + chosen.name}
	k.sources = []viable{chosen}
	for _, v := range n.viable {
		k.viable = append(k.viable, v.text())
	}
	return k
}

// syntheticKeyName is ROWKEY, or ROWKEY_n past the highest such name the
// sources use.
func syntheticKeyName(leaves []*joinLeaf) string {
	top := -1
	for _, l := range leaves {
		for _, c := range l.src.Columns {
			switch {
			case c.Name == "ROWKEY":
				top = max(top, 0)
			case strings.HasPrefix(c.Name, "ROWKEY_"):
				if n, err := strconv.Atoi(c.Name[len("ROWKEY_"):]); err == nil && n >= 0 {
					top = max(top, n)
				}
			}
		}
	}
	if top < 0 {
		return "ROWKEY"
	}
	return fmt.Sprintf("ROWKEY_%d", top+1)
}

// layout lays out the join's rows: the key columns, then the left and the
// right rows. Names resolve to the sources' columns; the key resolves only
// as a synthetic key of the final join.
func (jb *joinBuilder) layout(j *Join, n *joinNode, left, right *joinNode, final bool) {
	out := &Schema{}
	var keyTypes []*types.Type
	if j.Kind == ForeignKeyJoin {
		for _, p := range j.LeftPrimary {
			keyTypes = append(keyTypes, left.node.Schema().Columns[p].Type)
		}
	} else {
		for _, e := range j.LeftKey {
			keyTypes = append(keyTypes, e.Type())
		}
	}
	for i, t := range keyTypes {
		name := "WINDOWSTART"
		switch {
		case i < len(n.key.names):
			name = n.key.names[i]
		case i == len(keyTypes)-1:
			name = "WINDOWEND"
		}
		out.Columns = append(out.Columns, Column{Name: name, Type: t, Role: KeyColumn})
		visible := ""
		if final && n.key.synthetic && i == 0 {
			visible = name
		}
		n.cols = append(n.cols, scopeColumn{Column: Column{Name: visible, Type: t, Role: KeyColumn}})
		n.keyPos = append(n.keyPos, i)
	}
	j.KeyCols = len(keyTypes)
	n.keyType = keyTypes[0]
	for _, side := range []*joinNode{left, right} {
		in := side.node.Schema().Columns
		for i, sc := range side.cols {
			c := in[i]
			if sc.Source != "" {
				c.Name = sc.Source + "." + sc.Name
			}
			if c.Role == KeyColumn {
				c.Role, sc.Role = ValueColumn, ValueColumn
			}
			out.Columns = append(out.Columns, c)
			n.cols = append(n.cols, sc)
		}
	}
	j.Out = out
}
