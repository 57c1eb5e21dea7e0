package sql

import (
	"fmt"
	"strconv"
)

// parsePrimary parses literals, column references, calls, constructors,
// CAST, CASE and parenthesised expressions.
func (p *parser) parsePrimary() Expr {
	t := p.cur()
	switch t.tok {
	case INT, DECIMAL, FLOAT:
		return p.parseNumber(t.pos, "")
	case STRING:
		p.next()
		return &StringLit{Span: Span{t.pos, t.end}, Value: t.lit}
	case LPAREN:
		p.next()
		x := p.parseExpr()
		p.expect(RPAREN)
		// Parentheses leave no node; the expression's span covers them.
		x.(interface{ setSpan(start, stop Pos) }).setSpan(t.pos, p.lastEnd)
		return x
	case VARIABLE:
		p.failAt(t.pos, fmt.Sprintf("variable ${%s} was not substituted", t.lit))
	case QIDENT:
		return p.parseNameExpr()
	case IDENT:
		if x := p.parseKeywordExpr(); x != nil {
			return x
		}
		if !reserved[t.up] {
			return p.parseNameExpr()
		}
	}
	p.errorExpected("expression")
	return nil
}

// parseKeywordExpr parses the expressions introduced by a keyword, or
// returns nil when the current word does not introduce one.
func (p *parser) parseKeywordExpr() Expr {
	t := p.cur()
	switch t.up {
	case "NULL":
		p.next()
		return &NullLit{Span: Span{t.pos, t.end}}
	case "TRUE", "FALSE":
		p.next()
		return &BoolLit{Span: Span{t.pos, t.end}, Value: t.up == "TRUE"}
	case "CASE":
		return p.parseCase()
	case "CAST":
		return p.parseCast()
	case "ARRAY":
		if p.peek(1).tok == LBRACK {
			return p.parseArrayCtor()
		}
	case "MAP":
		if p.peek(1).tok == LPAREN {
			return p.parseMapCtor()
		}
	case "STRUCT":
		if p.peek(1).tok == LPAREN {
			return p.parseStructCtor()
		}
	}
	return nil
}

// parseNumber parses a numeric literal; sign is "-" when a minus sign at
// start has been consumed.
func (p *parser) parseNumber(start Pos, sign string) Expr {
	t := p.next()
	text := sign + t.lit
	span := Span{start, t.end}
	switch t.tok {
	case INT:
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			p.failPrepare(start, "Invalid numeric literal: "+text) // ksqlDB's wording
		}
		return &IntegerLit{Span: span, Text: text, Value: v}
	case DECIMAL:
		return &DecimalLit{Span: span, Text: text}
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		p.failPrepare(start, "Number overflows DOUBLE: "+text) // ksqlDB's wording
	}
	return &DoubleLit{Span: span, Text: text, Value: v}
}

// parseNameExpr parses what starts with an identifier: a function call,
// a typed literal (DECIMAL '1.5'), or a column reference.
func (p *parser) parseNameExpr() Expr {
	name := p.parseIdent()
	switch {
	case p.is(LPAREN):
		return p.parseCall(name)
	case p.is(STRING):
		t := p.next()
		return &TypedLit{Span: p.span(name.Pos()), TypeName: name, Value: t.lit}
	case p.is(DOT):
		p.next()
		col := p.parseIdent()
		return &ColumnRef{Span: p.span(name.Pos()), Source: name, Name: col}
	}
	return &ColumnRef{Span: name.Span, Name: name}
}

// parseCall parses the argument list of f(...), f(*) or f(args,
// lambdas).
func (p *parser) parseCall(name *Ident) Expr {
	p.expect(LPAREN)
	call := &FuncCall{Name: name, Args: []Expr{}}
	switch {
	case p.is(STAR) && p.peek(1).tok == RPAREN:
		p.next()
		call.Star = true
	case !p.is(RPAREN):
		call.Args = append(call.Args, p.parseArg())
		for p.accept(COMMA) {
			call.Args = append(call.Args, p.parseArg())
		}
	}
	p.expect(RPAREN)
	call.Span = p.span(name.Pos())
	return call
}

// intervalUnits are the unit words that parse as a bare function
// argument: those ksqlDB reserves.
var intervalUnits = setOf("MILLISECOND", "MILLISECONDS", "SECONDS", "MINUTES", "HOURS", "DAYS")

// parseArg parses a function argument: an expression, a lambda or a bare
// time unit.
func (p *parser) parseArg() Expr {
	t := p.cur()
	if t.tok == IDENT && intervalUnits[t.up] {
		p.next()
		return &IntervalUnit{Span: Span{t.pos, t.end}, Unit: timeUnits[t.up]}
	}
	if n := p.lambdaParams(); n > 0 {
		return p.parseLambda(n)
	}
	return p.parseExpr()
}

// lambdaParams returns how many tokens make up the parameter list of a
// lambda starting at the current token (x => or (x, y) =>), or 0.
func (p *parser) lambdaParams() int {
	if isIdentTok(p.peek(0)) && p.peek(1).tok == LAMBDA {
		return 1
	}
	if !p.is(LPAREN) {
		return 0
	}
	for n := 1; ; n += 2 {
		if !isIdentTok(p.peek(n)) {
			return 0
		}
		switch p.peek(n + 1).tok {
		case COMMA:
			continue
		case RPAREN:
			if p.peek(n+2).tok == LAMBDA {
				return n + 2
			}
		}
		return 0
	}
}

func isIdentTok(t *token) bool {
	return t.tok == QIDENT || t.tok == IDENT && !reserved[t.up]
}

// parseLambda parses a lambda whose parameter list spans n tokens.
func (p *parser) parseLambda(n int) Expr {
	start := p.cur().pos
	var params []*Ident
	if n == 1 {
		params = append(params, p.parseIdent())
	} else {
		p.expect(LPAREN)
		params = append(params, p.parseIdent())
		for p.accept(COMMA) {
			params = append(params, p.parseIdent())
		}
		p.expect(RPAREN)
	}
	p.expect(LAMBDA)
	body := p.parseExpr()
	return &Lambda{Span: p.span(start), Params: params, Body: body}
}
