package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

// TestREST drives the REST endpoints against a scripted backend; see
// testdata/rest/*. Commands:
//
//	query id=.. cols=(NAME TYPE [KEY], ...) [pull] [end=(msg)] [fail-code=N fail-message=(..)]
//	    rows, one JSON array per line: the next Query call returns them
//	query-error code=N message=(..) [statement=(..)]   every Query call fails
//	execute [code=N message=(..) statement=(..)]       Execute's result: one
//	    currentStatus per input line, or an error
//	health metastore=bool kafka=bool
//	post <path> [accept=..]   input is the body; prints status, type, body
//	get <path> [accept=..]
//	last-request              the engine.Request the backend saw last
//	closed                    ids passed to CloseQuery
func TestREST(t *testing.T) {
	defer checkNoLeaks(t)
	datadriven.Walk(t, "testdata/rest", func(t *testing.T, path string) {
		b := newFakeBackend()
		ts := httptest.NewServer(New(b, Options{Logger: slog.New(slog.DiscardHandler), MaxBodyBytes: 4096}))
		defer ts.Close()
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			return runRESTCommand(t, b, ts, d)
		})
	})
}

func runRESTCommand(t *testing.T, b *fakeBackend, ts *httptest.Server, d *datadriven.TestData) string {
	switch d.Cmd {
	case "query":
		q := scriptQuery(t, d)
		b.queryErr = nil
		b.addQuery(q)
	case "query-error":
		b.queryErr = argError(d)
	case "execute":
		b.execErr, b.entities = nil, nil
		if d.HasArg("code") {
			b.execErr = argError(d)
		}
		for _, line := range nonEmptyLines(d.Input) {
			b.entities = append(b.entities, &engine.CurrentStatus{
				Type: "currentStatus", StatementText: line, CommandID: "stream/X/create",
				CommandStatus: engine.CommandStatus{Status: "SUCCESS", Message: "Stream created"},
				Warnings:      []engine.Warning{},
			})
		}
	case "health":
		b.health = [2]bool{argBool(d, "metastore"), argBool(d, "kafka")}
	case "post", "get":
		return doRequest(t, ts, d)
	case "last-request":
		r := b.lastRequest()
		return fmt.Sprintf("sql: %s\nproperties: %s\nsessionVariables: %s\n",
			r.SQL, sortedMap(r.Properties), sortedMap(r.SessionVariables))
	case "closed":
		return strings.Join(b.closed, "\n") + "\n"
	default:
		t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
	}
	return ""
}

func doRequest(t *testing.T, ts *httptest.Server, d *datadriven.TestData) string {
	method := strings.ToUpper(d.Cmd)
	path := d.CmdArgs[0].Key
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(d.Input))
	if err != nil {
		t.Fatal(err)
	}
	if d.HasArg("accept") {
		req.Header.Set("Accept", argString(d, "accept"))
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", d.Pos, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: reading body: %v", d.Pos, err)
	}
	ctype := resp.Header.Get("Content-Type")
	checkJSON(t, d, ctype, body)
	out := fmt.Sprintf("%d %s\n%s", resp.StatusCode, ctype, body)
	if loc := resp.Header.Get("Location"); loc != "" {
		out += "Location: " + loc + "\n"
	}
	if len(body) > 0 && !strings.HasSuffix(out, "\n") {
		out += "\n(no trailing newline)\n"
	}
	return out
}

// checkJSON fails the test unless body is valid JSON (one value, or one per
// line for the delimited format).
func checkJSON(t *testing.T, d *datadriven.TestData, ctype string, body []byte) {
	if len(body) == 0 {
		return
	}
	chunks := [][]byte{body}
	if ctype == mediaDelimited {
		chunks = nil
		for _, l := range strings.Split(strings.TrimSuffix(string(body), "\n"), "\n") {
			chunks = append(chunks, []byte(l))
		}
	}
	for _, c := range chunks {
		if !json.Valid(c) {
			t.Errorf("%s: response is not valid JSON: %q", d.Pos, c)
		}
	}
}

