package types

import (
	"fmt"
	"strings"
)

// Kind names a SQL type constructor.
type Kind uint8

const (
	Unknown Kind = iota // the type of an untyped NULL literal, before coercion
	Boolean
	Int     // 32-bit signed integer (INT, INTEGER)
	BigInt  // 64-bit signed integer
	Double  // IEEE-754 binary64
	Decimal // exact, with Precision and Scale
	String  // UTF-8 text (STRING, VARCHAR)
	Bytes
	Timestamp // milliseconds since the Unix epoch, UTC
	Date      // days since the Unix epoch
	Time      // milliseconds since midnight
	Array
	Map
	Struct
)

var kindNames = [...]string{
	Unknown: "NULL", Boolean: "BOOLEAN", Int: "INTEGER", BigInt: "BIGINT", Double: "DOUBLE",
	Decimal: "DECIMAL", String: "STRING", Bytes: "BYTES", Timestamp: "TIMESTAMP", Date: "DATE",
	Time: "TIME", Array: "ARRAY", Map: "MAP", Struct: "STRUCT",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Type is a SQL type. Only the fields that belong to Kind are set.
type Type struct {
	Kind      Kind
	Precision int     // Decimal
	Scale     int     // Decimal
	Elem      *Type   // Array element; Map value
	Key       *Type   // Map key
	Fields    []Field // Struct fields, in declaration order
}

// Field is one named member of a STRUCT type. Name keeps its case.
type Field struct {
	Name string
	Type *Type
}

// Shared instances of the primitive types.
var (
	UnknownType   = &Type{Kind: Unknown}
	BooleanType   = &Type{Kind: Boolean}
	IntType       = &Type{Kind: Int}
	BigIntType    = &Type{Kind: BigInt}
	DoubleType    = &Type{Kind: Double}
	StringType    = &Type{Kind: String}
	BytesType     = &Type{Kind: Bytes}
	TimestampType = &Type{Kind: Timestamp}
	DateType      = &Type{Kind: Date}
	TimeType      = &Type{Kind: Time}
)

// DecimalOf returns DECIMAL(precision, scale).
func DecimalOf(precision, scale int) *Type {
	return &Type{Kind: Decimal, Precision: precision, Scale: scale}
}

// ArrayOf returns ARRAY<elem>.
func ArrayOf(elem *Type) *Type { return &Type{Kind: Array, Elem: elem} }

// MapOf returns MAP<key, value>.
func MapOf(key, value *Type) *Type { return &Type{Kind: Map, Key: key, Elem: value} }

// StructOf returns STRUCT<fields...>.
func StructOf(fields ...Field) *Type { return &Type{Kind: Struct, Fields: fields} }

// Equal reports whether t and u are the same type.
func (t *Type) Equal(u *Type) bool {
	if t == u {
		return true
	}
	if t == nil || u == nil || t.Kind != u.Kind {
		return false
	}
	switch t.Kind {
	case Decimal:
		return t.Precision == u.Precision && t.Scale == u.Scale
	case Array:
		return t.Elem.Equal(u.Elem)
	case Map:
		return t.Key.Equal(u.Key) && t.Elem.Equal(u.Elem)
	case Struct:
		if len(t.Fields) != len(u.Fields) {
			return false
		}
		for i := range t.Fields {
			if t.Fields[i].Name != u.Fields[i].Name || !t.Fields[i].Type.Equal(u.Fields[i].Type) {
				return false
			}
		}
	}
	return true
}

// IsNumeric reports whether t is INT, BIGINT, DOUBLE or DECIMAL.
func (t *Type) IsNumeric() bool {
	switch t.Kind {
	case Int, BigInt, Double, Decimal:
		return true
	}
	return false
}

// FieldIndex returns the index of the struct field named name, matched exactly
// first and then case-insensitively, or -1.
func (t *Type) FieldIndex(name string) int {
	for i, f := range t.Fields {
		if f.Name == name {
			return i
		}
	}
	for i, f := range t.Fields {
		if strings.EqualFold(f.Name, name) {
			return i
		}
	}
	return -1
}

// String renders t as ksqlDB prints types in schemas, e.g. `ARRAY<STRUCT<`A` INTEGER>>`.
func (t *Type) String() string {
	var b strings.Builder
	t.format(&b)
	return b.String()
}

func (t *Type) format(b *strings.Builder) {
	switch t.Kind {
	case Decimal:
		fmt.Fprintf(b, "DECIMAL(%d, %d)", t.Precision, t.Scale)
	case Array:
		b.WriteString("ARRAY<")
		t.Elem.format(b)
		b.WriteString(">")
	case Map:
		b.WriteString("MAP<")
		t.Key.format(b)
		b.WriteString(", ")
		t.Elem.format(b)
		b.WriteString(">")
	case Struct:
		b.WriteString("STRUCT<")
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("`" + f.Name + "` ")
			f.Type.format(b)
		}
		b.WriteString(">")
	default:
		b.WriteString(t.Kind.String())
	}
}
