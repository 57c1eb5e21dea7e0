package sql

// parseAssert parses the ASSERT statements: TOPIC and SCHEMA (with an
// optional NOT EXISTS), and the test-only VALUES, NULL VALUES, STREAM
// and TABLE forms.
func (p *parser) parseAssert() Stmt {
	start := p.expectKw("ASSERT")
	switch {
	case p.acceptKw("VALUES"):
		src, cols := p.parseAssertTarget()
		p.expectKw("VALUES")
		vals := p.parseParenExprs(true)
		return &AssertValues{Span: p.span(start), Source: src, Columns: cols, Values: vals}
	case p.acceptKw("NULL"):
		p.expectKw("VALUES")
		src, cols := p.parseAssertTarget()
		p.expectKw("KEY")
		keys := p.parseParenExprs(true)
		return &AssertTombstone{Span: p.span(start), Source: src, Columns: cols, Keys: keys}
	case p.isKw("STREAM") || p.isKw("TABLE"):
		return p.parseAssertSource(start)
	}
	notExists := false
	if p.acceptKw("NOT") {
		p.expectKw("EXISTS")
		notExists = true
	}
	switch {
	case p.acceptKw("TOPIC"):
		return p.parseAssertTopic(start, notExists)
	case p.acceptKw("SCHEMA"):
		return p.parseAssertSchema(start, notExists)
	}
	if notExists {
		p.errorExpected("TOPIC or SCHEMA")
	}
	p.errorExpected("TOPIC, SCHEMA, VALUES, NULL VALUES, STREAM or TABLE")
	return nil
}

func (p *parser) parseAssertTarget() (*Ident, []*Ident) {
	src := p.parseIdent()
	var cols []*Ident
	if p.is(LPAREN) {
		cols = p.parseColumnNames()
	}
	return src, cols
}

func (p *parser) parseAssertSource(start Pos) Stmt {
	a := &AssertSource{Kind: p.parseSourceKind(), Name: p.parseIdent()}
	if p.is(LPAREN) {
		a.Elements = p.parseTableElements()
	}
	if p.isKw("WITH") {
		a.Props = p.parseProperties()
	}
	a.Span = p.span(start)
	return a
}

func (p *parser) parseAssertTopic(start Pos, notExists bool) Stmt {
	a := &AssertTopic{NotExists: notExists, Topic: p.parseResourceName()}
	if p.isKw("WITH") {
		a.Props = p.parseProperties()
	}
	a.Timeout = p.parseTimeout()
	a.Span = p.span(start)
	return a
}

func (p *parser) parseAssertSchema(start Pos, notExists bool) Stmt {
	a := &AssertSchema{NotExists: notExists}
	if p.acceptKw("SUBJECT") {
		a.Subject = p.parseResourceName()
	}
	if p.acceptKw("ID") {
		a.ID = p.parseIntLit("schema id")
	}
	if a.Subject == nil && a.ID == nil {
		p.errorExpected("SUBJECT or ID")
	}
	a.Timeout = p.parseTimeout()
	a.Span = p.span(start)
	return a
}

// parseTimeout parses an optional TIMEOUT n unit.
func (p *parser) parseTimeout() *Duration {
	if !p.acceptKw("TIMEOUT") {
		return nil
	}
	d := p.parseDuration()
	return &d
}
