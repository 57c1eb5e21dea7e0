package nexmark

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// Report is the outcome of a run, written as JSON by --out.
type Report struct {
	Started    string   `json:"started"` // RFC 3339
	Events     int64    `json:"events"`
	Counts     Counts   `json:"counts"`
	Seed       uint64   `json:"seed"`
	Partitions int      `json:"partitions"`
	CPUs       int      `json:"cpus"`
	GoVersion  string   `json:"go_version"`
	LoadSec    float64  `json:"load_sec"` // time to write the events
	Results    []Result `json:"results"`
	Latency    *Latency `json:"push_latency,omitempty"`
	Notes      []string `json:"notes,omitempty"`
}

// Result is the measurement of one query.
type Result struct {
	Query  string `json:"query"`
	Title  string `json:"title"`
	Status string `json:"status"` // ok, failed (ran but did not finish), unsupported (the engine refused it)
	Error  string `json:"error,omitempty"`
	Note   string `json:"note,omitempty"`

	Events       int64   `json:"events"`   // input events
	Output       int64   `json:"output"`   // records written to the sink(s)
	WallSec      float64 `json:"wall_sec"` // from submission until all input was processed
	ServerCPUSec float64 `json:"server_cpu_sec"`
	BrokerCPUSec float64 `json:"broker_cpu_sec"`
	EventsPerCPU float64 `json:"events_per_server_cpu_sec"`
	EventsPerSec float64 `json:"events_per_wall_sec"`
	Goal         float64 `json:"goal_events_per_cpu_sec,omitempty"` // issue 8's goal
	OfGoal       float64 `json:"of_goal,omitempty"`                 // EventsPerCPU / Goal

	Baseline *BaselineResult `json:"baseline,omitempty"`
	Ratio    float64         `json:"engine_over_baseline,omitempty"` // EventsPerCPU / baseline's
	Pull     *PullResult     `json:"pull,omitempty"`
}

// BaselineResult is the hand-written franz-go program's measurement.
type BaselineResult struct {
	Events       int64   `json:"events"`
	Output       int64   `json:"output"`
	WallSec      float64 `json:"wall_sec"`
	CPUSec       float64 `json:"cpu_sec"`
	EventsPerCPU float64 `json:"events_per_cpu_sec"`
	Error        string  `json:"error,omitempty"`
}

// PullResult is the pull-query load test of a table.
type PullResult struct {
	Clients int     `json:"clients"`
	Queries int64   `json:"queries"`
	Errors  int64   `json:"errors"`
	Empty   int64   `json:"empty"` // answers without a row
	QPS     float64 `json:"qps"`
	P50Ms   float64 `json:"p50_ms"`
	P99Ms   float64 `json:"p99_ms"`
	Error   string  `json:"error,omitempty"`
}

// Latency is the push-query latency test.
type Latency struct {
	Query   string  `json:"query"`
	RatePS  float64 `json:"rate_per_sec"` // produced records per second
	Sent    int64   `json:"sent"`
	Got     int64   `json:"received"`
	P50Ms   float64 `json:"p50_ms"`
	P99Ms   float64 `json:"p99_ms"`
	MaxMs   float64 `json:"max_ms"`
	RateSrc string  `json:"rate_source"` // how the rate was chosen
	Error   string  `json:"error,omitempty"`
}

// WriteJSON writes the report to path, indented.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// WriteTable prints the report as a table.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "Nexmark: %d events (%d persons, %d auctions, %d bids), seed %d, %d partitions, %d CPUs, %s\n",
		r.Events, r.Counts.Persons, r.Counts.Auctions, r.Counts.Bids, r.Seed, r.Partitions, r.CPUs, r.GoVersion)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "query\tevents\toutput\twall s\tserver cpu s\tbroker cpu s\tev/cpu-s\tof goal\tev/s\tbaseline ev/cpu-s\tratio\tpull qps\tpull p99 ms\t")
	for _, res := range r.Results {
		if res.Status != "ok" {
			fmt.Fprintf(tw, "%s\t%s\t\t\t\t\t\t\t\t\t\t\t\t\n", res.Query, res.Status)
			continue
		}
		goal, base, ratio, qps, p99 := "", "", "", "", ""
		if res.Goal > 0 {
			goal = fmt.Sprintf("%.2f", res.OfGoal)
		}
		if b := res.Baseline; b != nil {
			base = "error"
			if b.Error == "" {
				base, ratio = human(b.EventsPerCPU), fmt.Sprintf("%.2f", res.Ratio)
			}
		}
		if p := res.Pull; p != nil {
			qps, p99 = fmt.Sprintf("%.0f", p.QPS), fmt.Sprintf("%.2f", p.P99Ms)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", res.Query, res.Events, res.Output,
			res.WallSec, res.ServerCPUSec, res.BrokerCPUSec, human(res.EventsPerCPU), goal, human(res.EventsPerSec), base, ratio, qps, p99)
	}
	tw.Flush()
	for _, res := range r.Results {
		if res.Status != "ok" {
			fmt.Fprintf(w, "%s %s: %s\n", res.Query, res.Status, trim(res.Error, 300))
		}
		if p := res.Pull; p != nil && p.Queries == 0 {
			fmt.Fprintf(w, "%s pull: no pull query completed within the test\n", res.Query)
		} else if p != nil && (p.Errors > 0 || p.Empty > 0) {
			fmt.Fprintf(w, "%s pull: %d errors, %d empty answers of %d: %s\n", res.Query, p.Errors, p.Empty, p.Queries, trim(p.Error, 200))
		}
	}
	if l := r.Latency; l != nil {
		if l.Sent > 0 {
			fmt.Fprintf(w, "push latency (%s) at %.0f records/s (%s): p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d/%d received)\n",
				l.Query, l.RatePS, l.RateSrc, l.P50Ms, l.P99Ms, l.MaxMs, l.Got, l.Sent)
		}
		if l.Error != "" {
			fmt.Fprintf(w, "push latency: %s\n", l.Error)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
}

// human prints a rate with a k or M suffix.
func human(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

func trim(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
