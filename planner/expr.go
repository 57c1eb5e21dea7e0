package planner

import (
	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/types"
)

// Expr is a resolved, typed expression. Column references are positions in the
// input row of the operator that evaluates the expression; every implicit
// conversion has been made explicit as a Cast. Exec compiles Exprs; it never
// sees the AST.
type Expr interface {
	// Type is the SQL type of the expression's value.
	Type() *types.Type
	exprNode()
}

// ColumnRef reads column Index of the input row.
type ColumnRef struct {
	Index int
	Name  string
	T     *types.Type
}

// LambdaRef reads parameter Index of the innermost enclosing lambda scope;
// Depth counts scopes outwards (0 = innermost).
type LambdaRef struct {
	Depth, Index int
	Name         string
	T            *types.Type
}

// Literal is a constant.
type Literal struct {
	Value types.Value
	T     *types.Type
}

// Cast converts Arg to T with CAST semantics.
type Cast struct {
	Arg Expr
	T   *types.Type
}

// BinaryOp is an arithmetic, comparison or logical operator.
type BinaryOp uint8

const (
	OpAdd BinaryOp = iota
	OpSub
	OpMul
	OpDiv
	OpMod
	OpConcat // string + string
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAnd
	OpOr
)

var binaryOpNames = [...]string{"+", "-", "*", "/", "%", "+", "=", "<>", "<", "<=", ">", ">=", "AND", "OR"}

func (op BinaryOp) String() string { return binaryOpNames[op] }

// Binary applies Op. Arithmetic operands are already cast to T's kind where
// ksqlDB widens; comparison operands are cast to a common type.
type Binary struct {
	Op          BinaryOp
	Left, Right Expr
	T           *types.Type
}

// Not is logical negation (three-valued).
type Not struct{ Arg Expr }

// Negate is arithmetic negation.
type Negate struct{ Arg Expr }

// IsNull tests Arg IS [NOT] NULL.
type IsNull struct {
	Arg     Expr
	Negated bool
}

// DistinctFrom is Left IS [NOT] DISTINCT FROM Right (NULL-safe comparison).
type DistinctFrom struct {
	Left, Right Expr
	Negated     bool
}

// Like is Arg [NOT] LIKE Pattern [ESCAPE Escape]; Escape 0 means none.
type Like struct {
	Arg, Pattern Expr
	Escape       rune
	Negated      bool
}

// Between is Arg [NOT] BETWEEN Lo AND Hi, operands cast to a common type.
type Between struct {
	Arg, Lo, Hi Expr
	Negated     bool
}

// In is Arg [NOT] IN (List...), operands cast to a common type.
type In struct {
	Arg     Expr
	List    []Expr
	Negated bool
}

// When is one WHEN ... THEN ... branch.
type When struct{ Cond, Result Expr }

// Case is a searched CASE (a simple CASE is rewritten to Operand = value conditions).
type Case struct {
	Whens []When
	Else  Expr // nil: NULL
	T     *types.Type
}

// Subscript is Base[Index]: arrays are 1-based (negative from the end), maps by key.
type Subscript struct {
	Base, Index Expr
	T           *types.Type
}

// Deref is Base->Field on a struct; Field is the field's position.
type Deref struct {
	Base  Expr
	Field int
	Name  string
	T     *types.Type
}

// ArrayCtor is ARRAY[Elems...].
type ArrayCtor struct {
	Elems []Expr
	T     *types.Type
}

// MapCtor is MAP(Keys[i] := Vals[i], ...).
type MapCtor struct {
	Keys, Vals []Expr
	T          *types.Type
}

// StructCtor is STRUCT(name := Fields[i], ...); names are in T.
type StructCtor struct {
	Fields []Expr
	T      *types.Type
}

// Lambda is a lambda argument of a higher-order function; its parameters are
// read by LambdaRefs in Body.
type Lambda struct {
	Params []string
	Body   Expr
}

// Call invokes a scalar function overload. Args are already cast to the
// overload's parameter types.
type Call struct {
	Name     string
	Overload *funcs.Overload
	// Eval is the implementation bound to the resolved argument types
	// (funcs.Resolved.Evaluator); exec calls it.
	Eval func(args []types.Value) (types.Value, error)
	Args []Expr
	T    *types.Type
}

func (e *ColumnRef) Type() *types.Type    { return e.T }
func (e *LambdaRef) Type() *types.Type    { return e.T }
func (e *Literal) Type() *types.Type      { return e.T }
func (e *Cast) Type() *types.Type         { return e.T }
func (e *Binary) Type() *types.Type       { return e.T }
func (e *Not) Type() *types.Type          { return types.BooleanType }
func (e *Negate) Type() *types.Type       { return e.Arg.Type() }
func (e *IsNull) Type() *types.Type       { return types.BooleanType }
func (e *DistinctFrom) Type() *types.Type { return types.BooleanType }
func (e *Like) Type() *types.Type         { return types.BooleanType }
func (e *Between) Type() *types.Type      { return types.BooleanType }
func (e *In) Type() *types.Type           { return types.BooleanType }
func (e *Case) Type() *types.Type         { return e.T }
func (e *Subscript) Type() *types.Type    { return e.T }
func (e *Deref) Type() *types.Type        { return e.T }
func (e *ArrayCtor) Type() *types.Type    { return e.T }
func (e *MapCtor) Type() *types.Type      { return e.T }
func (e *StructCtor) Type() *types.Type   { return e.T }
func (e *Lambda) Type() *types.Type       { return e.Body.Type() }
func (e *Call) Type() *types.Type         { return e.T }

func (*ColumnRef) exprNode()    {}
func (*LambdaRef) exprNode()    {}
func (*Literal) exprNode()      {}
func (*Cast) exprNode()         {}
func (*Binary) exprNode()       {}
func (*Not) exprNode()          {}
func (*Negate) exprNode()       {}
func (*IsNull) exprNode()       {}
func (*DistinctFrom) exprNode() {}
func (*Like) exprNode()         {}
func (*Between) exprNode()      {}
func (*In) exprNode()           {}
func (*Case) exprNode()         {}
func (*Subscript) exprNode()    {}
func (*Deref) exprNode()        {}
func (*ArrayCtor) exprNode()    {}
func (*MapCtor) exprNode()      {}
func (*StructCtor) exprNode()   {}
func (*Lambda) exprNode()       {}
func (*Call) exprNode()         {}
