package sql

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes the parser panic, and that every
// statement it accepts prints back to text that parses to the same tree.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, block := range strings.Split(string(data), "\n\n") {
			lines := strings.SplitN(block, "\n", 2)
			if len(lines) == 2 {
				f.Add(strings.SplitN(lines[1], "\n----", 2)[0])
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, _ = ParseExpr(src)
		_, _ = ParseType(src)
		_, _ = ParseSchema(src)
		_, _ = SplitStatements(src)
		_, _ = Substitute(src, map[string]string{"x": "1"})
		stmts, err := ParseStatements(src)
		if err != nil {
			_ = FormatError(src, err)
			return
		}
		for _, st := range stmts {
			if st.Text != src[st.Pos():st.End()] {
				t.Fatalf("statement text %q does not match its span", st.Text)
			}
			text := FormatStmt(st.Stmt)
			back, err := ParseStatement(text)
			if err != nil {
				t.Fatalf("formatted %q does not parse: %v", text, err)
			}
			if a, b := shape(src, st.Stmt), shape(text, back.Stmt); a != b {
				t.Fatalf("round trip of %q via %q changed the tree:\n%s\n%s", st.Text, text, a, b)
			}
		}
	})
}
