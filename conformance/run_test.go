package conformance

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// TestRun runs the command over synthetic test files with fakeDriver and
// checks its whole output. Regenerate with -rewrite.
func TestRun(t *testing.T) {
	datadriven.RunTest(t, "testdata/run", func(t *testing.T, d *datadriven.TestData) string {
		switch d.Cmd {
		case "run":
			var out, errOut bytes.Buffer
			code := runMain(strings.Fields(d.Input), &out, &errOut, newFakeDriver)
			return fmt.Sprintf("%s%sexit %d\n", out.String(), errOut.String(), code)
		}
		d.Fatalf(t, "unknown command %s", d.Cmd)
		return ""
	})
}
