package sql

import (
	"strconv"
	"strings"
)

// FormatExprKsql prints e as ksqlDB's expression formatter does in its error
// messages, which clients match on: every operation is parenthesised whole
// ("(A + 1)", "(NOT (X IN (1, 2)))"), NULL and booleans are lower case,
// constructor entries are written name:=value without spaces, and CASE is
// wrapped in parentheses. The text is for messages; it is not meant to be
// parsed back.
func FormatExprKsql(e Expr) string { return ksqlFormatter{}.expr(e) }

type ksqlFormatter struct{}

func (f ksqlFormatter) list(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = f.expr(e)
	}
	return strings.Join(parts, ", ")
}

func (f ksqlFormatter) expr(e Expr) string {
	switch e := e.(type) {
	case *NullLit:
		return "null"
	case *BoolLit:
		return strconv.FormatBool(e.Value)
	case *IntegerLit:
		return strconv.FormatInt(e.Value, 10)
	case *DecimalLit:
		return plainDecimal(e.Text)
	case *DoubleLit:
		return e.Text
	case *StringLit:
		return quoteString(e.Value)
	case *TypedLit:
		return e.TypeName.Name + " " + quoteString(e.Value)
	case *ColumnRef:
		if e.Source != nil {
			return QuoteIdent(e.Source.Name) + "." + QuoteIdent(e.Name.Name)
		}
		return QuoteIdent(e.Name.Name)
	case *IntervalUnit:
		return e.Unit.String()
	case *Subscript:
		return f.expr(e.X) + "[" + f.expr(e.Index) + "]"
	case *Deref:
		return f.expr(e.X) + "->" + QuoteIdent(e.Field.Name)
	case *Lambda:
		names := make([]string, len(e.Params))
		for i, p := range e.Params {
			names[i] = QuoteIdent(p.Name)
		}
		return "(" + strings.Join(names, ", ") + ") => " + f.expr(e.Body)
	case *Binary:
		return "(" + f.expr(e.X) + " " + e.Op.String() + " " + f.expr(e.Y) + ")"
	case *Unary:
		return f.unary(e)
	}
	if s, ok := f.predicate(e); ok {
		return s
	}
	return f.constructor(e)
}

func (f ksqlFormatter) unary(e *Unary) string {
	x := f.expr(e.X)
	switch e.Op {
	case OpNot:
		return "(NOT " + x + ")"
	case OpNeg:
		if strings.HasPrefix(x, "-") {
			return "- " + x
		}
		return "-" + x
	}
	return "+" + x
}

// predicate prints the IS, BETWEEN, IN and LIKE forms; a negated form is
// NOT around the positive one, as ksqlDB's parser builds it.
func (f ksqlFormatter) predicate(e Expr) (string, bool) {
	var s string
	negated := false
	switch e := e.(type) {
	case *IsNull:
		if e.Not {
			return "(" + f.expr(e.X) + " IS NOT NULL)", true
		}
		return "(" + f.expr(e.X) + " IS NULL)", true
	case *IsDistinctFrom:
		op := " IS DISTINCT FROM "
		if e.Not {
			op = " IS NOT DISTINCT FROM "
		}
		return "(" + f.expr(e.X) + op + f.expr(e.Y) + ")", true
	case *Between:
		s, negated = "("+f.expr(e.X)+" BETWEEN "+f.expr(e.Lo)+" AND "+f.expr(e.Hi)+")", e.Not
	case *InList:
		s, negated = "("+f.expr(e.X)+" IN ("+f.list(e.List)+"))", e.Not
	case *Like:
		s = "(" + f.expr(e.X) + " LIKE " + f.expr(e.Pattern)
		if e.Escape != nil {
			s += " ESCAPE " + quoteString(e.Escape.Value)
		}
		s, negated = s+")", e.Not
	default:
		return "", false
	}
	if negated {
		s = "(NOT " + s + ")"
	}
	return s, true
}

func (f ksqlFormatter) constructor(e Expr) string {
	switch e := e.(type) {
	case *FuncCall:
		if e.Star {
			return e.Name.Name + "(*)"
		}
		return e.Name.Name + "(" + f.list(e.Args) + ")"
	case *Cast:
		return "CAST(" + f.expr(e.X) + " AS " + Formatter{QuoteAll: true}.Type(e.Type) + ")"
	case *Case:
		return f.caseExpr(e)
	case *ArrayCtor:
		return "ARRAY[" + f.list(e.Elems) + "]"
	case *MapCtor:
		parts := make([]string, len(e.Entries))
		for i, en := range e.Entries {
			parts[i] = f.expr(en.Key) + ":=" + f.expr(en.Value)
		}
		return "MAP(" + strings.Join(parts, ", ") + ")"
	case *StructCtor:
		parts := make([]string, len(e.Fields))
		for i, fl := range e.Fields {
			parts[i] = QuoteIdent(fl.Name.Name) + ":=" + f.expr(fl.Value)
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")"
	}
	return "?"
}

func (f ksqlFormatter) caseExpr(e *Case) string {
	parts := []string{"CASE"}
	if e.Operand != nil {
		parts = append(parts, f.expr(e.Operand))
	}
	for _, w := range e.Whens {
		parts = append(parts, "WHEN "+f.expr(w.Cond)+" THEN "+f.expr(w.Result))
	}
	if e.Else != nil {
		parts = append(parts, "ELSE "+f.expr(e.Else))
	}
	return "(" + strings.Join(append(parts, "END"), " ") + ")"
}

// plainDecimal prints a decimal literal as Java's BigDecimal.toString does
// for it: no sign for zero digits is kept, leading zeros are dropped and a
// leading point gains a zero ("05.10" → "5.10", "-.5" → "-0.5").
func plainDecimal(text string) string {
	sign := ""
	if strings.HasPrefix(text, "-") || strings.HasPrefix(text, "+") {
		if text[0] == '-' {
			sign = "-"
		}
		text = text[1:]
	}
	intPart, frac, hasPoint := strings.Cut(text, ".")
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if hasPoint && frac != "" {
		return sign + intPart + "." + frac
	}
	return sign + intPart
}
