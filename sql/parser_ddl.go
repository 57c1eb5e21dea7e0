package sql

import "strings"

func (p *parser) parseCreate() Stmt {
	start := p.expectKw("CREATE")
	orReplace := false
	if p.acceptKw("OR") {
		p.expectKw("REPLACE")
		orReplace = true
	}
	switch {
	case !orReplace && p.isKw("TYPE"):
		return p.parseCreateType(start)
	case !orReplace && (p.isKw("SOURCE") || p.isKw("SINK")) && p.peekKw(1, "CONNECTOR"):
		return p.parseCreateConnector(start)
	}
	source := p.acceptKw("SOURCE")
	kind := p.parseSourceKind()
	ifNotExists := p.parseIfNotExists()
	name := p.parseIdent()
	var elems []*TableElement
	if p.is(LPAREN) {
		elems = p.parseTableElements()
	}
	var props Properties
	if p.isKw("WITH") {
		props = p.parseProperties()
	}
	if elems == nil && !source && p.acceptKw("AS") {
		q := p.parseQuery()
		return &CreateAsSelect{Span: p.span(start), Kind: kind, OrReplace: orReplace,
			IfNotExists: ifNotExists, Name: name, Props: props, Query: q}
	}
	return &CreateSource{Span: p.span(start), Kind: kind, OrReplace: orReplace, Source: source,
		IfNotExists: ifNotExists, Name: name, Elements: elems, Props: props}
}

func (p *parser) parseIfNotExists() bool {
	if p.isKw("IF") && p.peekKw(1, "NOT") {
		p.expectKws("IF", "NOT", "EXISTS")
		return true
	}
	return false
}

func (p *parser) parseIfExists() bool {
	if p.isKw("IF") && p.peekKw(1, "EXISTS") {
		p.expectKws("IF", "EXISTS")
		return true
	}
	return false
}

func (p *parser) parseCreateType(start Pos) Stmt {
	p.expectKw("TYPE")
	ifNotExists := p.parseIfNotExists()
	name := p.parseIdent()
	p.expectKw("AS")
	typ := p.parseType()
	return &CreateType{Span: p.span(start), IfNotExists: ifNotExists, Name: name, Type: typ}
}

func (p *parser) parseCreateConnector(start Pos) Stmt {
	sink := p.next().up == "SINK"
	p.expectKw("CONNECTOR")
	ifNotExists := p.parseIfNotExists()
	name := p.parseIdent()
	props := p.parseProperties()
	return &CreateConnector{Span: p.span(start), Sink: sink, IfNotExists: ifNotExists, Name: name, Props: props}
}

// parseTableElements parses ( name type [constraint], ... ).
func (p *parser) parseTableElements() []*TableElement {
	p.expect(LPAREN)
	els := []*TableElement{p.parseTableElement()}
	for p.accept(COMMA) {
		els = append(els, p.parseTableElement())
	}
	p.expect(RPAREN)
	return els
}

// parseTableElement parses name type [KEY | PRIMARY KEY | HEADERS |
// HEADER('key')].
func (p *parser) parseTableElement() *TableElement {
	name := p.parseIdent()
	el := &TableElement{Name: name, Type: p.parseType()}
	switch {
	case p.acceptKw("PRIMARY"):
		p.expectKw("KEY")
		el.Constraint = PrimaryKeyConstraint
	case p.acceptKw("KEY"):
		el.Constraint = KeyConstraint
	case p.acceptKw("HEADERS"):
		el.Constraint = HeadersConstraint
	case p.acceptKw("HEADER"):
		p.expect(LPAREN)
		el.HeaderKey = p.expectString("header key")
		p.expect(RPAREN)
		el.Constraint = HeaderConstraint
	}
	el.Span = p.span(name.Pos())
	return el
}

// parseProperties parses WITH ( key = literal, ... ).
func (p *parser) parseProperties() Properties {
	p.expectKw("WITH")
	p.expect(LPAREN)
	props := Properties{p.parseProperty()}
	for p.accept(COMMA) {
		props = append(props, p.parseProperty())
	}
	p.expect(RPAREN)
	return props
}

func (p *parser) parseProperty() *Property {
	t := p.cur()
	var key string
	switch {
	case t.tok == STRING:
		key = strings.ToUpper(p.next().lit)
	case isIdentTok(t):
		key = strings.ToUpper(p.parseIdent().Name)
	default:
		p.errorExpected("property name")
	}
	p.expect(EQ)
	v := p.parseLiteral()
	return &Property{Span: p.span(t.pos), Key: key, KeyPos: t.pos, Value: v}
}

// parseLiteral parses NULL, TRUE, FALSE, a string or a signed number.
func (p *parser) parseLiteral() Expr {
	t := p.cur()
	switch {
	case t.tok == STRING || isNumber(t.tok):
		return p.parsePrimary()
	case t.tok == MINUS && isNumber(p.peek(1).tok):
		p.next()
		return p.parseNumber(t.pos, "-")
	case t.tok == IDENT && (t.up == "NULL" || t.up == "TRUE" || t.up == "FALSE"):
		return p.parsePrimary()
	}
	p.errorExpected("literal")
	return nil
}

func (p *parser) parseInsert() Stmt {
	start := p.expectKws("INSERT", "INTO")
	target := p.parseIdent()
	switch {
	case p.isKw("WITH") || p.isKw("SELECT"):
		var props Properties
		if p.isKw("WITH") {
			props = p.parseProperties()
		}
		q := p.parseQuery()
		return &InsertInto{Span: p.span(start), Target: target, Props: props, Query: q}
	case p.is(LPAREN) || p.isKw("VALUES"):
		var cols []*Ident
		if p.is(LPAREN) {
			cols = p.parseColumnNames()
		}
		p.expectKw("VALUES")
		vals := p.parseParenExprs(true)
		return &InsertValues{Span: p.span(start), Target: target, Columns: cols, Values: vals}
	}
	p.errorExpected("SELECT, VALUES or column list")
	return nil
}

func (p *parser) parseDrop() Stmt {
	start := p.expectKw("DROP")
	switch {
	case p.acceptKw("TYPE"):
		ifExists := p.parseIfExists()
		name := p.parseIdent()
		return &DropType{Span: p.span(start), IfExists: ifExists, Name: name}
	case p.acceptKw("CONNECTOR"):
		ifExists := p.parseIfExists()
		name := p.parseIdent()
		return &DropConnector{Span: p.span(start), IfExists: ifExists, Name: name}
	}
	if !p.isKw("STREAM") && !p.isKw("TABLE") {
		p.errorExpected("STREAM, TABLE, TYPE or CONNECTOR")
	}
	kind := p.parseSourceKind()
	d := &Drop{Kind: kind, IfExists: p.parseIfExists(), Name: p.parseIdent()}
	if p.acceptKw("DELETE") {
		p.expectKw("TOPIC")
		d.DeleteTopic = true
	}
	d.Span = p.span(start)
	return d
}
