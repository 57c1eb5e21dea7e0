package engine

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/streamsql/streamsql/exec/kafkaio"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// DESCRIBE STREAMS|TABLES, SHOW ... EXTENDED, SHOW [ALL] TOPICS and the
// dispatch of SHOW statements between this file's variants and show.go.

// SourceDescriptionList is the result of DESCRIBE STREAMS|TABLES [EXTENDED]
// and SHOW STREAMS|TABLES EXTENDED.
type SourceDescriptionList struct {
	Type               string              `json:"@type"`
	StatementText      string              `json:"statementText"`
	SourceDescriptions []SourceDescription `json:"sourceDescriptions"`
	Warnings           []Warning           `json:"warnings"`
}

// TopicEntryExtended is one row of SHOW TOPICS EXTENDED.
type TopicEntryExtended struct {
	Name               string `json:"name"`
	ReplicaInfo        []int  `json:"replicaInfo"`
	ConsumerCount      int    `json:"consumerCount"`
	ConsumerGroupCount int    `json:"consumerGroupCount"`
}

// TopicsListExtended is the result of SHOW [ALL] TOPICS EXTENDED.
type TopicsListExtended struct {
	Type          string               `json:"@type"`
	StatementText string               `json:"statementText"`
	Topics        []TopicEntryExtended `json:"topics"`
	Warnings      []Warning            `json:"warnings"`
}

// QueryDescriptionExtended is one query of SHOW QUERIES EXTENDED.
type QueryDescriptionExtended struct {
	QueryDescription
	WindowType           *string        `json:"windowType"`
	Topology             string         `json:"topology"`
	OverriddenProperties map[string]any `json:"overriddenProperties"`
	QueryErrors          []any          `json:"queryErrors"`
}

// QueryDescriptionList is the result of SHOW QUERIES EXTENDED.
type QueryDescriptionList struct {
	Type              string                     `json:"@type"`
	StatementText     string                     `json:"statementText"`
	QueryDescriptions []QueryDescriptionExtended `json:"queryDescriptions"`
	Warnings          []Warning                  `json:"warnings"`
}

func (*SourceDescriptionList) entityType() string { return "source_descriptions" }
func (*TopicsListExtended) entityType() string    { return "kafka_topics_extended" }
func (*QueryDescriptionList) entityType() string  { return "query_descriptions" }

// showStatement runs SHOW/LIST: the kinds and variants added here, the rest
// through show.go.
func (e *Engine) showStatement(ctx context.Context, s *session, st sql.Statement, n *sql.Show) (Entity, error) {
	switch n.Kind {
	case sql.ShowFunctions:
		return showFunctions(st), nil
	case sql.ShowTypes:
		return e.showTypes(st), nil
	case sql.ShowVariables:
		return showVariables(s, st), nil
	case sql.ShowProperties:
		return e.showProperties(s, st), nil
	case sql.ShowTopics:
		return e.showTopics(ctx, s, st, n)
	case sql.ShowQueries:
		if n.Extended {
			return e.showQueriesExtended(st), nil
		}
	case sql.ShowStreams, sql.ShowTables:
		if n.Extended {
			return e.sourceDescriptions(st, n.Kind == sql.ShowTables, true), nil
		}
	}
	return e.show(ctx, s, st, n)
}

func (e *Engine) describeSources(st sql.Statement, n *sql.DescribeSources) Entity {
	return e.sourceDescriptions(st, n.Kind == sql.KindTable, n.Extended)
}

// sourceDescriptions describes every table (or stream) as DESCRIBE does.
func (e *Engine) sourceDescriptions(st sql.Statement, tables, extended bool) *SourceDescriptionList {
	list := []SourceDescription{}
	for _, src := range e.cat.Sources() {
		if src.Table != tables {
			continue
		}
		ent, err := e.describe(st, &sql.Describe{Name: &sql.Ident{Name: src.Name}, Extended: extended})
		if d, ok := ent.(*SourceDescriptionEntity); ok && err == nil {
			list = append(list, d.SourceDescription)
		}
	}
	return &SourceDescriptionList{Type: "source_descriptions", StatementText: st.Text, SourceDescriptions: list, Warnings: []Warning{}}
}

