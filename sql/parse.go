package sql

import "fmt"

// ParseStatements parses a script of statements separated by ';' (the
// last ';' is optional and empty statements are skipped). Each Statement
// carries its exact source text, and every position in the result is an
// offset into src. Parsing stops at the first syntax error, returned as
// an *Error.
//
// Variables (${name}) must be substituted first; see Substitute and
// SplitStatements for scripts that DEFINE their own variables.
func ParseStatements(src string) ([]Statement, error) {
	if len(src) > MaxSourceBytes {
		return nil, &Error{Pos: 0, Line: 1, Col: 1, Msg: fmt.Sprintf("the SQL text is %d bytes long, more than the limit of %d", len(src), MaxSourceBytes)}
	}
	p := newParser(src)
	var out []Statement
	err := p.parse(func() {
		for {
			for p.accept(SEMI) {
			}
			if p.is(EOF) {
				return
			}
			out = append(out, p.parseTerminated())
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ParseStatement parses exactly one statement, with an optional final
// ';'.
func ParseStatement(src string) (Statement, error) {
	p := newParser(src)
	var st Statement
	err := p.parse(func() {
		if p.is(EOF) || p.is(SEMI) {
			p.errorExpected("statement")
		}
		st = p.parseTerminated()
		if !p.is(EOF) {
			p.errorExpected("end of input")
		}
	})
	return st, err
}

// parseTerminated parses one statement and its terminating ';' (or the
// end of input).
func (p *parser) parseTerminated() Statement {
	start := p.cur().pos
	s := p.parseStmt()
	if !p.is(EOF) {
		p.expect(SEMI)
	}
	span := p.span(start)
	return Statement{Span: span, Stmt: s, Text: p.src[span.Start:span.Stop]}
}

// ParseExpr parses a single expression.
func ParseExpr(src string) (Expr, error) {
	p := newParser(src)
	var e Expr
	err := p.parse(func() {
		e = p.parseExpr()
		p.expectEnd()
	})
	return e, err
}

// ParseType parses a single type such as ARRAY<STRUCT<A INT>>.
func ParseType(src string) (Type, error) {
	p := newParser(src)
	var t Type
	err := p.parse(func() {
		t = p.parseType()
		p.expectEnd()
	})
	return t, err
}

// ParseSchema parses a comma-separated list of column definitions without
// parentheses, such as "ID INT KEY, NAME STRING". An empty schema gives an
// empty list.
func ParseSchema(src string) ([]*TableElement, error) {
	p := newParser(src)
	var els []*TableElement
	err := p.parse(func() {
		if p.is(EOF) {
			return
		}
		els = append(els, p.parseTableElement())
		for p.accept(COMMA) {
			els = append(els, p.parseTableElement())
		}
		p.expectEnd()
	})
	return els, err
}

func (p *parser) expectEnd() {
	if !p.is(EOF) {
		p.errorExpected("end of input")
	}
}

// SplitStatements splits a script into the source texts of its
// statements (each including its ';' when present) without parsing them,
// skipping empty statements. It fails only on lexical errors such as an
// unterminated string. Use it to substitute variables statement by
// statement, as ksqlDB does when a script DEFINEs variables: Substitute
// each text with the variables defined so far, then ParseStatement it.
func SplitStatements(src string) ([]string, error) {
	p := newParser(src)
	var out []string
	start, end := -1, Pos(0)
	err := p.parse(func() {
		for {
			t := p.next()
			switch {
			case t.tok == EOF:
				if start >= 0 {
					out = append(out, src[start:end])
				}
				return
			case t.tok == SEMI:
				if start >= 0 {
					out = append(out, src[start:t.end])
				}
				start = -1
			case start < 0:
				start = int(t.pos)
			}
			end = t.end
		}
	})
	return out, err
}
