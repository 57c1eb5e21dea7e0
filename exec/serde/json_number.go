package serde

import "github.com/streamsql/streamsql/types"

// The common cases of decoding, without their general machinery: plain
// integers, slab boxing, and checking values that are not kept.

func isIntKind(k types.Kind) bool {
	return k == types.BigInt || k == types.Int || k == types.Timestamp || k == types.Date
}

// plainInt scans the common form of an integer literal, at most 18 digits
// with no fraction or exponent, and returns its value. It reports false,
// leaving the position alone, for anything else, which number then scans
// (and rejects when malformed).
func (s *scanner) plainInt() (int64, bool) {
	b, i := s.b, s.pos
	neg := b[i] == '-'
	if neg {
		i++
	}
	start := i
	var v int64
	for ; i < len(b) && i-start <= 18; i++ {
		c := b[i]
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int64(c-'0')
	}
	n := i - start
	if n == 0 || n > 18 || n > 1 && b[start] == '0' {
		return 0, false
	}
	if i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r', ',', ']', '}', ':': // as endOfToken
		default:
			return 0, false
		}
	}
	s.pos = i
	if neg {
		v = -v
	}
	return v, true
}

// boxInt boxes an integer for a column of kind k (see isIntKind) from the
// record's slab; false when it is out of the column's range.
func (s *scanner) boxInt(v int64, k types.Kind) (types.Value, bool) {
	switch k {
	case types.BigInt:
		return s.slab.Int64(v), true
	case types.Timestamp:
		return s.slab.Timestamp(types.TimestampValue(v)), true
	}
	if !fitsBits(v, 32) {
		return nil, false
	}
	if k == types.Int {
		return s.slab.Int32(int32(v)), true
	}
	return s.slab.Date(types.DateValue(v)), true
}

// check consumes the current value, failing exactly as value(t) would, but
// without building it when it can tell: the usual strings and numbers.
func (s *scanner) check(t *types.Type) error {
	start := s.pos
	switch c := s.peek(); {
	case c == '"' && t.Kind == types.String:
		if _, flags, err := s.rawString(); err != nil || flags == 0 {
			return err
		}
	case (c == '-' || isDigit(c)) && isIntKind(t.Kind):
		if n, ok := s.plainInt(); ok && (t.Kind == types.BigInt || t.Kind == types.Timestamp || fitsBits(n, 32)) {
			return nil
		}
	case (c == '-' || isDigit(c)) && t.Kind == types.Double:
		_, _, err := s.number() // any valid number is a DOUBLE
		return err
	}
	s.pos = start
	_, err := s.value(t)
	return err
}

// isScalar reports whether values of kind k are boxed from the slab.
func isScalar(k types.Kind) bool {
	switch k {
	case types.Int, types.BigInt, types.Double, types.Timestamp, types.Date, types.String:
		return true
	}
	return false
}
