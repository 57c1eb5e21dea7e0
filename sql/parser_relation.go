package sql

import "fmt"

// parseRelation parses a source with any number of joins, nested to the
// left.
func (p *parser) parseRelation() Relation {
	var rel Relation = p.parseTable()
	for {
		typ, ok := p.parseJoinType()
		if !ok {
			return rel
		}
		right := p.parseTable()
		j := &Join{Type: typ, Left: rel, Right: right}
		if p.isKw("WITHIN") {
			j.Within = p.parseJoinWindow()
		}
		p.expectKw("ON")
		j.On = p.parseExpr()
		j.Span = p.span(rel.Pos())
		rel = j
	}
}

// parseJoinType consumes [INNER | LEFT [OUTER] | RIGHT [OUTER] |
// FULL [OUTER]] JOIN, reporting false when no join follows.
func (p *parser) parseJoinType() (JoinType, bool) {
	typ := InnerJoin
	switch {
	case p.isKw("JOIN"):
	case p.acceptKw("INNER"):
	case p.acceptKw("LEFT"):
		typ = LeftJoin
		p.acceptKw("OUTER")
	case p.acceptKw("RIGHT"):
		typ = RightJoin
		p.acceptKw("OUTER")
	case p.acceptKw("FULL"):
		typ = FullJoin
		p.acceptKw("OUTER")
	default:
		return 0, false
	}
	p.expectKw("JOIN")
	return typ, true
}

// parseTable parses name [[AS] alias].
func (p *parser) parseTable() *Table {
	name := p.parseIdent()
	t := &Table{Name: name}
	if p.acceptKw("AS") || p.aliasFollows() {
		t.Alias = p.parseIdent()
	}
	t.Span = p.span(name.Pos())
	return t
}

// aliasFollows reports whether the current token is an alias without AS:
// an identifier that does not start the next clause (EMIT CHANGES,
// PARTITION BY).
func (p *parser) aliasFollows() bool {
	if !isIdentTok(p.cur()) {
		return false
	}
	switch {
	case p.isKw("EMIT") && (p.peekKw(1, "CHANGES") || p.peekKw(1, "FINAL")):
		return false
	case p.isKw("PARTITION") && p.peekKw(1, "BY"):
		return false
	}
	return true
}

// parseJoinWindow parses WITHIN n unit | WITHIN (n unit, n unit), with
// an optional GRACE PERIOD n unit.
func (p *parser) parseJoinWindow() *JoinWindow {
	start := p.expectKw("WITHIN")
	w := &JoinWindow{}
	if p.accept(LPAREN) {
		w.Before = p.parseDuration()
		p.expect(COMMA)
		w.After = p.parseDuration()
		p.expect(RPAREN)
	} else {
		w.Before = p.parseDuration()
		w.After = w.Before
		w.Single = true
	}
	if p.isKw("GRACE") {
		w.Grace = p.parseGrace()
	}
	w.Span = p.span(start)
	return w
}

func (p *parser) parseGrace() *Duration {
	p.expectKws("GRACE", "PERIOD")
	d := p.parseDuration()
	return &d
}

// parseDuration parses "n unit".
func (p *parser) parseDuration() Duration {
	n := p.parseIntLit("duration")
	t := p.cur()
	unit, ok := timeUnits[t.up]
	if t.tok != IDENT || !ok {
		p.errorExpected("time unit (MILLISECONDS, SECONDS, MINUTES, HOURS or DAYS)")
	}
	p.next()
	ms := n.Value * unit.Millis()
	if n.Value < 0 || ms/unit.Millis() != n.Value {
		p.failAt(n.Pos(), fmt.Sprintf("duration %s %s is out of range", n.Text, t.up))
	}
	return Duration{Span: p.span(n.Pos()), Value: n.Value, Unit: unit, Millis: ms}
}

// parseWindow parses WINDOW TUMBLING|HOPPING|SESSION (...).
func (p *parser) parseWindow() *Window {
	start := p.expectKw("WINDOW")
	w := &Window{}
	switch {
	case p.acceptKw("TUMBLING"):
		w.Kind = Tumbling
		p.expect(LPAREN)
		p.expectKw("SIZE")
		w.Size = p.parseDuration()
	case p.acceptKw("HOPPING"):
		w.Kind = Hopping
		p.expect(LPAREN)
		p.expectKw("SIZE")
		w.Size = p.parseDuration()
		p.expect(COMMA)
		p.expectKws("ADVANCE", "BY")
		adv := p.parseDuration()
		w.Advance = &adv
	case p.acceptKw("SESSION"):
		w.Kind = Session
		p.expect(LPAREN)
		w.Size = p.parseDuration()
	default:
		p.errorExpected("TUMBLING, HOPPING or SESSION")
	}
	p.parseWindowOptions(w)
	p.expect(RPAREN)
	w.Span = p.span(start)
	return w
}

// parseWindowOptions parses [, RETENTION n unit] [, GRACE PERIOD n unit].
func (p *parser) parseWindowOptions(w *Window) {
	if p.is(COMMA) && p.peekKw(1, "RETENTION") {
		p.next()
		p.next()
		d := p.parseDuration()
		w.Retention = &d
	}
	if p.accept(COMMA) {
		if !p.isKw("GRACE") {
			p.errorExpected("RETENTION or GRACE PERIOD")
		}
		w.Grace = p.parseGrace()
	}
}
