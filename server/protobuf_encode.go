package server

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

// Rows are encoded in the protobuf wire format as ksqlDB's protobuf
// serializer (ProtobufData over a proto3 DynamicMessage) encodes them:
//
//   - NULL values and empty arrays are left out; so are scalars equal to their
//     proto3 default (0, false, "", empty bytes, +0.0), which proto3 cannot
//     tell from unset;
//   - repeated numeric and boolean fields are packed;
//   - messages (structs, map entries, decimals, timestamps, dates, times) are
//     always written, even when all their fields are defaults.
//
// Protobuf has no NULL inside repeated fields, so a NULL array element or
// map value is an error, as it is upstream.

// Protobuf wire types.
const (
	protoVarint  = 0
	protoFixed64 = 1
	protoBytes   = 2
)

// appendProtoRow appends the row encoded as message ConnectDefault1 of
// protoSchemaText(cols).
func appendProtoRow(b []byte, cols []engine.Column, vals []types.Value) ([]byte, error) {
	if len(vals) != len(cols) {
		return b, fmt.Errorf("row has %d values for %d columns", len(vals), len(cols))
	}
	for i, v := range vals {
		var err error
		if b, err = appendProtoField(b, i+1, cols[i].Type, v); err != nil {
			return b, fmt.Errorf("column %s: %w", cols[i].Name, err)
		}
	}
	return b, nil
}

// appendProtoField appends field num holding v of type t, if it is set.
func appendProtoField(b []byte, num int, t *types.Type, v types.Value) ([]byte, error) {
	if v == nil {
		return b, nil
	}
	if t == nil {
		return b, fmt.Errorf("no type")
	}
	switch t.Kind {
	case types.Array:
		elems, ok := v.([]types.Value)
		if !ok {
			return b, typeMismatch(t, v)
		}
		return appendProtoRepeated(b, num, t.Elem, elems)
	case types.Map:
		m, ok := v.(*types.MapValue)
		if !ok {
			return b, typeMismatch(t, v)
		}
		return appendProtoMap(b, num, t, m)
	}
	if protoIsMessage(t) {
		return appendProtoMessage(b, num, t, v)
	}
	if protoIsDefault(v) {
		return b, nil
	}
	return appendProtoScalar(b, num, t, v)
}

// protoIsMessage reports whether values of t are encoded as messages.
func protoIsMessage(t *types.Type) bool {
	_, logical := protoLogicalTypes[t.Kind]
	return logical || t.Kind == types.Struct
}

// protoIsDefault reports whether scalar v is its type's proto3 default.
func protoIsDefault(v types.Value) bool {
	switch v := v.(type) {
	case bool:
		return !v
	case int32:
		return v == 0
	case int64:
		return v == 0
	case float64:
		return math.Float64bits(v) == 0
	case string:
		return v == ""
	case []byte:
		return len(v) == 0
	}
	return false
}

