package engine

import "github.com/streamsql/streamsql/types"

// CommandStatus is the status part of a currentStatus entity.
type CommandStatus struct {
	Status  string  `json:"status"`
	Message string  `json:"message"`
	QueryID *string `json:"queryId"`
}

// CurrentStatus reports a statement that changed the metastore.
type CurrentStatus struct {
	Type                  string        `json:"@type"`
	StatementText         string        `json:"statementText"`
	CommandID             string        `json:"commandId"`
	CommandStatus         CommandStatus `json:"commandStatus"`
	CommandSequenceNumber int64         `json:"commandSequenceNumber"`
	Warnings              []Warning     `json:"warnings"`
}

// Warning is a non-fatal note on an entity.
type Warning struct {
	Message string `json:"message"`
}

// SourceInfoEntry is one row of SHOW STREAMS / SHOW TABLES.
type SourceInfoEntry struct {
	Type        string `json:"type"`
	Name        string `json:"name"`
	Topic       string `json:"topic"`
	KeyFormat   string `json:"keyFormat"`
	ValueFormat string `json:"valueFormat"`
	IsWindowed  bool   `json:"isWindowed"`
}

// StreamsList is the result of SHOW STREAMS.
type StreamsList struct {
	Type          string            `json:"@type"`
	StatementText string            `json:"statementText"`
	Streams       []SourceInfoEntry `json:"streams"`
	Warnings      []Warning         `json:"warnings"`
}

// TablesList is the result of SHOW TABLES.
type TablesList struct {
	Type          string            `json:"@type"`
	StatementText string            `json:"statementText"`
	Tables        []SourceInfoEntry `json:"tables"`
	Warnings      []Warning         `json:"warnings"`
}

// RunningQuery is one row of SHOW QUERIES and of a description's read/write queries.
type RunningQuery struct {
	QueryString     string         `json:"queryString"`
	Sinks           []string       `json:"sinks"`
	SinkKafkaTopics []string       `json:"sinkKafkaTopics"`
	ID              string         `json:"id"`
	StatusCount     map[string]int `json:"statusCount"`
	QueryType       string         `json:"queryType"`
	State           string         `json:"state"`
}

// QueriesList is the result of SHOW QUERIES.
type QueriesList struct {
	Type          string         `json:"@type"`
	StatementText string         `json:"statementText"`
	Queries       []RunningQuery `json:"queries"`
	Warnings      []Warning      `json:"warnings"`
}

// FieldSchema is ksqlDB's JSON description of a type.
type FieldSchema struct {
	Type         string       `json:"type"`
	Parameters   *DecimalArgs `json:"parameters,omitempty"`
	Fields       []FieldInfo  `json:"fields"`
	MemberSchema *FieldSchema `json:"memberSchema"`
}

// DecimalArgs are a DECIMAL's precision and scale in a FieldSchema.
type DecimalArgs struct {
	Precision int `json:"precision"`
	Scale     int `json:"scale"`
}

// FieldInfo is one column or struct field of a description.
type FieldInfo struct {
	Name   string      `json:"name"`
	Schema FieldSchema `json:"schema"`
	Type   string      `json:"type,omitempty"` // KEY for key columns
}

// SchemaOf describes t as ksqlDB's REST API does.
func SchemaOf(t *types.Type) FieldSchema {
	s := FieldSchema{Type: t.Kind.String()}
	switch t.Kind {
	case types.Decimal:
		s.Parameters = &DecimalArgs{Precision: t.Precision, Scale: t.Scale}
	case types.Array, types.Map:
		m := SchemaOf(t.Elem)
		s.MemberSchema = &m
	case types.Struct:
		s.Fields = make([]FieldInfo, len(t.Fields))
		for i, f := range t.Fields {
			s.Fields[i] = FieldInfo{Name: f.Name, Schema: SchemaOf(f.Type)}
		}
	}
	return s
}

