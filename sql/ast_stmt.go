package sql

// Statements that create, change or drop sources and types.
type (
	// CreateSource is CREATE [OR REPLACE] [SOURCE] STREAM|TABLE
	// [IF NOT EXISTS] name [(elements)] [WITH (props)].
	CreateSource struct {
		Span
		Kind        SourceKind
		OrReplace   bool
		Source      bool // CREATE SOURCE ...: a read-only source
		IfNotExists bool
		Name        *Ident
		Elements    []*TableElement // nil when the column list is absent
		Props       Properties
	}

	// CreateAsSelect is CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS]
	// name [WITH (props)] AS query.
	CreateAsSelect struct {
		Span
		Kind        SourceKind
		OrReplace   bool
		IfNotExists bool
		Name        *Ident
		Props       Properties
		Query       *Query
	}

	// Drop is DROP STREAM|TABLE [IF EXISTS] name [DELETE TOPIC].
	Drop struct {
		Span
		Kind        SourceKind
		IfExists    bool
		Name        *Ident
		DeleteTopic bool
	}

	// AlterSource is ALTER STREAM|TABLE name ADD [COLUMN] c type, ....
	AlterSource struct {
		Span
		Kind    SourceKind
		Name    *Ident
		Columns []*TableElement // Constraint is always NoConstraint
	}

	// CreateType is CREATE TYPE [IF NOT EXISTS] name AS type.
	CreateType struct {
		Span
		IfNotExists bool
		Name        *Ident
		Type        Type
	}

	// DropType is DROP TYPE [IF EXISTS] name.
	DropType struct {
		Span
		IfExists bool
		Name     *Ident
	}

	// CreateConnector is CREATE SOURCE|SINK CONNECTOR [IF NOT EXISTS]
	// name WITH (props). Connectors are parsed but not run.
	CreateConnector struct {
		Span
		Sink        bool
		IfNotExists bool
		Name        *Ident
		Props       Properties
	}

	// DropConnector is DROP CONNECTOR [IF EXISTS] name.
	DropConnector struct {
		Span
		IfExists bool
		Name     *Ident
	}
)

// TableElement is a column definition: name type [constraint].
type TableElement struct {
	Span
	Name       *Ident
	Type       Type
	Constraint Constraint
	HeaderKey  string // for HeaderConstraint: the header key
}

// Statements that write data.
type (
	// InsertInto is INSERT INTO name [WITH (props)] query.
	InsertInto struct {
		Span
		Target *Ident
		Props  Properties
		Query  *Query
	}

	// InsertValues is INSERT INTO name [(columns)] VALUES (values).
	InsertValues struct {
		Span
		Target  *Ident
		Columns []*Ident // nil when absent
		Values  []Expr
	}
)

// Statements that show metadata.
type (
	// Show is SHOW|LIST what [EXTENDED].
	Show struct {
		Span
		Kind      ShowKind
		Extended  bool
		All       bool   // SHOW ALL TOPICS
		Connector string // SOURCE or SINK for SHOW SOURCE|SINK CONNECTORS, else ""
	}

	// Describe is DESCRIBE name [EXTENDED].
	Describe struct {
		Span
		Name     *Ident
		Extended bool
	}

	// DescribeSources is DESCRIBE STREAMS|TABLES [EXTENDED].
	DescribeSources struct {
		Span
		Kind     SourceKind
		Extended bool
	}

	// DescribeFunction is DESCRIBE FUNCTION name.
	DescribeFunction struct {
		Span
		Name *Ident
	}

	// DescribeConnector is DESCRIBE CONNECTOR name.
	DescribeConnector struct {
		Span
		Name *Ident
	}

	// Explain is EXPLAIN queryId or EXPLAIN statement: exactly one of
	// QueryID and Stmt is set.
	Explain struct {
		Span
		QueryID *Ident
		Stmt    Stmt
	}

	// Print is PRINT topic [FROM BEGINNING] [INTERVAL|SAMPLE n] [LIMIT n].
	// A topic written as a 'string' has Topic.Quoted set.
	Print struct {
		Span
		Topic         *Ident
		FromBeginning bool
		Interval      *IntegerLit // nil when absent
		Limit         *IntegerLit // nil when absent
	}
)

