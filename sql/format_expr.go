package sql

import (
	"strconv"
	"strings"
)

// Precedence levels of printed expressions, loosest first.
const (
	precOr = iota + 1
	precAnd
	precNot
	precPredicate
	precConcat
	precAdd
	precMul
	precUnary
	precPrimary
)

var binaryOpPrec = map[BinaryOp]int{
	OpOr: precOr, OpAnd: precAnd, OpConcat: precConcat,
	OpEq: precPredicate, OpNe: precPredicate, OpLt: precPredicate, OpLe: precPredicate,
	OpGt: precPredicate, OpGe: precPredicate,
	OpAdd: precAdd, OpSub: precAdd, OpMul: precMul, OpDiv: precMul, OpMod: precMul,
}

// Expr prints an expression.
func (f Formatter) Expr(e Expr) string {
	s, _ := f.expr(e)
	return s
}

// operand prints e, parenthesised when it binds looser than min.
func (f Formatter) operand(e Expr, min int) string {
	s, prec := f.expr(e)
	if prec < min {
		return "(" + s + ")"
	}
	return s
}

func (f Formatter) list(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = f.Expr(e)
	}
	return strings.Join(parts, ", ")
}

// expr prints e and reports its precedence.
func (f Formatter) expr(e Expr) (string, int) {
	switch e := e.(type) {
	case *Binary:
		prec := binaryOpPrec[e.Op]
		left, right := prec, prec+1 // left-associative
		if prec == precPredicate {  // comparisons take value operands and do not chain
			left, right = precConcat, precConcat
		}
		return f.operand(e.X, left) + " " + e.Op.String() + " " + f.operand(e.Y, right), prec
	case *Unary:
		return f.unary(e)
	case *IsNull, *IsDistinctFrom, *Between, *InList, *Like:
		return f.predicate(e), precPredicate
	case *Lambda:
		return f.lambda(e), precOr
	}
	s := f.primary(e)
	if strings.HasPrefix(s, "-") {
		return s, precUnary
	}
	return s, precPrimary
}

func (f Formatter) unary(e *Unary) (string, int) {
	if e.Op == OpNot {
		return "NOT " + f.operand(e.X, precNot), precNot
	}
	s := f.operand(e.X, precUnary)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		s = "(" + s + ")"
	}
	return e.Op.String() + s, precUnary
}

func (f Formatter) predicate(e Expr) string {
	not := func(b bool) string {
		if b {
			return "NOT "
		}
		return ""
	}
	v := func(x Expr) string { return f.operand(x, precConcat) }
	switch e := e.(type) {
	case *IsNull:
		return v(e.X) + " IS " + not(e.Not) + "NULL"
	case *IsDistinctFrom:
		return v(e.X) + " IS " + not(e.Not) + "DISTINCT FROM " + v(e.Y)
	case *Between:
		return v(e.X) + " " + not(e.Not) + "BETWEEN " + v(e.Lo) + " AND " + v(e.Hi)
	case *InList:
		return v(e.X) + " " + not(e.Not) + "IN (" + f.list(e.List) + ")"
	case *Like:
		s := v(e.X) + " " + not(e.Not) + "LIKE " + v(e.Pattern)
		if e.Escape != nil {
			s += " ESCAPE " + quoteString(e.Escape.Value)
		}
		return s
	}
	return ""
}

func (f Formatter) lambda(e *Lambda) string {
	params := make([]string, len(e.Params))
	for i, p := range e.Params {
		params[i] = f.Ident(p)
	}
	head := params[0]
	if len(params) > 1 {
		head = "(" + strings.Join(params, ", ") + ")"
	}
	return head + " => " + f.Expr(e.Body)
}

// primary prints the expressions that need no parentheses.
func (f Formatter) primary(e Expr) string {
	switch e := e.(type) {
	case *NullLit:
		return "NULL"
	case *BoolLit:
		return strings.ToUpper(strconv.FormatBool(e.Value))
	case *IntegerLit:
		return e.Text
	case *DecimalLit:
		return e.Text
	case *DoubleLit:
		return e.Text
	case *StringLit:
		return quoteString(e.Value)
	case *TypedLit:
		return f.Ident(e.TypeName) + " " + quoteString(e.Value)
	case *ColumnRef:
		if e.Source != nil {
			return f.Ident(e.Source) + "." + f.Ident(e.Name)
		}
		return f.Ident(e.Name)
	case *IntervalUnit:
		return e.Unit.String()
	case *Subscript:
		return f.operand(e.X, precPrimary) + "[" + f.operand(e.Index, precConcat) + "]"
	case *Deref:
		return f.operand(e.X, precPrimary) + "->" + f.Ident(e.Field)
	}
	return f.constructor(e)
}

func (f Formatter) constructor(e Expr) string {
	switch e := e.(type) {
	case *FuncCall:
		if e.Star {
			return f.Ident(e.Name) + "(*)"
		}
		return f.Ident(e.Name) + "(" + f.list(e.Args) + ")"
	case *Cast:
		return "CAST(" + f.Expr(e.X) + " AS " + f.Type(e.Type) + ")"
	case *Case:
		return f.caseExpr(e)
	case *ArrayCtor:
		return "ARRAY[" + f.list(e.Elems) + "]"
	case *MapCtor:
		parts := make([]string, len(e.Entries))
		for i, en := range e.Entries {
			parts[i] = f.Expr(en.Key) + " := " + f.Expr(en.Value)
		}
		return "MAP(" + strings.Join(parts, ", ") + ")"
	case *StructCtor:
		parts := make([]string, len(e.Fields))
		for i, fl := range e.Fields {
			parts[i] = f.Ident(fl.Name) + " := " + f.Expr(fl.Value)
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")"
	}
	return "?"
}

func (f Formatter) caseExpr(e *Case) string {
	var b strings.Builder
	b.WriteString("CASE")
	if e.Operand != nil {
		b.WriteString(" " + f.operand(e.Operand, precConcat))
	}
	for _, w := range e.Whens {
		b.WriteString(" WHEN " + f.Expr(w.Cond) + " THEN " + f.Expr(w.Result))
	}
	if e.Else != nil {
		b.WriteString(" ELSE " + f.Expr(e.Else))
	}
	b.WriteString(" END")
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }
