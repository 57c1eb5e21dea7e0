package serde

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/streamsql/streamsql/types"
)

// Scalar coercions shared by the JSON decoder, FromJSON and DELIMITED. They
// follow ksqlDB's JsonSerdeUtils: numbers and numeric strings are accepted for
// every numeric and time type, BOOLEAN accepts only true/false, STRING accepts
// anything.

// convError reports a value that does not fit its column. It does not abort
// scanning: the caller skips the rest of the value and reports it at the end.
type convError struct {
	msg  string
	path []string // innermost segment first
}

func (e *convError) Error() string { return e.msg }

// at prefixes a path segment such as ".NAME" or "[3]" (built innermost first).
func (e *convError) at(seg string) *convError {
	e.path = append(e.path, seg)
	return e
}

// field returns the dotted path below the top-level column, e.g. ".A[2].B".
func (e *convError) field() string {
	var b strings.Builder
	for i := len(e.path) - 1; i >= 0; i-- {
		b.WriteString(e.path[i])
	}
	return b.String()
}

func mismatch(t *types.Type, got string) *convError {
	return &convError{msg: fmt.Sprintf("expected %s, got %s", t, got)}
}

// snippet quotes a value for an error message, cut short so that large
// payloads do not end up in logs.
func snippet(s string) string {
	const max = 40
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return strconv.Quote(s[:cut]) + "..."
	}
	return strconv.Quote(s)
}

// coerceString converts a JSON string (or DELIMITED field) to type t.
func coerceString(s string, t *types.Type) (types.Value, *convError) {
	bad := func() *convError { return mismatch(t, "string "+snippet(s)) }
	switch t.Kind {
	case types.String:
		return s, nil
	case types.Int:
		v, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return nil, bad()
		}
		return int32(v), nil
	case types.BigInt, types.Timestamp:
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, bad()
		}
		if t.Kind == types.Timestamp {
			return types.TimestampValue(v), nil
		}
		return v, nil
	case types.Date:
		v, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return nil, bad()
		}
		return types.DateValue(v), nil
	case types.Time:
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, bad()
		}
		return timeValue(v)
	case types.Double:
		f, ok := parseJavaDouble(s)
		if !ok {
			return nil, bad()
		}
		return f, nil
	case types.Decimal:
		if v, ok := fastDec([]byte(s), t); ok {
			return v, nil
		}
		d, ok := parseBigDec(s)
		if !ok {
			return nil, bad()
		}
		return fitDec(d, t)
	case types.Bytes:
		b, err := decodeBase64(s)
		if err != nil {
			return nil, &convError{msg: fmt.Sprintf("expected base64 for BYTES, got string %s", snippet(s))}
		}
		return b, nil
	}
	return nil, bad()
}

// coerceNumber converts a valid JSON number literal to type t. lit may alias
// the input buffer: it must not be retained.
func coerceNumber(lit []byte, isInt bool, t *types.Type) (types.Value, *convError) {
	switch t.Kind {
	case types.Int, types.Date:
		v, ce := numberToInt(lit, isInt, t, 32)
		if ce != nil {
			return nil, ce
		}
		if t.Kind == types.Date {
			return types.DateValue(v), nil
		}
		return int32(v), nil
	case types.BigInt, types.Timestamp, types.Time:
		v, ce := numberToInt(lit, isInt, t, 64)
		if ce != nil {
			return nil, ce
		}
		switch t.Kind {
		case types.Timestamp:
			return types.TimestampValue(v), nil
		case types.Time:
			return timeValue(v)
		}
		return v, nil
	case types.Double:
		f, err := strconv.ParseFloat(viewString(lit), 64)
		if err != nil && err.(*strconv.NumError).Err != strconv.ErrRange {
			return nil, mismatch(t, "number "+string(lit))
		}
		return f, nil // out of range: ±Inf, as BigDecimal.doubleValue gives
	case types.Decimal:
		if v, ok := fastDec(lit, t); ok {
			return v, nil
		}
		d, _ := parseBigDec(string(lit))
		return fitDec(d, t)
	case types.String:
		if isInt {
			if string(lit) == "-0" {
				return "0", nil
			}
			return string(lit), nil
		}
		d, _ := parseBigDec(string(lit))
		return d.String(), nil
	}
	return nil, mismatch(t, "number "+string(lit))
}

// numberToInt converts a number literal to an integer of the given bit size,
// truncating any fraction toward zero as Jackson's intValue/longValue do.
// Unlike Java, an out-of-range value is an error rather than wrapping around.
func numberToInt(lit []byte, isInt bool, t *types.Type, bits int) (int64, *convError) {
	if isInt {
		if v, ok := atoi(lit); ok && fitsBits(v, bits) {
			return v, nil
		}
		return 0, &convError{msg: fmt.Sprintf("number %s is out of range for %s", lit, t)}
	}
	d, _ := parseBigDec(string(lit))
	v, ok := d.truncInt()
	if !ok || !fitsBits(v, bits) {
		return 0, &convError{msg: fmt.Sprintf("number %s is out of range for %s", lit, t)}
	}
	return v, nil
}

func fitsBits(v int64, bits int) bool {
	return bits == 64 || v >= -1<<31 && v < 1<<31
}

// atoi parses an optionally negative run of ASCII digits without allocating.
func atoi(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	switch {
	case neg && u <= 1<<63:
		return -int64(u), true
	case !neg && u < 1<<63:
		return int64(u), true
	}
	return 0, false
}

// coerceBool converts a JSON boolean to type t.
func coerceBool(b bool, t *types.Type) (types.Value, *convError) {
	switch t.Kind {
	case types.Boolean:
		return b, nil
	case types.String:
		return strconv.FormatBool(b), nil
	}
	return nil, mismatch(t, "boolean "+strconv.FormatBool(b))
}

func fitDec(d bigDec, t *types.Type) (types.Value, *convError) {
	v, err := d.fit(t)
	if err != nil {
		return nil, &convError{msg: err.Error()}
	}
	return v, nil
}

// timeValue checks that ms is a time of day.
func timeValue(ms int64) (types.Value, *convError) {
	if ms < 0 || ms >= 86400000 {
		return nil, &convError{msg: fmt.Sprintf("TIME must be between 0 and 86399999 ms, got %d", ms)}
	}
	return types.TimeValue(ms), nil
}

// decodeBase64 accepts standard base64 with or without padding, as Java's
// Base64 decoder and Jackson do.
func decodeBase64(s string) ([]byte, error) {
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

// viewString returns b's bytes as a string without copying. Use it only for
// strings that are parsed and dropped, never stored: b may be reused.
func viewString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// viewBytes returns s's bytes without copying, for reading only.
func viewBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
