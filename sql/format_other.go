package sql

// otherStmt writes the statements that are not queries or inserts.
func (w *stmtWriter) otherStmt(s Stmt) {
	switch s := s.(type) {
	case *Drop:
		w.kw("DROP", s.Kind.String())
		w.when(s.IfExists, "IF EXISTS")
		w.ident(s.Name)
		w.when(s.DeleteTopic, "DELETE TOPIC")
	case *AlterSource:
		w.kw("ALTER", s.Kind.String())
		w.ident(s.Name)
		for i, c := range s.Columns {
			sep := ","
			if i == len(s.Columns)-1 {
				sep = ""
			}
			w.kw("ADD COLUMN", w.f.Ident(c.Name), w.f.Type(c.Type)+sep)
		}
	case *CreateType:
		w.kw("CREATE TYPE")
		w.when(s.IfNotExists, "IF NOT EXISTS")
		w.kw(w.f.Ident(s.Name), "AS", w.f.Type(s.Type))
	case *DropType:
		w.kw("DROP TYPE")
		w.when(s.IfExists, "IF EXISTS")
		w.ident(s.Name)
	case *CreateConnector:
		w.kw("CREATE", map[bool]string{true: "SINK", false: "SOURCE"}[s.Sink], "CONNECTOR")
		w.when(s.IfNotExists, "IF NOT EXISTS")
		w.ident(s.Name)
		w.props(s.Props)
	case *DropConnector:
		w.kw("DROP CONNECTOR")
		w.when(s.IfExists, "IF EXISTS")
		w.ident(s.Name)
	default:
		w.metaStmt(s)
	}
}

// metaStmt writes the statements about metadata, sessions and queries.
func (w *stmtWriter) metaStmt(s Stmt) {
	switch s := s.(type) {
	case *Show:
		w.kw("SHOW")
		w.when(s.All, "ALL")
		w.kw(s.Connector, s.Kind.String())
		w.when(s.Extended, "EXTENDED")
	case *Describe:
		w.kw("DESCRIBE")
		w.kw(w.f.unambiguous(s.Name, s.Name.Name == "TABLES" || s.Name.Name == "STREAMS"))
		w.when(s.Extended, "EXTENDED")
	case *DescribeSources:
		w.kw("DESCRIBE", s.Kind.String()+"S")
		w.when(s.Extended, "EXTENDED")
	case *DescribeFunction:
		w.kw("DESCRIBE FUNCTION", w.f.Ident(s.Name))
	case *DescribeConnector:
		w.kw("DESCRIBE CONNECTOR", w.f.Ident(s.Name))
	case *Explain:
		w.kw("EXPLAIN")
		if s.QueryID != nil {
			_, isStmt := stmtParsers[s.QueryID.Name]
			w.kw(w.f.unambiguous(s.QueryID, isStmt))
		} else {
			w.stmt(s.Stmt)
		}
	case *Print:
		w.print(s)
	case *Terminate:
		w.queryTarget("TERMINATE", s.QueryID, s.All)
	case *Pause:
		w.queryTarget("PAUSE", s.QueryID, s.All)
	case *Resume:
		w.queryTarget("RESUME", s.QueryID, s.All)
	default:
		w.sessionStmt(s)
	}
}

// unambiguous prints id, back-quoted when clash says its plain form would
// read as a keyword.
func (f Formatter) unambiguous(id *Ident, clash bool) string {
	if clash {
		return quoteIdent(id.Name)
	}
	return f.Ident(id)
}

func (w *stmtWriter) print(s *Print) {
	w.kw("PRINT")
	w.resource(s.Topic)
	w.when(s.FromBeginning, "FROM BEGINNING")
	if s.Interval != nil {
		w.kw("INTERVAL", s.Interval.Text)
	}
	if s.Limit != nil {
		w.kw("LIMIT", s.Limit.Text)
	}
}

func (w *stmtWriter) queryTarget(verb string, id *Ident, all bool) {
	w.kw(verb)
	if all {
		w.kw("ALL")
		return
	}
	w.ident(id)
}

// sessionStmt writes property, variable and assertion statements.
func (w *stmtWriter) sessionStmt(s Stmt) {
	switch s := s.(type) {
	case *SetProperty:
		w.kw("SET", quoteString(s.Name)+"="+quoteString(s.Value))
	case *UnsetProperty:
		w.kw("UNSET", quoteString(s.Name))
	case *AlterSystem:
		w.kw("ALTER SYSTEM", quoteString(s.Name)+"="+quoteString(s.Value))
	case *Define:
		w.kw("DEFINE", s.Name, "=", quoteString(s.Value))
	case *Undefine:
		w.kw("UNDEFINE", s.Name)
	case *RunScript:
		w.kw("RUN SCRIPT", quoteString(s.Path))
	default:
		w.assertStmt(s)
	}
}

func (w *stmtWriter) assertStmt(s Stmt) {
	switch s := s.(type) {
	case *AssertTopic:
		w.kw("ASSERT")
		w.when(s.NotExists, "NOT EXISTS")
		w.kw("TOPIC")
		w.resource(s.Topic)
		w.props(s.Props)
		w.timeout(s.Timeout)
	case *AssertSchema:
		w.kw("ASSERT")
		w.when(s.NotExists, "NOT EXISTS")
		w.kw("SCHEMA")
		if s.Subject != nil {
			w.kw("SUBJECT")
			w.resource(s.Subject)
		}
		if s.ID != nil {
			w.kw("ID", s.ID.Text)
		}
		w.timeout(s.Timeout)
	case *AssertValues:
		w.kw("ASSERT VALUES", w.f.Ident(s.Source))
		w.idents(s.Columns)
		w.kw("VALUES (" + w.f.list(s.Values) + ")")
	case *AssertTombstone:
		w.kw("ASSERT NULL VALUES", w.f.Ident(s.Source))
		w.idents(s.Columns)
		w.kw("KEY (" + w.f.list(s.Keys) + ")")
	case *AssertSource:
		w.kw("ASSERT", s.Kind.String(), w.f.Ident(s.Name))
		w.elements(s.Elements)
		w.props(s.Props)
	}
}

func (w *stmtWriter) timeout(d *Duration) {
	if d != nil {
		w.kw("TIMEOUT")
		w.duration(*d)
	}
}
