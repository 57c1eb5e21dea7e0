package web_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/server"
)

var updateDocs = flag.Bool("update-docs", false, "also write the screenshot to docs/dashboard.png")

// TestDashboardInBrowser opens the dashboard in headless Chromium over a
// server on the test driver, runs a push query from the editor, pipes rows
// into its stream and reads the live table and chart from the DOM.
func TestDashboardInBrowser(t *testing.T) {
	chromium := findChromium(t)
	d, err := engine.NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ts := httptest.NewServer(server.New(d.Engine(), server.Options{Logger: slog.New(slog.DiscardHandler)}))
	defer ts.Close()
	for _, sql := range []string{
		`CREATE STREAM readings (sensor STRING KEY, temp DOUBLE, humidity INT)
		   WITH (kafka_topic='readings', value_format='JSON', partitions=1);`,
		`CREATE STREAM hot AS SELECT sensor, temp FROM readings WHERE temp > 25 EMIT CHANGES;`,
		`CREATE TABLE per_sensor AS SELECT sensor, COUNT(*) AS n, MAX(temp) AS max_temp
		   FROM readings GROUP BY sensor EMIT CHANGES;`,
	} {
		if _, err := d.Engine().Execute(context.Background(), engine.Request{SQL: sql}); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}

	ctx, cancel := browser(t, chromium)
	defer cancel()
	run(t, ctx, "open the dashboard",
		chromedp.EmulateViewport(1440, 960),
		chromedp.Navigate(ts.URL+"/?poll=300"),
		waitJS(`[...document.querySelectorAll('#streams .name')].map(e => e.textContent).join() === 'HOT,READINGS'`),
		waitJS(`document.querySelectorAll('#tables .name').length === 1`),
		waitJS(`document.querySelectorAll('#queries li .state.RUNNING').length === 2`),
		chromedp.Click(`#queries li[data-id^="CSAS_HOT"]`, chromedp.ByQuery),
		waitJS(`document.getElementById('explain').textContent.includes('sinks:')`),
		waitJS(`document.querySelectorAll('#operators tr').length === 4`),
	)
	ops := checkOperators(t, ctx, 0, nil)
	run(t, ctx, "run a push query from the editor",
		chromedp.SetValue(`#editor`, `SELECT sensor, temp, humidity FROM readings EMIT CHANGES;`, chromedp.ByID),
		chromedp.Click(`#run`, chromedp.ByID),
		waitJS(`document.querySelectorAll('#rows thead th').length === 3`),
		waitJS(`document.getElementById('chart-col').selectedOptions[0]?.textContent === 'TEMP'`),
	)

	pipe(t, d, 0, 150)
	ops = checkOperators(t, ctx, 150, ops)
	first := chartState(t, ctx, 150)
	pipe(t, d, 150, 400)
	checkOperators(t, ctx, 400, ops)
	second := chartState(t, ctx, 400)
	checkQueryRates(t, ctx)
	if first.Last == second.Last || second.Points <= first.Points {
		t.Errorf("chart did not move: after 150 rows %+v, after 400 rows %+v", first, second)
	}
	if want := temp(399); math.Abs(second.Last-want) > 1e-9 {
		t.Errorf("chart's last point = %v, want the last row's TEMP %v", second.Last, want)
	}
	var rows int
	var top string
	run(t, ctx, "read the live table",
		chromedp.Evaluate(`document.querySelectorAll('#rows tbody tr').length`, &rows),
		chromedp.Evaluate(`document.querySelector('#rows tbody tr').textContent`, &top),
	)
	if rows != 200 { // the editor's default "keep last 200 rows"
		t.Errorf("live table has %d rows, want the last 200", rows)
	}
	if want := fmt.Sprintf("sensor-%d%v%d", 399%3, temp(399), humidity(399)); top != want {
		t.Errorf("newest row = %q, want %q", top, want)
	}
	screenshot(t, ctx)

	// Bursts of 500 rows (the server drops a subscriber more than 1024 rows
	// behind, and the test driver pipes far faster than a broker): the page
	// keeps up and the table stays bounded.
	start := time.Now()
	for from := 400; from < 5400; from += 500 {
		pipe(t, d, from, from+500)
		chartState(t, ctx, from+500)
	}
	if c := chartState(t, ctx, 5400); c.Last != temp(5399) {
		t.Errorf("after the burst the chart ends at %v, want %v", c.Last, temp(5399))
	}
	run(t, ctx, "table stays bounded", waitJS(`document.querySelectorAll('#rows tbody tr').length === 200`))
	t.Logf("5000 rows piped and shown in %v", time.Since(start).Round(time.Millisecond))

	// The test driver's processing log is not a topic: tailing it must end
	// with the server's message, not hang or break the page.
	var plogText string
	run(t, ctx, "tail the processing log",
		chromedp.Click(`#plog-toggle`, chromedp.ByID),
		waitJS(`document.getElementById('plog-status').textContent === 'failed'`),
		chromedp.Evaluate(`document.getElementById('plog').textContent`, &plogText),
	)
	if !strings.Contains(plogText, "default_ksql_processing_log") {
		t.Errorf("tailing the missing processing log topic shows %q, want the server's message naming it", plogText)
	}
}

