package sql

import "strings"

// Stmt prints a statement, without a final ';'.
func (f Formatter) Stmt(s Stmt) string {
	var w stmtWriter
	w.f = f
	w.stmt(s)
	return strings.TrimSpace(w.b.String())
}

// stmtWriter accumulates space-separated statement text.
type stmtWriter struct {
	f Formatter
	b strings.Builder
}

// kw writes words separated by single spaces.
func (w *stmtWriter) kw(words ...string) {
	for _, s := range words {
		if s == "" {
			continue
		}
		if w.b.Len() > 0 {
			w.b.WriteByte(' ')
		}
		w.b.WriteString(s)
	}
}

func (w *stmtWriter) when(cond bool, words ...string) {
	if cond {
		w.kw(words...)
	}
}

func (w *stmtWriter) ident(id *Ident) { w.kw(w.f.Ident(id)) }

// resource writes a resource name: 'string' when it was one or needs
// quoting, else an identifier.
func (w *stmtWriter) resource(id *Ident) {
	if id.Quoted {
		w.kw(quoteString(id.Name))
		return
	}
	w.ident(id)
}

func (w *stmtWriter) props(ps Properties) {
	if len(ps) == 0 {
		return
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		key := p.Key
		if !plainIdent(key) {
			key = quoteString(key)
		}
		parts[i] = key + "=" + w.f.Expr(p.Value)
	}
	w.kw("WITH (" + strings.Join(parts, ", ") + ")")
}

func (w *stmtWriter) elements(els []*TableElement) {
	if els == nil {
		return
	}
	parts := make([]string, len(els))
	for i, el := range els {
		parts[i] = w.f.element(el)
	}
	w.kw("(" + strings.Join(parts, ", ") + ")")
}

func (f Formatter) element(el *TableElement) string {
	s := f.Ident(el.Name) + " " + f.Type(el.Type)
	switch el.Constraint {
	case NoConstraint:
	case HeaderConstraint:
		s += " HEADER(" + quoteString(el.HeaderKey) + ")"
	default:
		s += " " + el.Constraint.String()
	}
	return s
}

func (w *stmtWriter) idents(ids []*Ident) {
	if ids == nil {
		return
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = w.f.Ident(id)
	}
	w.kw("(" + strings.Join(parts, ", ") + ")")
}

func (w *stmtWriter) duration(d Duration) { w.kw(itoa64(d.Value), d.Unit.String()) }

func (w *stmtWriter) stmt(s Stmt) {
	switch s := s.(type) {
	case *Query:
		w.query(s)
	case *CreateSource:
		w.kw("CREATE")
		w.when(s.OrReplace, "OR REPLACE")
		w.when(s.Source, "SOURCE")
		w.kw(s.Kind.String())
		w.when(s.IfNotExists, "IF NOT EXISTS")
		w.ident(s.Name)
		w.elements(s.Elements)
		w.props(s.Props)
	case *CreateAsSelect:
		w.kw("CREATE")
		w.when(s.OrReplace, "OR REPLACE")
		w.kw(s.Kind.String())
		w.when(s.IfNotExists, "IF NOT EXISTS")
		w.ident(s.Name)
		w.props(s.Props)
		w.kw("AS")
		w.query(s.Query)
	case *InsertInto:
		w.kw("INSERT INTO")
		w.ident(s.Target)
		w.props(s.Props)
		w.query(s.Query)
	case *InsertValues:
		w.kw("INSERT INTO")
		w.ident(s.Target)
		w.idents(s.Columns)
		w.kw("VALUES (" + w.f.list(s.Values) + ")")
	default:
		w.otherStmt(s)
	}
}
