package server

import (
	"strings"
	"unicode"
)

// queryStatement reports whether the first statement of sql is a SELECT or a
// PRINT (which belong on /query, /query-stream or /ws/query), and returns that
// statement's text. It only skips comments and whitespace and reads the first
// word: parsing is the engine's job.
func queryStatement(sql string) (stmt string, ok bool) {
	start := skipSpaceAndComments(sql)
	rest := sql[start:]
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(rest)
	}
	word := rest[:end]
	if !strings.EqualFold(word, "SELECT") && !strings.EqualFold(word, "PRINT") {
		return "", false
	}
	return rest[:statementEnd(rest)], true
}

// skipSpaceAndComments returns the offset of the first byte of s that is
// neither whitespace nor inside a -- or /* */ comment.
func skipSpaceAndComments(s string) int {
	i := 0
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r':
			i++
		case strings.HasPrefix(s[i:], "--"):
			nl := strings.IndexByte(s[i:], '\n')
			if nl < 0 {
				return len(s)
			}
			i += nl + 1
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return len(s)
			}
			i += 2 + end + 2
		default:
			return i
		}
	}
	return i
}

// statementEnd returns the offset just past the first ';' of s that is not
// inside a quoted string or identifier, or len(s).
func statementEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0 // a doubled quote reopens at once on the next byte
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == ';':
			return i + 1
		}
	}
	return len(s)
}
