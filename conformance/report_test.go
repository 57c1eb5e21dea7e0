package conformance

import (
	"runtime"
	"testing"
	"time"
)

// TestRunReport checks the report's tallies and that a run leaves no
// goroutine behind, even with a panicking and a hanging test.
func TestRunReport(t *testing.T) {
	before := runtime.NumGoroutine()
	rep, err := Run(Options{Paths: []string{"testdata/corpus"}, Timeout: 200 * time.Millisecond, NewDriver: newFakeDriver})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total() != rep.Passed+rep.Failed || rep.Passed+rep.Failed+rep.Skipped != len(rep.Results) {
		t.Errorf("inconsistent tallies: %+v", rep)
	}
	passed, failed := 0, 0
	for _, fc := range rep.ByFile() {
		passed += fc.Passed
		failed += fc.Failed
	}
	if passed != rep.Passed || failed != rep.Failed {
		t.Errorf("ByFile sums to %d/%d, report says %d/%d", passed, failed, rep.Passed, rep.Failed)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left running, %d before", n, before)
	}
}
