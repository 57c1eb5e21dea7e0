package exec

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/planner"
)

// TestTask runs the golden files in testdata/. Commands:
//
//	run plan=NAME [batch=N] [accept=N]
//	KEY|VALUE|TIMESTAMP[|HEADERS]
//	----
//	produce ... / log ... / row ... / done ... / error: ...
//
// Each input line is one record of partition 0, offsets counting from 0. An
// empty KEY is a nil key and a VALUE of "null" (or empty) a tombstone.
// HEADERS is k=v;k=v. Records go to Task.Process N at a time (default: all).
// accept=N makes the client refuse rows after N.
//
//	build plan=NAME
//	----
//	ok | error: ...
func TestTask(t *testing.T) {
	defer checkLeaks(t)()
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "run":
				return runPlan(t, d)
			case "build":
				task, err := Build(planArg(t, d)(), Env{QueryID: "Q", Producer: &recorder{}, Client: &recorder{}})
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				task.Close()
				return "ok\n"
			}
			d.Fatalf(t, "unknown command %s", d.Cmd)
			return ""
		})
	})
}

func planArg(t *testing.T, d *datadriven.TestData) func() planner.Node {
	var name string
	d.ScanArgs(t, "plan", &name)
	p, ok := testPlans[name]
	if !ok {
		d.Fatalf(t, "unknown plan %q; have %v", name, sortedKeys(testPlans))
	}
	return p
}

func runPlan(t *testing.T, d *datadriven.TestData) string {
	rec := &recorder{accept: -1}
	if d.HasArg("accept") {
		d.ScanArgs(t, "accept", &rec.accept)
	}
	task, err := Build(planArg(t, d)(), Env{QueryID: "Q", Producer: rec, Log: rec, Client: rec})
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	defer task.Close()
	recs := parseRecords(t, d, task.SourceTopics()[0])
	size := len(recs)
	if d.HasArg("batch") {
		d.ScanArgs(t, "batch", &size)
	}
	for len(recs) > 0 {
		n := min(size, len(recs))
		if err := task.Process(context.Background(), recs[:n]); err != nil {
			rec.lines = append(rec.lines, "error: "+err.Error())
			break
		}
		recs = recs[n:]
	}
	return strings.Join(rec.lines, "\n") + "\n"
}

func parseRecords(t *testing.T, d *datadriven.TestData, topic string) []SourceRecord {
	var recs []SourceRecord
	for i, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) < 3 {
			d.Fatalf(t, "record %q: want KEY|VALUE|TIMESTAMP[|HEADERS]", line)
		}
		ts, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			d.Fatalf(t, "record %q: %v", line, err)
		}
		r := SourceRecord{Topic: topic, Offset: int64(i), Timestamp: ts}
		if f[0] != "" {
			r.Key = []byte(f[0])
		}
		if f[1] != "" && f[1] != "null" {
			r.Value = []byte(f[1])
		}
		if len(f) > 3 {
			r.Headers = parseHeaders(f[3])
		}
		recs = append(recs, r)
	}
	return recs
}

func parseHeaders(s string) []Header {
	var hs []Header
	for _, kv := range strings.Split(s, ";") {
		k, v, _ := strings.Cut(kv, "=")
		hs = append(hs, Header{Key: k, Value: []byte(v)})
	}
	return hs
}
