package sql

// Expression nodes. Parentheses leave no node behind: the tree's shape
// records the grouping, and FormatExpr adds parentheses back where the
// precedence needs them.
type (
	// NullLit is NULL.
	NullLit struct{ Span }

	// BoolLit is TRUE or FALSE.
	BoolLit struct {
		Span
		Value bool
	}

	// IntegerLit is an integer literal, including a directly preceding
	// minus sign (ksqlDB folds -1 into the literal). It is an INT when
	// IsInt32 reports true and a BIGINT otherwise.
	IntegerLit struct {
		Span
		Text  string // as written, e.g. "-12"
		Value int64
	}

	// DecimalLit is a literal with a decimal point and no exponent, such
	// as 1.50 (a DECIMAL(3, 2) in ksqlDB).
	DecimalLit struct {
		Span
		Text string // as written, e.g. "1.50" or "-.5"
	}

	// DoubleLit is a literal with an exponent, such as 1.5E3 (a DOUBLE).
	DoubleLit struct {
		Span
		Text  string
		Value float64
	}

	// StringLit is a 'single quoted' string; Value has '' unescaped.
	StringLit struct {
		Span
		Value string
	}

	// TypedLit is a type constructor: an identifier followed by a string,
	// such as DECIMAL '1.5'.
	TypedLit struct {
		Span
		TypeName *Ident
		Value    string
	}

	// ColumnRef is a column reference: COL or SRC.COL. Lambda parameters
	// also parse as unqualified column references.
	ColumnRef struct {
		Span
		Source *Ident // nil when unqualified
		Name   *Ident
	}

	// FuncCall is a function call f(args) or f(*).
	FuncCall struct {
		Span
		Name *Ident
		Args []Expr // may contain *Lambda and *IntervalUnit arguments
		Star bool   // f(*), e.g. COUNT(*); Args is empty
	}

	// IntervalUnit is a bare time unit passed as a function argument, as
	// in TIMESTAMPADD(SECONDS, 5, ts). Only the words that ksqlDB reserves
	// parse this way (MILLISECOND and the plural forms); DAY, HOUR, MINUTE
	// and SECOND parse as column references, as in ksqlDB.
	IntervalUnit struct {
		Span
		Unit TimeUnit
	}

	// Lambda is x => body or (x, y) => body, only as a function argument.
	Lambda struct {
		Span
		Params []*Ident
		Body   Expr
	}

	// Cast is CAST(X AS Type).
	Cast struct {
		Span
		X    Expr
		Type Type
	}

	// Case is CASE [Operand] WHEN ... THEN ... [ELSE Else] END. Operand is
	// nil for a searched CASE.
	Case struct {
		Span
		Operand Expr
		Whens   []*When
		Else    Expr // nil when absent
	}

	// ArrayCtor is ARRAY[e, ...].
	ArrayCtor struct {
		Span
		Elems []Expr
	}

	// MapCtor is MAP(k := v, ...).
	MapCtor struct {
		Span
		Entries []*MapEntry
	}

	// StructCtor is STRUCT(name := v, ...).
	StructCtor struct {
		Span
		Fields []*StructField
	}

	// Subscript is X[Index].
	Subscript struct {
		Span
		X     Expr
		Index Expr
	}

	// Deref is the struct field access X->Field.
	Deref struct {
		Span
		X     Expr
		Field *Ident
	}

	// Binary is X Op Y for arithmetic, ||, comparison, AND and OR.
	Binary struct {
		Span
		Op    BinaryOp
		OpPos Pos
		X, Y  Expr
	}

	// Unary is NOT X, -X or +X.
	Unary struct {
		Span
		Op UnaryOp
		X  Expr
	}

	// IsNull is X IS [NOT] NULL.
	IsNull struct {
		Span
		X   Expr
		Not bool
	}

	// IsDistinctFrom is X IS [NOT] DISTINCT FROM Y.
	IsDistinctFrom struct {
		Span
		X, Y Expr
		Not  bool
	}

	// Between is X [NOT] BETWEEN Lo AND Hi.
	Between struct {
		Span
		X, Lo, Hi Expr
		Not       bool
	}

	// InList is X [NOT] IN (List...).
	InList struct {
		Span
		X    Expr
		List []Expr
		Not  bool
	}

	// Like is X [NOT] LIKE Pattern [ESCAPE 'c'].
	Like struct {
		Span
		X       Expr
		Pattern Expr
		Escape  *StringLit // nil when absent
		Not     bool
	}
)

// Helper nodes of expressions (not expressions themselves).
type (
	// When is one WHEN Cond THEN Result arm of a CASE.
	When struct {
		Span
		Cond   Expr
		Result Expr
	}

	// MapEntry is one Key := Value entry of a MAP constructor.
	MapEntry struct {
		Span
		Key   Expr
		Value Expr
	}

	// StructField is one Name := Value entry of a STRUCT constructor.
	StructField struct {
		Span
		Name  *Ident
		Value Expr
	}
)

// IsInt32 reports whether the literal fits an INT (else it is a BIGINT).
func (l *IntegerLit) IsInt32() bool { return l.Value >= -1<<31 && l.Value <= 1<<31-1 }

func (*NullLit) exprNode()        {}
func (*BoolLit) exprNode()        {}
func (*IntegerLit) exprNode()     {}
func (*DecimalLit) exprNode()     {}
func (*DoubleLit) exprNode()      {}
func (*StringLit) exprNode()      {}
func (*TypedLit) exprNode()       {}
func (*ColumnRef) exprNode()      {}
func (*FuncCall) exprNode()       {}
func (*IntervalUnit) exprNode()   {}
func (*Lambda) exprNode()         {}
func (*Cast) exprNode()           {}
func (*Case) exprNode()           {}
func (*ArrayCtor) exprNode()      {}
func (*MapCtor) exprNode()        {}
func (*StructCtor) exprNode()     {}
func (*Subscript) exprNode()      {}
func (*Deref) exprNode()          {}
func (*Binary) exprNode()         {}
func (*Unary) exprNode()          {}
func (*IsNull) exprNode()         {}
func (*IsDistinctFrom) exprNode() {}
func (*Between) exprNode()        {}
func (*InList) exprNode()         {}
func (*Like) exprNode()           {}
