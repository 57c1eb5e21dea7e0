package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	createS   = `CREATE STREAM s (id STRING KEY, name STRING, amount DOUBLE) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=2);`
	createBig = `CREATE STREAM big AS SELECT id, UCASE(name) AS name, amount * 2 AS doubled FROM s WHERE amount > 10 EMIT CHANGES;`
	pushSQL   = `SELECT * FROM s EMIT CHANGES LIMIT 3;`
)

// scenario is the state the steps of TestServerEndToEnd share.
type scenario struct {
	root     *testing.T
	cfg      serverConfig
	srv      *serverProc
	rest     restClient
	kc       kcat
	produced []input // every well-formed record produced to s, in order
	queryID  string  // the CSAS query's id
}

// TestServerEndToEnd drives the real binary through issue 2's flow: DDL,
// a continuous query read back with kcat, push queries over /query-stream and
// /ws/query, SHOW/DESCRIBE/errors, a malformed record, a restart that must not
// re-emit anything, then TERMINATE and DROP.
func TestServerEndToEnd(t *testing.T) {
	kcatBin := kcatOrSkip(t)
	tmp := t.TempDir()
	ports := freePorts(t, 2)
	sc := &scenario{root: t, cfg: serverConfig{
		bin:        buildBinary(t, tmp),
		dataDir:    filepath.Join(tmp, "data"),
		logDir:     tmp,
		listen:     fmt.Sprintf("127.0.0.1:%d", ports[0]),
		brokerAddr: fmt.Sprintf("127.0.0.1:%d", ports[1]),
	}}
	sc.kc = kcat{bin: kcatBin, broker: sc.cfg.brokerAddr}
	sc.start(t, "1")
	steps := []struct {
		name string
		run  func(*testing.T)
	}{
		{"CreateStream", sc.createStream},
		{"CreateStreamAsSelect", sc.createStreamAsSelect},
		{"PushQueries", sc.pushQueries},
		{"ShowDescribeInfo", sc.showDescribeInfo},
		{"BadStatements", sc.badStatements},
		{"MalformedRecord", sc.malformedRecord},
		{"Restart", sc.restart},
		{"TerminateAndDrop", sc.terminateAndDrop},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			t.FailNow() // later steps build on this one
		}
	}
}

func (sc *scenario) start(t *testing.T, run string) {
	sc.srv = startServer(t, sc.root, sc.cfg, run)
	sc.rest = newRESTClient(sc.srv.baseURL())
}

// produce writes ins to topic s and records them in the model.
func (sc *scenario) produce(t *testing.T, ins ...input) {
	t.Helper()
	lines := make([]string, len(ins))
	for i, in := range ins {
		lines[i] = in.line()
	}
	sc.kc.produce(t, "s", lines...)
	sc.produced = append(sc.produced, ins...)
}

// waitBig reads topic BIG until it holds as many records as the model
// expects (or the deadline passes) and requires exactly the expected ones.
func (sc *scenario) waitBig(t *testing.T) []record {
	t.Helper()
	want := expectBig(sc.produced)
	recs := sc.kc.waitRecords(t, "BIG", func(r []record) bool { return len(r) >= len(want) })
	checkBig(t, parseBig(t, recs), want)
	return recs
}

// checkStatus checks a currentStatus entity answering statement.
func checkStatus(t *testing.T, e map[string]any, statement, message string) {
	t.Helper()
	if got := str(t, e, "@type"); got != "currentStatus" {
		t.Fatalf("@type %q, want currentStatus: %s", got, jsonText(e))
	}
	if got := str(t, e, "statementText"); got != statement {
		t.Fatalf("statementText %q, want %q", got, statement)
	}
	if got := str(t, e, "commandStatus", "status"); got != "SUCCESS" {
		t.Fatalf("commandStatus.status %q, want SUCCESS: %s", got, jsonText(e))
	}
	if got := str(t, e, "commandStatus", "message"); message != "" && got != message {
		t.Fatalf("commandStatus.message %q, want %q", got, message)
	}
}

