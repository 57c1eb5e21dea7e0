package serde

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

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
}

// arenaMax is the largest record whose strings share one allocation. Sharing
// saves an allocation per string, but a retained string keeps the whole
// buffer alive, so big records allocate each string separately.
const arenaMax = 1024

// keep returns raw as a string. Strings of a small record are carved from one
// buffer sized to the record (decoded strings are never longer than the
// record); the buffer is only ever appended to, so the strings are immutable.
func (s *scanner) keep(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	if s.arena == nil && len(s.b) <= arenaMax {
		s.arena = make([]byte, 0, len(s.b))
	}
	if len(s.arena)+len(raw) > cap(s.arena) {
		return string(raw)
	}
	start := len(s.arena)
	s.arena = append(s.arena, raw...)
	return unsafe.String(&s.arena[start], len(raw))
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

// strFlags say how a raw string must be post-processed.
type strFlags uint8

const (
	strEscaped  strFlags = 1 << iota // contains backslash escapes
	strNonASCII                      // contains bytes >= 0x80
)

// strSpecial marks the bytes rawString must look at: the closing quote,
// backslash, control characters and the start of non-ASCII text.
var strSpecial = func() (t [256]bool) {
	for c := range t {
		t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80
	}
	return t
}()

// rawString scans the string starting at the current '"' and returns its raw
// content (between the quotes) without unescaping it.
func (s *scanner) rawString() ([]byte, strFlags, error) {
	start := s.pos + 1
	var flags strFlags
	for i := start; i < len(s.b); i++ {
		if !strSpecial[s.b[i]] {
			continue
		}
		switch c := s.b[i]; {
		case c == '"':
			raw := s.b[start:i]
			if flags&strNonASCII != 0 && !utf8.Valid(raw) {
				return nil, 0, s.errAt(start-1, "invalid UTF-8 in string")
			}
			s.pos = i + 1
			return raw, flags, nil
		case c == '\\':
			flags |= strEscaped
			i++
		case c < 0x20:
			return nil, 0, s.errAt(i, "control character %q in string", c)
		case c >= 0x80:
			flags |= strNonASCII
		}
	}
	return nil, 0, s.errAt(len(s.b), "unterminated string")
}

// stringValue scans a string and returns its decoded value.
func (s *scanner) stringValue() (string, error) {
	start := s.pos
	raw, flags, err := s.rawString()
	if err != nil {
		return "", err
	}
	return decodeString(raw, flags, start)
}

// decodeString decodes a raw string from rawString (whose UTF-8 is valid).
func decodeString(raw []byte, flags strFlags, off int) (string, error) {
	if flags&strEscaped != 0 {
		return unescape(raw, off)
	}
	return string(raw), nil
}

// unescape decodes backslash escapes; off is the offset of the opening quote,
// used in error messages. A lone surrogate escape becomes U+FFFD.
func unescape(raw []byte, off int) (string, error) {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(raw) {
			return "", &syntaxError{msg: "truncated escape", off: off + i}
		}
		switch raw[i] {
		case '"', '\\', '/':
			out = append(out, raw[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n, ok := decodeU(raw[i+1:])
			if !ok {
				return "", &syntaxError{msg: "invalid \\u escape", off: off + i}
			}
			out = utf8.AppendRune(out, r)
			i += n
		default:
			return "", &syntaxError{msg: fmt.Sprintf("invalid escape '\\%c'", raw[i]), off: off + i}
		}
	}
	return string(out), nil
}

// decodeU decodes the hex digits after \u (and a following \uXXXX low
// surrogate); n is the number of bytes consumed after the 'u'.
func decodeU(b []byte) (r rune, n int, ok bool) {
	r, ok = hex4(b)
	if !ok {
		return 0, 0, false
	}
	if !utf16.IsSurrogate(r) {
		return r, 4, true
	}
	if len(b) >= 10 && b[4] == '\\' && b[5] == 'u' {
		if r2, ok2 := hex4(b[6:]); ok2 {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				return dec, 10, true
			}
		}
	}
	return utf8.RuneError, 4, true
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

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
		if s.peek() != '"' {
			return s.unexpected("a string key")
		}
		off := s.pos
		key, flags, err := s.rawString()
		if err != nil {
			return err
		}
		if s.peek() != ':' {
			return s.unexpected("':'")
		}
		s.pos++
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
