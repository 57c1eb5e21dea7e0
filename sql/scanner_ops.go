package sql

import (
	"fmt"
	"unicode/utf8"
)

// operators maps operator texts to tokens; two-character operators are
// tried before one-character ones.
var operators2 = map[string]Token{
	"!=": NE, "<>": NE, "<=": LE, ">=": GE, "||": CONCAT, "->": ARROW, "=>": LAMBDA, ":=": ASSIGN,
}

var operators1 = map[byte]Token{
	'=': EQ, '<': LT, '>': GT, '+': PLUS, '-': MINUS, '*': STAR, '/': SLASH, '%': PERCENT,
	'(': LPAREN, ')': RPAREN, '[': LBRACK, ']': RBRACK, ',': COMMA, '.': DOT, ';': SEMI, ':': COLON,
}

func (s *Scanner) scanOperator() (Pos, Token, string) {
	start := s.off
	if s.off+2 <= len(s.src) {
		if tok, ok := operators2[s.src[s.off:s.off+2]]; ok {
			s.off += 2
			return Pos(start), tok, s.src[start:s.off]
		}
	}
	if tok, ok := operators1[s.src[s.off]]; ok {
		s.off++
		return Pos(start), tok, s.src[start:s.off]
	}
	r, n := utf8.DecodeRuneInString(s.src[s.off:])
	s.off += n
	return s.error(start, fmt.Sprintf("unexpected character %q", r), s.src[start:s.off])
}

// validVariableName reports whether name is an identifier as ${...}
// requires: a letter or _ followed by letters, digits, _ or @.
func validVariableName(name string) bool {
	if name == "" || !isLetter(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; !isLetter(c) && !isDigit(c) && c != '@' {
			return false
		}
	}
	return true
}
