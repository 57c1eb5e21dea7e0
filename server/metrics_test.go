package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/metrics"
)

// newEngineServer serves a real in-memory engine (engine.TestDriver) with a
// metrics registry shared by the engine and the server.
func newEngineServer(t *testing.T, opts Options) (*engine.TestDriver, *httptest.Server) {
	t.Helper()
	d, err := engine.NewTestDriver(nil)
	require.NoError(t, err)
	if opts.Metrics == nil {
		opts.Metrics = metrics.New()
	}
	d.Engine().SetMetrics(opts.Metrics)
	ts := httptest.NewServer(New(d.Engine(), opts))
	t.Cleanup(func() { ts.Close(); _ = d.Close() })
	return d, ts
}

func execSQL(t *testing.T, d *engine.TestDriver, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		_, err := d.Engine().Execute(context.Background(), engine.Request{SQL: s})
		require.NoError(t, err, s)
	}
}

func pipe(t *testing.T, d *engine.TestDriver, topic string, ts int64, key, value any) {
	t.Helper()
	require.NoError(t, d.Pipe(engine.TestRecord{Topic: topic, Timestamp: ts, Key: key, Value: value}))
}

func scrape(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	resp, err := http.Get(ts.URL + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Type"), "text/plain")
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// sample returns the value of the series whose line starts with series, or -1.
func sample(text, series string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

func TestMetricsThroughServer(t *testing.T) {
	defer checkNoLeaks(t)
	d, ts := newEngineServer(t, Options{})
	execSQL(t, d,
		`CREATE STREAM s (id STRING KEY, n INT, tag STRING) WITH (kafka_topic='s', value_format='JSON', partitions=1);`,
		`CREATE STREAM big AS SELECT * FROM s WHERE n > 10;`,
		`CREATE TABLE w AS SELECT id, COUNT(*) AS c FROM s WINDOW TUMBLING (SIZE 1 SECOND, GRACE PERIOD 0 SECONDS) GROUP BY id;`,
		`CREATE TABLE totals AS SELECT id, COUNT(*) AS c FROM s GROUP BY id;`)
	ids := queryIDs(t, scrapeQueries(t, d))

	before := scrape(t, ts)
	require.Equal(t, -1.0, sample(before, `streamsql_query_records_in_total{query="`+ids["BIG"]+`"}`), before)

	pipe(t, d, "s", 10_000, "a", map[string]any{"N": 5, "TAG": "x"})
	pipe(t, d, "s", 11_000, "a", map[string]any{"N": 50, "TAG": "y"})
	pipe(t, d, "s", 12_000, "b", map[string]any{"N": 60, "TAG": "z"})
	pipe(t, d, "s", 1_000, "b", map[string]any{"N": 1, "TAG": "late"}) // behind stream time by 11s
	pipe(t, d, "s", 13_000, "b", "not an object")                      // cannot be decoded

	after := scrape(t, ts)
	big := `{query="` + ids["BIG"] + `"}`
	require.Equal(t, 5.0, sample(after, `streamsql_query_records_in_total`+big), after)
	require.Equal(t, 2.0, sample(after, `streamsql_query_records_out_total`+big), after)
	require.GreaterOrEqual(t, sample(after, `streamsql_query_processing_errors_total`+big), 1.0, after)
	win := `{query="` + ids["W"] + `"}`
	require.Equal(t, 1.0, sample(after, `streamsql_query_late_records_dropped_total`+win), after)
	require.Equal(t, -1.0, sample(after, `streamsql_query_late_records_dropped_total`+big), after)
	require.Equal(t, 0.0, sample(after, `streamsql_query_consumer_lag{partition="0",query="`+ids["BIG"]+`",topic="s"}`), after)

	// A pull query through /query is timed; the push subscriber gauge is back to 0 after it.
	resp, err := http.Post(ts.URL+"/query", "application/json", strings.NewReader(`{"ksql":"SELECT * FROM totals WHERE id='a';"}`))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	final := scrape(t, ts)
	require.Equal(t, 1.0, sample(final, `streamsql_pull_query_latency_seconds_count`), final)
	require.Equal(t, 0.0, sample(final, `streamsql_push_subscribers`), final)

	execSQL(t, d, `TERMINATE `+ids["BIG"]+`;`)
	require.Equal(t, -1.0, sample(scrape(t, ts), `streamsql_query_records_in_total`+big))
}

// scrapeQueries lists the persistent queries as SHOW QUERIES reports them.
func scrapeQueries(t *testing.T, d *engine.TestDriver) []engine.RunningQuery {
	t.Helper()
	ents, err := d.Engine().Execute(context.Background(), engine.Request{SQL: "SHOW QUERIES;"})
	require.NoError(t, err)
	require.Len(t, ents, 1)
	ql, ok := ents[0].(*engine.QueriesList)
	require.True(t, ok, "SHOW QUERIES returned %T", ents[0])
	return ql.Queries
}

// queryIDs maps each query's sink to its id.
func queryIDs(t *testing.T, qs []engine.RunningQuery) map[string]string {
	out := map[string]string{}
	for _, q := range qs {
		out[q.Sinks[0]] = q.ID
	}
	require.Len(t, out, 3, "queries: %+v", qs)
	return out
}
