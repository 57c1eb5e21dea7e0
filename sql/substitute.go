package sql

import (
	"fmt"
	"strings"
)

// Substitute replaces each ${name} in src with the value of the variable
// name, looked up exactly and then ignoring case. References inside
// strings and quoted identifiers are replaced too (ksqlDB allows
// '${topic}'); references inside comments are left alone. A reference to
// an unknown variable is an *Error at its position.
func Substitute(src string, vars map[string]string) (string, error) {
	var b strings.Builder
	i := 0
	for i < len(src) {
		switch {
		case strings.HasPrefix(src[i:], "--"):
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			b.WriteString(src[i : i+end])
			i += end
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				end = len(src) - i
			} else {
				end += 4
			}
			b.WriteString(src[i : i+end])
			i += end
		case src[i] == '\'' || src[i] == '"' || src[i] == '`':
			end := quotedEnd(src, i)
			if err := substituteRange(&b, src, i, end, vars); err != nil {
				return "", err
			}
			i = end
		case strings.HasPrefix(src[i:], "${"):
			n, err := substituteOne(&b, src, i, vars)
			if err != nil {
				return "", err
			}
			i += n
		default:
			b.WriteByte(src[i])
			i++
		}
	}
	return b.String(), nil
}

// quotedEnd returns the offset just past the quoted text starting at
// src[i] (a doubled quote does not end it), or len(src).
func quotedEnd(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		if src[j] != q {
			continue
		}
		if j+1 < len(src) && src[j+1] == q {
			j++
			continue
		}
		return j + 1
	}
	return len(src)
}

// substituteRange copies src[i:end], replacing variable references.
func substituteRange(b *strings.Builder, src string, i, end int, vars map[string]string) error {
	for i < end {
		if !strings.HasPrefix(src[i:end], "${") {
			b.WriteByte(src[i])
			i++
			continue
		}
		n, err := substituteOne(b, src[:end], i, vars)
		if err != nil {
			return err
		}
		i += n
	}
	return nil
}

// substituteOne writes the value of the reference at src[i:] and returns
// the reference's length.
func substituteOne(b *strings.Builder, src string, i int, vars map[string]string) (int, error) {
	end := strings.IndexByte(src[i:], '}')
	if end < 0 {
		return 0, newError(src, Pos(i), "variable reference not terminated")
	}
	name := src[i+2 : i+end]
	v, ok := lookupVar(vars, name)
	if !ok {
		return 0, newError(src, Pos(i), fmt.Sprintf("undefined variable ${%s}", name))
	}
	b.WriteString(v)
	return end + 1, nil
}

func lookupVar(vars map[string]string, name string) (string, bool) {
	if v, ok := vars[name]; ok {
		return v, true
	}
	for k, v := range vars {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func newError(src string, pos Pos, msg string) *Error {
	line, col := pos.LineCol(src)
	return &Error{Pos: pos, Line: line, Col: col, Msg: msg}
}