// SourceDescription is the body of DESCRIBE.
type SourceDescription struct {
	Name                 string         `json:"name"`
	WindowType           *string        `json:"windowType"`
	ReadQueries          []RunningQuery `json:"readQueries"`
	WriteQueries         []RunningQuery `json:"writeQueries"`
	Fields               []FieldInfo    `json:"fields"`
	Type                 string         `json:"type"`
	Timestamp            string         `json:"timestamp"`
	Statistics           string         `json:"statistics"`
	ErrorStats           string         `json:"errorStats"`
	Extended             bool           `json:"extended"`
	KeyFormat            string         `json:"keyFormat"`
	ValueFormat          string         `json:"valueFormat"`
	Topic                string         `json:"topic"`
	Partitions           int            `json:"partitions"`
	Replication          int            `json:"replication"`
	Statement            string         `json:"statement"`
	QueryOffsetSummaries []any          `json:"queryOffsetSummaries"`
	SourceConstraints    []string       `json:"sourceConstraints"`
}

// SourceDescriptionEntity is the result of DESCRIBE name.
type SourceDescriptionEntity struct {
	Type              string            `json:"@type"`
	StatementText     string            `json:"statementText"`
	SourceDescription SourceDescription `json:"sourceDescription"`
	Warnings          []Warning         `json:"warnings"`
}

// TopicEntry is one row of SHOW TOPICS.
type TopicEntry struct {
	Name        string `json:"name"`
	ReplicaInfo []int  `json:"replicaInfo"`
}

// TopicsList is the result of SHOW TOPICS.
type TopicsList struct {
	Type          string       `json:"@type"`
	StatementText string       `json:"statementText"`
	Topics        []TopicEntry `json:"topics"`
	Warnings      []Warning    `json:"warnings"`
}

// QueryDescriptionEntity is the result of EXPLAIN.
type QueryDescriptionEntity struct {
	Type             string           `json:"@type"`
	StatementText    string           `json:"statementText"`
	QueryDescription QueryDescription `json:"queryDescription"`
	Warnings         []Warning        `json:"warnings"`
}

// QueryDescription describes one query and its plan.
type QueryDescription struct {
	ID            string      `json:"id"`
	StatementText string      `json:"statementText"`
	Fields        []FieldInfo `json:"fields"`
	Sources       []string    `json:"sources"`
	Sinks         []string    `json:"sinks"`
	ExecutionPlan string      `json:"executionPlan"`
	State         string      `json:"state"`
	QueryType     string      `json:"queryType"`
	// Operators and Stats are streamsql additions, set for running
	// persistent queries: rows counted per operator of ExecutionPlan, in its
	// order, and totals for the query. Counters only grow while the query
	// runs; pollers derive rates from differences.
	Operators []OperatorInfo `json:"operators,omitempty"`
	Stats     *QueryStats    `json:"stats,omitempty"`
}

// OperatorInfo counts the rows one operator of a running query has seen.
type OperatorInfo struct {
	Name    string `json:"name"`  // the operator's line of the execution plan
	Depth   int    `json:"depth"` // 0 for the sink, +1 per input level
	RowsIn  int64  `json:"rowsIn"`
	RowsOut int64  `json:"rowsOut"`
}

// QueryStats totals a running query's counters: records consumed, records
// written (rows delivered by its sink) and records skipped with a
// processing-log entry.
type QueryStats struct {
	RecordsIn        int64 `json:"recordsIn"`
	RecordsOut       int64 `json:"recordsOut"`
	ProcessingErrors int64 `json:"processingErrors"`
}

// PropertiesList is the result of SHOW PROPERTIES.
type PropertiesList struct {
	Type          string     `json:"@type"`
	StatementText string     `json:"statementText"`
	Properties    []Property `json:"properties"`
	Warnings      []Warning  `json:"warnings"`
}

// Property is one configuration entry.
type Property struct {
	Name  string `json:"name"`
	Scope string `json:"scope"`
	Value string `json:"value"`
}

func (*CurrentStatus) entityType() string           { return "currentStatus" }
func (*StreamsList) entityType() string             { return "streams" }
func (*TablesList) entityType() string              { return "tables" }
func (*QueriesList) entityType() string             { return "queries" }
func (*SourceDescriptionEntity) entityType() string { return "sourceDescription" }
func (*TopicsList) entityType() string              { return "kafka_topics" }
func (*QueryDescriptionEntity) entityType() string  { return "queryDescription" }
func (*PropertiesList) entityType() string          { return "properties" }
