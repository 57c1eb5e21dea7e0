package planner

import (
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// analyze checks the ON criteria of clauses[i] as ksqlDB's analyzer does:
// one equality whose sides each read exactly one source, one of them the
// source the JOIN adds, the other one joined before. It orders the sides so
// that left reads the earlier sources.
func (f *joinFrom) analyze(i int) error {
	cl := f.clauses[i]
	b, err := equalityCriteria(cl.on)
	if err != nil {
		return err
	}
	cl.refs = map[*sql.ColumnRef]*joinLeaf{}
	visible := f.leaves[:i+2]
	if err := f.resolveRefs(b, visible, cl.refs); err != nil {
		return err
	}
	restore := qualifyRefs(cl.refs)
	whole := sql.FormatExprKsql(b)
	lt, rt := sql.FormatExprKsql(b.X), sql.FormatExprKsql(b.Y)
	restore()
	ls, err := onlySource(b.X, lt, whole, cl.refs)
	if err != nil {
		return err
	}
	rs, err := onlySource(b.Y, rt, whole, cl.refs)
	if err != nil {
		return err
	}
	if ls == rs {
		return errorf(b.Pos(), "Each side of the join must reference exactly one source and not the same source. Left side references `%s` and right references `%s`", ls.alias, rs.alias)
	}
	if err := checkWindowing(ls, rs, b.Pos()); err != nil {
		return err
	}
	if ls != cl.leaf && rs != cl.leaf {
		return errorf(b.Pos(), "A join criteria is expected to reference the source (`%s`) in the FROM clause, instead the right source references `%s` and the left source references `%s`", cl.leaf.alias, rs.alias, ls.alias)
	}
	cl.left, cl.right, cl.leftLeaf, cl.rightLeaf, cl.leftText, cl.rightText = b.X, b.Y, ls, rs, lt, rt
	if ls == cl.leaf {
		cl.flipped = true
		cl.left, cl.right, cl.leftLeaf, cl.rightLeaf, cl.leftText, cl.rightText = b.Y, b.X, rs, ls, rt, lt
	}
	return nil
}

// equalityCriteria returns the criteria as an equality, or ksqlDB's error
// for other shapes.
func equalityCriteria(on sql.Expr) (*sql.Binary, error) {
	b, ok := on.(*sql.Binary)
	if ok && b.Op == sql.OpEq {
		return b, nil
	}
	if ok && b.Op.IsComparison() {
		return nil, errorf(on.Pos(), "Only equality join criteria is supported.")
	}
	if ok && b.Op.IsLogical() && isEquality(b.X) && isEquality(b.Y) {
		return nil, errorf(on.Pos(), "Invalid join condition: joins on multiple conditions are not yet supported. Got %s.", sql.FormatExprKsql(on))
	}
	return nil, errorf(on.Pos(), "Unsupported join expression: %s", sql.FormatExprKsql(on))
}

func isEquality(e sql.Expr) bool {
	b, ok := e.(*sql.Binary)
	return ok && b.Op == sql.OpEq
}

// resolveRefs finds the source of every column reference of e among
// visible; out maps each reference to its source.
func (f *joinFrom) resolveRefs(e sql.Expr, visible []*joinLeaf, out map[*sql.ColumnRef]*joinLeaf) error {
	var err error
	walkSQL(e, func(x sql.Expr) bool {
		if err != nil {
			return false
		}
		if _, ok := x.(*sql.Lambda); ok {
			return false
		}
		if ref, ok := x.(*sql.ColumnRef); ok {
			var l *joinLeaf
			if l, err = f.resolveRef(ref, visible, "JOIN ON"); err == nil {
				out[ref] = l
			}
			return false
		}
		return true
	})
	return err
}

// resolveRef finds the source a column reference reads: by qualifier, or
// the only source with such a column. clause names the clause in errors.
func (f *joinFrom) resolveRef(ref *sql.ColumnRef, visible []*joinLeaf, clause string) (*joinLeaf, error) {
	name := ref.Name.Name
	if ref.Source != nil {
		l := f.leaf(ref.Source.Name)
		if l == nil {
			return nil, errorf(ref.Pos(), "Failed to prepare statement: '%s' is not a valid stream/table name or alias.", ref.Source.Name)
		}
		if !l.hasColumn(name) || !containsLeaf(visible, l) {
			return nil, errorf(ref.Pos(), "%s column '%s.%s' cannot be resolved.", clause, ref.Source.Name, name)
		}
		return l, nil
	}
	var found []*joinLeaf
	for _, l := range f.leaves {
		if l.hasColumn(name) {
			found = append(found, l)
		}
	}
	if len(found) > 1 {
		return nil, ambiguous(ref, found)
	}
	if len(found) == 0 || !containsLeaf(visible, found[0]) {
		return nil, errorf(ref.Pos(), "%s column '%s' cannot be resolved.", clause, name)
	}
	return found[0], nil
}

// ambiguous is ksqlDB's error for an unqualified column several sources have.
func ambiguous(ref *sql.ColumnRef, leaves []*joinLeaf) error {
	names := make([]string, len(leaves))
	for i, l := range leaves {
		names[i] = l.alias + "." + ref.Name.Name
	}
	list := names[0]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
	e := errorf(ref.Pos(), "Column '%s' is ambiguous. Could be %s.", ref.Name.Name, list)
	e.Preparing = true
	return e
}

func containsLeaf(ls []*joinLeaf, l *joinLeaf) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// onlySource returns the one source side reads, or ksqlDB's error.
func onlySource(side sql.Expr, text, whole string, refs map[*sql.ColumnRef]*joinLeaf) (*joinLeaf, error) {
	var src *joinLeaf
	many := false
	walkSQL(side, func(x sql.Expr) bool {
		if ref, ok := x.(*sql.ColumnRef); ok {
			if l := refs[ref]; l != nil {
				many = many || (src != nil && src != l)
				src = l
			}
		}
		return true
	})
	if src == nil || many {
		return nil, errorf(side.Pos(), "Invalid comparison expression '%s' in join '%s'. Each side of the join comparision must contain references from exactly one source.", text, whole)
	}
	return src, nil
}

// qualifyRefs qualifies the unqualified references of refs with their
// source's alias, for printing as ksqlDB does; the returned function undoes
// it.
func qualifyRefs(refs map[*sql.ColumnRef]*joinLeaf) func() {
	var done []*sql.ColumnRef
	for ref, l := range refs {
		if ref.Source == nil {
			ref.Source = &sql.Ident{Span: ref.Name.Span, Name: l.alias}
			done = append(done, ref)
		}
	}
	return func() {
		for _, ref := range done {
			ref.Source = nil
		}
	}
}

// originalOrder returns the criteria's sides as written.
func (cl *joinClause) originalOrder() (string, string) {
	if cl.flipped {
		return cl.rightText, cl.leftText
	}
	return cl.leftText, cl.rightText
}
