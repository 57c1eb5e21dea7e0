package sql

// Type nodes.
type (
	// ScalarType is a built-in type without parameters. INT and INTEGER
	// both give TypeInt; STRING and VARCHAR both give TypeString.
	ScalarType struct {
		Span
		Kind ScalarKind
	}

	// DecimalType is DECIMAL(Precision, Scale).
	DecimalType struct {
		Span
		Precision int
		Scale     int
	}

	// ArrayType is ARRAY<Elem>.
	ArrayType struct {
		Span
		Elem Type
	}

	// MapType is MAP<Key, Value>.
	MapType struct {
		Span
		Key   Type
		Value Type
	}

	// StructType is STRUCT<name type, ...>; Fields may be empty.
	StructType struct {
		Span
		Fields []*StructTypeField
	}

	// NamedType is a reference to a custom type made by CREATE TYPE.
	NamedType struct {
		Span
		Name *Ident
	}
)

// StructTypeField is one field of a STRUCT type.
type StructTypeField struct {
	Span
	Name *Ident
	Type Type
}

func (*ScalarType) typeNode()  {}
func (*DecimalType) typeNode() {}
func (*ArrayType) typeNode()   {}
func (*MapType) typeNode()     {}
func (*StructType) typeNode()  {}
func (*NamedType) typeNode()   {}
