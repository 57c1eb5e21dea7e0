package sql

// Query is SELECT ... FROM .... It is also a statement: a SELECT
// statement is a push query when Emit is EmitChanges or EmitFinal and a
// pull query when Emit is EmitNone.
type Query struct {
	Span
	Select      []SelectItem
	From        Relation
	Window      *Window // nil when absent
	Where       Expr    // nil when absent
	GroupBy     []Expr
	PartitionBy []Expr
	Having      Expr // nil when absent
	Emit        EmitKind
	EmitPos     Pos         // position of EMIT, NoPos when absent
	Limit       *IntegerLit // nil when absent
}

// Select list items.
type (
	// SelectExpr is expression [[AS] alias].
	SelectExpr struct {
		Span
		X     Expr
		Alias *Ident // nil when absent
	}

	// SelectStar is * or source.*.
	SelectStar struct {
		Span
		Source *Ident // nil for a bare *
	}

	// SelectStructStar is X->*, all fields of a struct.
	SelectStructStar struct {
		Span
		X Expr
	}
)

// Relations.
type (
	// Table is a source name with an optional alias.
	Table struct {
		Span
		Name  *Ident
		Alias *Ident // nil when absent
	}

	// Join is Left JOIN Right [WITHIN ...] ON On. Joins nest to the left:
	// a JOIN b JOIN c is Join{Left: Join{a, b}, Right: c}.
	Join struct {
		Span
		Type   JoinType
		Left   Relation
		Right  *Table
		Within *JoinWindow // nil when absent
		On     Expr
	}
)

// JoinWindow is WITHIN n unit or WITHIN (before, after), with an
// optional GRACE PERIOD.
type JoinWindow struct {
	Span
	Before Duration
	After  Duration  // equals Before for the single-size form
	Single bool      // WITHIN n unit (no parentheses)
	Grace  *Duration // nil when absent
}

// Window is a WINDOW clause.
type Window struct {
	Span
	Kind      WindowKind
	Size      Duration  // window size, or the inactivity gap of a SESSION window
	Advance   *Duration // HOPPING only
	Retention *Duration // nil when absent
	Grace     *Duration // nil when absent
}

func (*SelectExpr) selectItemNode()       {}
func (*SelectStar) selectItemNode()       {}
func (*SelectStructStar) selectItemNode() {}

func (*Table) relationNode() {}
func (*Join) relationNode()  {}
