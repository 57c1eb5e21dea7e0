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

// fieldInfos builds the schema frame sent first on /ws/query: ksqlDB's
// FieldInfo list, with "type":"KEY" on key columns.
func fieldInfos(cols []engine.Column) []engine.FieldInfo {
	out := make([]engine.FieldInfo, len(cols))
	for i, c := range cols {
		t := c.Type
		if t == nil {
			t = types.UnknownType
		}
		out[i] = engine.FieldInfo{Name: c.Name, Schema: engine.SchemaOf(t)}
		if c.Key {
			out[i].Type = "KEY"
		}
	}
	return out
}
