package streamsql_test

import (
	"os/exec"
	"strings"
	"testing"
)

// allowedImports is the dependency direction of DESIGN.md: each project
// package may import only the project packages listed for it.
var allowedImports = map[string][]string{
	"sql":           {},
	"types":         {},
	"funcs":         {"types"},
	"planner":       {"sql", "types", "funcs"},
	"exec":          {"planner", "types", "funcs", "exec/serde", "state"},
	"exec/serde":    {"types"},
	"exec/kafkaio":  {"exec"},
	"state":         {},
	"broker":        {},
	"engine":        {"sql", "types", "planner", "exec", "exec/serde", "exec/kafkaio", "state", "funcs", "metrics"},
	"server":        {"engine", "exec/serde", "types", "sql", "web", "metrics"},
	"metrics":       {}, // shared by engine and server; imports no project package
	"conformance":   {"engine", "server", "sql", "types", "exec"},
	"shell":         {"sql"}, // a REST client: no engine dependency
	"e2e":           {},      // drives the built binary only
	"web":           {},
	"bench/nexmark": {}, // drives the built binary; its tests start an engine in-process
}

// TestImportDirection fails when a package imports against the direction
// written in DESIGN.md.
func TestImportDirection(t *testing.T) {
	const module = "github.com/streamsql/streamsql/"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		if strings.HasPrefix(pkg, "cmd/") || fields[0] == strings.TrimSuffix(module, "/") {
			continue // commands wire everything
		}
		allowed, known := allowedImports[pkg]
		if !known {
			t.Errorf("package %s is not in DESIGN.md's dependency map (add it to allowedImports and DESIGN.md)", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, module) {
				if strings.Contains(imp, "cockroachdb/pebble") && pkg != "state" {
					t.Errorf("%s imports pebble: only state may", pkg)
				}
				continue
			}
			dep := strings.TrimPrefix(imp, module)
			if !contains(allowed, dep) {
				t.Errorf("%s imports %s, against the direction in DESIGN.md", pkg, dep)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
