package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Status is the outcome of one test.
type Status string

// Outcomes of a test.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Skip Status = "skip" // needs a schema-registry format or a test-only UDF
)

// Result is the outcome of one test.
type Result struct {
	ID     string `json:"id"`
	File   string `json:"file"`
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"` // why it failed or was skipped
}

// Report holds the results of a run, in test order.
type Report struct {
	Results []Result
	Passed  int
	Failed  int
	Skipped int
}

func newReport(results []Result) *Report {
	r := &Report{Results: results}
	for _, res := range results {
		switch res.Status {
		case Pass:
			r.Passed++
		case Fail:
			r.Failed++
		case Skip:
			r.Skipped++
		}
	}
	return r
}

// Total counts the tests that ran: every test not skipped.
func (r *Report) Total() int { return r.Passed + r.Failed }

// Summary is the last line of every run's output.
func (r *Report) Summary() string {
	return fmt.Sprintf("conformance: %d/%d cases pass, %d skipped", r.Passed, r.Total(), r.Skipped)
}

// FileCount is the tally of one test file.
type FileCount struct {
	File           string
	Passed, Failed int
}

// ByFile tallies passes and failures per file stem, sorted by file.
func (r *Report) ByFile() []FileCount {
	idx := map[string]int{}
	var out []FileCount
	for _, res := range r.Results {
		if res.Status == Skip {
			continue
		}
		i, ok := idx[res.File]
		if !ok {
			i = len(out)
			idx[res.File] = i
			out = append(out, FileCount{File: res.File})
		}
		if res.Status == Pass {
			out[i].Passed++
		} else {
			out[i].Failed++
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// WriteText writes one "FAIL <id>: <reason>" line per failing test, then the
// summary line.
func (r *Report) WriteText(w io.Writer) error {
	for _, res := range r.Results {
		if res.Status == Fail {
			if _, err := fmt.Fprintf(w, "FAIL %s: %s\n", res.ID, res.Reason); err != nil {
				return err
			}
		}
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}

// WriteJSON writes one JSON object per test and line, then the summary line.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, res := range r.Results {
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}
