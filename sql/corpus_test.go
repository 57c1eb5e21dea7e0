package sql

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is where the ksqlDB conformance cases live, relative to this
// package; STREAMSQL_CONFORMANCE overrides it.
func corpusDir() string {
	if d := os.Getenv("STREAMSQL_CONFORMANCE"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "conformance")
}

// corpusAllowList holds statements from cases without an expected error
// that this parser rejects on purpose, with the reason.
var corpusAllowList = map[string]string{}

type corpusCase struct {
	Name              string          `json:"name"`
	Statements        []string        `json:"statements"`
	ExpectedException json.RawMessage `json:"expectedException"`
	ExpectedError     json.RawMessage `json:"expectedError"`
}

// TestCorpus parses every statement of every conformance case.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "*", "*.json"))
	if len(files) == 0 {
		t.Skip("conformance corpus not found")
	}
	var total, ok, errCaseFails int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var file struct{ Tests []corpusCase }
		if err := json.Unmarshal(data, &file); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range file.Tests {
			expectsError := len(c.ExpectedException) > 0 || len(c.ExpectedError) > 0
			for _, s := range c.Statements {
				s = strings.ReplaceAll(s, "{FORMAT}", "JSON")
				total++
				if stmts, err := ParseStatements(s); err == nil {
					ok++
					checkCorpusRoundTrip(t, s, stmts)
					continue
				}
				switch {
				case expectsError:
					errCaseFails++
				case corpusAllowList[s] != "":
				default:
					t.Errorf("%s / %s:\n%s", filepath.Base(f), c.Name, FormatError(s, mustErr(ParseStatements(s))))
				}
			}
		}
	}
	t.Logf("parsed %d of %d statements (%d failures in cases expecting an error)", ok, total, errCaseFails)
}

// checkCorpusRoundTrip checks that each statement prints back to text
// that parses to the same tree.
func checkCorpusRoundTrip(t *testing.T, src string, stmts []Statement) {
	t.Helper()
	for _, st := range stmts {
		checkRoundTrip(t, src, st.Stmt, FormatStmt(st.Stmt), func(s string) (Node, error) {
			st, err := ParseStatement(s)
			return st.Stmt, err
		})
	}
}

func mustErr(_ []Statement, err error) error { return err }
