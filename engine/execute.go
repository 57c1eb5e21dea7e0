package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// session is the per-request state: property overrides and variables that
// SET and DEFINE change for the statements after them.
type session struct {
	src   string // the full request text, for line:col
	props map[string]string
	vars  map[string]string
}

func newSession(e *Engine, req Request) *session {
	s := &session{props: map[string]string{}, vars: map[string]string{}}
	for k, v := range e.cfg.Properties {
		s.props[k] = v
	}
	for k, v := range req.Properties {
		s.props[k] = fmt.Sprint(v)
	}
	for k, v := range req.SessionVariables {
		s.vars[strings.ToUpper(k)] = fmt.Sprint(v)
		s.vars[k] = fmt.Sprint(v)
	}
	return s
}

// Execute runs the statements of a POST /ksql request in order and returns one
// entity per statement. On failure it returns an *Error whose Entities hold the
// results of the statements that succeeded before it.
func (e *Engine) Execute(ctx context.Context, req Request) ([]Entity, error) {
	s := newSession(e, req)
	stmts, err := e.parse(s, req.SQL)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, Errorf(CodeNotReady, "engine: shutting down")
	}
	var out []Entity
	for _, st := range stmts {
		ent, err := e.execute(ctx, s, st)
		if err != nil {
			ee := e.userError(s, st, err)
			ee.Entities = out
			return out, ee
		}
		if ent != nil {
			out = append(out, ent)
		}
	}
	return out, nil
}

// parse substitutes variables and parses the request text.
func (e *Engine) parse(s *session, text string) ([]sql.Statement, error) {
	if len(s.vars) > 0 {
		sub, err := sql.Substitute(text, s.vars)
		if err != nil {
			return nil, &Error{Code: CodeBadStatement, Message: err.Error(), StatementText: text}
		}
		text = sub
	}
	s.src = text
	stmts, err := sql.ParseStatements(text)
	if err != nil {
		// ksqlDB users (and its tests) look for "Syntax Error" in the message.
		msg := strings.Replace(sql.FormatError(text, err), ": syntax error ", ": Syntax Error: ", 1)
		return nil, &Error{Code: CodeBadStatement, Message: msg, StatementText: text}
	}
	return stmts, nil
}

// userError turns a failure into an *Error with its position (line and
// column in the request text).
func (e *Engine) userError(s *session, st sql.Statement, err error) *Error {
	var ee *Error
	if errors.As(err, &ee) {
		if ee.StatementText == "" {
			ee.StatementText = st.Text
		}
		return ee
	}
	msg := err.Error()
	var pe *planner.Error
	if errors.As(err, &pe) && pe.Pos >= 0 {
		line, col := pe.Pos.LineCol(s.src)
		// ksqlDB's form for semantic errors; syntax errors keep "line L:C".
		msg = fmt.Sprintf("Line: %d, Col: %d: %s", line, col, pe.Msg)
		if strings.HasPrefix(pe.Msg, "Syntax Error") {
			msg = fmt.Sprintf("line %d:%d: %s", line, col, pe.Msg)
		}
		if pe.Preparing {
			msg = "Exception while preparing statement: " + msg
		}
	}
	return &Error{Code: CodeBadStatement, Message: msg, StatementText: st.Text}
}

// execute runs one statement with e.mu held.
func (e *Engine) execute(ctx context.Context, s *session, st sql.Statement) (Entity, error) {
	cfg := planner.ConfigFromProps(s.props)
	switch n := st.Stmt.(type) {
	case *sql.CreateSource:
		return e.createSource(ctx, s, st, n, cfg)
	case *sql.CreateAsSelect:
		return e.createAsSelect(ctx, s, st, n, cfg)
	case *sql.InsertInto:
		return e.insertInto(ctx, s, st, n, cfg)
	case *sql.InsertValues:
		return e.insertValues(ctx, st, n)
	case *sql.Drop:
		return e.drop(ctx, s, st, n)
	case *sql.AlterSource:
		return e.alterSource(ctx, s, st, n)
	case *sql.Terminate:
		return e.terminate(ctx, s, st, n)
	case *sql.Show:
		return e.showStatement(ctx, s, st, n)
	case *sql.Describe:
		return e.describe(st, n)
	case *sql.Explain:
		return e.explain(st, n, cfg)
	case *sql.CreateType:
		return e.createType(ctx, s, st, n)
	case *sql.DropType:
		return e.dropType(ctx, s, st, n)
	case *sql.SetProperty:
		s.props[n.Name] = n.Value
		return nil, nil
	case *sql.UnsetProperty:
		delete(s.props, n.Name)
		return nil, nil
	case *sql.Define:
		s.undefine(n.Name)
		s.vars[n.Name] = n.Value
		return nil, nil
	case *sql.Undefine:
		s.undefine(n.Name)
		return nil, nil
	case *sql.Query, *sql.Print:
		return nil, &Error{Code: CodeQueryEndpoint, Message: "The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT", StatementText: st.Text}
	}
	return e.executeMore(ctx, s, st)
}

func statementKind(s sql.Stmt) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", s), "*sql.")
}

// command is one entry of the command log.
type command struct {
	SQL   string            `json:"sql"`
	Props map[string]string `json:"props,omitempty"`
}

// record appends a successful catalog change to the command log and returns
// its sequence number.
func (e *Engine) record(ctx context.Context, s *session, text string) (int64, error) {
	e.seq++
	if e.cmdLog == nil || e.replaying {
		return e.seq, nil
	}
	b, err := json.Marshal(command{SQL: text, Props: s.props})
	if err != nil {
		return 0, err
	}
	if _, err := e.cmdLog.Append(ctx, b); err != nil {
		return 0, Errorf(CodeServerError, "could not write the command topic: %v", err)
	}
	return e.seq, nil
}

// replay re-executes one command-log entry.
func (e *Engine) replay(ctx context.Context, rec []byte) error {
	var c command
	if err := json.Unmarshal(rec, &c); err != nil {
		return fmt.Errorf("undecodable command: %w", err)
	}
	s := &session{props: c.Props, vars: map[string]string{}}
	if s.props == nil {
		s.props = map[string]string{}
	}
	stmts, err := e.parse(s, c.SQL)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if _, err := e.execute(ctx, s, st); err != nil {
			return fmt.Errorf("%s: %w", st.Text, err)
		}
	}
	return nil
}

func status(text, commandID, message string, seq int64, queryID string) *CurrentStatus {
	cs := &CurrentStatus{Type: "currentStatus", StatementText: text, CommandID: commandID,
		CommandStatus: CommandStatus{Status: "SUCCESS", Message: message}, CommandSequenceNumber: seq, Warnings: []Warning{}}
	if queryID != "" {
		cs.CommandStatus.QueryID = &queryID
	}
	return cs
}
