package sql

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStatementPositions(t *testing.T) {
	src := "SHOW STREAMS;\n  -- comment\n  SELECT a,\n    b FROM s1 ;SELECT c FROM s2"
	stmts, err := ParseStatements(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 3 {
		t.Fatalf("got %d statements", len(stmts))
	}
	wantTexts := []string{"SHOW STREAMS;", "SELECT a,\n    b FROM s1 ;", "SELECT c FROM s2"}
	for i, st := range stmts {
		if st.Text != wantTexts[i] {
			t.Errorf("statement %d text %q, want %q", i, st.Text, wantTexts[i])
		}
	}
	q := stmts[1].Stmt.(*Query)
	b := q.Select[1].(*SelectExpr).X
	if line, col := b.Pos().LineCol(src); line != 4 || col != 5 {
		t.Errorf("b at %d:%d, want 4:5", line, col)
	}
}

func TestErrorValues(t *testing.T) {
	src := "SELECT a FROM s1;\nSELECT FROM s2;"
	_, err := ParseStatements(src)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if e.Line != 2 || e.Col != 8 || e.Pos != 25 {
		t.Errorf("error at %d:%d (offset %d), want 2:8 (offset 25)", e.Line, e.Col, e.Pos)
	}
	want := `line 2:8: syntax error at or near "FROM": expected expression, found FROM`
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
	wantFmt := want + "\nSELECT FROM s2;\n       ^"
	if got := FormatError(src, err); got != wantFmt {
		t.Errorf("FormatError:\n%s\nwant:\n%s", got, wantFmt)
	}
	var list ErrorList
	list.Add(src, 7, "first")
	list.Add(src, 0, "zeroth")
	list.Sort()
	if got := FormatError(src, list.Err()); !strings.HasPrefix(got, "line 1:1: zeroth\n") || list.Error() != "line 1:1: zeroth (and 1 more errors)" {
		t.Errorf("list FormatError: %q", got)
	}
	if (ErrorList{}).Err() != nil {
		t.Error("empty list Err is not nil")
	}
	if got := FormatError(src, errors.New("plain")); got != "plain" {
		t.Errorf("plain error rendered as %q", got)
	}
}

func TestParseStatementSingle(t *testing.T) {
	if _, err := ParseStatement("SHOW STREAMS; SHOW TABLES"); err == nil {
		t.Error("two statements accepted")
	}
	if _, err := ParseStatement(" ; "); err == nil {
		t.Error("empty statement accepted")
	}
	st, err := ParseStatement("SHOW TABLES;")
	if err != nil || st.Text != "SHOW TABLES;" {
		t.Errorf("got %q, %v", st.Text, err)
	}
}

// TestVariablesFlow runs the DEFINE-then-use flow that SplitStatements
// and Substitute support.
func TestVariablesFlow(t *testing.T) {
	script := "DEFINE topic_name = 'orders'; CREATE STREAM s (a INT) WITH (kafka_topic='${TOPIC_NAME}');"
	texts, err := SplitStatements(script)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	var last Statement
	for _, text := range texts {
		text, err := Substitute(text, vars)
		if err != nil {
			t.Fatal(err)
		}
		if last, err = ParseStatement(text); err != nil {
			t.Fatal(err)
		}
		if d, ok := last.Stmt.(*Define); ok {
			vars[d.Name] = d.Value
		}
	}
	topic := last.Stmt.(*CreateSource).Props.Lookup("kafka_topic")
	if topic == nil || topic.Value.(*StringLit).Value != "orders" {
		t.Errorf("kafka_topic = %v", topic)
	}
}

func TestIntegerLitKinds(t *testing.T) {
	for text, int32ok := range map[string]bool{
		"2147483647": true, "-2147483648": true, "2147483648": false, "-2147483649": false,
	} {
		e, err := ParseExpr(text)
		if err != nil {
			t.Fatal(err)
		}
		lit := e.(*IntegerLit)
		if lit.IsInt32() != int32ok || lit.Text != text {
			t.Errorf("%s: IsInt32 %v, text %q", text, lit.IsInt32(), lit.Text)
		}
	}
}

func TestQuoting(t *testing.T) {
	for name, want := range map[string]string{
		"ABC": "ABC", "abc": "`abc`", "A_1@B": "A_1@B", "1A": "`1A`", "SELECT": "`SELECT`",
		"KEY": "KEY", "a`b": "`a``b`", "": "``",
	} {
		if got := QuoteIdent(name); got != want {
			t.Errorf("QuoteIdent(%q) = %q, want %q", name, got, want)
		}
	}
	e, err := ParseExpr("s.a->b + CAST(c AS STRUCT<d INT>)")
	if err != nil {
		t.Fatal(err)
	}
	want := "`S`.`A`->`B` + CAST(`C` AS STRUCT<`D` INTEGER>)"
	if got := (Formatter{QuoteAll: true}).Expr(e); got != want {
		t.Errorf("QuoteAll: got %s, want %s", got, want)
	}
}

func TestLineCol(t *testing.T) {
	src := "ab\ncd\n"
	for pos, want := range map[Pos][2]int{0: {1, 1}, 2: {1, 3}, 3: {2, 1}, 6: {3, 1}, 99: {3, 1}, -5: {1, 1}} {
		if l, c := pos.LineCol(src); l != want[0] || c != want[1] {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", pos, l, c, want[0], want[1])
		}
	}
}

// TestLimits checks that hostile input fails fast with a clear error instead
// of exhausting the parser.
func TestLimits(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"deep parentheses", "SELECT " + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + " FROM s;", "nested more than 500 levels"},
		{"deep NOT", "SELECT * FROM s WHERE " + strings.Repeat("NOT ", 10000) + "TRUE;", "nested more than 500 levels"},
		{"deep minus", "SELECT " + strings.Repeat("- ", 10000) + "a FROM s;", "nested more than 500 levels"},
		{"deep type", "CREATE STREAM s (a " + strings.Repeat("ARRAY<", 10000) + "INT" + strings.Repeat(">", 10000) + ") WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');", "nested more than 500 levels"},
		{"huge identifier", "SELECT " + strings.Repeat("a", 5000) + " FROM s;", "identifier is 5000 bytes long"},
		{"huge text", "SELECT 1 FROM s WHERE a = '" + strings.Repeat("x", 2<<20) + "';", "more than the limit"},
	}
	for _, c := range cases {
		start := time.Now()
		_, err := ParseStatements(c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", c.name, d)
		}
	}
}
