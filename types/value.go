package types

import "math/big"

// Value is one SQL value at run time. The representation is fixed by the SQL type:
//
//	NULL (any type)  nil
//	BOOLEAN          bool
//	INT              int32
//	BIGINT           int64
//	DOUBLE           float64
//	DECIMAL          Dec (exact; the column's scale is carried by the value)
//	STRING           string
//	BYTES            []byte
//	TIMESTAMP        TimestampValue (ms since epoch, UTC)
//	DATE             DateValue (days since epoch)
//	TIME             TimeValue (ms since midnight)
//	ARRAY            []Value
//	MAP              *MapValue
//	STRUCT           *StructValue
//
// Values are immutable once emitted from an operator: never modify a slice,
// map or struct value in place after it leaves the operator that built it.
type Value = any

// Row is the values of one record, laid out as its schema's columns.
type Row []Value

// Dec is an exact decimal: Unscaled × 10^-Scale.
type Dec struct {
	Unscaled *big.Int
	Scale    int32
}

// TimestampValue is milliseconds since the Unix epoch, UTC.
type TimestampValue int64

// DateValue is days since the Unix epoch.
type DateValue int32

// TimeValue is milliseconds since midnight.
type TimeValue int64

// MapValue is an insertion-ordered map. Keys are non-NULL values of the map's key
// type (usually string). Lookups are linear scans.
type MapValue struct {
	Keys []Value
	Vals []Value
}

// StructValue holds the values of a STRUCT's fields, positionally as in its Type.
type StructValue struct {
	Type   *Type
	Fields []Value
}

// Len returns the number of entries.
func (m *MapValue) Len() int { return len(m.Keys) }

// Lookup returns the value under key k and whether it exists. String keys
// compare with ==; other keys with Equal (so DECIMAL and BYTES keys work).
func (m *MapValue) Lookup(k Value) (Value, bool) {
	if i := m.index(k); i >= 0 {
		return m.Vals[i], true
	}
	return nil, false
}

// Put sets key k to v, replacing an existing entry in place (keeping its order).
func (m *MapValue) Put(k, v Value) {
	if i := m.index(k); i >= 0 {
		m.Vals[i] = v
		return
	}
	m.Keys = append(m.Keys, k)
	m.Vals = append(m.Vals, v)
}

func (m *MapValue) index(k Value) int {
	if s, ok := k.(string); ok {
		for i, key := range m.Keys {
			if ks, ok := key.(string); ok && ks == s {
				return i
			}
		}
		return -1
	}
	for i, key := range m.Keys {
		if Equal(key, k) {
			return i
		}
	}
	return -1
}

// Field returns the value of the field named name (see Type.FieldIndex), or nil.
func (s *StructValue) Field(name string) Value {
	if i := s.Type.FieldIndex(name); i >= 0 {
		return s.Fields[i]
	}
	return nil
}
