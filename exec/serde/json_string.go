package serde

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// JSON strings: scanning, unescaping and keeping decoded text.

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
	for i := plainRun(s.b, start); i < len(s.b); i++ {
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

// plainRun returns the index of the first byte at or after i that rawString
// must look at (see strSpecial), or a nearby earlier index: it skips
// ordinary text eight bytes at a time.
func plainRun(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		quote := w ^ (ones * '"')
		slash := w ^ (ones * '\\')
		// A byte is flagged when it is zero in quote or slash, below 0x20,
		// or has its high bit set (the classic "has zero byte" test; it can
		// only flag a byte at or after the first real match, never miss one).
		special := (quote-ones)&^quote | (slash-ones)&^slash | (w - ones*0x20) | w
		if special&highs != 0 {
			return i
		}
	}
	return i
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
