package conformance

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// TestCompare runs diffValue over an expected and an actual JSON value (the
// first and second input lines). The actual value is decoded with
// json.Number, or with float64 under "diff float" (a driver returning Go
// floats for DOUBLEs). Regenerate with -rewrite.
func TestCompare(t *testing.T) {
	datadriven.RunTest(t, "testdata/compare", func(t *testing.T, d *datadriven.TestData) string {
		lines := strings.Split(d.Input, "\n")
		if d.Cmd != "diff" || len(lines) != 2 {
			d.Fatalf(t, "want: diff [float] with two lines (expected, actual)")
		}
		exp := decodeJSON(t, lines[0], true)
		act := decodeJSON(t, lines[1], !d.HasArg("float"))
		if diff := diffValue("v", exp, act); diff != "" {
			return diff + "\n"
		}
		return "match\n"
	})
}

func decodeJSON(t *testing.T, s string, useNumber bool) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	if useNumber {
		dec.UseNumber()
	}
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}
