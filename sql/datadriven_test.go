package sql

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// TestData runs the golden files in testdata/. Rewrite them with
// go test ./sql -rewrite.
//
// Commands:
//
//	parse      script → each statement's tree and formatted text, or the error
//	expr       expression → tree and formatted text, or the error
//	type       type → tree and formatted text, or the error
//	schema     column list → trees, or the error
//	split      script → statement texts
//	scan       text → tokens
//	substitute name=value ... → substituted text, or the error
func TestData(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			return runCommand(t, d)
		})
	})
}

func runCommand(t *testing.T, d *datadriven.TestData) string {
	src := d.Input
	switch d.Cmd {
	case "parse":
		stmts, err := ParseStatements(src)
		if err != nil {
			return FormatError(src, err) + "\n"
		}
		var b strings.Builder
		for _, st := range stmts {
			b.WriteString(Dump(src, st))
			formatted := FormatStmt(st.Stmt)
			fmt.Fprintf(&b, "format: %s\n", formatted)
			checkRoundTrip(t, src, st.Stmt, formatted, func(s string) (Node, error) {
				st, err := ParseStatement(s)
				return st.Stmt, err
			})
		}
		return b.String()
	case "expr":
		return dumpOne(t, src, func(s string) (Node, error) { return ParseExpr(s) },
			func(n Node) string { return FormatExpr(n.(Expr)) })
	case "ksql":
		return runKsqlFormat(src)
	case "type":
		return dumpOne(t, src, func(s string) (Node, error) { return ParseType(s) },
			func(n Node) string { return FormatType(n.(Type)) })
	case "schema":
		els, err := ParseSchema(src)
		if err != nil {
			return FormatError(src, err) + "\n"
		}
		return Dump(src, els)
	case "split":
		return runSplit(src)
	case "scan":
		return runScan(src)
	case "substitute":
		return runSubstitute(d, src)
	}
	d.Fatalf(t, "unknown command %q", d.Cmd)
	return ""
}

// dumpOne parses src, prints the tree and its formatted text, and checks
// that the formatted text parses back to the same tree.
func dumpOne(t *testing.T, src string, parse func(string) (Node, error), format func(Node) string) string {
	n, err := parse(src)
	if err != nil {
		return FormatError(src, err) + "\n"
	}
	formatted := format(n)
	checkRoundTrip(t, src, n, formatted, parse)
	return Dump(src, n) + "format: " + formatted + "\n"
}

var positions = regexp.MustCompile(" @[0-9]+:[0-9]+-[0-9]+:[0-9]+|`")

// shape is a tree's dump without positions and quoting.
func shape(src string, n any) string { return positions.ReplaceAllString(Dump(src, n), "") }

func checkRoundTrip(t *testing.T, src string, n Node, formatted string, parse func(string) (Node, error)) {
	t.Helper()
	back, err := parse(formatted)
	if err != nil {
		t.Errorf("formatted text does not parse: %s\n%s", formatted, FormatError(formatted, err))
		return
	}
	if a, b := shape(src, n), shape(formatted, back); a != b {
		t.Errorf("round trip changed the tree:\nformatted: %s\nbefore:\n%s\nafter:\n%s", formatted, a, b)
	}
}

func runSplit(src string) string {
	texts, err := SplitStatements(src)
	if err != nil {
		return FormatError(src, err) + "\n"
	}
	var b strings.Builder
	for _, s := range texts {
		fmt.Fprintf(&b, "%q\n", s)
	}
	return b.String()
}

func runScan(src string) string {
	var b strings.Builder
	var s Scanner
	s.Init(src, func(pos Pos, msg string) {
		l, c := pos.LineCol(src)
		fmt.Fprintf(&b, "error %d:%d: %s\n", l, c, msg)
	})
	for {
		pos, tok, lit := s.Scan()
		l, c := pos.LineCol(src)
		fmt.Fprintf(&b, "%d:%d %s %q\n", l, c, tok, lit)
		if tok == EOF || tok == ILLEGAL {
			return b.String()
		}
	}
}

func runSubstitute(d *datadriven.TestData, src string) string {
	vars := map[string]string{}
	for _, a := range d.CmdArgs {
		vars[a.Key] = strings.Join(a.Vals, ",")
	}
	out, err := Substitute(src, vars)
	if err != nil {
		return FormatError(src, err) + "\n"
	}
	return out + "\n"
}

// runKsqlFormat prints each line's expression as ksqlDB prints it in messages.
func runKsqlFormat(src string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(src), "\n") {
		e, err := ParseExpr(line)
		if err != nil {
			b.WriteString(FormatError(line, err) + "\n")
			continue
		}
		b.WriteString(FormatExprKsql(e) + "\n")
	}
	return b.String()
}
