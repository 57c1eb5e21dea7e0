package planner

import (
	"slices"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// joinNode is a subtree of a left-deep join tree: one source, or the join
// of a subtree with one more source.
type joinNode struct {
	node   Node
	cols   []scopeColumn // how names resolve over node's rows
	leaves []*joinLeaf   // the sources below, left to right
	leaf   *joinLeaf     // the source, for a single source
	table  bool
	window string // window type of the rows' keys, "" when not windowed
	// keyPos are the positions of the row key (window bounds last) the
	// rows are partitioned by.
	keyPos     []int
	keyType    *types.Type
	equiv      []string  // criteria texts equal to the key (ksqlDB's equivalence set)
	viable     []viable  // source columns equal to the key
	key        *joinKeys // the result key (join nodes)
	partitions int
}

// viable is a source column whose value equals a join's key.
type viable struct {
	leaf *joinLeaf
	name string
}

func (v viable) text() string { return v.leaf.alias + "." + v.name }

// leafNode is the subtree of a single source.
func leafNode(l *joinLeaf) *joinNode {
	n := &joinNode{node: l.scan, leaves: []*joinLeaf{l}, leaf: l, table: l.src.Table,
		window: l.src.Windowed, partitions: l.src.Partitions}
	for _, c := range l.scan.Out.Columns {
		n.cols = append(n.cols, scopeColumn{Source: l.alias, Column: c})
	}
	n.keyPos = l.keyColumns()
	if len(n.keyPos) == 1 {
		n.keyType = l.scan.Out.Columns[n.keyPos[0]].Type
	}
	if n.window != "" {
		n.keyPos = append(n.keyPos, l.scan.Out.Index("WINDOWSTART"), l.scan.Out.Index("WINDOWEND"))
	}
	return n
}

// joinBuilder plans the join tree of a query.
type joinBuilder struct {
	from  *joinFrom
	cat   *Catalog
	inSel func(viable) bool // whether the projection selects a column
}

// build joins the sources left-deep, in FROM order.
func (jb *joinBuilder) build() (*joinNode, error) {
	cur := leafNode(jb.from.leaves[0])
	for i, cl := range jb.from.clauses {
		next, err := jb.step(cur, leafNode(cl.leaf), cl, i == len(jb.from.clauses)-1)
		if err != nil {
			return nil, err
		}
		cur = next
	}
	return cur, nil
}

// step plans left JOIN right for one clause.
func (jb *joinBuilder) step(left, right *joinNode, cl *joinClause, final bool) (*joinNode, error) {
	j := &Join{Left: left.node, Right: right.node, Type: joinTypeOf(cl.typ)}
	var err error
	if j.Kind, err = jb.kind(left, right, cl); err != nil {
		return nil, err
	}
	if j.Kind == ForeignKeyJoin {
		err = jb.foreignKeys(j, left, right, cl)
	} else {
		err = jb.keys(j, left, right, cl)
	}
	if err != nil {
		return nil, err
	}
	if err := checkWithin(j.Kind, cl); err != nil {
		return nil, err
	}
	if j.Kind == StreamStreamJoin {
		j.Window = joinWindow(cl.within)
	}
	if j.Kind != ForeignKeyJoin {
		if err := checkPartitions(left, right, cl); err != nil {
			return nil, err
		}
	}
	n := &joinNode{node: j, leaves: append(slices.Clone(left.leaves), right.leaves...),
		table: j.Kind == TableTableJoin || j.Kind == ForeignKeyJoin, window: left.window, partitions: right.partitions}
	n.equiv, n.viable = equivalence(left, cl, j.Type)
	n.key = jb.resultKey(j, n, left)
	if t := j.LeftKey[0].Type(); j.Kind != ForeignKeyJoin && containsMap(t) {
		return nil, errorf(cl.on.Pos(), "Map keys, including types that contain maps, are not supported as they may lead to "+
			"unexpected behavior due to inconsistent serialization. Key column name: `%s`. Column type: %s. "+
			"See https://github.com/confluentinc/ksql/issues/6621 for more.", n.key.names[0], t)
	}
	jb.layout(j, n, left, right, final)
	return n, nil
}

func joinTypeOf(t sql.JoinType) JoinType {
	switch t {
	case sql.LeftJoin:
		return LeftJoin
	case sql.RightJoin:
		return RightJoin
	case sql.FullJoin:
		return OuterJoin
	}
	return InnerJoin
}

// kind classifies the join and applies ksqlDB's rules on which side may be
// a table and on which columns tables are joined.
func (jb *joinBuilder) kind(left, right *joinNode, cl *joinClause) (JoinKind, error) {
	lt, rt := cl.originalOrder()
	got := cl.leftLeaf.src.Name + " " + joinTypeText(cl.typ) + " " + cl.rightLeaf.src.Name
	switch {
	case left.table && !right.table:
		return 0, errorf(cl.pos, "Invalid join order: table-stream joins are not supported; only stream-table joins. Got %s.", got)
	case !left.table && right.table:
		if cl.typ == sql.FullJoin {
			return 0, errorf(cl.pos, "Invalid join type: full-outer join not supported for stream-table join. Got %s.", got)
		}
		if cl.typ == sql.RightJoin {
			return 0, errorf(cl.pos, "Invalid join type: right-outer join not supported for stream-table join. Got %s.", got)
		}
		if !joinsOnKey(cl.right, cl) {
			return 0, errorf(cl.on.Pos(), "Invalid join condition: stream-table joins require to join on the table's primary key. Got %s = %s.", lt, rt)
		}
		return StreamTableJoin, nil
	case left.table && right.table:
		if !joinsOnKey(cl.right, cl) {
			return 0, errorf(cl.on.Pos(), "Invalid join condition: table-table joins require to join on the primary key of the right input table. Got %s = %s.", lt, rt)
		}
		if joinsOnKey(cl.left, cl) {
			return TableTableJoin, nil
		}
		return ForeignKeyJoin, checkForeignKey(left, right, cl, got, lt, rt)
	}
	return StreamStreamJoin, nil
}

// joinsOnKey reports whether e is a plain reference to the key column of
// the single-column key of the source it reads.
func joinsOnKey(e sql.Expr, cl *joinClause) bool {
	ref, ok := e.(*sql.ColumnRef)
	if !ok {
		return false
	}
	l := cl.refs[ref]
	keys := l.keyColumns()
	return len(keys) == 1 && l.scan.Out.Columns[keys[0]].Name == ref.Name.Name
}

// checkForeignKey applies ksqlDB's restrictions on foreign-key joins.
func checkForeignKey(left, right *joinNode, cl *joinClause, got, lt, rt string) error {
	switch {
	case cl.typ == sql.FullJoin:
		return errorf(cl.pos, "Invalid join type: full-outer join not supported for foreign-key table-table join. Got %s.", got)
	case cl.typ == sql.RightJoin:
		return errorf(cl.pos, "RIGHT OUTER JOIN on a foreign key is not supported")
	case left.leaf == nil:
		return errorf(cl.on.Pos(), "Invalid join condition: foreign-key table-table joins are not supported as part of n-way joins. Got %s = %s.", lt, rt)
	case len(left.leaf.keyColumns()) == 0:
		return errorf(cl.on.Pos(), "Invalid join condition: the left table %s of a foreign-key join has no primary key", left.leaf.alias)
	case right.window != "":
		return errorf(cl.on.Pos(), "Foreign-key table-table joins are not supported on windowed tables.")
	}
	return nil
}

// checkWithin requires WITHIN exactly for stream-stream joins.
func checkWithin(k JoinKind, cl *joinClause) error {
	switch {
	case k == StreamStreamJoin && cl.within == nil:
		return errorf(cl.pos, "Stream-Stream joins must have a WITHIN clause specified. None was provided. To learn about how to specify a WITHIN clause with a stream-stream join, please visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html#create-stream-as-select")
	case k == StreamTableJoin && cl.within != nil:
		return errorf(cl.within.Pos(), "A window definition was provided for a Stream-Table join. These joins are not windowed. Please drop the window definition (ie. the WITHIN clause) and try to execute your join again.")
	case (k == TableTableJoin || k == ForeignKeyJoin) && cl.within != nil:
		return errorf(cl.within.Pos(), "A window definition was provided for a Table-Table join. These joins are not windowed. Please drop the window definition (i.e. the WITHIN clause) and try to execute your Table-Table join again.")
	}
	return nil
}

// defaultJoinGrace is Kafka Streams' grace period for join windows built
// without one: 24 hours less twice the window's before size.
const defaultJoinGrace = 24 * 60 * 60 * 1000

func joinWindow(w *sql.JoinWindow) *JoinWindow {
	jw := &JoinWindow{Before: w.Before.Millis, After: w.After.Millis}
	if w.Grace != nil {
		jw.Grace, jw.GraceSet = w.Grace.Millis, true
	} else {
		jw.Grace = max(defaultJoinGrace-2*jw.Before, 0)
	}
	return jw
}

// checkPartitions requires both sides to have as many partitions, as
// ksqlDB's co-partitioning does (unknown counts are not checked).
func checkPartitions(left, right *joinNode, cl *joinClause) error {
	lp, rp := left.partitions, right.partitions
	if lp <= 0 || rp <= 0 || lp == rp {
		return nil
	}
	la, ra := left.leaves[0].alias, right.leaves[0].alias
	return errorf(cl.pos, "Can't join `%s` with `%s` since the number of partitions don't match. `%s` partitions = %d; `%s` partitions = %d. Please repartition either one so that the number of partitions match.",
		la, ra, la, lp, ra, rp)
}

// equivalence computes the join's equivalence set (the criteria texts equal
// to its key) and its viable key columns, as ksqlDB's JoinTree does. A full
// outer join's key equals neither side.
func equivalence(left *joinNode, cl *joinClause, t JoinType) ([]string, []viable) {
	if t == OuterJoin {
		return nil, nil
	}
	equiv := []string{cl.leftText, cl.rightText}
	if slices.Contains(left.equiv, cl.leftText) || slices.Contains(left.equiv, cl.rightText) {
		for _, e := range left.equiv {
			if !slices.Contains(equiv, e) {
				equiv = append(equiv, e)
			}
		}
	}
	var out []viable
	add := func(v viable) {
		if slices.Contains(equiv, v.text()) && !slices.ContainsFunc(out, func(o viable) bool { return o.text() == v.text() }) {
			out = append(out, v)
		}
	}
	for _, v := range left.viable {
		add(v)
	}
	for _, side := range []struct {
		e sql.Expr
		l *joinLeaf
	}{{cl.left, cl.leftLeaf}, {cl.right, cl.rightLeaf}} {
		if ref, ok := side.e.(*sql.ColumnRef); ok {
			add(viable{leaf: side.l, name: ref.Name.Name})
		}
	}
	return equiv, out
}
