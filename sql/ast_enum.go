package sql

// TimeUnit is a window or duration unit.
type TimeUnit int

// Time units, shortest first.
const (
	Milliseconds TimeUnit = iota + 1
	Seconds
	Minutes
	Hours
	Days
)

var timeUnitNames = [...]string{"", "MILLISECONDS", "SECONDS", "MINUTES", "HOURS", "DAYS"}

func (u TimeUnit) String() string { return enumName(timeUnitNames[:], int(u)) }

// Millis returns the length of one unit in milliseconds.
func (u TimeUnit) Millis() int64 {
	switch u {
	case Milliseconds:
		return 1
	case Seconds:
		return 1000
	case Minutes:
		return 60 * 1000
	case Hours:
		return 60 * 60 * 1000
	case Days:
		return 24 * 60 * 60 * 1000
	}
	return 0
}

// SourceKind distinguishes streams from tables.
type SourceKind int

// Source kinds.
const (
	KindStream SourceKind = iota + 1
	KindTable
)

var sourceKindNames = [...]string{"", "STREAM", "TABLE"}

func (k SourceKind) String() string { return enumName(sourceKindNames[:], int(k)) }

// ShowKind is what a SHOW / LIST statement lists.
type ShowKind int

// Show kinds.
const (
	ShowStreams ShowKind = iota + 1
	ShowTables
	ShowQueries
	ShowTopics
	ShowFunctions
	ShowTypes
	ShowProperties
	ShowVariables
	ShowConnectors
	ShowConnectorPlugins
)

var showKindNames = [...]string{"", "STREAMS", "TABLES", "QUERIES", "TOPICS", "FUNCTIONS",
	"TYPES", "PROPERTIES", "VARIABLES", "CONNECTORS", "CONNECTOR PLUGINS"}

func (k ShowKind) String() string { return enumName(showKindNames[:], int(k)) }

// JoinType is the kind of a join.
type JoinType int

// Join types.
const (
	InnerJoin JoinType = iota + 1
	LeftJoin
	RightJoin
	FullJoin
)

var joinTypeNames = [...]string{"", "INNER", "LEFT", "RIGHT", "FULL"}

func (t JoinType) String() string { return enumName(joinTypeNames[:], int(t)) }

// WindowKind is the kind of a WINDOW clause.
type WindowKind int

// Window kinds.
const (
	Tumbling WindowKind = iota + 1
	Hopping
	Session
)

var windowKindNames = [...]string{"", "TUMBLING", "HOPPING", "SESSION"}

func (k WindowKind) String() string { return enumName(windowKindNames[:], int(k)) }

// EmitKind is a query's EMIT clause.
type EmitKind int

// Emit kinds. EmitNone (no EMIT clause) makes a SELECT statement a pull
// query.
const (
	EmitNone EmitKind = iota
	EmitChanges
	EmitFinal
)

var emitKindNames = [...]string{"NONE", "CHANGES", "FINAL"}

func (k EmitKind) String() string { return enumName(emitKindNames[:], int(k)) }

// Constraint is a column constraint of a table element.
type Constraint int

// Column constraints.
const (
	NoConstraint Constraint = iota
	KeyConstraint
	PrimaryKeyConstraint
	HeadersConstraint // HEADERS: the column holds all record headers
	HeaderConstraint  // HEADER('key'): the column holds one header's value
)

var constraintNames = [...]string{"", "KEY", "PRIMARY KEY", "HEADERS", "HEADER"}

func (c Constraint) String() string { return enumName(constraintNames[:], int(c)) }

// BinaryOp is a binary operator.
type BinaryOp int

// Binary operators.
const (
	OpOr BinaryOp = iota + 1
	OpAnd
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpConcat // ||
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
)

var binaryOpNames = [...]string{"", "OR", "AND", "=", "<>", "<", "<=", ">", ">=", "||", "+", "-", "*", "/", "%"}

func (op BinaryOp) String() string { return enumName(binaryOpNames[:], int(op)) }

// IsComparison reports whether op is one of = <> < <= > >=.
func (op BinaryOp) IsComparison() bool { return op >= OpEq && op <= OpGe }

// IsLogical reports whether op is AND or OR.
func (op BinaryOp) IsLogical() bool { return op == OpAnd || op == OpOr }

// IsArithmetic reports whether op is + - * / %.
func (op BinaryOp) IsArithmetic() bool { return op >= OpAdd && op <= OpMod }

// UnaryOp is a unary operator.
type UnaryOp int

// Unary operators.
const (
	OpNot UnaryOp = iota + 1
	OpNeg
	OpPlus
)

var unaryOpNames = [...]string{"", "NOT", "-", "+"}

func (op UnaryOp) String() string { return enumName(unaryOpNames[:], int(op)) }

// ScalarKind is a built-in non-parameterised type.
type ScalarKind int

// Scalar kinds.
const (
	TypeBoolean ScalarKind = iota + 1
	TypeInt
	TypeBigint
	TypeDouble
	TypeString
	TypeBytes
	TypeTimestamp
	TypeDate
	TypeTime
)

var scalarKindNames = [...]string{"", "BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "STRING",
	"BYTES", "TIMESTAMP", "DATE", "TIME"}

// String returns ksqlDB's canonical name of the type (INT is INTEGER,
// VARCHAR is STRING).
func (k ScalarKind) String() string { return enumName(scalarKindNames[:], int(k)) }

func enumName(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return "?"
	}
	return names[i]
}
