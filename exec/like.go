package exec

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// likeToken is one element of a compiled LIKE pattern: literal text, or a
// wildcard (anyOne for _, anyRun for %).
type likeToken struct {
	kind byte // 'l' literal, '_' one character, '%' any run
	text string
}

// likePattern is a compiled LIKE pattern.
type likePattern []likeToken

var errLikeEscapeAtEnd = errors.New("LIKE pattern must not end with escape character")

// compileLikePattern parses a LIKE pattern: % matches any run of characters,
// _ exactly one, and escape (0: none) makes the next character literal.
func compileLikePattern(p string, escape rune) (likePattern, error) {
	var toks likePattern
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, likeToken{kind: 'l', text: lit.String()})
			lit.Reset()
		}
	}
	escaped := false
	for _, c := range p {
		switch {
		case escaped:
			lit.WriteRune(c)
			escaped = false
		case escape != 0 && c == escape:
			escaped = true
		case c == '%':
			flush()
			if len(toks) == 0 || toks[len(toks)-1].kind != '%' {
				toks = append(toks, likeToken{kind: '%'})
			}
		case c == '_':
			flush()
			toks = append(toks, likeToken{kind: '_'})
		default:
			lit.WriteRune(c)
		}
	}
	if escaped {
		return nil, errLikeEscapeAtEnd
	}
	flush()
	return toks, nil
}

// match reports whether s matches the whole pattern. It backtracks only to
// the most recent %, so it runs in O(len(s) × len(p)) at worst.
func (p likePattern) match(s string) bool {
	ti, si := 0, 0
	starTi, starSi := -1, 0
	for {
		if ti < len(p) {
			t := p[ti]
			switch t.kind {
			case '%':
				starTi, starSi = ti, si
				ti++
				continue
			case '_':
				if si < len(s) {
					_, w := utf8.DecodeRuneInString(s[si:])
					si += w
					ti++
					continue
				}
			case 'l':
				if strings.HasPrefix(s[si:], t.text) {
					si += len(t.text)
					ti++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		// Mismatch: let the last % swallow one more character.
		if starTi < 0 || starSi >= len(s) {
			return false
		}
		_, w := utf8.DecodeRuneInString(s[starSi:])
		starSi += w
		ti, si = starTi+1, starSi
	}
}

func compileLike(e *planner.Like) (Evaluator, error) {
	arg, pat, err := compile2(e.Arg, e.Pattern)
	if err != nil {
		return nil, err
	}
	esc, neg := e.Escape, e.Negated
	if lit, ok := e.Pattern.(*planner.Literal); ok {
		if lit.Value == nil {
			return func(types.Row, *Scope) (types.Value, error) { return nil, nil }, nil
		}
		p, err := compileLikePattern(lit.Value.(string), esc)
		if err != nil {
			return nil, err
		}
		return func(row types.Row, s *Scope) (types.Value, error) {
			v, err := arg(row, s)
			if err != nil || v == nil {
				return nil, err
			}
			return p.match(v.(string)) != neg, nil
		}, nil
	}
	// A pattern read from the row is compiled per row, keeping the last one.
	var last string
	var lastP likePattern
	return func(row types.Row, s *Scope) (types.Value, error) {
		v, pv, err := eval2(arg, pat, row, s)
		if err != nil || v == nil || pv == nil {
			return nil, err
		}
		if ps := pv.(string); lastP == nil || ps != last {
			p, err := compileLikePattern(ps, esc)
			if err != nil {
				return nil, err
			}
			last, lastP = ps, p
		}
		return lastP.match(v.(string)) != neg, nil
	}, nil
}
