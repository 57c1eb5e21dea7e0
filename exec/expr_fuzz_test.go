package exec

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// fuzzSchema is the stream every fuzzed expression is bound against.
const fuzzSchema = `CREATE STREAM s (K STRING KEY, I INT, B BIGINT, D DOUBLE, S STRING,
	BO BOOLEAN, DE DECIMAL(4, 2), ARR ARRAY<INT>, M MAP<STRING, INT>,
	ST STRUCT<A INT, B STRING, N ARRAY<STRUCT<X DOUBLE>>>, TS TIMESTAMP, BT BYTES)
	WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');`

// fuzzValues are the value parts of the rows each expression is evaluated on:
// typical values, all NULL, and edge values.
var fuzzValues = []string{
	`{"I": 5, "B": 9000000000, "D": 2.5, "S": "hello", "BO": true, "DE": 12.34,
	  "ARR": [1, 2, null], "M": {"x": 1, "y": null}, "ST": {"A": 7, "B": "s", "N": [{"X": 1.5}]},
	  "TS": 1700000000000, "BT": "AQID"}`,
	`{}`,
	`{"I": -2147483648, "B": -9223372036854775808, "D": -0.0, "S": "", "BO": false, "DE": -99.99,
	  "ARR": [], "M": {}, "ST": {"N": []}, "TS": 0, "BT": ""}`,
}

// FuzzEval checks that no expression makes the planner, the compiler or an
// evaluator panic or take over a second: errors are fine.
func FuzzEval(f *testing.F) {
	for _, s := range []string{
		"I + B * D", "S || 'x'", "I / 0", "B % 0", "DE * DE * DE", "ARR[1] + M['x']",
		"ST->N[1]->X", "CASE WHEN BO THEN I ELSE NULL END", "CAST(S AS INT)", "S LIKE '%l_o'",
		"TRANSFORM(ARR, x => x * 2)", "REDUCE(ARR, 0, (a, x) => a + x)", "I BETWEEN 1 AND B",
		"SUBSTRING(S, I, B)", "ROWTIME + 1", "FORMAT_TIMESTAMP(TS, 'yyyy')", "-B - 1",
		"ARRAY[I, NULL]", "MAP('k' := D)", "STRUCT(A := I)", "ABS(B)", "LPAD(S, 1000000, 'x')",
	} {
		f.Add(s)
	}
	addSeedInputs(f, filepath.Join("..", "sql", "testdata", "expr"))
	cat, scan := fuzzCatalog(f)
	rows := fuzzRows(f, scan)
	f.Fuzz(func(t *testing.T, src string) {
		withinSecond(t, src, func() { evalOnce(cat, rows, src) })
	})
}

// evalOnce parses, plans, compiles and evaluates src as the only column of a
// SELECT over s. Every error is an acceptable outcome.
func evalOnce(cat *planner.Catalog, rows []types.Row, src string) {
	x, err := sql.ParseExpr(src)
	if err != nil {
		return
	}
	st, err := sql.ParseStatement("SELECT 1 FROM s EMIT CHANGES;")
	if err != nil {
		panic(err)
	}
	q := st.Stmt.(*sql.Query)
	q.Select[0].(*sql.SelectExpr).X = x
	plan, err := planner.BuildQuery(q, cat, planner.Config{})
	if err != nil {
		return
	}
	proj, ok := plan.Root.(*planner.Project)
	if !ok {
		return // aggregates and table functions plan other nodes
	}
	if _, ok := proj.Input.(*planner.Scan); !ok {
		return
	}
	for _, e := range proj.Exprs {
		ev, err := Compile(e)
		if err != nil {
			continue
		}
		for _, r := range rows {
			_, _ = ev(r, nil)
		}
	}
}

// fuzzCatalog builds a catalog holding s and returns s's scan node.
func fuzzCatalog(t testing.TB) (*planner.Catalog, *planner.Scan) {
	st, err := sql.ParseStatement(fuzzSchema)
	if err != nil {
		t.Fatal(err)
	}
	cat := planner.NewCatalog()
	src, err := planner.BuildSource(st.Stmt.(*sql.CreateSource), st.Text, cat, planner.Config{})
	if err != nil {
		t.Fatal(err)
	}
	cat.Put(src)
	st, err = sql.ParseStatement("SELECT * FROM s EMIT CHANGES;")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := planner.BuildQuery(st.Stmt.(*sql.Query), cat, planner.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return cat, plan.Root.(*planner.Project).Input.(*planner.Scan)
}

// fuzzRows lays out fuzzValues as scan rows: key, values, pseudo columns.
func fuzzRows(t testing.TB, scan *planner.Scan) []types.Row {
	cols := make([]serde.Column, len(scan.ValueColumns))
	for i, c := range scan.ValueColumns {
		cols[i] = serde.Column{Name: scan.Out.Columns[c].Name, Type: scan.Out.Columns[c].Type}
	}
	dec, err := serde.NewDecoder(serde.Options{Format: serde.JSON}, cols)
	if err != nil {
		t.Fatal(err)
	}
	var rows []types.Row
	for i, text := range fuzzValues {
		vals, err := dec.Decode([]byte(text))
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		r := make(types.Row, len(scan.Out.Columns))
		for j, c := range scan.ValueColumns {
			r[c] = vals[j]
		}
		if i != 1 {
			r[scan.KeyColumns[0]] = "key"
		}
		for j, c := range scan.Out.Columns {
			switch c.Name {
			case "ROWTIME", "ROWOFFSET":
				r[j] = int64(1700000000000 * (1 - i%2))
			case "ROWPARTITION":
				r[j] = int32(i)
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// addSeedInputs adds the input of every datadriven block in path.
func addSeedInputs(f *testing.F, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	for _, block := range strings.Split(string(data), "\n\n") {
		if lines := strings.SplitN(block, "\n", 2); len(lines) == 2 {
			f.Add(strings.SplitN(lines[1], "\n----", 2)[0])
		}
	}
}

// withinSecond runs fn and fails t if it panics or runs over a second.
func withinSecond(t *testing.T, input string, fn func()) {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
				return
			}
			done <- ""
		}()
		fn()
	}()
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	select {
	case msg := <-done:
		if msg != "" {
			t.Fatalf("input %q: %s", input, msg)
		}
	case <-timer.C:
		t.Fatalf("input %q took over 1s", input)
	}
}
