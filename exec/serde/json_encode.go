package serde

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/streamsql/streamsql/types"
)

// JSON writing, in two renderings of the same values:
//   - record: what ksqlDB writes to topics (times as numbers: TIMESTAMP ms,
//     DATE days, TIME ms);
//   - REST: what ksqlDB's REST API and TO_JSON_STRING show (TIMESTAMP as
//     "2021-01-31T10:00:00.000", DATE "2021-01-31", TIME "10:00" or "10:00:05").
// Both write BYTES as base64, DECIMAL as a plain number with its scale, DOUBLE
// as Java prints it ("1.0", "1.0E10", "NaN" in quotes), STRUCT fields in
// declaration order and MAP entries in insertion order.

type jsonEncoder struct {
	cols      []Column
	keys      [][]byte // `"NAME":` for each column
	unwrapped bool
}

func newJSONEncoder(o Options, cols []Column) *jsonEncoder {
	e := &jsonEncoder{cols: cols, unwrapped: o.Unwrapped, keys: make([][]byte, len(cols))}
	for i, c := range cols {
		e.keys[i] = append(appendJSONString(nil, c.Name), ':')
	}
	return e
}

func (e *jsonEncoder) Encode(r types.Row) ([]byte, error) {
	b, ok, err := e.AppendEncode(make([]byte, 0, 16+32*len(r)), r)
	if !ok || err != nil {
		return nil, err
	}
	return b, nil
}

func (e *jsonEncoder) AppendEncode(dst []byte, r types.Row) ([]byte, bool, error) {
	if r == nil {
		return dst, false, nil
	}
	if len(r) != len(e.cols) {
		return dst, false, rowLenError(len(r), len(e.cols))
	}
	if e.unwrapped {
		if r[0] == nil {
			return dst, false, nil // ksqlDB writes a bare NULL as a tombstone
		}
		b, err := appendValue(dst, r[0], e.cols[0].Type, false)
		if err != nil {
			return dst, false, encodeFailure(err, e.cols[0].Name)
		}
		return b, true, nil
	}
	b := append(dst, '{')
	for i, v := range r {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.keys[i]...)
		var err error
		if b, err = appendValue(b, v, e.cols[i].Type, false); err != nil {
			return dst, false, encodeFailure(err, e.cols[i].Name)
		}
	}
	return append(b, '}'), true, nil
}

func rowLenError(got, want int) error {
	return fmt.Errorf("cannot serialize row: it has %d values but the format has %d columns", got, want)
}

func encodeFailure(err error, field string) error {
	ce, ok := err.(*convError)
	if !ok {
		return err
	}
	if field = strings.TrimPrefix(field+ce.field(), "."); field == "" {
		return fmt.Errorf("cannot serialize value: %s", ce.msg)
	}
	return fmt.Errorf("cannot serialize field %q: %s", field, ce.msg)
}

// AppendJSON appends v, of type t, as ksqlDB writes it in a JSON record.
func AppendJSON(dst []byte, v types.Value, t *types.Type) ([]byte, error) {
	b, err := appendValue(dst, v, t, false)
	return b, encodeFailure(err, "")
}

// AppendRESTJSON appends v, of type t, as ksqlDB's REST API renders it.
func AppendRESTJSON(dst []byte, v types.Value, t *types.Type) ([]byte, error) {
	b, err := appendValue(dst, v, t, true)
	return b, encodeFailure(err, "")
}

// badValue reports a Go value that is not the representation of its type: a
// bug upstream, never a data problem.
func badValue(t *types.Type, v types.Value) *convError {
	return &convError{msg: fmt.Sprintf("a %s value cannot be the Go type %T", t, v)}
}

func appendValue(dst []byte, v types.Value, t *types.Type, rest bool) ([]byte, error) {
	if v == nil {
		return append(dst, "null"...), nil
	}
	switch t.Kind {
	case types.Array:
		return appendArray(dst, v, t, rest)
	case types.Map:
		return appendMap(dst, v, t, rest)
	case types.Struct:
		return appendStruct(dst, v, t, rest)
	case types.Double:
		f, ok := v.(float64)
		if !ok {
			return dst, badValue(t, v)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			dst = appendJavaDouble(append(dst, '"'), f)
			return append(dst, '"'), nil
		}
		return appendJavaDouble(dst, f), nil
	case types.Timestamp, types.Date, types.Time:
		if rest {
			s, ok := restTime(v, t)
			if !ok {
				return dst, badValue(t, v)
			}
			return appendJSONString(dst, s), nil
		}
	case types.String:
		s, ok := v.(string)
		if !ok {
			return dst, badValue(t, v)
		}
		return appendJSONString(dst, s), nil
	case types.Bytes:
		b, ok := v.([]byte)
		if !ok {
			return dst, badValue(t, v)
		}
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, b)
		return append(dst, '"'), nil
	}
	return appendScalar(dst, v, t)
}

