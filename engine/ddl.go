package engine

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

func kindWord(table bool) string {
	if table {
		return "Table"
	}
	return "Stream"
}

func commandID(kind string, name, action string) string {
	return strings.ToLower(kind) + "/`" + name + "`/" + action
}

func (e *Engine) createSource(ctx context.Context, s *session, st sql.Statement, n *sql.CreateSource, cfg planner.Config) (Entity, error) {
	src, err := planner.BuildSource(n, st.Text, e.cat, cfg)
	if err != nil {
		return nil, err
	}
	if n.OrReplace && n.Source {
		return nil, planner.Errorf(n.Pos(), "Cannot add %s '%s': CREATE OR REPLACE is not supported on source %ss.", strings.ToLower(src.Kind()), src.Name, strings.ToLower(src.Kind()))
	}
	if old, ok := e.cat.Source(src.Name); ok {
		switch {
		case n.IfNotExists:
			return status(st.Text, commandID(src.Kind(), src.Name, "create"), "Cannot add "+strings.ToLower(src.Kind())+" "+src.Name+": A "+strings.ToLower(old.Kind())+" with the same name already exists.", e.seq, ""), nil
		case n.OrReplace && (old.IsSource || n.Source):
			return nil, planner.Errorf(n.Pos(), "Cannot add %s '%s': CREATE OR REPLACE is not supported on source %ss.", strings.ToLower(src.Kind()), src.Name, strings.ToLower(old.Kind()))
		case !n.OrReplace:
			return nil, planner.Errorf(n.Name.Pos(), "Cannot add %s '%s': A %s with the same name already exists", strings.ToLower(src.Kind()), src.Name, strings.ToLower(old.Kind()))
		}
	}
	parts, err := e.be.ensureTopic(ctx, src.Topic, src.Partitions)
	if err != nil {
		return nil, err
	}
	src.Partitions = parts
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	e.cat.Put(src)
	if src.Table && src.IsSource {
		if err := e.materialize(ctx, src.Name, src.Topic); err != nil {
			return nil, err
		}
	}
	return status(st.Text, commandID(src.Kind(), src.Name, "create"), kindWord(src.Table)+" created", seq, ""), nil
}

func (e *Engine) createAsSelect(ctx context.Context, s *session, st sql.Statement, n *sql.CreateAsSelect, cfg planner.Config) (Entity, error) {
	p, err := planner.BuildCreateAsSelect(n, st.Text, e.cat, cfg)
	if err != nil {
		return nil, err
	}
	if old, ok := e.cat.Source(p.Target.Name); ok {
		if n.IfNotExists {
			return status(st.Text, commandID(p.Target.Kind(), p.Target.Name, "create"), "", e.seq, ""), nil
		}
		if !n.OrReplace {
			return nil, planner.Errorf(n.Name.Pos(), "Cannot add %s '%s': A %s with the same name already exists", strings.ToLower(p.Target.Kind()), p.Target.Name, strings.ToLower(old.Kind()))
		}
	}
	prefix := "CSAS_"
	if p.Target.Table {
		prefix = "CTAS_"
	}
	return e.startPersistent(ctx, s, st, p, prefix+p.Target.Name+"_")
}

func (e *Engine) insertInto(ctx context.Context, s *session, st sql.Statement, n *sql.InsertInto, cfg planner.Config) (Entity, error) {
	p, err := planner.BuildInsertInto(n, e.cat, cfg)
	if err != nil {
		return nil, err
	}
	return e.startPersistent(ctx, s, st, p, "INSERTQUERY_")
}

// startPersistent creates the sink topic, registers the query and starts it.
func (e *Engine) startPersistent(ctx context.Context, s *session, st sql.Statement, p *planner.Persistent, idPrefix string) (Entity, error) {
	parts := p.Target.Partitions
	if parts == 0 {
		parts = p.Query.Source.Partitions
	}
	got, err := e.be.ensureTopic(ctx, p.Target.Topic, parts)
	if err != nil {
		return nil, err
	}
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	e.queryNum++
	q := &persistentQuery{id: fmt.Sprintf("%s%d", idPrefix, e.queryNum), num: e.queryNum, text: st.Text,
		sink: p.Target.Name, sinkTopic: p.Target.Topic, source: p.Query.Source.Name, plan: p.Sink, state: "RUNNING"}
	if !p.Insert {
		p.Target.Partitions = got
		p.Target.QueryID = q.id
		e.cat.Put(p.Target)
	}
	e.queries[q.id] = q
	if p.Target.Table && !p.Insert {
		if err := e.materialize(ctx, p.Target.Name, p.Target.Topic); err != nil {
			return nil, err
		}
	}
	if !e.replaying {
		if err := e.startQuery(ctx, q); err != nil {
			delete(e.queries, q.id)
			if !p.Insert {
				e.cat.Remove(p.Target.Name)
			}
			return nil, err
		}
	}
	kind := "stream"
	if p.Target.Table {
		kind = "table"
	}
	return status(st.Text, commandID(kind, p.Target.Name, "create"), "Created query with ID "+q.id, seq, q.id), nil
}