func (sc *scenario) createStream(t *testing.T) {
	e := sc.rest.ksqlOK(t, createS, 1)[0]
	checkStatus(t, e, createS, "Stream created")
	if got := str(t, e, "commandId"); got != "stream/`S`/create" {
		t.Fatalf("commandId %q, want stream/`S`/create", got)
	}
	sc.produce(t, input{"a", "alice", 5}, input{"b", "bob", 20}, input{"c", "carol", 30.5},
		input{"d", "dave", 1}, input{"e", "eve", 50})
}

func (sc *scenario) createStreamAsSelect(t *testing.T) {
	e := sc.rest.ksqlOK(t, createBig, 1)[0]
	checkStatus(t, e, createBig, "")
	sc.queryID = str(t, e, "commandStatus", "queryId")
	if !strings.HasPrefix(sc.queryID, "CSAS_BIG_") {
		t.Fatalf("commandStatus.queryId %q, want CSAS_BIG_<n>", sc.queryID)
	}
	if got, want := str(t, e, "commandStatus", "message"), "Created query with ID "+sc.queryID; got != want {
		t.Fatalf("commandStatus.message %q, want %q", got, want)
	}
	sc.waitBig(t)
}

func (sc *scenario) showDescribeInfo(t *testing.T) {
	es := sc.rest.ksqlOK(t, "SHOW STREAMS; SHOW QUERIES; DESCRIBE s;", 3)
	sc.checkStreams(t, es[0], "SHOW STREAMS;", "BIG", "S")
	sc.checkQueries(t, es[1])
	sc.checkDescribe(t, es[2])

	status, info := sc.rest.getJSON(t, "/info")
	if status != http.StatusOK {
		t.Fatalf("GET /info: status %d, body %s", status, jsonText(info))
	}
	if str(t, info, "KsqlServerInfo", "version") == "" || str(t, info, "KsqlServerInfo", "kafkaClusterId") == "" ||
		str(t, info, "KsqlServerInfo", "ksqlServiceId") != "default_" ||
		str(t, info, "KsqlServerInfo", "serverStatus") != "RUNNING" {
		t.Fatalf("GET /info: %s", jsonText(info))
	}
	status, health := sc.rest.getJSON(t, "/healthcheck")
	if status != http.StatusOK || field(t, health, "isHealthy") != true ||
		field(t, health, "details", "metastore", "isHealthy") != true ||
		field(t, health, "details", "kafka", "isHealthy") != true {
		t.Fatalf("GET /healthcheck: status %d, body %s", status, jsonText(health))
	}
}

// checkStreams checks a SHOW STREAMS entity lists exactly names (sorted).
func (sc *scenario) checkStreams(t *testing.T, e map[string]any, statement string, names ...string) {
	t.Helper()
	if str(t, e, "@type") != "streams" || str(t, e, "statementText") != statement {
		t.Fatalf("SHOW STREAMS answered %s", jsonText(e))
	}
	var got []string
	for _, s := range list(t, e, "streams") {
		name := str(t, s, "name")
		if name == "KSQL_PROCESSING_LOG" {
			continue
		}
		got = append(got, name)
		topic, format := str(t, s, "topic"), str(t, s, "valueFormat")
		if str(t, s, "type") != "STREAM" || format != "JSON" || topic != map[string]string{"S": "s", "BIG": "BIG"}[name] {
			t.Fatalf("SHOW STREAMS lists %s", jsonText(s))
		}
	}
	slices.Sort(got)
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("SHOW STREAMS lists %v, want %v", got, names)
	}
}

// checkQueries checks a SHOW QUERIES entity lists exactly the CSAS query, RUNNING.
func (sc *scenario) checkQueries(t *testing.T, e map[string]any) {
	t.Helper()
	qs := list(t, e, "queries")
	if str(t, e, "@type") != "queries" || len(qs) != 1 {
		t.Fatalf("SHOW QUERIES: want 1 query, got %s", jsonText(e))
	}
	q := qs[0]
	if str(t, q, "id") != sc.queryID || str(t, q, "state") != "RUNNING" || str(t, q, "queryType") != "PERSISTENT" ||
		jsonText(field(t, q, "sinks")) != `["BIG"]` || jsonText(field(t, q, "sinkKafkaTopics")) != `["BIG"]` ||
		!strings.Contains(str(t, q, "queryString"), "CREATE STREAM big AS SELECT") {
		t.Fatalf("SHOW QUERIES: want %s RUNNING writing BIG, got %s", sc.queryID, jsonText(q))
	}
}

