package serde

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/streamsql/streamsql/types"
)

// delimitedCodec reads and writes DELIMITED records the way ksqlDB does with
// Apache commons-csv: RFC 4180 quoting with "" for a literal quote, only the
// first line of a record is read, an empty field is NULL whatever the column
// type, BOOLEAN is true only for "true" (any case), and times are numbers.
type delimitedCodec struct {
	cols  []Column
	delim []byte // the delimiter's UTF-8 encoding
}

func newDelimitedCodec(o Options, cols []Column) *delimitedCodec {
	r, _ := o.delimiter() // validated by NewDecoder/NewEncoder
	return &delimitedCodec{cols: cols, delim: utf8.AppendRune(nil, r)}
}

func (c *delimitedCodec) Decode(b []byte) (types.Row, error) {
	if b == nil {
		return nil, nil
	}
	var buf [16][]byte
	fields, err := splitRecord(b, c.delim, buf[:0])
	if err != nil {
		return nil, &DecodeError{Msg: "cannot deserialize value: " + err.Error()}
	}
	if len(fields) != len(c.cols) {
		return nil, &DecodeError{Msg: fmt.Sprintf(
			"cannot deserialize value: column count mismatch, expected %d fields, got %d", len(c.cols), len(fields))}
	}
	row := make(types.Row, len(fields))
	for i, f := range fields {
		if len(f) == 0 {
			continue
		}
		v, ce := parseField(f, c.cols[i].Type)
		if ce != nil {
			return nil, &DecodeError{Field: c.cols[i].Name, Msg: ce.msg}
		}
		row[i] = v
	}
	return row, nil
}

// parseField converts one non-empty field as ksqlDB's delimited deserializer
// does (Integer.parseInt, Double.parseDouble, new BigDecimal, ...).
func parseField(f []byte, t *types.Type) (types.Value, *convError) {
	switch t.Kind {
	case types.Boolean:
		return strings.EqualFold(viewString(f), "true"), nil
	case types.String:
		if !utf8.Valid(f) {
			return strings.ToValidUTF8(string(f), "\uFFFD"), nil
		}
		return string(f), nil
	}
	return coerceString(viewString(f), t) // retains nothing for non-STRING types
}

// splitRecord splits the first record of b into fields. Unquoted fields are
// views of b; quoted ones are copies with "" collapsed.
func splitRecord(b, delim []byte, fields [][]byte) ([][]byte, error) {
	i := 0
	for i < len(b) && (b[i] == '\n' || b[i] == '\r') {
		i++ // commons-csv skips empty lines
	}
	if i == len(b) {
		return nil, fmt.Errorf("no fields in record")
	}
	atDelim := func(i int) bool { return b[i] == delim[0] && bytes.HasPrefix(b[i:], delim) }
	for {
		var f []byte
		if i < len(b) && b[i] == '"' {
			var err error
			if f, i, err = quotedField(b, i, atDelim); err != nil {
				return nil, err
			}
		} else {
			start := i
			for i < len(b) && b[i] != '\n' && b[i] != '\r' && !atDelim(i) {
				i++
			}
			f = b[start:i]
		}
		fields = append(fields, f)
		if i >= len(b) || !atDelim(i) {
			return fields, nil // end of input or of the first line
		}
		i += len(delim)
	}
}

// quotedField reads the quoted field starting at b[i] == '"' and returns it
// with the index just after it (at a delimiter, a line break or the end).
func quotedField(b []byte, i int, atDelim func(int) bool) ([]byte, int, error) {
	var f []byte
	start := i + 1
	for i = start; ; i++ {
		if i >= len(b) {
			return nil, i, fmt.Errorf("end of record inside a quoted field")
		}
		if b[i] != '"' {
			continue
		}
		f = append(f, b[start:i]...)
		if i+1 < len(b) && b[i+1] == '"' {
			f = append(f, '"')
			i++
			start = i + 1
			continue
		}
		break
	}
	for i++; i < len(b) && !atDelim(i) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\f'); i++ {
	}
	if i < len(b) && !atDelim(i) && b[i] != '\n' && b[i] != '\r' {
		return nil, i, fmt.Errorf("invalid character %q between a closing quote and the delimiter", b[i])
	}
	return f, i, nil
}

func (c *delimitedCodec) Encode(r types.Row) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	if len(r) != len(c.cols) {
		return nil, rowLenError(len(r), len(c.cols))
	}
	b := make([]byte, 0, 16*len(r))
	for i, v := range r {
		if i > 0 {
			b = append(b, c.delim...)
		}
		if v == nil {
			continue // NULL is an empty, unquoted field
		}
		start := len(b)
		var err error
		if b, err = appendFieldText(b, v, c.cols[i].Type); err != nil {
			return nil, encodeFailure(err, c.cols[i].Name)
		}
		if c.needsQuotes(b[start:], i == 0) {
			quoted := quoteField(b[start:])
			b = append(b[:start], quoted...)
		}
	}
	return b, nil
}

func appendFieldText(dst []byte, v types.Value, t *types.Type) ([]byte, error) {
	switch t.Kind {
	case types.String:
		s, ok := v.(string)
		if !ok {
			return dst, badValue(t, v)
		}
		return append(dst, s...), nil
	case types.Bytes:
		b, ok := v.([]byte)
		if !ok {
			return dst, badValue(t, v)
		}
		return base64.StdEncoding.AppendEncode(dst, b), nil
	}
	return appendScalar(dst, v, t)
}

// needsQuotes applies commons-csv's MINIMAL quote policy (of the version
// ksqlDB ships): the first field is quoted unless it starts with a letter or
// digit (so "-10" comes out quoted); any field is quoted if it is empty and
// first, starts with a character up to '#', contains a quote, delimiter or line
// break, or ends with a space or control character.
func (c *delimitedCodec) needsQuotes(f []byte, first bool) bool {
	if len(f) == 0 {
		return first
	}
	c0 := f[0]
	isAlnum := c0 >= '0' && c0 <= '9' || c0 >= 'A' && c0 <= 'Z' || c0 >= 'a' && c0 <= 'z'
	if first && !isAlnum || c0 <= '#' || f[len(f)-1] <= ' ' {
		return true
	}
	return bytes.ContainsAny(f, "\"\r\n") || bytes.Contains(f, c.delim)
}

func quoteField(f []byte) []byte {
	out := make([]byte, 0, len(f)+2)
	out = append(out, '"')
	out = append(out, bytes.ReplaceAll(f, []byte{'"'}, []byte{'"', '"'})...)
	return append(out, '"')
}
