package conformance

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestConformanceBaseline runs the whole ksqlDB corpus (shared/conformance
// next to the repository; STREAMSQL_CONFORMANCE overrides the path) against
// the real engine and fails if fewer cases pass than recorded in
// testdata/conformance-baseline at the repository root. Raise that number
// when more cases pass; it must never go down.
func TestConformanceBaseline(t *testing.T) {
	root := repoRoot(t)
	corpus := os.Getenv("STREAMSQL_CONFORMANCE")
	if corpus == "" {
		corpus = filepath.Join(root, "..", "shared", "conformance")
	}
	if _, err := os.Stat(corpus); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no conformance corpus at %s", corpus)
	}
	baseline := readBaseline(t, filepath.Join(root, "testdata", "conformance-baseline"))
	rep, err := Run(Options{Paths: []string{corpus}})
	if err != nil {
		t.Fatal(err)
	}
	for _, fc := range rep.ByFile() {
		t.Logf("%-45s %4d/%d", fc.File, fc.Passed, fc.Passed+fc.Failed)
	}
	t.Log(rep.Summary())
	switch {
	case rep.Passed < baseline:
		t.Fatalf("%d cases pass, fewer than the baseline %d (run `streamsql conformance %s` to see the failures)",
			rep.Passed, baseline, corpus)
	case rep.Passed > baseline:
		t.Logf("%d cases pass, more than the baseline %d: raise testdata/conformance-baseline", rep.Passed, baseline)
	}
}

// repoRoot finds the directory holding go.mod above the working directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

func readBaseline(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the baseline: %v", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("%s: want one integer: %v", path, err)
	}
	return n
}