func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: apt-get install -y chromium")
	return ""
}

// browser starts a fresh headless Chromium; cancel stops it.
func browser(t *testing.T, path string) (context.Context, context.CancelFunc) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profileDir(t)),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	return ctx, func() { cancelTimeout(); cancelTab(); cancelAlloc() }
}

// profileDir returns a Chromium profile directory removed after the test.
// Chromium's helper processes may still write to it for a moment after the
// browser is stopped, which makes t.TempDir's cleanup fail; this one retries.
func profileDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "streamsql-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 40 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("could not remove chromium profile %s", dir)
	})
	return dir
}

// run runs actions; on failure it reports the page's query status and row count.
func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var state string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById('query-status').textContent +
			' · rows ' + document.getElementById('row-count').textContent`, &state))
		t.Fatalf("%s: %v (page: %s)", step, err, state)
	}
}

// waitJS polls a JavaScript condition until it is true.
func waitJS(cond string) chromedp.Action {
	return chromedp.Poll(cond, nil, chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(20*time.Second))
}

func temp(i int) float64 {
	return math.Round((22+6*math.Sin(float64(i)/12)+float64(i%7)*0.3)*100) / 100
}

func humidity(i int) int { return 40 + i%25 }

// pipe feeds readings [from, to) into the stream.
func pipe(t *testing.T, d *engine.TestDriver, from, to int) {
	for i := from; i < to; i++ {
		err := d.Pipe(engine.TestRecord{
			Topic: "readings", Key: fmt.Sprintf("sensor-%d", i%3), Timestamp: int64(1_700_000_000_000 + i*1000),
			Value: map[string]any{
				"TEMP":     json.Number(strconv.FormatFloat(temp(i), 'f', -1, 64)),
				"HUMIDITY": json.Number(strconv.Itoa(humidity(i))),
			},
		})
		if err != nil {
			t.Fatalf("piping reading %d: %v", i, err)
		}
	}
}

// chartPoints is the chart's capacity (CHART_POINTS in app.js).
const chartPoints = 600

type chart struct {
	Points int
	Last   float64
}

// chartState waits until the page has counted rows rows, then reads the chart.
func chartState(t *testing.T, ctx context.Context, rows int) chart {
	t.Helper()
	var raw struct{ Points, Last string }
	run(t, ctx, fmt.Sprintf("wait for %d rows", rows),
		waitJS(fmt.Sprintf(`document.getElementById('row-count').textContent === '%d' &&
			document.getElementById('chart').dataset.points === '%d'`, rows, min(rows, chartPoints))),
		chromedp.Evaluate(`({Points: chart.dataset.points, Last: chart.dataset.last})`, &raw),
	)
	var c chart
	var err error
	if c.Points, err = strconv.Atoi(raw.Points); err == nil {
		c.Last, err = strconv.ParseFloat(raw.Last, 64)
	}
	if err != nil {
		t.Fatalf("chart state %+v: %v", raw, err)
	}
	return c
}

// screenshot saves the page as PNG under $STREAMSQL_ARTIFACTS (or the test's
// temporary directory) and, with -update-docs, as docs/dashboard.png.
func screenshot(t *testing.T, ctx context.Context) {
	var png []byte
	run(t, ctx, "screenshot", chromedp.FullScreenshot(&png, 100))
	dir := os.Getenv("STREAMSQL_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	paths := []string{filepath.Join(dir, "dashboard.png")}
	if *updateDocs {
		paths = append(paths, filepath.Join("..", "docs", "dashboard.png"))
	}
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}

type operatorRow struct {
	Kind, Rate      string
	RowsIn, RowsOut int
}

// checkOperators waits until the operator tree of CSAS_HOT shows the scan
// having read n records, then checks every operator's counts against what
// WHERE temp > 25 lets through, and that the operators whose output grew
// since prev show a positive rate. The page keeps the rate of the poll that
// first saw the new counts until its next poll; the condition and the read
// are one evaluation in the page, so the check cannot straddle two polls.
func checkOperators(t *testing.T, ctx context.Context, n int, prev []operatorRow) []operatorRow {
	t.Helper()
	hot := 0
	for i := range n {
		if temp(i) > 25 {
			hot++
		}
	}
	var ops []operatorRow
	run(t, ctx, fmt.Sprintf("operator counts after %d rows", n),
		chromedp.Poll(fmt.Sprintf(`document.querySelector('#operators tr:last-child')?.dataset.rowsIn === '%d' &&
			[...document.querySelectorAll('#operators tr')].map(tr => ({
				Kind: tr.querySelector('.kind').textContent.replace('└ ', ''), Rate: tr.dataset.rate,
				RowsIn: +tr.dataset.rowsIn, RowsOut: +tr.dataset.rowsOut}))`, n), &ops,
			chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)),
	)
	want := []operatorRow{
		{Kind: "TopicSink", RowsIn: hot, RowsOut: hot},
		{Kind: "Project", RowsIn: hot, RowsOut: hot},
		{Kind: "Filter", RowsIn: n, RowsOut: hot},
		{Kind: "Scan", RowsIn: n, RowsOut: n},
	}
	if len(ops) != len(want) {
		t.Fatalf("after %d rows the operator tree shows %+v, want %d operators", n, ops, len(want))
	}
	for i, w := range want {
		g := ops[i]
		if g.Kind != w.Kind || g.RowsIn != w.RowsIn || g.RowsOut != w.RowsOut {
			t.Errorf("after %d rows operator %d = %+v, want %+v", n, i, g, w)
		}
		if r, err := strconv.ParseFloat(g.Rate, 64); i < len(prev) && g.RowsOut > prev[i].RowsOut && (err != nil || r <= 0) {
			t.Errorf("after %d rows operator %s shows rate %q, want > 0", n, g.Kind, g.Rate)
		}
	}
	return ops
}

// checkQueryRates reads the sidebar's rates and error counts of the queries.
func checkQueryRates(t *testing.T, ctx context.Context) {
	t.Helper()
	var text string
	run(t, ctx, "query rates in the sidebar",
		waitJS(`[...document.querySelectorAll('#queries li .rate')].every(s => s.textContent.includes(' in · '))`),
		chromedp.Evaluate(`document.querySelector('#queries li[data-id^="CSAS_HOT"] .rate').textContent`, &text),
	)
	if !strings.Contains(text, "/s in") && !strings.Contains(text, "– in") {
		t.Errorf("CSAS_HOT's sidebar rate reads %q, want records in and out per second", text)
	}
}
