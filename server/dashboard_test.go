package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The dashboard is served at "/" and its assets beside it; other unknown
// paths keep ksqlDB's JSON 404.
func TestDashboardRoutes(t *testing.T) {
	ts := httptest.NewServer(testServer(newFakeBackend()))
	defer ts.Close()
	for _, tc := range []struct {
		path, ctype, contains string
		status                int
	}{
		{"/", "text/html", "streamsql dashboard", 200},
		{"/app.js", "javascript", "/ws/query", 200},
		{"/app.css", "text/css", "--accent", 200},
		{"/chart.js", "javascript", "class LineChart", 200},
		{"/nope.js", "application/json", `"error_code":40400`, 404},
	} {
		resp, err := http.Get(ts.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(resp.Header.Get("Content-Type"), tc.ctype) ||
			!strings.Contains(string(body), tc.contains) {
			t.Errorf("GET %s: %d %s, body %.80q; want %d %s containing %q", tc.path,
				resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.status, tc.ctype, tc.contains)
		}
	}
}
