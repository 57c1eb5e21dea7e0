package serde

import (
	"fmt"

	"github.com/streamsql/streamsql/types"
)

// scanner is a minimal JSON tokenizer over one record. It validates syntax as
// it goes and never copies the input except to build string values.
type scanner struct {
	b     []byte
	pos   int
	depth int
	sets  map[*types.Type]*fieldSet // precomputed STRUCT member lookups, may be nil
	arena []byte                    // backing store for the record's strings, see keep
	slab  types.Slab                // slots values are boxed from, see box.go
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 1000

// syntaxError reports malformed JSON; it aborts the whole record.
type syntaxError struct {
	msg string
	off int
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON: %s at offset %d", e.msg, e.off)
}

func (s *scanner) errAt(off int, format string, args ...any) error {
	return &syntaxError{msg: fmt.Sprintf(format, args...), off: off}
}

// unexpected reports the byte at the current position.
func (s *scanner) unexpected(what string) error {
	if s.pos >= len(s.b) {
		return s.errAt(s.pos, "unexpected end of input, expected %s", what)
	}
	return s.errAt(s.pos, "unexpected character %q, expected %s", s.b[s.pos], what)
}

// peek skips white space and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	for s.pos < len(s.b) {
		switch c := s.b[s.pos]; c {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return c
		}
	}
	return 0
}

// skipBOM skips a UTF-8 byte order mark, which Jackson tolerates.
func (s *scanner) skipBOM() {
	if len(s.b) >= 3 && s.b[0] == 0xEF && s.b[1] == 0xBB && s.b[2] == 0xBF {
		s.pos = 3
	}
}

// enter and leave track nesting depth around arrays and objects.
func (s *scanner) enter() error {
	s.depth++
	if s.depth > maxDepth {
		return s.errAt(s.pos, "nesting deeper than %d levels", maxDepth)
	}
	s.pos++
	return nil
}

func (s *scanner) leave() { s.depth-- }

// number scans a JSON number and returns its literal; isInt reports that it
// has neither a fraction nor an exponent.
func (s *scanner) number() (lit []byte, isInt bool, err error) {
	b, i := s.b, s.pos
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return nil, false, s.errAt(i, "invalid number")
	}
	isInt = true
	if i < len(b) && b[i] == '.' {
		isInt = false
		if i++; i >= len(b) || !isDigit(b[i]) {
			return nil, false, s.errAt(i, "invalid number: expected a digit after '.'")
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		isInt = false
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return nil, false, s.errAt(i, "invalid number: expected a digit in the exponent")
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if err := s.endOfToken(i); err != nil {
		return nil, false, err
	}
	lit, s.pos = b[s.pos:i], i
	return lit, isInt, nil
}

// endOfToken checks that a number or literal ending at i is followed by a
// separator, so that "12abc" and "truex" are rejected.
func (s *scanner) endOfToken(i int) error {
	if i >= len(s.b) {
		return nil
	}
	switch s.b[i] {
	case ' ', '\t', '\n', '\r', ',', ']', '}', ':':
		return nil
	}
	return s.errAt(i, "unexpected character %q after value", s.b[i])
}

// literal consumes true, false or null (whichever starts at the current byte).
func (s *scanner) literal() (string, error) {
	for _, word := range [...]string{"true", "false", "null"} {
		if word[0] == s.b[s.pos] {
			end := s.pos + len(word)
			if end > len(s.b) || string(s.b[s.pos:end]) != word {
				return "", s.errAt(s.pos, "invalid literal, expected %s", word)
			}
			if err := s.endOfToken(end); err != nil {
				return "", err
			}
			s.pos = end
			return word, nil
		}
	}
	return "", s.unexpected("a value")
}

// skip consumes one value of any shape, validating it.
func (s *scanner) skip() error {
	switch c := s.peek(); {
	case c == '"':
		_, _, err := s.rawString()
		return err
	case c == '{':
		return s.eachMember(func([]byte, strFlags, int) error { return s.skip() })
	case c == '[':
		return s.eachElem(func(int) error { return s.skip() })
	case c == '-' || isDigit(c):
		_, _, err := s.number()
		return err
	case c == 't' || c == 'f' || c == 'n':
		_, err := s.literal()
		return err
	default:
		return s.unexpected("a value")
	}
}

// eachMember walks the object at the current '{', calling fn with each raw key
// (and the key's offset) while positioned at the member's value; fn must
// consume the value.
// memberKey reads an object member's key and the ':' after it; off is where
// the key starts, for errors.
func (s *scanner) memberKey() (key []byte, flags strFlags, off int, err error) {
	if s.peek() != '"' {
		return nil, 0, 0, s.unexpected("a string key")
	}
	off = s.pos
	if key, flags, err = s.rawString(); err != nil {
		return nil, 0, 0, err
	}
	if s.peek() != ':' {
		return nil, 0, 0, s.unexpected("':'")
	}
	s.pos++
	return key, flags, off, nil
}

func (s *scanner) eachMember(fn func(key []byte, flags strFlags, off int) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.leave()
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	for {
		key, flags, off, err := s.memberKey()
		if err != nil {
			return err
		}
		if err := fn(key, flags, off); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.unexpected("',' or '}'")
		}
	}
}

// eachElem walks the array at the current '[', calling fn with each index
// while positioned at the element; fn must consume the element.
func (s *scanner) eachElem(fn func(i int) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.leave()
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for i := 0; ; i++ {
		if err := fn(i); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.unexpected("',' or ']'")
		}
	}
}
