package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// joinLeaf is one source of a join: a catalog source under its alias.
type joinLeaf struct {
	alias string
	src   *Source
	scan  *Scan
	pos   sql.Pos
}

// joinClause is one JOIN of the FROM clause. Analysis fills the criteria:
// left refers to the sources joined before, right to the new source.
type joinClause struct {
	typ     sql.JoinType
	within  *sql.JoinWindow
	on      sql.Expr
	leaf    *joinLeaf // the source this JOIN adds
	pos     sql.Pos
	flipped bool // the criteria names the new source first

	left, right         sql.Expr  // the criteria's sides, left over earlier sources
	leftLeaf, rightLeaf *joinLeaf // the sources each side reads
	leftText, rightText string    // the sides as ksqlDB prints them (qualified)
	refs                map[*sql.ColumnRef]*joinLeaf
}

// joinFrom flattens a FROM clause into its sources, left to right, and the
// JOINs that add them (clauses[i] adds leaves[i+1]).
type joinFrom struct {
	leaves  []*joinLeaf
	clauses []*joinClause
}

// collectFrom registers the sources of a join, rejecting unknown sources
// and sources named twice, as ksqlDB does.
func collectFrom(j *sql.Join, cat *Catalog) (*joinFrom, error) {
	f := &joinFrom{}
	var rels []*sql.Join
	var rel sql.Relation = j
	for {
		jj, ok := rel.(*sql.Join)
		if !ok {
			break
		}
		rels = append(rels, jj)
		rel = jj.Left
	}
	first, ok := rel.(*sql.Table)
	if !ok {
		return nil, errorf(rel.Pos(), "unsupported relation in FROM")
	}
	if err := f.add(first, cat); err != nil {
		return nil, err
	}
	for i := len(rels) - 1; i >= 0; i-- {
		jj := rels[i]
		if err := f.add(jj.Right, cat); err != nil {
			return nil, err
		}
		f.clauses = append(f.clauses, &joinClause{typ: jj.Type, within: jj.Within, on: jj.On,
			leaf: f.leaves[len(f.leaves)-1], pos: jj.Pos()})
	}
	return f, nil
}

func (f *joinFrom) add(t *sql.Table, cat *Catalog) error {
	src, ok := cat.Source(t.Name.Name)
	if !ok {
		return errorf(t.Pos(), "%s does not exist.", t.Name.Name)
	}
	for _, l := range f.leaves {
		if l.src.Name != src.Name {
			continue
		}
		if len(f.leaves) > 1 {
			return errorf(t.Pos(), "N-way joins do not support multiple occurrences of the same source. Source: '%s'.", src.Name)
		}
		return errorf(t.Pos(), "Can not join '%s' to '%s': self joins are not yet supported.", src.Name, l.src.Name)
	}
	alias := src.Name
	if t.Alias != nil {
		alias = t.Alias.Name
	}
	for _, l := range f.leaves {
		if l.alias == alias {
			return errorf(t.Pos(), "N-way joins do not support multiple occurrences of the same source. Source: '%s'.", alias)
		}
	}
	f.leaves = append(f.leaves, &joinLeaf{alias: alias, src: src, scan: newScan(src), pos: t.Pos()})
	return nil
}

// leaf returns the source named alias, or nil.
func (f *joinFrom) leaf(alias string) *joinLeaf {
	for _, l := range f.leaves {
		if l.alias == alias {
			return l
		}
	}
	return nil
}

// checkKafkaValues rejects sources with the KAFKA value format, which
// ksqlDB cannot join.
func (f *joinFrom) checkKafkaValues(pos sql.Pos) error {
	var names []string
	for _, l := range f.leaves {
		if l.src.ValueFormat.Name == "KAFKA" {
			names = append(names, l.alias)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return errorf(pos, "Source(s) %s are using the 'KAFKA' value format. This format does not yet support JOIN.", strings.Join(names, ", "))
}

// hasColumn reports whether the leaf's rows have a column named name.
func (l *joinLeaf) hasColumn(name string) bool { return l.scan.Out.Index(name) >= 0 }

// keyColumns lists the positions of the leaf's key columns.
func (l *joinLeaf) keyColumns() []int {
	var out []int
	for i, c := range l.scan.Out.Columns {
		if c.Role == KeyColumn {
			out = append(out, i)
		}
	}
	return out
}

// joinTypeText names a join type as ksqlDB's messages do.
func joinTypeText(t sql.JoinType) string {
	switch t {
	case sql.LeftJoin:
		return "LEFT [OUTER] JOIN"
	case sql.RightJoin:
		return "RIGHT [OUTER] JOIN"
	case sql.FullJoin:
		return "[FULL] OUTER JOIN"
	}
	return "[INNER] JOIN"
}

// windowText describes a source's windowing for messages.
func windowText(src *Source) string {
	if src.Windowed == "" {
		return "not"
	}
	return src.Windowed
}

// checkWindowing rejects joining windowed to non-windowed sources, and
// session to time windows.
func checkWindowing(l, r *joinLeaf, pos sql.Pos) error {
	lw, rw := l.src.Windowed, r.src.Windowed
	if (lw == "") != (rw == "") {
		return errorf(pos, "Can not join windowed source to non-windowed source.\n`%s` is %s windowed\n`%s` is %s windowed",
			l.alias, windowText(l.src), r.alias, windowText(r.src))
	}
	if lw == "" || (lw == "SESSION") == (rw == "SESSION") {
		return nil
	}
	return errorf(pos, "%s", fmt.Sprintf("Incompatible windowed sources.\nLeft source: %s\nRight source: %s\n"+
		"Session windowed sources can only be joined to other session windowed sources, and may still not result in expected behaviour as session bounds must be an exact match for the join to work\n"+
		"Hopping and tumbling windowed sources can only be joined to other hopping and tumbling windowed sources", lw, rw))
}
