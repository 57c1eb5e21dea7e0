package serde

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/streamsql/streamsql/types"
)

// kafkaCodec is the KAFKA format: one column written with Kafka's standard
// serializers: INT as 4 bytes big-endian, BIGINT as 8, DOUBLE as 8-byte IEEE
// 754 big-endian, STRING as UTF-8 and BYTES as they are. A NULL value is a
// null record (nil bytes).
type kafkaCodec struct {
	col Column
}

func (c kafkaCodec) Decode(b []byte) (types.Row, error) {
	row := make(types.Row, 1)
	ok, err := c.DecodeInto(row, b)
	if !ok || err != nil {
		return nil, err
	}
	return row, nil
}

func (c kafkaCodec) DecodeInto(dst types.Row, b []byte) (bool, error) {
	if b == nil {
		return false, nil
	}
	if len(dst) != 1 {
		return false, &DecodeError{Msg: fmt.Sprintf("cannot deserialize into a row of %d values: the format has 1 column", len(dst))}
	}
	var v types.Value
	switch c.col.Type.Kind {
	case types.Int:
		if len(b) != 4 {
			return false, c.sizeError(4, len(b))
		}
		v = int32(binary.BigEndian.Uint32(b))
	case types.BigInt:
		if len(b) != 8 {
			return false, c.sizeError(8, len(b))
		}
		v = int64(binary.BigEndian.Uint64(b))
	case types.Double:
		if len(b) != 8 {
			return false, c.sizeError(8, len(b))
		}
		v = math.Float64frombits(binary.BigEndian.Uint64(b))
	case types.String:
		s := string(b)
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		v = s
	default: // types.Bytes; Validate admits nothing else
		v = append([]byte{}, b...)
	}
	dst[0] = v
	return true, nil
}

func (c kafkaCodec) sizeError(want, got int) error {
	return &DecodeError{Field: c.col.Name, Msg: fmt.Sprintf(
		"the KAFKA format stores %s as %d bytes, got %d", c.col.Type.Kind, want, got)}
}

func (c kafkaCodec) Encode(r types.Row) ([]byte, error) {
	b, ok, err := c.AppendEncode(nil, r)
	if !ok || err != nil {
		return nil, err
	}
	if b == nil { // an empty STRING or BYTES value is empty bytes, not a null record
		b = []byte{}
	}
	return b, nil
}

func (c kafkaCodec) AppendEncode(dst []byte, r types.Row) ([]byte, bool, error) {
	if r == nil {
		return dst, false, nil
	}
	if len(r) != 1 {
		return dst, false, rowLenError(len(r), 1)
	}
	switch v := r[0].(type) {
	case nil:
		return dst, false, nil
	case int32:
		if c.col.Type.Kind == types.Int {
			return binary.BigEndian.AppendUint32(dst, uint32(v)), true, nil
		}
	case int64:
		if c.col.Type.Kind == types.BigInt {
			return binary.BigEndian.AppendUint64(dst, uint64(v)), true, nil
		}
	case float64:
		if c.col.Type.Kind == types.Double {
			return binary.BigEndian.AppendUint64(dst, math.Float64bits(v)), true, nil
		}
	case string:
		if c.col.Type.Kind == types.String {
			return append(dst, v...), true, nil
		}
	case []byte:
		if c.col.Type.Kind == types.Bytes {
			return append(dst, v...), true, nil
		}
	}
	return dst, false, encodeFailure(badValue(c.col.Type, r[0]), c.col.Name)
}

// noneCodec is the NONE format (and KAFKA with no columns): nothing is read or
// written. Decode returns an empty row even for nil bytes.
type noneCodec struct{}

func (noneCodec) Decode([]byte) (types.Row, error) { return types.Row{}, nil }

func (noneCodec) Encode(types.Row) ([]byte, error) { return nil, nil }