func (e *Engine) showTopics(ctx context.Context, s *session, st sql.Statement, n *sql.Show) (Entity, error) {
	topics, err := e.topicList(ctx, s, n.All)
	if err != nil {
		return nil, Errorf(CodeServerError, "cannot list topics: %v", err)
	}
	if !n.Extended {
		return &TopicsList{Type: "kafka_topics", StatementText: st.Text, Topics: topics, Warnings: []Warning{}}, nil
	}
	groups := e.consumerGroups()
	list := make([]TopicEntryExtended, len(topics))
	for i, t := range topics {
		list[i] = TopicEntryExtended{Name: t.Name, ReplicaInfo: t.ReplicaInfo, ConsumerCount: groups[t.Name], ConsumerGroupCount: groups[t.Name]}
	}
	return &TopicsListExtended{Type: "kafka_topics_extended", StatementText: st.Text, Topics: list, Warnings: []Warning{}}, nil
}

// consumerGroups counts, per topic, the persistent queries reading it: each
// is one consumer group with one consumer. Transient queries consume without
// a group and are not counted.
func (e *Engine) consumerGroups() map[string]int {
	out := map[string]int{}
	for _, q := range e.queries {
		for _, t := range sourceTopics(q.plan) {
			out[t]++
		}
	}
	return out
}

func (e *Engine) showQueriesExtended(st sql.Statement) *QueryDescriptionList {
	list := []QueryDescriptionExtended{}
	for _, id := range e.queryIDs() {
		q := e.queries[id]
		d := QueryDescriptionExtended{QueryDescription: e.queryDescription(q),
			Topology: planner.Explain(q.plan), OverriddenProperties: map[string]any{}, QueryErrors: []any{}}
		if src, ok := e.cat.Source(q.sink); ok && src.Windowed != "" {
			w := src.Windowed
			d.WindowType = &w
		}
		list = append(list, d)
	}
	return &QueryDescriptionList{Type: "query_descriptions", StatementText: st.Text, QueryDescriptions: list, Warnings: []Warning{}}
}

// queryDescription describes a persistent query as EXPLAIN does.
func (e *Engine) queryDescription(q *persistentQuery) QueryDescription {
	d := QueryDescription{ID: q.id, StatementText: q.text, Fields: fieldsOf(q.plan.Schema()),
		Sources: []string{q.source}, Sinks: []string{q.sink}, ExecutionPlan: planner.Explain(q.plan),
		State: q.describe().State, QueryType: "PERSISTENT"}
	d.Operators, d.Stats = q.operatorStats()
	return d
}

// PropertiesListFull is SHOW PROPERTIES with ksqlDB's lists of the
// properties the request overrode and of those left at their defaults.
type PropertiesListFull struct {
	PropertiesList
	OverwrittenProperties []string `json:"overwrittenProperties"`
	DefaultProperties     []string `json:"defaultProperties"`
}

// propertyDefaults are the settings streamsql reads, at their defaults.
var propertyDefaults = map[string]string{
	"auto.offset.reset":                    "latest",
	"ksql.persistence.default.format.key":  "KAFKA",
	"ksql.query.pull.table.scan.enabled":   "true",
	"ksql.assert.topic.default.timeout.ms": "1000",
}

func (e *Engine) showProperties(s *session, st sql.Statement) *PropertiesListFull {
	out := &PropertiesListFull{PropertiesList: PropertiesList{Type: "properties", StatementText: st.Text,
		Properties: []Property{}, Warnings: []Warning{}}, OverwrittenProperties: []string{}, DefaultProperties: []string{}}
	add := func(name, value string) {
		scope := "KSQL"
		if len(name) < 5 || name[:5] != "ksql." {
			scope = "STREAMS"
		}
		out.Properties = append(out.Properties, Property{Name: name, Scope: scope, Value: value})
	}
	add("ksql.service.id", e.cfg.ServiceID)
	for k, v := range s.props {
		add(k, v)
		if base, ok := e.cfg.Properties[k]; !ok || base != v {
			out.OverwrittenProperties = append(out.OverwrittenProperties, k)
		}
	}
	for k, v := range propertyDefaults {
		if _, set := s.props[k]; !set {
			add(k, v)
			out.DefaultProperties = append(out.DefaultProperties, k)
		}
	}
	sort.Slice(out.Properties, func(i, j int) bool { return out.Properties[i].Name < out.Properties[j].Name })
	sort.Strings(out.OverwrittenProperties)
	sort.Strings(out.DefaultProperties)
	return out
}

