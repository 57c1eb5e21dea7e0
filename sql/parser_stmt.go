package sql

// stmtParsers maps a statement's first keyword to its parser.
var stmtParsers map[string]func(*parser) Stmt

func init() {
	stmtParsers = map[string]func(*parser) Stmt{
		"SELECT":    func(p *parser) Stmt { return p.parseQuery() },
		"CREATE":    (*parser).parseCreate,
		"INSERT":    (*parser).parseInsert,
		"DROP":      (*parser).parseDrop,
		"SHOW":      (*parser).parseShow,
		"LIST":      (*parser).parseShow,
		"DESCRIBE":  (*parser).parseDescribe,
		"EXPLAIN":   (*parser).parseExplain,
		"PRINT":     (*parser).parsePrint,
		"TERMINATE": (*parser).parseTerminate,
		"PAUSE":     (*parser).parsePause,
		"RESUME":    (*parser).parseResume,
		"SET":       (*parser).parseSet,
		"UNSET":     (*parser).parseUnset,
		"ALTER":     (*parser).parseAlter,
		"DEFINE":    (*parser).parseDefine,
		"UNDEFINE":  (*parser).parseUndefine,
		"ASSERT":    (*parser).parseAssert,
		"RUN":       (*parser).parseRunScript,
	}
}

// parseStmt parses one statement, without its terminator.
func (p *parser) parseStmt() Stmt {
	if t := p.cur(); t.tok == IDENT {
		if f, ok := stmtParsers[t.up]; ok {
			return f(p)
		}
	}
	p.errorExpected("statement")
	return nil
}

func (p *parser) parseShow() Stmt {
	start := p.next().pos // SHOW or LIST
	s := &Show{}
	t := p.cur()
	switch {
	case p.acceptKw("PROPERTIES"):
		s.Kind = ShowProperties
	case p.acceptKw("ALL"):
		p.expectKw("TOPICS")
		s.Kind, s.All, s.Extended = ShowTopics, true, p.acceptKw("EXTENDED")
	case p.isKw("SOURCE") || p.isKw("SINK"):
		s.Connector = p.next().up
		p.expectKw("CONNECTORS")
		s.Kind = ShowConnectors
	case p.acceptKw("CONNECTOR"):
		p.expectKw("PLUGINS")
		s.Kind = ShowConnectorPlugins
	default:
		kind, ok := showWords[t.up]
		if t.tok != IDENT || !ok {
			p.errorExpected("STREAMS, TABLES, QUERIES, TOPICS, FUNCTIONS, TYPES, PROPERTIES, VARIABLES or CONNECTORS")
		}
		p.next()
		s.Kind = kind
		if extensible[kind] {
			s.Extended = p.acceptKw("EXTENDED")
		}
	}
	s.Span = p.span(start)
	return s
}

var showWords = map[string]ShowKind{
	"STREAMS": ShowStreams, "TABLES": ShowTables, "QUERIES": ShowQueries, "TOPICS": ShowTopics,
	"FUNCTIONS": ShowFunctions, "TYPES": ShowTypes, "VARIABLES": ShowVariables,
	"CONNECTORS": ShowConnectors,
}

// extensible lists the kinds that accept EXTENDED.
var extensible = map[ShowKind]bool{ShowStreams: true, ShowTables: true, ShowQueries: true, ShowTopics: true}

func (p *parser) parseDescribe() Stmt {
	start := p.expectKw("DESCRIBE")
	switch {
	case p.isKw("STREAMS") || p.isKw("TABLES"): // TABLES is not reserved but wins here
		kind := KindStream
		if p.next().up == "TABLES" {
			kind = KindTable
		}
		ext := p.acceptKw("EXTENDED")
		return &DescribeSources{Span: p.span(start), Kind: kind, Extended: ext}
	case p.isKw("FUNCTION") && isIdentTok(p.peek(1)):
		p.next()
		name := p.parseIdent()
		return &DescribeFunction{Span: p.span(start), Name: name}
	case p.isKw("CONNECTOR") && isIdentTok(p.peek(1)):
		p.next()
		name := p.parseIdent()
		return &DescribeConnector{Span: p.span(start), Name: name}
	}
	name := p.parseIdent()
	ext := p.acceptKw("EXTENDED")
	return &Describe{Span: p.span(start), Name: name, Extended: ext}
}

func (p *parser) parseExplain() Stmt {
	start := p.expectKw("EXPLAIN")
	t := p.cur()
	if _, isStmt := stmtParsers[t.up]; isIdentTok(t) && (!isStmt || t.tok == QIDENT) {
		id := p.parseIdent()
		return &Explain{Span: p.span(start), QueryID: id}
	}
	s := p.parseStmt()
	return &Explain{Span: p.span(start), Stmt: s}
}

func (p *parser) parsePrint() Stmt {
	start := p.expectKw("PRINT")
	s := &Print{Topic: p.parseResourceName()}
	if p.acceptKw("FROM") {
		p.expectKw("BEGINNING")
		s.FromBeginning = true
	}
	if p.acceptKw("INTERVAL") || p.acceptKw("SAMPLE") {
		s.Interval = p.parseIntLit("interval")
	}
	if p.acceptKw("LIMIT") {
		s.Limit = p.parseIntLit("LIMIT count")
	}
	s.Span = p.span(start)
	return s
}

// parseQueryTarget parses "queryId" or "ALL" after TERMINATE, PAUSE or
// RESUME.
func (p *parser) parseQueryTarget() (start Pos, id *Ident, all bool) {
	start = p.next().pos
	if p.acceptKw("ALL") {
		return start, nil, true
	}
	if !isIdentTok(p.cur()) {
		p.errorExpected("query id or ALL")
	}
	return start, p.parseIdent(), false
}

func (p *parser) parseTerminate() Stmt {
	start, id, all := p.parseQueryTarget()
	return &Terminate{Span: p.span(start), QueryID: id, All: all}
}

func (p *parser) parsePause() Stmt {
	start, id, all := p.parseQueryTarget()
	return &Pause{Span: p.span(start), QueryID: id, All: all}
}

func (p *parser) parseResume() Stmt {
	start, id, all := p.parseQueryTarget()
	return &Resume{Span: p.span(start), QueryID: id, All: all}
}
