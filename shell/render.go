package shell

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
)

// renderEntities prints the entities of a /ksql answer.
func renderEntities(w io.Writer, format string, ents []json.RawMessage) {
	if format == formatJSON {
		writeJSON(w, ents)
		return
	}
	for _, e := range ents {
		renderEntity(w, e)
	}
}

func writeJSON(w io.Writer, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fmt.Fprintf(w, "cannot print the answer as JSON: %v\n", err)
		return
	}
	fmt.Fprintf(w, "%s\n", b)
}

// renderEntity prints one entity as a table, choosing the columns by its
// @type; entities of unknown types print their first list of objects, or JSON.
func renderEntity(w io.Writer, raw json.RawMessage) {
	var e map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&e); err != nil {
		fmt.Fprintf(w, "%s\n", raw)
		return
	}
	switch e["@type"] {
	case "currentStatus":
		st, _ := e["commandStatus"].(map[string]any)
		writeTable(w, []string{"Message"}, [][]string{{cell(st["message"])}})
	case "streams":
		writeSources(w, "Stream Name", e["streams"])
	case "tables":
		writeSources(w, "Table Name", e["tables"])
	case "queries":
		writeObjects(w, e["queries"], []string{"id", "queryType", "state", "sinks", "sinkKafkaTopics", "queryString"},
			[]string{"Query ID", "Query Type", "Status", "Sink Name", "Sink Kafka Topic", "Query String"})
	case "kafka_topics":
		writeObjects(w, e["topics"], []string{"name", "replicaInfo"}, []string{"Kafka Topic", "Partitions"})
	case "properties":
		writeObjects(w, e["properties"], []string{"name", "scope", "value"}, []string{"Property", "Scope", "Value"})
	case "sourceDescription":
		writeDescription(w, e["sourceDescription"])
	default:
		writeGeneric(w, e)
	}
	writeWarnings(w, e["warnings"])
}

func writeSources(w io.Writer, title string, list any) {
	writeObjects(w, list, []string{"name", "topic", "keyFormat", "valueFormat", "isWindowed"},
		[]string{title, "Kafka Topic", "Key Format", "Value Format", "Windowed"})
}

// writeObjects prints a list of objects, one row each, with the given keys
// as columns under the given titles.
func writeObjects(w io.Writer, list any, keys, titles []string) {
	items, _ := list.([]any)
	rows := make([][]string, 0, len(items))
	for _, it := range items {
		obj, _ := it.(map[string]any)
		row := make([]string, len(keys))
		for i, k := range keys {
			row[i] = cell(obj[k])
		}
		rows = append(rows, row)
	}
	writeTable(w, titles, rows)
}

func writeDescription(w io.Writer, d any) {
	desc, _ := d.(map[string]any)
	fmt.Fprintf(w, "\nName                 : %s\n", cell(desc["name"]))
	fields, _ := desc["fields"].([]any)
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		fi, _ := f.(map[string]any)
		schema, _ := fi["schema"].(map[string]any)
		typ := cell(schema["type"])
		if k := cell(fi["type"]); k == "KEY" {
			typ += "   (key)"
		}
		rows = append(rows, []string{cell(fi["name"]), typ})
	}
	writeTable(w, []string{"Field", "Type"}, rows)
	fmt.Fprintf(w, "For runtime statistics and query details run: DESCRIBE <Stream,Table> EXTENDED;\n")
}

// writeGeneric prints the first list of objects in e as a table, else e as JSON.
func writeGeneric(w io.Writer, e map[string]any) {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		items, ok := e[k].([]any)
		if !ok || k == "warnings" || len(items) == 0 {
			continue
		}
		first, ok := items[0].(map[string]any)
		if !ok {
			continue
		}
		cols := make([]string, 0, len(first))
		for c := range first {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		writeObjects(w, items, cols, cols)
		return
	}
	writeJSON(w, e)
}

func writeWarnings(w io.Writer, v any) {
	ws, _ := v.([]any)
	for _, x := range ws {
		m, _ := x.(map[string]any)
		fmt.Fprintf(w, "WARNING: %s\n", cell(m["message"]))
	}
}

func writeTable(w io.Writer, titles []string, rows [][]string) {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleDefault)
	hdr := make(table.Row, len(titles))
	for i, s := range titles {
		hdr[i] = s
	}
	t.AppendHeader(hdr, table.RowConfig{AutoMerge: false})
	for _, r := range rows {
		row := make(table.Row, len(r))
		for i, s := range r {
			row[i] = s
		}
		t.AppendRow(row)
	}
	t.Style().Format.Header = 0 // keep the titles' case
	t.Render()
}

// cell formats a decoded JSON value for a table cell.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = cell(p)
		}
		return strings.Join(parts, ", ")
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}
