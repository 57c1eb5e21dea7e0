package engine

import (
	"context"
	"sort"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

func (e *Engine) show(ctx context.Context, s *session, st sql.Statement, n *sql.Show) (Entity, error) {
	switch n.Kind {
	case sql.ShowStreams, sql.ShowTables:
		table := n.Kind == sql.ShowTables
		list := []SourceInfoEntry{}
		for _, src := range e.cat.Sources() {
			if src.Table == table {
				list = append(list, SourceInfoEntry{Type: src.Kind(), Name: src.Name, Topic: src.Topic,
					KeyFormat: src.KeyFormat.Name, ValueFormat: src.ValueFormat.Name, IsWindowed: src.Windowed != ""})
			}
		}
		if table {
			return &TablesList{Type: "tables", StatementText: st.Text, Tables: list, Warnings: []Warning{}}, nil
		}
		return &StreamsList{Type: "streams", StatementText: st.Text, Streams: list, Warnings: []Warning{}}, nil
	case sql.ShowQueries:
		list := []RunningQuery{}
		for _, id := range e.queryIDs() {
			list = append(list, e.queries[id].describe())
		}
		return &QueriesList{Type: "queries", StatementText: st.Text, Queries: list, Warnings: []Warning{}}, nil
	case sql.ShowTopics:
		topics, err := e.be.listTopics(ctx)
		if err != nil {
			return nil, Errorf(CodeServerError, "cannot list topics: %v", err)
		}
		return &TopicsList{Type: "kafka_topics", StatementText: st.Text, Topics: topics, Warnings: []Warning{}}, nil
	case sql.ShowProperties:
		list := []Property{}
		for k, v := range s.props {
			list = append(list, Property{Name: k, Scope: "KSQL", Value: v})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		return &PropertiesList{Type: "properties", StatementText: st.Text, Properties: list, Warnings: []Warning{}}, nil
	}
	return nil, Errorf(CodeBadStatement, "SHOW %s is not supported yet", n.Kind)
}

func (e *Engine) describe(st sql.Statement, n *sql.Describe) (Entity, error) {
	src, ok := e.cat.Source(n.Name.Name)
	if !ok {
		return nil, planner.Errorf(n.Name.Pos(), "Could not find STREAM/TABLE '%s' in the Metastore", n.Name.Name)
	}
	d := SourceDescription{Name: src.Name, ReadQueries: []RunningQuery{}, WriteQueries: []RunningQuery{},
		Type: src.Kind(), Timestamp: src.TimestampColumn, Extended: n.Extended, KeyFormat: src.KeyFormat.Name,
		ValueFormat: src.ValueFormat.Name, Topic: src.Topic, Partitions: src.Partitions, Replication: 1,
		Statement: src.SQL, QueryOffsetSummaries: []any{}, SourceConstraints: []string{}}
	if src.Windowed != "" {
		w := src.Windowed
		d.WindowType = &w
	}
	for _, c := range src.Columns {
		f := FieldInfo{Name: c.Name, Schema: SchemaOf(c.Type)}
		if c.Role == planner.KeyColumn {
			f.Type = "KEY"
		}
		d.Fields = append(d.Fields, f)
	}
	for _, id := range e.queryIDs() {
		q := e.queries[id]
		if q.source == src.Name {
			d.ReadQueries = append(d.ReadQueries, q.describe())
		}
		if q.sink == src.Name {
			d.WriteQueries = append(d.WriteQueries, q.describe())
		}
	}
	return &SourceDescriptionEntity{Type: "sourceDescription", StatementText: st.Text, SourceDescription: d, Warnings: []Warning{}}, nil
}

func (e *Engine) explain(st sql.Statement, n *sql.Explain, cfg planner.Config) (Entity, error) {
	var desc QueryDescription
	switch {
	case n.QueryID != nil:
		q, ok := e.queries[n.QueryID.Name]
		if !ok {
			return nil, planner.Errorf(n.QueryID.Pos(), "Query with id:%s does not exist, use SHOW QUERIES to view the full set of queries.", n.QueryID.Name)
		}
		desc = QueryDescription{ID: q.id, StatementText: q.text, Sources: []string{q.source}, Sinks: []string{q.sink},
			ExecutionPlan: planner.Explain(q.plan), State: q.describe().State, QueryType: "PERSISTENT"}
		desc.Fields = fieldsOf(q.plan.Schema())
		desc.Operators, desc.Stats = q.operatorStats()
	default:
		var root planner.Node
		switch s := n.Stmt.(type) {
		case *sql.Query:
			p, err := planner.BuildQuery(s, e.cat, cfg)
			if err != nil {
				return nil, err
			}
			root = p.Root
			desc.Sources = []string{p.Source.Name}
		case *sql.CreateAsSelect:
			p, err := planner.BuildCreateAsSelect(s, st.Text, e.cat, cfg)
			if err != nil {
				return nil, err
			}
			root = p.Sink
			desc.Sources, desc.Sinks = []string{p.Query.Source.Name}, []string{p.Target.Name}
		default:
			return nil, planner.Errorf(n.Pos(), "EXPLAIN is only supported for queries")
		}
		desc.StatementText = st.Text
		desc.ExecutionPlan = planner.Explain(root)
		desc.Fields = fieldsOf(root.Schema())
		desc.QueryType = "PERSISTENT"
	}
	return &QueryDescriptionEntity{Type: "queryDescription", StatementText: st.Text, QueryDescription: desc, Warnings: []Warning{}}, nil
}

func fieldsOf(s *planner.Schema) []FieldInfo {
	var out []FieldInfo
	for _, c := range s.Columns {
		if c.Role == planner.PseudoColumn {
			continue
		}
		f := FieldInfo{Name: c.Name, Schema: SchemaOf(c.Type)}
		if c.Role == planner.KeyColumn {
			f.Type = "KEY"
		}
		out = append(out, f)
	}
	return out
}
