package sql

import (
	"fmt"
	"strings"
)

// token is one scanned token.
type token struct {
	pos, end Pos
	tok      Token
	lit      string // see Scanner.Scan
	up       string // upper-cased lit, for IDENT
	msg      string // the lexical error, for ILLEGAL
}

// parser is a recursive-descent parser over a pre-scanned token list.
// Syntax errors panic with bailout and are recovered by the entry points.
type parser struct {
	src     string
	toks    []token
	i       int // index of the current token
	lastEnd Pos // end of the last consumed token
	err     *Error
	depth   int // nesting of expressions and types being parsed
}

// Limits that keep hostile input from exhausting the parser: each is far
// beyond any real statement and fails with a clear error.
const (
	MaxNesting     = 500     // nested expressions or types
	MaxIdentLength = 1024    // bytes in one identifier
	MaxSourceBytes = 1 << 20 // bytes in one request's SQL text
)

// enter counts one more level of nesting at pos and fails past MaxNesting;
// the caller defers leave.
func (p *parser) enter(pos Pos) {
	p.depth++
	if p.depth > MaxNesting {
		p.failAt(pos, fmt.Sprintf("expression or type nested more than %d levels deep", MaxNesting))
	}
}

func (p *parser) leave() { p.depth-- }

type bailout struct{}

// newParser scans all of src. Scanning stops at the first lexical error,
// which becomes a final ILLEGAL token; otherwise the list ends with EOF.
func newParser(src string) *parser {
	p := &parser{src: src}
	var s Scanner
	var msg string
	s.Init(src, func(_ Pos, m string) { msg = m })
	for {
		pos, tok, lit := s.Scan()
		t := token{pos: pos, end: s.End(), tok: tok, lit: lit}
		if tok == IDENT {
			t.up = strings.ToUpper(lit)
		}
		if tok == ILLEGAL {
			t.msg = msg
		}
		if (tok == IDENT || tok == QIDENT) && len(lit) > MaxIdentLength {
			t.tok, t.msg = ILLEGAL, fmt.Sprintf("identifier is %d bytes long, more than the limit of %d", len(lit), MaxIdentLength)
		}
		p.toks = append(p.toks, t)
		if tok == EOF || tok == ILLEGAL {
			return p
		}
	}
}

// parse runs f, turning a bailout into the recorded error.
func (p *parser) parse(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			err = p.err
		}
	}()
	f()
	return nil
}

func (p *parser) cur() *token { return &p.toks[p.i] }

// peek returns the token n places after the current one (EOF or ILLEGAL
// past the end).
func (p *parser) peek(n int) *token {
	return &p.toks[min(p.i+n, len(p.toks)-1)]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.tok == ILLEGAL {
		p.failAt(t.pos, t.msg)
	}
	if p.i < len(p.toks)-1 {
		p.i++
	}
	p.lastEnd = t.end
	return t
}

func (p *parser) span(start Pos) Span { return Span{Start: start, Stop: p.lastEnd} }

func (p *parser) is(tok Token) bool { return p.cur().tok == tok }

// isKw reports whether the current token is the (upper-case) keyword kw.
func (p *parser) isKw(kw string) bool { return p.cur().tok == IDENT && p.cur().up == kw }

func (p *parser) peekKw(n int, kw string) bool {
	t := p.peek(n)
	return t.tok == IDENT && t.up == kw
}

func (p *parser) accept(tok Token) bool {
	if p.is(tok) {
		p.next()
		return true
	}
	return false
}

func (p *parser) acceptKw(kw string) bool {
	if p.isKw(kw) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expect(tok Token) token {
	if !p.is(tok) {
		what := tok.String()
		if tok.IsOperator() {
			what = "'" + what + "'"
		}
		p.errorExpected(what)
	}
	return p.next()
}

func (p *parser) expectKw(kw string) Pos {
	if !p.isKw(kw) {
		p.errorExpected(kw)
	}
	return p.next().pos
}

// expectKws expects a sequence of keywords, e.g. "GRACE", "PERIOD".
func (p *parser) expectKws(kws ...string) Pos {
	pos := p.cur().pos
	for _, kw := range kws {
		p.expectKw(kw)
	}
	return pos
}

// errorExpected fails with "expected what, found <current token>".
func (p *parser) errorExpected(what string) {
	t := p.cur()
	if t.tok == ILLEGAL {
		p.failAt(t.pos, t.msg)
	}
	p.failAt(t.pos, fmt.Sprintf("expected %s, found %s", what, describe(t)))
}

// failAt records a syntax error at pos and bails out. Messages about a
// token are prefixed with where the token is.
func (p *parser) failAt(pos Pos, msg string) {
	line, col := pos.LineCol(p.src)
	p.err = &Error{Pos: pos, Line: line, Col: col, Msg: p.near(pos) + msg}
	panic(bailout{})
}

// failPrepare records a statement error found after parsing (see
// Error.Prepare) and aborts the parse.
func (p *parser) failPrepare(pos Pos, msg string) {
	line, col := pos.LineCol(p.src)
	p.err = &Error{Pos: pos, Line: line, Col: col, Msg: msg, Prepare: true}
	panic(bailout{})
}

// near returns the "syntax error at or near ..." prefix for pos.
func (p *parser) near(pos Pos) string {
	for _, t := range p.toks {
		if t.pos != pos {
			continue
		}
		if t.tok == EOF {
			return "syntax error at end of input: "
		}
		text := p.src[t.pos:t.end]
		if nl := strings.IndexAny(text, "\r\n"); nl >= 0 {
			text = text[:nl] + "..."
		}
		if len(text) > 40 {
			text = text[:37] + "..."
		}
		return fmt.Sprintf("syntax error at or near %q: ", text)
	}
	return "syntax error: "
}

// describe names a token for "found ..." messages.
func describe(t *token) string {
	switch t.tok {
	case EOF:
		return "end of input"
	case IDENT:
		if reserved[t.up] {
			return t.up
		}
		return "identifier " + t.lit
	case QIDENT:
		return "quoted identifier " + t.lit
	case STRING:
		return "string '" + strings.ReplaceAll(t.lit, "'", "''") + "'"
	case INT, DECIMAL, FLOAT:
		return "number " + t.lit
	case VARIABLE:
		return "variable ${" + t.lit + "}"
	}
	return "'" + t.lit + "'"
}
