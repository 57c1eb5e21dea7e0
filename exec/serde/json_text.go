package serde

import "github.com/streamsql/streamsql/types"

// Composite JSON values read into STRING columns, and value descriptions for
// error messages.

// arrayAsString renders an array read into a STRING column as ksqlDB does:
// each element converted to a string, joined by ", " inside brackets.
func (s *scanner) arrayAsString() (types.Value, error) {
	b := []byte{'['}
	err := s.eachElem(func(i int) error {
		if i > 0 {
			b = append(b, ", "...)
		}
		v, err := s.value(types.StringType)
		if v == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, v.(string)...)
		}
		return err
	})
	return string(append(b, ']')), err
}

// render re-serialises the value at the current position compactly, the way
// Jackson writes a JSON tree (used for objects read into STRING columns).
func (s *scanner) render(dst []byte) ([]byte, error) {
	switch c := s.peek(); {
	case c == '"':
		str, err := s.stringValue()
		return appendJSONString(dst, str), err
	case c == '{':
		dst = append(dst, '{')
		n := 0
		err := s.eachMember(func(raw []byte, flags strFlags, off int) error {
			key, err := decodeString(raw, flags, off)
			if n++; n > 1 {
				dst = append(dst, ',')
			}
			dst = append(appendJSONString(dst, key), ':')
			if err == nil {
				dst, err = s.render(dst)
			}
			return err
		})
		return append(dst, '}'), err
	case c == '[':
		dst = append(dst, '[')
		err := s.eachElem(func(i int) error {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			dst, err = s.render(dst)
			return err
		})
		return append(dst, ']'), err
	case c == '-' || isDigit(c):
		lit, isInt, err := s.number()
		if err != nil {
			return dst, err
		}
		v, _ := coerceNumber(lit, isInt, types.StringType)
		return append(dst, v.(string)...), nil
	case c == 't' || c == 'f' || c == 'n':
		word, err := s.literal()
		return append(dst, word...), err
	}
	return dst, s.unexpected("a value")
}

// describe consumes a value and describes it for an error message.
func (s *scanner) describe() (string, error) {
	switch c := s.peek(); {
	case c == '{':
		return "object", s.skip()
	case c == '[':
		return "array", s.skip()
	case c == '"':
		str, err := s.stringValue()
		return "string " + snippet(str), err
	case c == '-' || isDigit(c):
		lit, _, err := s.number()
		return "number " + string(lit), err
	case c == 't' || c == 'f':
		word, err := s.literal()
		return "boolean " + word, err
	}
	return "", s.unexpected("a value")
}
