package server

import (
	"strings"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

// schemaString renders columns as ksqlDB's /query header does:
// "`ID` STRING KEY, `N` BIGINT".
func schemaString(cols []engine.Column) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + c.Name + "` " + typeString(c.Type))
		if c.Key {
			b.WriteString(" KEY")
		}
	}
	return b.String()
}

func typeString(t *types.Type) string {
	if t == nil {
		return types.UnknownType.String()
	}
	return t.String()
}

// streamHeader is the /query-stream header (ksqlDB's QueryResponseMetadata).
type streamHeader struct {
	QueryID     string   `json:"queryId"`
	ColumnNames []string `json:"columnNames"`
	ColumnTypes []string `json:"columnTypes"`
}

func newStreamHeader(q engine.Query) streamHeader {
	cols := q.Columns()
	h := streamHeader{QueryID: q.ID(), ColumnNames: make([]string, len(cols)), ColumnTypes: make([]string, len(cols))}
	for i, c := range cols {
		h.ColumnNames[i] = c.Name
		h.ColumnTypes[i] = typeString(c.Type)
	}
	return h
}

// fieldInfo is ksqlDB's FieldInfo: one column of the WebSocket schema frame.
type fieldInfo struct {
	Name   string      `json:"name"`
	Schema *schemaInfo `json:"schema"`
	Type   string      `json:"type,omitempty"` // "KEY" for key columns
}

// schemaInfo is ksqlDB's SchemaInfo: a type as a tree.
type schemaInfo struct {
	Type         string         `json:"type"`
	Fields       []fieldInfo    `json:"fields"`       // STRUCT only, else null
	MemberSchema *schemaInfo    `json:"memberSchema"` // ARRAY element or MAP value, else null
	Parameters   map[string]int `json:"parameters,omitempty"`
}

// fieldInfos builds the schema frame sent first on /ws/query.
func fieldInfos(cols []engine.Column) []fieldInfo {
	out := make([]fieldInfo, len(cols))
	for i, c := range cols {
		out[i] = fieldInfo{Name: c.Name, Schema: newSchemaInfo(c.Type)}
		if c.Key {
			out[i].Type = "KEY"
		}
	}
	return out
}

func newSchemaInfo(t *types.Type) *schemaInfo {
	if t == nil {
		t = types.UnknownType
	}
	si := &schemaInfo{Type: t.Kind.String()}
	switch t.Kind {
	case types.Array, types.Map:
		si.MemberSchema = newSchemaInfo(t.Elem)
	case types.Struct:
		si.Fields = make([]fieldInfo, len(t.Fields))
		for i, f := range t.Fields {
			si.Fields[i] = fieldInfo{Name: f.Name, Schema: newSchemaInfo(f.Type)}
		}
	case types.Decimal:
		si.Parameters = map[string]int{"precision": t.Precision, "scale": t.Scale}
	}
	return si
}
