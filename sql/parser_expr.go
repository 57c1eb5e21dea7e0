package sql

// Expression grammar, loosest binding first:
//
//	expr      = or
//	or        = and { OR and }
//	and       = not { AND not }
//	not       = NOT not | predicated
//	predicated = value [ predicate ]        (at most one predicate)
//	value     = value (|| | + - | * / %) value, by precedence
//	unary     = (- | +) unary | postfix
//	postfix   = primary { [index] | -> field }

func (p *parser) parseExpr() Expr {
	p.enter(p.cur().pos)
	defer p.leave()
	return p.parseOr()
}

func (p *parser) parseOr() Expr {
	x := p.parseAnd()
	for p.isKw("OR") {
		opPos := p.next().pos
		y := p.parseAnd()
		x = &Binary{Span: Span{x.Pos(), y.End()}, Op: OpOr, OpPos: opPos, X: x, Y: y}
	}
	return x
}

func (p *parser) parseAnd() Expr {
	x := p.parseNot()
	for p.isKw("AND") {
		opPos := p.next().pos
		y := p.parseNot()
		x = &Binary{Span: Span{x.Pos(), y.End()}, Op: OpAnd, OpPos: opPos, X: x, Y: y}
	}
	return x
}

func (p *parser) parseNot() Expr {
	if p.isKw("NOT") {
		p.enter(p.cur().pos)
		defer p.leave()
		start := p.next().pos
		x := p.parseNot()
		return &Unary{Span: Span{start, x.End()}, Op: OpNot, X: x}
	}
	return p.parsePredicated()
}

var comparisonOps = map[Token]BinaryOp{EQ: OpEq, NE: OpNe, LT: OpLt, LE: OpLe, GT: OpGt, GE: OpGe}

// parsePredicated parses a value followed by at most one predicate.
func (p *parser) parsePredicated() Expr {
	x := p.parseValue(0)
	if op, ok := comparisonOps[p.cur().tok]; ok {
		opPos := p.next().pos
		y := p.parseValue(0)
		return &Binary{Span: Span{x.Pos(), y.End()}, Op: op, OpPos: opPos, X: x, Y: y}
	}
	not := false
	if p.isKw("NOT") && (p.peekKw(1, "BETWEEN") || p.peekKw(1, "IN") || p.peekKw(1, "LIKE")) {
		p.next()
		not = true
	}
	switch {
	case p.acceptKw("BETWEEN"):
		lo := p.parseValue(0)
		p.expectKw("AND")
		hi := p.parseValue(0)
		return &Between{Span: p.span(x.Pos()), X: x, Lo: lo, Hi: hi, Not: not}
	case p.acceptKw("IN"):
		list := p.parseParenExprs(false)
		return &InList{Span: p.span(x.Pos()), X: x, List: list, Not: not}
	case p.acceptKw("LIKE"):
		return p.parseLike(x, not)
	case p.isKw("IS"):
		return p.parseIs(x)
	}
	return x
}

func (p *parser) parseLike(x Expr, not bool) Expr {
	pat := p.parseValue(0)
	like := &Like{X: x, Pattern: pat, Not: not}
	if p.acceptKw("ESCAPE") {
		t := p.expect(STRING)
		like.Escape = &StringLit{Span: Span{t.pos, t.end}, Value: t.lit}
	}
	like.Span = p.span(x.Pos())
	return like
}

func (p *parser) parseIs(x Expr) Expr {
	p.expectKw("IS")
	not := p.acceptKw("NOT")
	if p.acceptKw("NULL") {
		return &IsNull{Span: p.span(x.Pos()), X: x, Not: not}
	}
	if !p.isKw("DISTINCT") {
		p.errorExpected("NULL or DISTINCT FROM")
	}
	p.expectKws("DISTINCT", "FROM")
	y := p.parseValue(0)
	return &IsDistinctFrom{Span: p.span(x.Pos()), X: x, Y: y, Not: not}
}

// binaryPrec gives the precedence of the value-level binary operators.
var binaryPrec = map[Token]struct {
	op   BinaryOp
	prec int
}{
	CONCAT: {OpConcat, 1},
	PLUS:   {OpAdd, 2}, MINUS: {OpSub, 2},
	STAR: {OpMul, 3}, SLASH: {OpDiv, 3}, PERCENT: {OpMod, 3},
}

// parseValue parses a value expression whose operators bind tighter than
// minPrec, by precedence climbing; all operators are left-associative.
func (p *parser) parseValue(minPrec int) Expr {
	x := p.parseUnary()
	for {
		b, ok := binaryPrec[p.cur().tok]
		if !ok || b.prec <= minPrec {
			return x
		}
		opPos := p.next().pos
		y := p.parseValue(b.prec)
		x = &Binary{Span: Span{x.Pos(), y.End()}, Op: b.op, OpPos: opPos, X: x, Y: y}
	}
}

// parseUnary parses a signed operand. A minus directly before a number
// folds into the literal, as in ksqlDB (so -2147483648 is an INT).
func (p *parser) parseUnary() Expr {
	if !p.is(MINUS) && !p.is(PLUS) {
		return p.parsePostfix()
	}
	p.enter(p.cur().pos)
	defer p.leave()
	t := p.next()
	if t.tok == MINUS && isNumber(p.cur().tok) && !p.startsPostfix(1) {
		return p.parseNumber(t.pos, "-")
	}
	x := p.parseUnary()
	op := OpNeg
	if t.tok == PLUS {
		op = OpPlus
	}
	return &Unary{Span: Span{t.pos, x.End()}, Op: op, X: x}
}

// startsPostfix reports whether the token n ahead starts a postfix
// operator, which binds tighter than a sign.
func (p *parser) startsPostfix(n int) bool {
	t := p.peek(n).tok
	return t == LBRACK || t == ARROW
}

func isNumber(t Token) bool { return t == INT || t == DECIMAL || t == FLOAT }

func (p *parser) parsePostfix() Expr {
	x := p.parsePrimary()
	for {
		switch {
		case p.is(LBRACK):
			p.next()
			idx := p.parseValue(0)
			p.expect(RBRACK)
			x = &Subscript{Span: p.span(x.Pos()), X: x, Index: idx}
		case p.is(ARROW) && p.peek(1).tok != STAR:
			p.next()
			f := p.parseIdent()
			x = &Deref{Span: p.span(x.Pos()), X: x, Field: f}
		default:
			return x
		}
	}
}

// parseParenExprs parses ( expr, ... ); empty lists are allowed when
// allowEmpty is set.
func (p *parser) parseParenExprs(allowEmpty bool) []Expr {
	p.expect(LPAREN)
	list := []Expr{}
	if allowEmpty && p.accept(RPAREN) {
		return list
	}
	list = append(list, p.parseExpr())
	for p.accept(COMMA) {
		list = append(list, p.parseExpr())
	}
	p.expect(RPAREN)
	return list
}
