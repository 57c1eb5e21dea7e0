package serde

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/streamsql/streamsql/types"
)

// Format is a record serialisation format.
type Format uint8

const (
	JSON Format = iota + 1
	Delimited
	Kafka
	None
)

var formatNames = [...]string{JSON: "JSON", Delimited: "DELIMITED", Kafka: "KAFKA", None: "NONE"}

func (f Format) String() string {
	if int(f) < len(formatNames) && formatNames[f] != "" {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", f)
}

// ParseFormat resolves a format name case-insensitively. Schema-registry
// formats get an error saying they are not supported; other names get
// ksqlDB's "Unknown format: X".
func ParseFormat(name string) (Format, error) {
	upper := strings.ToUpper(strings.TrimSpace(name))
	for f, n := range formatNames {
		if n != "" && n == upper {
			return Format(f), nil
		}
	}
	switch upper {
	case "AVRO", "PROTOBUF", "PROTOBUF_NOSR", "JSON_SR":
		return 0, fmt.Errorf("format '%s' is not supported: streamsql has no schema registry integration, use JSON, DELIMITED or KAFKA", upper)
	}
	return 0, fmt.Errorf("Unknown format: %s", upper) // ksqlDB's wording, capital and all
}

// Column is one serialised column: its name (as written in JSON objects) and type.
type Column struct {
	Name string
	Type *types.Type
}

// Options select and configure a format.
type Options struct {
	Format Format
	// Delimiter is DELIMITED's field separator: one character, or TAB or SPACE.
	// Empty means ",".
	Delimiter string
	// Unwrapped serialises a single JSON column as a bare value rather than an
	// object (WRAP_SINGLE_VALUE=false). KAFKA and DELIMITED ignore it: KAFKA is
	// always a bare value and DELIMITED has no wrapping.
	Unwrapped bool
	// Key marks the columns as key columns. It only changes error messages.
	Key bool
	// Discard, when set, has one flag per column: a flagged column is read
	// and checked as usual (a value that does not convert still fails the
	// record) but decodes as NULL, which saves building values nobody reads.
	// Only the JSON decoder uses it, for wrapped records.
	Discard []bool
}

// Decoder turns record bytes into a row.
//
// A nil b (a Kafka tombstone or null key) decodes to a nil row and no error;
// the caller decides what a null record means. Decoders retain nothing of b and
// are safe for concurrent use. Errors are *DecodeError.
type Decoder interface {
	Decode(b []byte) (types.Row, error)
}

// RowDecoder is a Decoder that can also decode into a row its caller
// provides, saving the allocation of a row per record. The JSON decoder
// implements it; DecodeInto works with any Decoder.
type RowDecoder interface {
	Decoder
	// DecodeInto decodes b into dst, which must have one slot per column and
	// is overwritten. It reports false, leaving dst in no particular state,
	// when Decode would return a nil row or an error.
	DecodeInto(dst types.Row, b []byte) (bool, error)
}

// DecodeInto decodes b into dst with dec, directly when dec is a
// RowDecoder, otherwise by copying the row Decode returns. It reports
// false, with a nil error, when b decodes to a nil row.
func DecodeInto(dec Decoder, dst types.Row, b []byte) (bool, error) {
	if rd, ok := dec.(RowDecoder); ok {
		return rd.DecodeInto(dst, b)
	}
	row, err := dec.Decode(b)
	if err != nil || row == nil {
		return false, err
	}
	if len(row) != len(dst) {
		return false, fmt.Errorf("decoded %d columns, expected %d", len(row), len(dst))
	}
	copy(dst, row)
	return true, nil
}

// Appender is an Encoder that can also append a record to a buffer its
// caller provides and reuses, saving the allocation of the output per
// record. The JSON encoder implements it; AppendEncode works with any
// Encoder.
type Appender interface {
	Encoder
	// AppendEncode appends the encoding of r to dst. It reports false, with
	// dst unchanged, when Encode would return nil bytes (a tombstone).
	AppendEncode(dst []byte, r types.Row) ([]byte, bool, error)
}

// AppendEncode appends the encoding of r to dst with enc, directly when enc
// is an Appender. It reports false when r encodes to nil bytes.
func AppendEncode(enc Encoder, dst []byte, r types.Row) ([]byte, bool, error) {
	if a, ok := enc.(Appender); ok {
		return a.AppendEncode(dst, r)
	}
	b, err := enc.Encode(r)
	if err != nil || b == nil {
		return dst, false, err
	}
	return append(dst, b...), true, nil
}

// Encoder turns a row into record bytes.
//
// A nil row encodes to nil bytes (a tombstone). Each call returns a new slice
// that the caller owns. Encoders are safe for concurrent use.
type Encoder interface {
	Encode(r types.Row) ([]byte, error)
}

// DecodeError reports a record that could not be deserialised.
type DecodeError struct {
	// Field is the column that failed, with the path inside it for nested
	// values (e.g. "ITEMS[2].PRICE"); empty when the record as a whole is bad.
	Field string
	Msg   string
}

func (e *DecodeError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return fmt.Sprintf("cannot deserialize field %q: %s", e.Field, e.Msg)
}

// NewDecoder returns a decoder for cols in format o.Format, or an error if
// Validate rejects them.
func NewDecoder(o Options, cols []Column) (Decoder, error) {
	if err := Validate(o, cols); err != nil {
		return nil, err
	}
	switch {
	case o.Format == None || len(cols) == 0 && o.Format == Kafka:
		return noneCodec{}, nil
	case o.Format == JSON:
		return newJSONDecoder(o, cols), nil
	case o.Format == Delimited:
		return newDelimitedCodec(o, cols), nil
	default:
		return kafkaCodec{col: cols[0]}, nil
	}
}

// NewEncoder returns an encoder for cols in format o.Format, or an error if
// Validate rejects them.
func NewEncoder(o Options, cols []Column) (Encoder, error) {
	if err := Validate(o, cols); err != nil {
		return nil, err
	}
	switch {
	case o.Format == None || len(cols) == 0 && o.Format == Kafka:
		return noneCodec{}, nil
	case o.Format == JSON:
		return newJSONEncoder(o, cols), nil
	case o.Format == Delimited:
		return newDelimitedCodec(o, cols), nil
	default:
		return kafkaCodec{col: cols[0]}, nil
	}
}

// Validate reports whether format o can carry cols. Messages that ksqlDB also
// produces keep ksqlDB's wording, e.g. "The 'KAFKA' format does not support
// type 'BOOLEAN'".
func Validate(o Options, cols []Column) error {
	switch o.Format {
	case JSON:
		return validateJSON(o, cols)
	case Delimited:
		if _, err := o.delimiter(); err != nil {
			return err
		}
		for _, c := range cols {
			if !isPrimitive(c.Type.Kind) {
				return fmt.Errorf("The 'DELIMITED' format does not support type '%s', column: `%s`", c.Type.Kind, c.Name)
			}
		}
	case Kafka:
		if len(cols) > 1 {
			return fmt.Errorf("The 'KAFKA' format only supports a single field. Got: %s", renderColumns(cols, o.Key))
		}
		for _, c := range cols {
			switch c.Type.Kind {
			case types.Int, types.BigInt, types.Double, types.String, types.Bytes:
			default:
				return fmt.Errorf("The 'KAFKA' format does not support type '%s'", c.Type.Kind)
			}
		}
	case None:
		if len(cols) > 0 {
			return fmt.Errorf("The 'NONE' format can only be used when no columns are defined. Got: %s", renderColumns(cols, o.Key))
		}
	default:
		return fmt.Errorf("serde: unknown format %v", o.Format)
	}
	return nil
}

func validateJSON(o Options, cols []Column) error {
	if o.Unwrapped && len(cols) != 1 {
		return fmt.Errorf("an unwrapped JSON record needs exactly one column, got %d", len(cols))
	}
	for _, c := range cols {
		if err := checkJSONType(c.Type); err != nil {
			return fmt.Errorf("%w, column: `%s`", err, c.Name)
		}
	}
	return nil
}

func checkJSONType(t *types.Type) error {
	switch t.Kind {
	case types.Unknown:
		return fmt.Errorf("the JSON format cannot serialise a column of unknown type")
	case types.Array:
		return checkJSONType(t.Elem)
	case types.Map:
		if t.Key.Kind != types.String {
			return fmt.Errorf("JSON only supports MAP types with STRING keys")
		}
		return checkJSONType(t.Elem)
	case types.Struct:
		for _, f := range t.Fields {
			if err := checkJSONType(f.Type); err != nil {
				return err
			}
		}
	}
	return nil
}

func isPrimitive(k types.Kind) bool {
	switch k {
	case types.Unknown, types.Array, types.Map, types.Struct:
		return false
	}
	return true
}

// renderColumns lists columns as ksqlDB prints them: [`A` INTEGER KEY, ...].
func renderColumns(cols []Column, key bool) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "`" + c.Name + "` " + c.Type.String()
		if key {
			parts[i] += " KEY"
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// delimiter returns the DELIMITED separator, "," unless o.Delimiter says otherwise.
func (o Options) delimiter() (rune, error) {
	if o.Delimiter == "" {
		return ',', nil
	}
	return ParseDelimiter(o.Delimiter)
}

// ParseDelimiter resolves an explicit VALUE_DELIMITER or KEY_DELIMITER
// setting: one character, or the words TAB and SPACE. Empty or blank values
// are errors. Error messages are ksqlDB's.
func ParseDelimiter(s string) (rune, error) {
	switch {
	case strings.TrimSpace(s) == "":
		return 0, fmt.Errorf("Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'")
	case strings.EqualFold(s, "TAB"):
		return '\t', nil
	case strings.EqualFold(s, "SPACE"):
		return ' ', nil
	}
	r, n := utf8.DecodeRuneInString(s)
	if n != len(s) || r == utf8.RuneError {
		return 0, fmt.Errorf("Invalid delimiter value: '%s'. Delimiter must be a single character or TAB,SPACE", s)
	}
	if r == '"' || r == '\n' || r == '\r' {
		return 0, fmt.Errorf("invalid delimiter %q: it cannot be a quote or a line break", r)
	}
	return r, nil
}