func (sc *scenario) checkDescribe(t *testing.T, e map[string]any) {
	t.Helper()
	if str(t, e, "@type") != "sourceDescription" || str(t, e, "statementText") != "DESCRIBE s;" {
		t.Fatalf("DESCRIBE s answered %s", jsonText(e))
	}
	d := field(t, e, "sourceDescription")
	if str(t, d, "name") != "S" || str(t, d, "type") != "STREAM" || str(t, d, "topic") != "s" ||
		str(t, d, "keyFormat") != "KAFKA" || str(t, d, "valueFormat") != "JSON" || num(t, field(t, d, "partitions")) != 2 {
		t.Fatalf("DESCRIBE s: %s", jsonText(d))
	}
	var fields []string
	for _, f := range list(t, d, "fields") {
		desc := str(t, f, "name") + " " + str(t, f, "schema", "type")
		if m := f.(map[string]any); m["type"] == "KEY" {
			desc += " KEY"
		}
		fields = append(fields, desc)
	}
	if got := strings.Join(fields, ", "); got != "ID STRING KEY, NAME STRING, AMOUNT DOUBLE" {
		t.Fatalf("DESCRIBE s fields: %s", got)
	}
	reads := list(t, d, "readQueries")
	if len(reads) != 1 || str(t, reads[0], "id") != sc.queryID {
		t.Fatalf("DESCRIBE s readQueries: want [%s], got %s", sc.queryID, jsonText(reads))
	}
}

// badStatements checks ksqlDB's error JSON for a syntax error and an unknown
// source, with positions as line:col.
func (sc *scenario) badStatements(t *testing.T) {
	cases := []struct{ sql, wantInMessage string }{
		{"SHOW STREAMS;\nCREATE STREEM x (id STRING) WITH (KAFKA_TOPIC='x');", "line 2:8"},
		{"DESCRIBE nope;", "Line: 1, Col: 10"},
	}
	for _, c := range cases {
		status, body := sc.rest.ksql(t, c.sql)
		if status != http.StatusBadRequest || str(t, body, "@type") != "statement_error" ||
			num(t, field(t, body, "error_code")) != 40001 {
			t.Fatalf("POST /ksql %q: want 400 statement_error 40001, got %d %s", c.sql, status, jsonText(body))
		}
		if msg := str(t, body, "message"); !strings.Contains(msg, c.wantInMessage) {
			t.Fatalf("POST /ksql %q: message %q does not say %q", c.sql, msg, c.wantInMessage)
		}
	}
	// Nothing was half-created by the failed requests.
	sc.checkStreams(t, sc.rest.ksqlOK(t, "SHOW STREAMS;", 1)[0], "SHOW STREAMS;", "BIG", "S")
}

// terminateAndDrop stops the CSAS query and drops its stream; afterwards no
// query runs and records produced to s no longer reach BIG.
func (sc *scenario) terminateAndDrop(t *testing.T) {
	terminate := "TERMINATE " + sc.queryID + ";"
	es := sc.rest.ksqlOK(t, terminate+" DROP STREAM big;", 2)
	checkStatus(t, es[0], terminate, "Query terminated.")
	checkStatus(t, es[1], "DROP STREAM big;", "")
	es = sc.rest.ksqlOK(t, "SHOW QUERIES; SHOW STREAMS;", 2)
	if qs := list(t, es[0], "queries"); len(qs) != 0 {
		t.Fatalf("SHOW QUERIES after TERMINATE: %s", jsonText(qs))
	}
	sc.checkStreams(t, es[1], "SHOW STREAMS;", "S")

	before := len(sc.kc.consume(t, "BIG"))
	sc.kc.produce(t, "s", input{"z", "zed", 99}.line())
	time.Sleep(time.Second)
	if after := len(sc.kc.consume(t, "BIG")); after != before {
		t.Fatalf("BIG grew from %d to %d records after its query was terminated", before, after)
	}
}
