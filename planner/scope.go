package planner

import (
	"strings"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// scopeColumn is a column visible to expressions, with the source that owns it.
type scopeColumn struct {
	Source string // source name or alias
	Column
}

// scope resolves column references of one operator's input row.
type scope struct {
	cols   []scopeColumn
	clause string     // WHERE, SELECT, ... for error messages
	lambda [][]string // lambda parameter names, innermost last
	ltypes [][]*types.Type
}

func newScope(source string, s *Schema) *scope {
	sc := &scope{}
	for _, c := range s.Columns {
		sc.cols = append(sc.cols, scopeColumn{Source: source, Column: c})
	}
	return sc
}

// resolve finds a column by optional qualifier and name.
func (sc *scope) resolve(ref *sql.ColumnRef) (int, *Error) {
	name := ref.Name.Name
	found := -1
	for i, c := range sc.cols {
		if c.Name != name {
			continue
		}
		if ref.Source != nil && c.Source != ref.Source.Name {
			continue
		}
		if found >= 0 {
			return -1, errorf(ref.Pos(), "Column '%s' is ambiguous.", name)
		}
		found = i
	}
	if found >= 0 {
		return found, nil
	}
	if ref.Source != nil && !sc.hasSource(ref.Source.Name) {
		return -1, errorf(ref.Pos(), "'%s' is not a valid stream/table name or alias.", ref.Source.Name)
	}
	full := name
	if ref.Source != nil {
		full = ref.Source.Name + "." + name
	}
	clause := sc.clause
	if clause == "" {
		clause = "SELECT"
	}
	return -1, errorf(ref.Pos(), "%s column '%s' cannot be resolved.", clause, full)
}

func (sc *scope) hasSource(name string) bool {
	for _, c := range sc.cols {
		if c.Source == name {
			return true
		}
	}
	return false
}

// lookupLambda finds an unqualified name among the lambda parameters in scope.
func (sc *scope) lookupLambda(name string) (depth, index int, ok bool) {
	for d := len(sc.lambda) - 1; d >= 0; d-- {
		for i, p := range sc.lambda[d] {
			if strings.EqualFold(p, name) {
				return len(sc.lambda) - 1 - d, i, true
			}
		}
	}
	return 0, 0, false
}