func scriptQuery(t *testing.T, d *datadriven.TestData) *fakeQuery {
	var cols []engine.Column
	for _, spec := range argVals(d, "cols") {
		f := strings.Fields(spec)
		cols = append(cols, engine.Column{Name: f[0], Type: parseType(t, f[1]), Key: len(f) > 2 && f[2] == "KEY"})
	}
	rows := nonEmptyLines(d.Input)
	q := newFakeQuery(argString(d, "id"), cols, len(rows))
	q.pull = d.HasArg("pull")
	for _, line := range rows {
		q.send(engine.Row{Values: parseRow(t, line, cols)})
	}
	var end error = &engine.End{Message: argString(d, "end")}
	if d.HasArg("fail-code") {
		code, _ := strconv.Atoi(argString(d, "fail-code"))
		end = &engine.Error{Code: code, Message: argString(d, "fail-message")}
	}
	q.finish(end)
	return q
}

func parseType(t *testing.T, s string) *types.Type {
	switch {
	case strings.HasPrefix(s, "ARRAY<"):
		return types.ArrayOf(parseType(t, strings.TrimSuffix(strings.TrimPrefix(s, "ARRAY<"), ">")))
	case strings.HasPrefix(s, "DECIMAL("):
		var p, sc int
		if _, err := fmt.Sscanf(s, "DECIMAL(%d;%d)", &p, &sc); err != nil {
			t.Fatalf("bad type %q (write DECIMAL(p;s)): %v", s, err)
		}
		return types.DecimalOf(p, sc)
	}
	for _, k := range []types.Kind{types.Boolean, types.Int, types.BigInt, types.Double, types.String,
		types.Bytes, types.Timestamp, types.Date, types.Time} {
		if k.String() == s {
			return &types.Type{Kind: k}
		}
	}
	t.Fatalf("unknown type %q", s)
	return nil
}

func parseRow(t *testing.T, line string, cols []engine.Column) []types.Value {
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil || len(raw) != len(cols) {
		t.Fatalf("bad row %q for %d columns: %v", line, len(cols), err)
	}
	vals := make([]types.Value, len(raw))
	for i, v := range raw {
		vals[i] = toValue(t, v, cols[i].Type)
	}
	return vals
}

func toValue(t *testing.T, v any, typ *types.Type) types.Value {
	if v == nil {
		return nil
	}
	n, _ := v.(json.Number)
	switch typ.Kind {
	case types.Int:
		i, _ := n.Int64()
		return int32(i)
	case types.BigInt:
		i, _ := n.Int64()
		return i
	case types.Double:
		f, _ := n.Float64()
		return f
	case types.Decimal:
		u, _ := new(big.Int).SetString(strings.Replace(n.String(), ".", "", 1), 10)
		return types.Dec{Unscaled: u, Scale: int32(typ.Scale)}
	case types.Timestamp:
		i, _ := n.Int64()
		return types.TimestampValue(i)
	case types.Array:
		var out []types.Value
		for _, e := range v.([]any) {
			out = append(out, toValue(t, e, typ.Elem))
		}
		return out
	}
	return v // bool, string
}

func argVals(d *datadriven.TestData, key string) []string {
	for _, a := range d.CmdArgs {
		if a.Key == key {
			return a.Vals
		}
	}
	return nil
}

// argString rejoins a value that datadriven split at commas.
func argString(d *datadriven.TestData, key string) string {
	return strings.Join(argVals(d, key), ", ")
}

func argBool(d *datadriven.TestData, key string) bool { return argString(d, key) == "true" }

func argError(d *datadriven.TestData) *engine.Error {
	code, _ := strconv.Atoi(argString(d, "code"))
	return &engine.Error{Code: code, Message: argString(d, "message"), StatementText: argString(d, "statement")}
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func sortedMap(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v (%T)", k, m[k], m[k])
	}
	return strings.Join(parts, " ")
}
