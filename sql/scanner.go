package sql

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An ErrorHandler is called with the position and message of each lexical
// error the Scanner finds.
type ErrorHandler func(pos Pos, msg string)

// A Scanner splits ksqlDB source text into tokens. It skips white space
// and comments (-- to end of line, /* ... */) and knows nothing of the
// syntax tree. The zero value is not usable: call Init.
type Scanner struct {
	src  string
	off  int // next byte to read
	end  int // end of the last scanned token
	errh ErrorHandler
}

// Init prepares s to scan src, reporting lexical errors to errh (which
// may be nil).
func (s *Scanner) Init(src string, errh ErrorHandler) {
	*s = Scanner{src: src, errh: errh}
}

// End returns the offset just past the last token Scan returned.
func (s *Scanner) End() Pos { return Pos(s.end) }

// Scan returns the next token, its position and its literal text. For
// IDENT, INT, DECIMAL and FLOAT lit is the text as written; for QIDENT and
// STRING it is the unescaped content; for VARIABLE the variable name; for
// ILLEGAL the offending text. At the end of the input Scan returns EOF.
func (s *Scanner) Scan() (pos Pos, tok Token, lit string) {
	if msg, at, ok := s.skipSpace(); !ok {
		s.end = len(s.src)
		return s.error(at, msg, s.src[at:])
	}
	start := s.off
	defer func() { s.end = s.off }()
	if s.off >= len(s.src) {
		return Pos(start), EOF, ""
	}
	c := s.src[s.off]
	switch {
	case isLetter(c) || c >= utf8.RuneSelf && s.unicodeLetter():
		s.scanWord()
		return Pos(start), IDENT, s.src[start:s.off]
	case isDigit(c) || c == '.' && s.off+1 < len(s.src) && isDigit(s.src[s.off+1]):
		tok := s.scanNumber()
		return Pos(start), tok, s.src[start:s.off]
	case c == '\'':
		return s.scanQuoted('\'', STRING, "string literal")
	case c == '"':
		return s.scanQuoted('"', QIDENT, "quoted identifier")
	case c == '`':
		return s.scanQuoted('`', QIDENT, "quoted identifier")
	case c == '$':
		return s.scanVariable()
	}
	return s.scanOperator()
}

func (s *Scanner) error(at int, msg, text string) (Pos, Token, string) {
	if s.errh != nil {
		s.errh(Pos(at), msg)
	}
	return Pos(at), ILLEGAL, text
}

// skipSpace skips white space and comments. It fails on an unterminated
// block comment, returning the message and the comment's offset.
func (s *Scanner) skipSpace() (msg string, at int, ok bool) {
	for s.off < len(s.src) {
		switch c := s.src[s.off]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			s.off++
		case strings.HasPrefix(s.src[s.off:], "--"):
			nl := strings.IndexByte(s.src[s.off:], '\n')
			if nl < 0 {
				s.off = len(s.src)
			} else {
				s.off += nl + 1
			}
		case strings.HasPrefix(s.src[s.off:], "/*"):
			end := strings.Index(s.src[s.off+2:], "*/")
			if end < 0 {
				return "comment not terminated", s.off, false
			}
			s.off += 2 + end + 2
		default:
			return "", 0, true
		}
	}
	return "", 0, true
}

func (s *Scanner) unicodeLetter() bool {
	r, _ := utf8.DecodeRuneInString(s.src[s.off:])
	return unicode.IsLetter(r)
}

// scanWord consumes identifier characters: letters, digits, _ and @.
func (s *Scanner) scanWord() {
	for s.off < len(s.src) {
		c := s.src[s.off]
		if c < utf8.RuneSelf {
			if !isLetter(c) && !isDigit(c) && c != '@' {
				return
			}
			s.off++
			continue
		}
		r, n := utf8.DecodeRuneInString(s.src[s.off:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return
		}
		s.off += n
	}
}

// scanNumber scans 12, 1.5, .5, 1., 1.5E3 and 1E-2. A digit run followed
// by identifier characters (12AB) is an identifier, as in ksqlDB.
func (s *Scanner) scanNumber() Token {
	start := s.off
	s.digits()
	tok := INT
	if s.peek(0) == '.' {
		s.off++
		s.digits()
		tok = DECIMAL
	}
	if e := s.peek(0); e == 'e' || e == 'E' {
		save := s.off
		s.off++
		if c := s.peek(0); c == '+' || c == '-' {
			s.off++
		}
		if isDigit(s.peek(0)) {
			s.digits()
			tok = FLOAT
		} else {
			s.off = save
		}
	}
	if tok == INT || (tok == FLOAT && !strings.ContainsAny(s.src[start:s.off], ".+-")) {
		if c := s.peek(0); isLetter(c) || c == '@' || isDigit(c) {
			s.scanWord()
			return IDENT
		}
	}
	return tok
}

func (s *Scanner) digits() {
	for isDigit(s.peek(0)) {
		s.off++
	}
}

func (s *Scanner) peek(n int) byte {
	if s.off+n < len(s.src) {
		return s.src[s.off+n]
	}
	return 0
}

// scanQuoted scans text between quote characters; a doubled quote stands
// for one quote.
func (s *Scanner) scanQuoted(q byte, tok Token, what string) (Pos, Token, string) {
	start := s.off
	s.off++
	var b strings.Builder
	for {
		i := strings.IndexByte(s.src[s.off:], q)
		if i < 0 {
			s.off = len(s.src)
			return s.error(start, what+" not terminated", s.src[start:])
		}
		b.WriteString(s.src[s.off : s.off+i])
		s.off += i + 1
		if s.peek(0) != q {
			return Pos(start), tok, b.String()
		}
		b.WriteByte(q)
		s.off++
	}
}

// scanVariable scans ${name}.
func (s *Scanner) scanVariable() (Pos, Token, string) {
	start := s.off
	if s.peek(1) != '{' {
		s.off++
		return s.error(start, `unexpected character '$'`, "$")
	}
	end := strings.IndexByte(s.src[s.off:], '}')
	if end < 0 {
		s.off = len(s.src)
		return s.error(start, "variable reference not terminated", s.src[start:])
	}
	name := s.src[s.off+2 : s.off+end]
	s.off += end + 1
	if !validVariableName(name) {
		return s.error(start, fmt.Sprintf("invalid variable name %q", name), s.src[start:s.off])
	}
	return Pos(start), VARIABLE, name
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