// appendScalar appends the unquoted text form shared by JSON records and
// DELIMITED: numbers, booleans, decimals and times as numbers.
func appendScalar(dst []byte, v types.Value, t *types.Type) ([]byte, error) {
	switch x := v.(type) {
	case bool:
		if t.Kind == types.Boolean {
			return strconv.AppendBool(dst, x), nil
		}
	case int32:
		if t.Kind == types.Int {
			return strconv.AppendInt(dst, int64(x), 10), nil
		}
	case int64:
		if t.Kind == types.BigInt {
			return strconv.AppendInt(dst, x, 10), nil
		}
	case float64:
		if t.Kind == types.Double {
			return appendJavaDouble(dst, x), nil
		}
	case types.Dec:
		if t.Kind == types.Decimal {
			return appendDec(dst, x, t.Scale), nil
		}
	case types.TimestampValue:
		if t.Kind == types.Timestamp {
			return strconv.AppendInt(dst, int64(x), 10), nil
		}
	case types.DateValue:
		if t.Kind == types.Date {
			return strconv.AppendInt(dst, int64(x), 10), nil
		}
	case types.TimeValue:
		if t.Kind == types.Time {
			return strconv.AppendInt(dst, int64(x), 10), nil
		}
	}
	return dst, badValue(t, v)
}

// restTime renders a TIMESTAMP, DATE or TIME as the REST API does.
func restTime(v types.Value, t *types.Type) (string, bool) {
	switch x := v.(type) {
	case types.TimestampValue:
		return formatTimestamp(int64(x)), t.Kind == types.Timestamp
	case types.DateValue:
		return formatDate(int32(x)), t.Kind == types.Date
	case types.TimeValue:
		return formatTime(int64(x)), t.Kind == types.Time
	}
	return "", false
}

func appendArray(dst []byte, v types.Value, t *types.Type, rest bool) ([]byte, error) {
	a, ok := v.([]types.Value)
	if !ok {
		return dst, badValue(t, v)
	}
	dst = append(dst, '[')
	for i, e := range a {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = appendValue(dst, e, t.Elem, rest); err != nil {
			return dst, atPath(err, "["+strconv.Itoa(i)+"]")
		}
	}
	return append(dst, ']'), nil
}

func appendMap(dst []byte, v types.Value, t *types.Type, rest bool) ([]byte, error) {
	m, ok := v.(*types.MapValue)
	if !ok {
		return dst, badValue(t, v)
	}
	dst = append(dst, '{')
	for i, k := range m.Keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		key, ok := k.(string)
		if k == nil {
			key, ok = "null", true // Jackson writes a NULL map key as "null"
		}
		if !ok {
			if !rest {
				return dst, &convError{msg: fmt.Sprintf("JSON map keys must be strings, got Go type %T", k)}
			}
			kb, err := appendScalar(nil, k, t.Key)
			if err != nil {
				return dst, err
			}
			key = string(kb)
		}
		dst = append(appendJSONString(dst, key), ':')
		var err error
		if dst, err = appendValue(dst, m.Vals[i], t.Elem, rest); err != nil {
			return dst, atPath(err, "."+key)
		}
	}
	return append(dst, '}'), nil
}

func appendStruct(dst []byte, v types.Value, t *types.Type, rest bool) ([]byte, error) {
	s, ok := v.(*types.StructValue)
	if !ok || len(s.Fields) != len(t.Fields) {
		return dst, badValue(t, v)
	}
	dst = append(dst, '{')
	for i, f := range t.Fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(appendJSONString(dst, f.Name), ':')
		var err error
		if dst, err = appendValue(dst, s.Fields[i], f.Type, rest); err != nil {
			return dst, atPath(err, "."+f.Name)
		}
	}
	return append(dst, '}'), nil
}

func atPath(err error, seg string) error {
	if ce, ok := err.(*convError); ok {
		return ce.at(seg)
	}
	return err
}

// appendJSONString appends s as a JSON string, escaping as Jackson does:
// quote, backslash and control characters only; other text is written as UTF-8.
// Invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := plainRun(viewBytes(s), 0); i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\uFFFD"...)
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscape(dst, c)
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendEscape(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	}
	const hex = "0123456789ABCDEF"
	return append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}
