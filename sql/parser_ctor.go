package sql

// parseIdent parses an identifier: unquoted (upper-cased, not reserved)
// or quoted (case kept).
func (p *parser) parseIdent() *Ident {
	t := p.cur()
	switch {
	case t.tok == QIDENT:
		p.next()
		return &Ident{Span: Span{t.pos, t.end}, Name: t.lit, Quoted: true}
	case t.tok == IDENT && !reserved[t.up]:
		p.next()
		return &Ident{Span: Span{t.pos, t.end}, Name: t.up}
	}
	p.errorExpected("identifier")
	return nil
}

// parseResourceName parses an identifier or a 'string' (as a quoted
// identifier), as PRINT and ASSERT TOPIC accept.
func (p *parser) parseResourceName() *Ident {
	if t := p.cur(); t.tok == STRING {
		p.next()
		return &Ident{Span: Span{t.pos, t.end}, Name: t.lit, Quoted: true}
	}
	return p.parseIdent()
}

func (p *parser) parseCase() Expr {
	start := p.expectKw("CASE")
	c := &Case{}
	if !p.isKw("WHEN") {
		c.Operand = p.parseValue(0)
	}
	for p.isKw("WHEN") {
		wpos := p.next().pos
		cond := p.parseExpr()
		p.expectKw("THEN")
		res := p.parseExpr()
		c.Whens = append(c.Whens, &When{Span: p.span(wpos), Cond: cond, Result: res})
	}
	if len(c.Whens) == 0 {
		p.errorExpected("WHEN")
	}
	if p.acceptKw("ELSE") {
		c.Else = p.parseExpr()
	}
	p.expectKw("END")
	c.Span = p.span(start)
	return c
}

func (p *parser) parseCast() Expr {
	start := p.expectKw("CAST")
	p.expect(LPAREN)
	x := p.parseExpr()
	p.expectKw("AS")
	t := p.parseType()
	p.expect(RPAREN)
	return &Cast{Span: p.span(start), X: x, Type: t}
}

func (p *parser) parseArrayCtor() Expr {
	start := p.expectKw("ARRAY")
	p.expect(LBRACK)
	a := &ArrayCtor{Elems: []Expr{}}
	if !p.is(RBRACK) {
		a.Elems = append(a.Elems, p.parseExpr())
		for p.accept(COMMA) {
			a.Elems = append(a.Elems, p.parseExpr())
		}
	}
	p.expect(RBRACK)
	a.Span = p.span(start)
	return a
}

func (p *parser) parseMapCtor() Expr {
	start := p.expectKw("MAP")
	p.expect(LPAREN)
	m := &MapCtor{Entries: []*MapEntry{}}
	for !p.is(RPAREN) {
		if len(m.Entries) > 0 {
			p.expect(COMMA)
		}
		k := p.parseExpr()
		p.expect(ASSIGN)
		v := p.parseExpr()
		m.Entries = append(m.Entries, &MapEntry{Span: Span{k.Pos(), v.End()}, Key: k, Value: v})
	}
	p.expect(RPAREN)
	m.Span = p.span(start)
	return m
}

func (p *parser) parseStructCtor() Expr {
	start := p.expectKw("STRUCT")
	p.expect(LPAREN)
	s := &StructCtor{Fields: []*StructField{}}
	for !p.is(RPAREN) {
		if len(s.Fields) > 0 {
			p.expect(COMMA)
		}
		name := p.parseIdent()
		p.expect(ASSIGN)
		v := p.parseExpr()
		s.Fields = append(s.Fields, &StructField{Span: Span{name.Pos(), v.End()}, Name: name, Value: v})
	}
	p.expect(RPAREN)
	s.Span = p.span(start)
	return s
}
