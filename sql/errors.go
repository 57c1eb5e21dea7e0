package sql

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Pos is a byte offset into the source text of a parse call. For
// ParseStatements it is an offset into the whole script, so line and
// column are right for multi-statement input.
type Pos int

// NoPos marks an absent position.
const NoPos Pos = -1

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p >= 0 }

// LineCol returns the 1-based line and column (in bytes) of p in src.
// Positions past the end of src report the position just after the last
// byte.
func (p Pos) LineCol(src string) (line, col int) {
	off := min(max(int(p), 0), len(src))
	line = 1 + strings.Count(src[:off], "\n")
	col = off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
	return line, col
}

// Error is a syntax error at a position.
type Error struct {
	Pos  Pos
	Line int // 1-based
	Col  int // 1-based, in bytes
	Msg  string
	// Prepare marks an error ksqlDB raises after parsing, while building
	// the statement's tree (an out-of-range numeric literal).
	Prepare bool
}

// Error renders "line L:C: msg". A Prepare error renders as ksqlDB reports
// it: "Failed to prepare statement: line L:C: msg", where C is one past the
// column, since ksqlDB adds one to an already 1-based column there.
func (e *Error) Error() string {
	if e.Prepare {
		return fmt.Sprintf("Failed to prepare statement: line %d:%d: %s", e.Line, e.Col+1, e.Msg)
	}
	return fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg)
}

// ErrorList is a list of syntax errors, sorted by position.
type ErrorList []*Error

// Add appends an error at pos in src.
func (l *ErrorList) Add(src string, pos Pos, msg string) {
	line, col := pos.LineCol(src)
	*l = append(*l, &Error{Pos: pos, Line: line, Col: col, Msg: msg})
}

// Sort orders the list by position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos < l[j].Pos })
}

// Error renders the first error and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns nil for an empty list, else the list itself.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// FormatError renders err for display against the source it came from:
// the message, then the offending source line, then a caret under the
// column. Errors that carry no position are rendered as err.Error().
func FormatError(src string, err error) string {
	var e *Error
	var list ErrorList
	switch {
	case errors.As(err, &list) && len(list) > 0:
		e = list[0]
	case errors.As(err, &e):
	default:
		return err.Error()
	}
	line := sourceLine(src, e.Pos)
	caret := caretIndent(line, e.Col) + "^"
	return e.Error() + "\n" + line + "\n" + caret
}

// sourceLine returns the line of src containing pos, tabs kept.
func sourceLine(src string, pos Pos) string {
	off := min(max(int(pos), 0), len(src))
	start := strings.LastIndexByte(src[:off], '\n') + 1
	end := strings.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += off
	}
	return strings.TrimRight(src[start:end], "\r")
}

// caretIndent returns the blanks that precede byte column col of line:
// one per rune, with tabs kept so the caret lines up under the source.
func caretIndent(line string, col int) string {
	var b strings.Builder
	for i, r := range line {
		if i >= col-1 {
			return b.String()
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	for i := len(line); i < col-1; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
