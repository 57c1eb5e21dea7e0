package server

import (
	"strings"
	"unicode"
)

// readStatements are the statements the read role may send to /ksql, by
// first keyword. The check is lexical on purpose: the engine still parses
// and validates everything the role lets through.
var readStatements = map[string]bool{
	"SELECT": true, "PRINT": true, "SHOW": true, "LIST": true,
	"DESCRIBE": true, "EXPLAIN": true,
}

// firstWriteStatement returns the first statement of sql that the read role
// may not run (trimmed), or "" if there is none.
func firstWriteStatement(sql string) string {
	for _, stmt := range splitStatements(sql) {
		if !readStatements[strings.ToUpper(firstWord(stmt))] {
			return stmt
		}
	}
	return ""
}

// splitStatements cuts sql at semicolons outside quotes ('..', "..", `..`)
// and comments (-- to end of line, /* .. */), dropping comments and empty
// statements.
func splitStatements(sql string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			end := closingQuote(sql, i)
			cur.WriteString(sql[i:end])
			i = end - 1
		case strings.HasPrefix(sql[i:], "--"):
			nl := strings.IndexByte(sql[i:], '\n')
			if nl < 0 {
				i = len(sql)
			} else {
				i += nl
			}
			cur.WriteByte(' ')
		case strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				i = len(sql)
			} else {
				i += end + 3
			}
			cur.WriteByte(' ')
		case c == ';':
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

// closingQuote returns the index just past the quote closing the one at
// start; a doubled quote is an escaped one. Unclosed quotes run to the end.
func closingQuote(sql string, start int) int {
	q := sql[start]
	for i := start + 1; i < len(sql); i++ {
		if sql[i] != q {
			continue
		}
		if i+1 < len(sql) && sql[i+1] == q {
			i++
			continue
		}
		return i + 1
	}
	return len(sql)
}

// firstWord returns the leading run of letters of stmt (without leading space).
func firstWord(stmt string) string {
	stmt = strings.TrimLeftFunc(stmt, unicode.IsSpace)
	end := strings.IndexFunc(stmt, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		return stmt
	}
	return stmt[:end]
}
