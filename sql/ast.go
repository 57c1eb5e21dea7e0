package sql

// A Node is any syntax tree node. Pos is the byte offset of the node's
// first character in the parsed source; End is the offset just past its
// last character.
type Node interface {
	Pos() Pos
	End() Pos
}

// Stmt is a statement node. The set of statement nodes is closed.
type Stmt interface {
	Node
	stmtNode()
}

// Expr is an expression node. The set of expression nodes is closed.
type Expr interface {
	Node
	exprNode()
}

// Relation is a FROM-clause node: *Table or *Join.
type Relation interface {
	Node
	relationNode()
}

// Type is a SQL type node: *ScalarType, *DecimalType, *ArrayType,
// *MapType, *StructType or *NamedType.
type Type interface {
	Node
	typeNode()
}

// SelectItem is one entry of a SELECT list: *SelectExpr, *SelectStar or
// *SelectStructStar.
type SelectItem interface {
	Node
	selectItemNode()
}

// Span is the source extent of a node; every node embeds one, which gives
// it its Pos and End methods.
type Span struct {
	Start Pos // offset of the first byte
	Stop  Pos // offset just past the last byte
}

// Pos returns the offset of the node's first byte.
func (s Span) Pos() Pos { return s.Start }

// End returns the offset just past the node's last byte.
func (s Span) End() Pos { return s.Stop }

// setSpan widens a node to cover enclosing parentheses.
func (s *Span) setSpan(start, stop Pos) { s.Start, s.Stop = start, stop }

// Ident is an identifier. Unquoted identifiers are upper-cased; quoted
// ("x" or `x`) ones keep their case, with doubled quotes unescaped.
type Ident struct {
	Span
	Name   string // canonical name
	Quoted bool   // written "quoted", `backquoted` or, for resource names, as a 'string'
}

// Statement is one parsed statement of a script.
type Statement struct {
	Span
	Stmt Stmt
	// Text is the exact source text of the statement, from its first
	// token up to and including its terminating ';' when there is one.
	Text string
}

// Duration is a "n unit" pair such as 30 SECONDS, used by windows,
// join windows and timeouts.
type Duration struct {
	Span
	Value  int64    // the number as written
	Unit   TimeUnit // the unit
	Millis int64    // Value converted to milliseconds
}

// Property is one key = value entry of a WITH (...) list.
type Property struct {
	Span
	Key    string // upper-cased key, e.g. KAFKA_TOPIC
	KeyPos Pos
	Value  Expr // a literal: *StringLit, *IntegerLit, *DecimalLit, *DoubleLit, *BoolLit or *NullLit
}

// Properties is a WITH (...) list in source order.
type Properties []*Property

// Lookup returns the property with the given key (case-insensitive), or
// nil.
func (ps Properties) Lookup(key string) *Property {
	for _, p := range ps {
		if equalFold(p.Key, key) {
			return p
		}
	}
	return nil
}
