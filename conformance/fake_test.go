package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/streamsql/streamsql/engine"
)

// fakeDriver is a tiny system under test for the runner's own tests. Its
// statements are commands:
//
//	COPY in out                  records piped to in are also written to out
//	CREATE STREAM s AS SELECT * FROM in   COPY in S, and registers source S on topic S
//	SOURCE name stream|table S   registers a source with schema S (rest of line)
//	TOPIC name                   creates a topic
//	PROP k v                     fails unless property k is v
//	ERROR message                fails with message
//	PANIC message                panics
//	HANG                         blocks until the context is done
//	PIPEFAIL message             later pipes fail with message
//
// Its REST handler answers /ksql with one currentStatus per statement and
// "SELECT * FROM t;" on /query with the records piped to t, as
// [key, value] rows, in JSON or protobuf.
type fakeDriver struct {
	mu       sync.Mutex
	props    map[string]string
	topics   map[string][]engine.TestRecord
	copies   map[string][]string
	sources  map[string]engine.SourceInfo
	pipeFail string
	closed   bool
}

func newFakeDriver(props map[string]string) (Driver, error) {
	return &fakeDriver{
		props:   props,
		topics:  map[string][]engine.TestRecord{},
		copies:  map[string][]string{},
		sources: map[string]engine.SourceInfo{},
	}, nil
}

// Execute runs a script of one fake statement per line.
func (d *fakeDriver) Execute(ctx context.Context, script string) error {
	for _, line := range strings.Split(script, "\n") {
		if err := d.executeOne(ctx, line); err != nil {
			return err
		}
	}
	return nil
}

func (d *fakeDriver) executeOne(ctx context.Context, sql string) error {
	cmd, rest, _ := strings.Cut(strings.TrimSuffix(strings.TrimSpace(sql), ";"), " ")
	d.mu.Lock()
	defer d.mu.Unlock()
	switch cmd {
	case "COPY":
		in, out, _ := strings.Cut(rest, " ")
		d.copies[in] = append(d.copies[in], out)
		d.ensure(out)
	case "CREATE": // CREATE STREAM name AS SELECT * FROM in
		f := strings.Fields(rest)
		name, in := strings.ToUpper(f[1]), f[len(f)-1]
		d.sources[name] = engine.SourceInfo{Name: name, Topic: name, KeyFormat: "KAFKA", ValueFormat: "JSON"}
		d.copies[in] = append(d.copies[in], name)
		d.ensure(name)
	case "SOURCE":
		f := strings.SplitN(rest, " ", 3)
		d.sources[f[0]] = engine.SourceInfo{Name: f[0], Table: f[1] == "table", Schema: f[2], KeyFormat: "KAFKA", ValueFormat: "JSON"}
	case "TOPIC":
		d.ensure(rest)
	case "PROP":
		k, v, _ := strings.Cut(rest, " ")
		if d.props[k] != v {
			return &engine.Error{Code: engine.CodeBadStatement, Message: fmt.Sprintf("property %s is %q", k, d.props[k])}
		}
	case "ERROR":
		return &engine.Error{Code: engine.CodeBadStatement, Message: rest}
	case "PANIC":
		panic(rest)
	case "HANG":
		d.mu.Unlock()
		<-ctx.Done()
		d.mu.Lock()
		return ctx.Err()
	case "PIPEFAIL":
		d.pipeFail = rest
	default:
		return &engine.Error{Code: engine.CodeBadStatement, Message: "unknown command " + cmd}
	}
	return nil
}

func (d *fakeDriver) ensure(topic string) {
	if _, ok := d.topics[topic]; !ok {
		d.topics[topic] = nil
	}
}

func (d *fakeDriver) CreateTopic(name string, partitions int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ensure(name)
	return nil
}

func (d *fakeDriver) Pipe(r engine.TestRecord) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pipeFail != "" {
		return fmt.Errorf("%s", d.pipeFail)
	}
	d.topics[r.Topic] = append(d.topics[r.Topic], r)
	for _, out := range d.copies[r.Topic] {
		c := r
		c.Topic = out
		d.topics[out] = append(d.topics[out], c)
	}
	return nil
}

func (d *fakeDriver) Output(topic string) []engine.TestRecord {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]engine.TestRecord(nil), d.topics[topic]...)
}

func (d *fakeDriver) Source(name string) (engine.SourceInfo, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.sources[name]
	return s, ok
}

func (d *fakeDriver) TopicNames() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var names []string
	for n := range d.topics {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (d *fakeDriver) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	return nil
}

func (d *fakeDriver) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ksql", d.serveKsql)
	mux.HandleFunc("POST /query", d.serveQuery)
	return mux
}

type fakeRequest struct {
	Ksql  string         `json:"ksql"`
	Props map[string]any `json:"streamsProperties"`
}

func (d *fakeDriver) serveKsql(w http.ResponseWriter, r *http.Request) {
	var req fakeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var out []map[string]any
	for _, stmt := range strings.Split(req.Ksql, "\n") {
		if err := d.Execute(r.Context(), stmt); err != nil {
			writeFakeError(w, err.Error())
			return
		}
		out = append(out, map[string]any{"@type": "currentStatus", "statementText": stmt,
			"commandStatus": map[string]any{"status": "SUCCESS"}})
	}
	_ = json.NewEncoder(w).Encode(out)
}

func writeFakeError(w http.ResponseWriter, msg string) {
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{"@type": "statement_error", "error_code": 40001, "message": msg})
}

// serveQuery answers "SELECT * FROM t;" with t's records; a property
// "fake.reverse" reverses them, to test unordered comparison.
func (d *fakeDriver) serveQuery(w http.ResponseWriter, r *http.Request) {
	var req fakeRequest
	_ = json.NewDecoder(r.Body).Decode(&req)
	topic, ok := strings.CutPrefix(strings.TrimSuffix(req.Ksql, ";"), "SELECT * FROM ")
	if !ok {
		writeFakeError(w, "cannot run "+req.Ksql)
		return
	}
	recs := d.Output(topic)
	if req.Props["fake.reverse"] == "true" {
		for i, j := 0, len(recs)-1; i < j; i, j = i+1, j-1 {
			recs[i], recs[j] = recs[j], recs[i]
		}
	}
	proto := r.Header.Get("Accept") == mediaProtobuf
	rows := []any{fakeHeader(proto)}
	for _, rec := range recs {
		rows = append(rows, fakeRow(rec, proto))
	}
	rows = append(rows, map[string]any{"finalMessage": "Query Completed"})
	_ = json.NewEncoder(w).Encode(rows)
}

func fakeHeader(proto bool) map[string]any {
	if proto {
		return map[string]any{"header": map[string]any{"queryId": "q1",
			"protoSchema": "syntax = \"proto3\";\n\nmessage ConnectDefault1 {\n  string K = 1;\n  int64 V = 2;\n}\n"}}
	}
	return map[string]any{"header": map[string]any{"queryId": "transient_T_1", "schema": "`K` STRING KEY, `V` BIGINT"}}
}

func fakeRow(rec engine.TestRecord, proto bool) map[string]any {
	if !proto {
		return map[string]any{"row": map[string]any{"columns": []any{rec.Key, rec.Value}}}
	}
	k, _ := rec.Key.(string)
	n, _ := rec.Value.(json.Number).Int64()
	b := append([]byte{0x0a, byte(len(k))}, k...)
	b = append(b, 0x10)
	for v := uint64(n); ; v >>= 7 {
		if v < 0x80 {
			b = append(b, byte(v))
			break
		}
		b = append(b, byte(v)|0x80)
	}
	return map[string]any{"row": map[string]any{"protobufBytes": b}}
}
