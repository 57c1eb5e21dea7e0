package server

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

// appendRow appends the row's values as a JSON array, each rendered by its column's type.
func appendRow(b []byte, cols []engine.Column, vals []types.Value) ([]byte, error) {
	if len(vals) != len(cols) {
		return b, fmt.Errorf("row has %d values for %d columns", len(vals), len(cols))
	}
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendValue(b, v, cols[i].Type); err != nil {
			return b, fmt.Errorf("column %s: %w", cols[i].Name, err)
		}
	}
	return append(b, ']'), nil
}

// appendValue renders v as ksqlDB's REST API does: numbers as JSON numbers
// (decimals exactly), TIMESTAMP/DATE/TIME as ISO-8601 strings in UTC, BYTES as
// base64, MAP and STRUCT as objects.
func appendValue(b []byte, v types.Value, t *types.Type) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case int32:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case float64:
		return appendDouble(b, v), nil
	case types.Dec:
		return appendDecimal(b, v), nil
	case string:
		return appendString(b, v), nil
	case []byte:
		return appendString(b, base64.StdEncoding.EncodeToString(v)), nil
	case types.TimestampValue:
		return appendString(b, time.UnixMilli(int64(v)).UTC().Format("2006-01-02T15:04:05.000")), nil
	case types.DateValue:
		return appendString(b, time.Unix(int64(v)*86400, 0).UTC().Format(time.DateOnly)), nil
	case types.TimeValue:
		return appendString(b, formatTime(int64(v))), nil
	case []types.Value:
		return appendArray(b, v, elemType(t))
	case *types.MapValue:
		return appendMap(b, v, elemType(t))
	case *types.StructValue:
		return appendStruct(b, v)
	}
	return b, fmt.Errorf("cannot render value of Go type %T as %v", v, t)
}

func appendDouble(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return appendString(b, "NaN")
	case math.IsInf(f, 1):
		return appendString(b, "Infinity")
	case math.IsInf(f, -1):
		return appendString(b, "-Infinity")
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

// appendDecimal writes d exactly, keeping its scale (1.50 stays 1.50).
func appendDecimal(b []byte, d types.Dec) []byte {
	if d.Unscaled == nil {
		return append(b, '0')
	}
	digits := d.Unscaled.String()
	neg := digits[0] == '-'
	if neg {
		b = append(b, '-')
		digits = digits[1:]
	}
	scale := int(d.Scale)
	if scale <= 0 {
		b = append(b, digits...)
		for range -scale {
			b = append(b, '0')
		}
		return b
	}
	for len(digits) <= scale {
		digits = "0" + digits
	}
	b = append(b, digits[:len(digits)-scale]...)
	b = append(b, '.')
	return append(b, digits[len(digits)-scale:]...)
}

func formatTime(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	if ms%1000 != 0 {
		return t.Format("15:04:05.000")
	}
	return t.Format(time.TimeOnly)
}

// appendString appends s as a JSON string. Unlike encoding/json it leaves
// <, > and & alone; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func elemType(t *types.Type) *types.Type {
	if t == nil {
		return nil
	}
	return t.Elem
}

func appendArray(b []byte, vals []types.Value, elem *types.Type) ([]byte, error) {
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendValue(b, v, elem); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

func appendMap(b []byte, m *types.MapValue, elem *types.Type) ([]byte, error) {
	b = append(b, '{')
	for i, k := range m.Keys {
		if i > 0 {
			b = append(b, ',')
		}
		key, ok := k.(string)
		if !ok {
			key = fmt.Sprint(k)
		}
		b = append(appendString(b, key), ':')
		var err error
		if b, err = appendValue(b, m.Vals[i], elem); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

func appendStruct(b []byte, s *types.StructValue) ([]byte, error) {
	b = append(b, '{')
	for i, f := range s.Type.Fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendString(b, f.Name), ':')
		var v types.Value
		if i < len(s.Fields) {
			v = s.Fields[i]
		}
		var err error
		if b, err = appendValue(b, v, f.Type); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}