// appendProtoRepeated appends the elements of an array: packed into one
// record for numbers and booleans, one record each otherwise.
func appendProtoRepeated(b []byte, num int, elem *types.Type, elems []types.Value) ([]byte, error) {
	if len(elems) == 0 {
		return b, nil
	}
	if elem == nil {
		return b, fmt.Errorf("array has no element type")
	}
	for i, e := range elems {
		if e == nil {
			return b, fmt.Errorf("array element %d is NULL, which protobuf cannot represent", i)
		}
	}
	switch elem.Kind {
	case types.Map:
		return b, fmt.Errorf("protobuf cannot represent a non-empty array of maps")
	case types.Boolean, types.Int, types.BigInt, types.Double:
		var packed []byte
		for _, e := range elems {
			var err error
			if packed, err = appendProtoPacked(packed, elem, e); err != nil {
				return b, err
			}
		}
		return appendProtoBytes(b, num, packed), nil
	}
	for _, e := range elems {
		var err error
		if protoIsMessage(elem) {
			b, err = appendProtoMessage(b, num, elem, e)
		} else {
			b, err = appendProtoScalar(b, num, elem, e)
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendProtoMap appends one entry message {key = 1; value = 2} per entry.
func appendProtoMap(b []byte, num int, t *types.Type, m *types.MapValue) ([]byte, error) {
	var entry []byte
	for i, k := range m.Keys {
		if m.Vals[i] == nil {
			return b, fmt.Errorf("map value under key %v is NULL, which protobuf cannot represent", k)
		}
		var err error
		if entry, err = appendProtoField(entry[:0], 1, t.Key, k); err != nil {
			return b, fmt.Errorf("map key: %w", err)
		}
		if entry, err = appendProtoField(entry, 2, t.Elem, m.Vals[i]); err != nil {
			return b, fmt.Errorf("map value under key %v: %w", k, err)
		}
		b = appendProtoBytes(b, num, entry)
	}
	return b, nil
}

// appendProtoMessage appends a struct or a well-known message.
func appendProtoMessage(b []byte, num int, t *types.Type, v types.Value) ([]byte, error) {
	var body []byte
	var err error
	switch t.Kind {
	case types.Struct:
		body, err = appendProtoStruct(nil, t, v)
	case types.Decimal:
		d, ok := v.(types.Dec)
		if !ok || d.Unscaled == nil {
			return b, typeMismatch(t, v)
		}
		body = appendProtoDecimal(nil, d)
	case types.Timestamp:
		ts, ok := v.(types.TimestampValue)
		if !ok {
			return b, typeMismatch(t, v)
		}
		body = appendProtoTimestamp(nil, int64(ts))
	case types.Date:
		d, ok := v.(types.DateValue)
		if !ok {
			return b, typeMismatch(t, v)
		}
		body = appendProtoDate(nil, int64(d))
	case types.Time:
		tv, ok := v.(types.TimeValue)
		if !ok {
			return b, typeMismatch(t, v)
		}
		body = appendProtoTime(nil, int64(tv))
	}
	if err != nil {
		return b, err
	}
	return appendProtoBytes(b, num, body), nil
}

func appendProtoStruct(b []byte, t *types.Type, v types.Value) ([]byte, error) {
	s, ok := v.(*types.StructValue)
	if !ok || len(s.Fields) != len(t.Fields) {
		return b, typeMismatch(t, v)
	}
	for i, f := range t.Fields {
		var err error
		if b, err = appendProtoField(b, i+1, f.Type, s.Fields[i]); err != nil {
			return b, fmt.Errorf("field %s: %w", f.Name, err)
		}
	}
	return b, nil
}

// appendProtoScalar appends a scalar field, default or not.
func appendProtoScalar(b []byte, num int, t *types.Type, v types.Value) ([]byte, error) {
	switch t.Kind {
	case types.String:
		if s, ok := v.(string); ok {
			return appendProtoBytes(b, num, []byte(s)), nil
		}
	case types.Bytes:
		if bs, ok := v.([]byte); ok {
			return appendProtoBytes(b, num, bs), nil
		}
	case types.Double:
		if f, ok := v.(float64); ok {
			return binary.LittleEndian.AppendUint64(appendProtoTag(b, num, protoFixed64), math.Float64bits(f)), nil
		}
	default:
		start := len(b)
		b = appendProtoTag(b, num, protoVarint)
		b, err := appendProtoPacked(b, t, v)
		if err != nil {
			return b[:start], err
		}
		return b, nil
	}
	return b, typeMismatch(t, v)
}

// appendProtoPacked appends a number or boolean without a tag.
func appendProtoPacked(b []byte, t *types.Type, v types.Value) ([]byte, error) {
	switch t.Kind {
	case types.Boolean:
		if x, ok := v.(bool); ok {
			if x {
				return append(b, 1), nil
			}
			return append(b, 0), nil
		}
	case types.Int:
		if x, ok := v.(int32); ok {
			return binary.AppendUvarint(b, uint64(int64(x))), nil
		}
	case types.BigInt:
		if x, ok := v.(int64); ok {
			return binary.AppendUvarint(b, uint64(x)), nil
		}
	case types.Double:
		if x, ok := v.(float64); ok {
			return binary.LittleEndian.AppendUint64(b, math.Float64bits(x)), nil
		}
	}
	return b, typeMismatch(t, v)
}

// appendProtoVarintField appends a varint field unless it is zero.
func appendProtoVarintField(b []byte, num int, v uint64) []byte {
	if v == 0 {
		return b
	}
	return binary.AppendUvarint(appendProtoTag(b, num, protoVarint), v)
}

func appendProtoBytes(b []byte, num int, data []byte) []byte {
	b = appendProtoTag(b, num, protoBytes)
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}

func appendProtoTag(b []byte, num, wire int) []byte {
	return binary.AppendUvarint(b, uint64(num)<<3|uint64(wire))
}

func typeMismatch(t *types.Type, v types.Value) error {
	return fmt.Errorf("value %v (%T) does not fit type %s", v, v, t)
}