func (e *Engine) drop(ctx context.Context, s *session, st sql.Statement, n *sql.Drop) (Entity, error) {
	src, ok := e.cat.Source(n.Name.Name)
	if !ok || src.Table != (n.Kind == sql.KindTable) {
		if n.IfExists {
			return status(st.Text, commandID(n.Kind.String(), n.Name.Name, "drop"), "Source `"+n.Name.Name+"` does not exist.", e.seq, ""), nil
		}
		return nil, planner.Errorf(n.Name.Pos(), "%s %s does not exist.", kindWord(n.Kind == sql.KindTable), n.Name.Name)
	}
	if n.DeleteTopic && src.IsSource {
		return nil, planner.Errorf(n.Pos(), "Cannot delete topic for read-only source: %s", src.Name)
	}
	var readers []string
	for _, id := range e.queryIDs() {
		q := e.queries[id]
		if q.source == src.Name && q.sink != src.Name {
			readers = append(readers, id)
		}
	}
	if len(readers) > 0 {
		return nil, planner.Errorf(n.Name.Pos(), "Cannot drop %s.\nThe following queries read from this source: [%s].\nYou need to terminate them before dropping %s.", src.Name, strings.Join(readers, ", "), src.Name)
	}
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	for _, id := range e.queryIDs() {
		if q := e.queries[id]; q.sink == src.Name {
			q.stopRunner()
			e.dropState(id)
			delete(e.queries, id)
		}
	}
	e.cat.Remove(src.Name)
	e.dematerialize(src.Name)
	if n.DeleteTopic && !e.replaying {
		if err := e.be.deleteTopic(ctx, src.Topic); err != nil {
			return nil, err
		}
	}
	return status(st.Text, commandID(src.Kind(), src.Name, "drop"), fmt.Sprintf("Source `%s` (topic: %s) was dropped.", src.Name, src.Topic), seq, ""), nil
}

func (e *Engine) terminate(ctx context.Context, s *session, st sql.Statement, n *sql.Terminate) (Entity, error) {
	var ids []string
	if n.All {
		ids = e.queryIDs()
	} else {
		id := n.QueryID.Name
		if _, ok := e.queries[id]; !ok {
			// Transient ids are lower case; an unquoted identifier arrives upper-cased.
			p, ok := e.transients[id]
			if !ok {
				p, ok = e.transients[strings.ToLower(id)]
			}
			if ok {
				go p.Close() // Close takes e.mu, which this statement holds
				return status(st.Text, "terminate/"+id+"/execute", "Query terminated.", e.seq, ""), nil
			}
			return nil, planner.Errorf(n.QueryID.Pos(), "Unknown queryId: %s", id)
		}
		ids = []string{id}
	}
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		q := e.queries[id]
		q.stopRunner()
		e.dropState(id)
		delete(e.queries, id)
		if src, ok := e.cat.Source(q.sink); ok && src.QueryID == id {
			src.QueryID = ""
		}
	}
	target := "ALL"
	if !n.All {
		target = ids[0]
	}
	return status(st.Text, "terminate/"+target+"/execute", "Query terminated.", seq, ""), nil
}

func (e *Engine) createType(ctx context.Context, s *session, st sql.Statement, n *sql.CreateType) (Entity, error) {
	if _, ok := e.cat.Type(n.Name.Name); ok {
		if n.IfNotExists {
			return status(st.Text, "type/"+n.Name.Name+"/create", "", e.seq, ""), nil
		}
		return nil, planner.Errorf(n.Name.Pos(), "Cannot register custom type '%s' since it is already registered with type: %s", n.Name.Name, "")
	}
	t, err := planner.ResolveType(n.Type, e.cat)
	if err != nil {
		return nil, err
	}
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	e.cat.PutType(n.Name.Name, t)
	return status(st.Text, "type/"+n.Name.Name+"/create", "Registered custom type with name '"+n.Name.Name+"' and SQL type "+t.String(), seq, ""), nil
}

func (e *Engine) dropType(ctx context.Context, s *session, st sql.Statement, n *sql.DropType) (Entity, error) {
	if _, ok := e.cat.Type(n.Name.Name); !ok {
		if n.IfExists {
			return status(st.Text, "type/"+n.Name.Name+"/drop", "", e.seq, ""), nil
		}
		return nil, planner.Errorf(n.Name.Pos(), "Type %s does not exist.", n.Name.Name)
	}
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	e.cat.RemoveType(n.Name.Name)
	return status(st.Text, "type/"+n.Name.Name+"/drop", "Dropped type '"+n.Name.Name+"'", seq, ""), nil
}

func (e *Engine) alterSource(ctx context.Context, s *session, st sql.Statement, n *sql.AlterSource) (Entity, error) {
	src, ok := e.cat.Source(n.Name.Name)
	kind := strings.ToLower(n.Kind.String())
	if !ok || src.Table != (n.Kind == sql.KindTable) {
		return nil, planner.Errorf(n.Name.Pos(), "Source %s does not exist.", n.Name.Name)
	}
	if src.IsSource {
		return nil, planner.Errorf(n.Pos(), "Cannot alter %s '%s': ALTER operations are not supported on source %ss.", kind, src.Name, kind)
	}
	if src.QueryID != "" {
		return nil, planner.Errorf(n.Pos(), "ALTER command is not supported for CREATE ... AS statements.")
	}
	cols := append([]planner.Column(nil), src.Columns...)
	for _, el := range n.Columns {
		for _, c := range cols {
			if c.Name == el.Name.Name {
				return nil, planner.Errorf(el.Pos(), "Cannot add column `%s` to schema. A column with the same name already exists.", el.Name.Name)
			}
		}
		t, err := planner.ResolveType(el.Type, e.cat)
		if err != nil {
			return nil, err
		}
		cols = append(cols, planner.Column{Name: el.Name.Name, Type: t})
	}
	seq, err := e.record(ctx, s, st.Text)
	if err != nil {
		return nil, err
	}
	altered := *src
	altered.Columns = cols
	e.cat.Put(&altered)
	return status(st.Text, commandID(src.Kind(), src.Name, "alter"), kindWord(src.Table)+" altered", seq, ""), nil
}

// dropState deletes a terminated query's durable state.
func (e *Engine) dropState(id string) {
	e.cfg.Metrics.Forget(id)
	if e.cfg.DataDir != "" && !e.replaying {
		_ = os.RemoveAll(e.stateDir(id))
	}
}
