package sql

// parsePropertyPair parses 'name' = 'value' for SET and ALTER SYSTEM.
func (p *parser) parsePropertyPair() (name, value string) {
	name = p.expectString("property name")
	p.expect(EQ)
	value = p.expectString("property value")
	return name, value
}

func (p *parser) expectString(what string) string {
	if !p.is(STRING) {
		p.errorExpected(what + " string")
	}
	return p.next().lit
}

func (p *parser) parseSet() Stmt {
	start := p.expectKw("SET")
	name, value := p.parsePropertyPair()
	return &SetProperty{Span: p.span(start), Name: name, Value: value}
}

func (p *parser) parseUnset() Stmt {
	start := p.expectKw("UNSET")
	name := p.expectString("property name")
	return &UnsetProperty{Span: p.span(start), Name: name}
}

func (p *parser) parseAlter() Stmt {
	start := p.expectKw("ALTER")
	if p.acceptKw("SYSTEM") {
		name, value := p.parsePropertyPair()
		return &AlterSystem{Span: p.span(start), Name: name, Value: value}
	}
	kind := p.parseSourceKind()
	a := &AlterSource{Kind: kind, Name: p.parseIdent()}
	for {
		opStart := p.expectKw("ADD")
		p.acceptKw("COLUMN")
		name := p.parseIdent()
		typ := p.parseType()
		a.Columns = append(a.Columns, &TableElement{Span: p.span(opStart), Name: name, Type: typ})
		if !p.accept(COMMA) {
			break
		}
	}
	a.Span = p.span(start)
	return a
}

// parseSourceKind parses STREAM or TABLE.
func (p *parser) parseSourceKind() SourceKind {
	switch {
	case p.acceptKw("STREAM"):
		return KindStream
	case p.acceptKw("TABLE"):
		return KindTable
	}
	p.errorExpected("STREAM or TABLE")
	return 0
}

// parseVariableName parses an unquoted variable name, keeping its case.
func (p *parser) parseVariableName() string {
	t := p.cur()
	if t.tok != IDENT || reserved[t.up] || !validVariableName(t.lit) {
		p.errorExpected("variable name")
	}
	return p.next().lit
}

func (p *parser) parseDefine() Stmt {
	start := p.expectKw("DEFINE")
	name := p.parseVariableName()
	p.expect(EQ)
	value := p.expectString("variable value")
	return &Define{Span: p.span(start), Name: name, Value: value}
}

func (p *parser) parseUndefine() Stmt {
	start := p.expectKw("UNDEFINE")
	name := p.parseVariableName()
	return &Undefine{Span: p.span(start), Name: name}
}

func (p *parser) parseRunScript() Stmt {
	start := p.expectKws("RUN", "SCRIPT")
	path := p.expectString("script path")
	return &RunScript{Span: p.span(start), Path: path}
}

// parseColumnNames parses ( name, ... ).
func (p *parser) parseColumnNames() []*Ident {
	p.expect(LPAREN)
	cols := []*Ident{p.parseIdent()}
	for p.accept(COMMA) {
		cols = append(cols, p.parseIdent())
	}
	p.expect(RPAREN)
	return cols
}
