package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

// fuzzBackend answers every statement with no entities and every query with
// one row, and hands /inserts-stream to a real engine (in-memory topics), so
// that the fuzzer reaches every decoding step without growing engine state.
type fuzzBackend struct {
	*engine.Engine
}

func (fuzzBackend) Execute(context.Context, engine.Request) ([]engine.Entity, error) {
	return nil, nil
}

func (fuzzBackend) Query(context.Context, engine.Request) (engine.Query, error) {
	q := newFakeQuery("q1", []engine.Column{{Name: "N", Type: types.BigIntType}}, 1)
	q.send(engine.Row{Values: []types.Value{int64(1)}})
	q.finish(&engine.End{Message: "Query Completed"})
	return q, nil
}

func (fuzzBackend) CloseQuery(string) error { return nil }

var fuzzPaths = []string{"/ksql", "/query", "/query-stream", "/inserts-stream"}

// FuzzRequest posts arbitrary bodies to the statement, query and insert
// endpoints: the server must answer each within a second, with no 5xx.
func FuzzRequest(f *testing.F) {
	addRESTSeeds(f)
	for i := range fuzzPaths {
		f.Add(uint8(i), "", `{"target": "s"}`+"\n"+`{"ID": "a", "N": 1, "PRICE": 1.5}`+"\n")
		f.Add(uint8(i), "application/json", `{"sql": "SELECT * FROM s;", "properties": {"a": [1, {"b": null}]}}`)
		f.Add(uint8(i), "application/vnd.ksqlapi.delimited.v1", strings.Repeat("[", 10000))
	}
	d, err := engine.NewTestDriver(nil)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := d.Engine().Execute(context.Background(), engine.Request{SQL: insertsSetup}); err != nil {
		f.Fatal(err)
	}
	ts := httptest.NewServer(New(fuzzBackend{d.Engine()}, Options{Logger: slog.New(slog.DiscardHandler), MaxBodyBytes: 64 << 10}))
	f.Cleanup(func() {
		ts.Close()
		_ = d.Close()
	})
	f.Fuzz(func(t *testing.T, path uint8, accept, body string) {
		url := ts.URL + fuzzPaths[int(path)%len(fuzzPaths)]
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsFunc(accept, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
			accept = "" // the client refuses to send it
		}
		req.Header.Set("Accept", accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST %s %q (accept %q): %v", url, body, accept, err)
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("POST %s %q: reading the answer: %v", url, body, err)
		}
		if err != nil {
			t.Fatalf("POST %s %q: the answer took over 1s", url, body)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("POST %s %q (accept %q): %d %s", url, body, accept, resp.StatusCode, out)
		}
	})
}

// addRESTSeeds adds the request bodies of the datadriven REST tests.
func addRESTSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "rest", "*"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, block := range strings.Split(string(data), "\n\n") {
			lines := strings.SplitN(block, "\n", 2)
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "post /") {
				continue
			}
			path := strings.Fields(lines[0])[1]
			for i, p := range fuzzPaths {
				if p == path {
					f.Add(uint8(i), "", strings.SplitN(lines[1], "\n----", 2)[0])
				}
			}
		}
	}
}
