package sql

// parseQuery parses SELECT ... FROM ... with its optional clauses.
func (p *parser) parseQuery() *Query {
	start := p.expectKw("SELECT")
	q := &Query{EmitPos: NoPos}
	q.Select = append(q.Select, p.parseSelectItem())
	for p.accept(COMMA) {
		q.Select = append(q.Select, p.parseSelectItem())
	}
	p.expectKw("FROM")
	q.From = p.parseRelation()
	if p.isKw("WINDOW") {
		q.Window = p.parseWindow()
	}
	if p.acceptKw("WHERE") {
		q.Where = p.parseExpr()
	}
	if p.acceptKw("GROUP") {
		p.expectKw("BY")
		q.GroupBy = p.parseGrouping()
	}
	if p.isKw("PARTITION") && p.peekKw(1, "BY") {
		p.next()
		p.next()
		q.PartitionBy = p.parseGrouping()
	}
	if p.acceptKw("HAVING") {
		q.Having = p.parseExpr()
	}
	p.parseEmit(q)
	if p.acceptKw("LIMIT") {
		q.Limit = p.parseIntLit("LIMIT count")
	}
	q.Span = p.span(start)
	return q
}

func (p *parser) parseEmit(q *Query) {
	if !p.isKw("EMIT") {
		return
	}
	q.EmitPos = p.next().pos
	switch {
	case p.acceptKw("CHANGES"):
		q.Emit = EmitChanges
	case p.acceptKw("FINAL"):
		q.Emit = EmitFinal
	default:
		p.errorExpected("CHANGES or FINAL")
	}
}

// parseIntLit parses an integer literal, with an optional minus sign.
func (p *parser) parseIntLit(what string) *IntegerLit {
	start := p.cur().pos
	sign := ""
	if p.is(MINUS) && p.peek(1).tok == INT {
		p.next()
		sign = "-"
	}
	if !p.is(INT) {
		p.errorExpected(what)
	}
	return p.parseNumber(start, sign).(*IntegerLit)
}

func (p *parser) parseSelectItem() SelectItem {
	t := p.cur()
	if t.tok == STAR {
		p.next()
		return &SelectStar{Span: Span{t.pos, t.end}}
	}
	if isIdentTok(t) && p.peek(1).tok == DOT && p.peek(2).tok == STAR {
		src := p.parseIdent()
		p.next()
		p.next()
		return &SelectStar{Span: p.span(src.Pos()), Source: src}
	}
	x := p.parseExpr()
	if p.is(ARROW) && p.peek(1).tok == STAR {
		p.next()
		p.next()
		return &SelectStructStar{Span: p.span(x.Pos()), X: x}
	}
	item := &SelectExpr{X: x}
	if p.acceptKw("AS") || isIdentTok(p.cur()) {
		item.Alias = p.parseIdent()
	}
	item.Span = p.span(x.Pos())
	return item
}

// parseGrouping parses the expression list of GROUP BY or PARTITION BY:
// e, ... or (e, ...), where () is an empty list.
func (p *parser) parseGrouping() []Expr {
	if p.is(LPAREN) && p.parenList() {
		return p.parseParenExprs(true)
	}
	list := []Expr{p.parseValue(0)}
	for p.accept(COMMA) {
		list = append(list, p.parseValue(0))
	}
	return list
}

// parenList reports whether the parenthesis at the current token
// encloses an empty or comma-separated list rather than one expression.
func (p *parser) parenList() bool {
	depth := 0
	for n := 0; ; n++ {
		switch p.peek(n).tok {
		case LPAREN, LBRACK:
			depth++
		case RPAREN, RBRACK:
			depth--
			if depth == 0 {
				return n == 1
			}
		case COMMA:
			if depth == 1 {
				return true
			}
		case EOF, ILLEGAL, SEMI:
			return false
		}
	}
}