// topicList lists the topics sorted by name; unless all, it leaves out the
// hidden ones: those matching the ksql.hidden.topics regular expressions or,
// by default, broker, schema-registry, connect and ksqlDB-internal topics.
func (e *Engine) topicList(ctx context.Context, s *session, all bool) ([]TopicEntry, error) {
	topics, err := e.allTopics(ctx)
	if err != nil || all {
		return topics, err
	}
	hidden := hiddenTopics(s.props["ksql.hidden.topics"])
	out := []TopicEntry{}
	for _, t := range topics {
		if !hidden(t.Name) {
			out = append(out, t)
		}
	}
	return out, nil
}

// allTopics lists every topic, internal ones included.
func (e *Engine) allTopics(ctx context.Context) ([]TopicEntry, error) {
	kb, ok := e.be.(*kafkaBackend)
	if !ok {
		return e.be.listTopics(ctx)
	}
	infos, err := kb.admin.ListTopics(ctx, false)
	if err != nil {
		return nil, err
	}
	out := make([]TopicEntry, len(infos))
	for i, t := range infos {
		reps := make([]int, t.Partitions)
		for j := range reps {
			reps[j] = int(t.Replicas)
		}
		out[i] = TopicEntry{Name: t.Name, ReplicaInfo: reps}
	}
	return out, nil
}

var defaultHiddenTopics = map[string]bool{"_schemas": true, "connect-configs": true,
	"connect-offsets": true, "connect-status": true, "connect-statuses": true}

// hiddenTopics returns the filter for a ksql.hidden.topics setting: a comma
// separated list of regular expressions that must match a whole topic name.
// Entries that do not compile are ignored.
func hiddenTopics(setting string) func(string) bool {
	if strings.TrimSpace(setting) == "" {
		return func(name string) bool { return kafkaio.IsInternalTopic(name) || defaultHiddenTopics[name] }
	}
	var res []*regexp.Regexp
	for _, p := range strings.Split(setting, ",") {
		if re, err := regexp.Compile("^(?:" + strings.TrimSpace(p) + ")$"); err == nil {
			res = append(res, re)
		}
	}
	return func(name string) bool {
		for _, re := range res {
			if re.MatchString(name) {
				return true
			}
		}
		return false
	}
}

// executeMore runs the statements the switch in execute leaves to the files
// of DESCRIBE FUNCTION, DESCRIBE STREAMS|TABLES, PAUSE/RESUME and ASSERT.
func (e *Engine) executeMore(ctx context.Context, s *session, st sql.Statement) (Entity, error) {
	switch n := st.Stmt.(type) {
	case *sql.DescribeFunction:
		return describeFunction(st, n)
	case *sql.DescribeSources:
		return e.describeSources(st, n), nil
	case *sql.Pause:
		return e.pauseResume(ctx, s, st, n.QueryID, n.All, true)
	case *sql.Resume:
		return e.pauseResume(ctx, s, st, n.QueryID, n.All, false)
	case *sql.AssertTopic:
		return e.assertTopic(ctx, s, st, n)
	case *sql.AssertSchema:
		return nil, assertSchema(n)
	case *sql.RunScript:
		return nil, runScript(n)
	case *sql.AssertValues, *sql.AssertTombstone, *sql.AssertSource:
		return nil, testOnlyStatement(st)
	}
	return nil, &Error{Code: CodeBadStatement, Message: fmt.Sprintf("%s statements are not supported yet", statementKind(st.Stmt)), StatementText: st.Text}
}
