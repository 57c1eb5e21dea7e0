package server

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/streamsql/streamsql/engine"
)

func contextWithTimeout(r *http.Request, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), d)
}

// handleStatuses answers GET /status: ksqlDB's CommandStatuses. Statements run
// synchronously here, so no command is ever pending and the map is empty.
func (s *Server) handleStatuses(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]map[string]string{"commandStatuses": {}})
}

// handleStatus answers GET /status/{type}/{entity}/{action} for a command id
// such as stream/PAGEVIEWS/create, from the current catalog: a create whose
// source exists, or a drop whose source is gone, succeeded.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	typ := strings.ToLower(chi.URLParam(r, "type"))
	entity := chi.URLParam(r, "entity")
	action := strings.ToLower(chi.URLParam(r, "action"))
	id := typ + "/" + entity + "/" + action
	if typ != "stream" && typ != "table" {
		s.errorf(w, r, engine.CodeNotFound, "Command not found: %s", id)
		return
	}
	exists, err := s.sourceExists(r.Context(), entity)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	kind := strings.ToUpper(typ[:1]) + typ[1:]
	switch {
	case action == "create" && exists:
		s.writeJSON(w, r, http.StatusOK, engine.CommandStatus{Status: "SUCCESS", Message: kind + " created and running"})
	case action == "drop" && !exists:
		s.writeJSON(w, r, http.StatusOK, engine.CommandStatus{Status: "SUCCESS", Message: "Source `" + entity + "` was dropped."})
	default:
		s.errorf(w, r, engine.CodeNotFound, "Command not found: %s", id)
	}
}

// sourceExists reports whether DESCRIBE finds name.
func (s *Server) sourceExists(ctx context.Context, name string) (bool, error) {
	_, err := s.backend.Execute(ctx, engine.Request{SQL: "DESCRIBE " + quoteIdent(name) + ";"})
	var e *engine.Error
	if errors.As(err, &e) && (e.Code == engine.CodeNotFound || e.Code == engine.CodeBadStatement) {
		return false, nil
	}
	return err == nil, err
}

// quoteIdent quotes name as a case-sensitive SQL identifier: command ids
// carry names as the catalog stores them.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// terminateRequest is the body of POST /ksql/terminate.
type terminateRequest struct {
	DeleteTopicList []string `json:"deleteTopicList"`
}

// handleTerminate answers POST /ksql/terminate: it terminates every persistent
// query and drops every stream and table, deleting the topics of those whose
// topic matches one of deleteTopicList (names or regular expressions, matched
// whole and case-sensitively). Unlike ksqlDB, the server keeps running.
func (s *Server) handleTerminate(w http.ResponseWriter, r *http.Request) {
	var body terminateRequest
	if r.ContentLength != 0 {
		if err := s.decodeBody(w, r, &body); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	patterns, err := compileTopicPatterns(body.DeleteTopicList)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	if _, err := s.backend.Execute(ctx, engine.Request{SQL: "TERMINATE ALL;"}); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.dropAll(ctx, patterns); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, []engine.Entity{&engine.CurrentStatus{
		Type: "currentStatus", StatementText: "TERMINATE CLUSTER;", CommandID: "cluster/CLUSTER/terminate",
		CommandStatus: engine.CommandStatus{Status: "SUCCESS", Message: "Cluster terminated"},
		Warnings:      []engine.Warning{},
	}})
}

func compileTopicPatterns(list []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range list {
		re, err := regexp.Compile("^(?:" + p + ")$")
		if err != nil {
			return nil, errBadRequest("deleteTopicList: invalid pattern %q: %v", p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// dropAll drops tables, then streams (tables may be built from streams).
func (s *Server) dropAll(ctx context.Context, patterns []*regexp.Regexp) error {
	ents, err := s.backend.Execute(ctx, engine.Request{SQL: "SHOW TABLES; SHOW STREAMS;"})
	if err != nil {
		return err
	}
	var stmts []string
	for _, ent := range ents {
		var list []engine.SourceInfoEntry
		kind := "TABLE"
		switch l := ent.(type) {
		case *engine.TablesList:
			list = l.Tables
		case *engine.StreamsList:
			list, kind = l.Streams, "STREAM"
		}
		for _, src := range list {
			stmt := "DROP " + kind + " IF EXISTS " + quoteIdent(src.Name)
			if matchesAny(patterns, src.Topic) {
				stmt += " DELETE TOPIC"
			}
			stmts = append(stmts, stmt+";")
		}
	}
	if len(stmts) == 0 {
		return nil
	}
	_, err = s.backend.Execute(ctx, engine.Request{SQL: strings.Join(stmts, "\n")})
	return err
}

func matchesAny(patterns []*regexp.Regexp, topic string) bool {
	for _, re := range patterns {
		if re.MatchString(topic) {
			return true
		}
	}
	return false
}