// Statements that control queries, properties and variables.
type (
	// Terminate is TERMINATE queryId or TERMINATE ALL.
	Terminate struct {
		Span
		QueryID *Ident // nil for ALL
		All     bool
	}

	// Pause is PAUSE queryId or PAUSE ALL.
	Pause struct {
		Span
		QueryID *Ident
		All     bool
	}

	// Resume is RESUME queryId or RESUME ALL.
	Resume struct {
		Span
		QueryID *Ident
		All     bool
	}

	// SetProperty is SET 'name' = 'value'. Name keeps its case.
	SetProperty struct {
		Span
		Name  string
		Value string
	}

	// UnsetProperty is UNSET 'name'.
	UnsetProperty struct {
		Span
		Name string
	}

	// AlterSystem is ALTER SYSTEM 'name' = 'value'.
	AlterSystem struct {
		Span
		Name  string
		Value string
	}

	// Define is DEFINE name = 'value'. Name keeps its case.
	Define struct {
		Span
		Name  string
		Value string
	}

	// Undefine is UNDEFINE name.
	Undefine struct {
		Span
		Name string
	}
)

// Assertion statements.
type (
	// AssertTopic is ASSERT [NOT EXISTS] TOPIC name [WITH (props)]
	// [TIMEOUT n unit].
	AssertTopic struct {
		Span
		NotExists bool
		Topic     *Ident
		Props     Properties
		Timeout   *Duration // nil when absent
	}

	// AssertSchema is ASSERT [NOT EXISTS] SCHEMA [SUBJECT name] [ID n]
	// [TIMEOUT n unit].
	AssertSchema struct {
		Span
		NotExists bool
		Subject   *Ident      // nil when absent
		ID        *IntegerLit // nil when absent
		Timeout   *Duration   // nil when absent
	}

	// AssertValues (test only) is ASSERT VALUES name [(columns)] VALUES
	// (values).
	AssertValues struct {
		Span
		Source  *Ident
		Columns []*Ident
		Values  []Expr
	}

	// AssertTombstone (test only) is ASSERT NULL VALUES name [(columns)]
	// KEY (values).
	AssertTombstone struct {
		Span
		Source  *Ident
		Columns []*Ident
		Keys    []Expr
	}

	// AssertSource (test only) is ASSERT STREAM|TABLE name [(elements)]
	// [WITH (props)].
	AssertSource struct {
		Span
		Kind     SourceKind
		Name     *Ident
		Elements []*TableElement
		Props    Properties
	}

	// RunScript (test only) is RUN SCRIPT 'path'.
	RunScript struct {
		Span
		Path string
	}
)

func (*CreateSource) stmtNode()      {}
func (*CreateAsSelect) stmtNode()    {}
func (*Drop) stmtNode()              {}
func (*AlterSource) stmtNode()       {}
func (*CreateType) stmtNode()        {}
func (*DropType) stmtNode()          {}
func (*CreateConnector) stmtNode()   {}
func (*DropConnector) stmtNode()     {}
func (*InsertInto) stmtNode()        {}
func (*InsertValues) stmtNode()      {}
func (*Query) stmtNode()             {}
func (*Show) stmtNode()              {}
func (*Describe) stmtNode()          {}
func (*DescribeSources) stmtNode()   {}
func (*DescribeFunction) stmtNode()  {}
func (*DescribeConnector) stmtNode() {}
func (*Explain) stmtNode()           {}
func (*Print) stmtNode()             {}
func (*Terminate) stmtNode()         {}
func (*Pause) stmtNode()             {}
func (*Resume) stmtNode()            {}
func (*SetProperty) stmtNode()       {}
func (*UnsetProperty) stmtNode()     {}
func (*AlterSystem) stmtNode()       {}
func (*Define) stmtNode()            {}
func (*Undefine) stmtNode()          {}
func (*AssertTopic) stmtNode()       {}
func (*AssertSchema) stmtNode()      {}
func (*AssertValues) stmtNode()      {}
func (*AssertTombstone) stmtNode()   {}
func (*AssertSource) stmtNode()      {}
func (*RunScript) stmtNode()         {}
