package conformance

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// stepError is a failure of the system under test at one step of a case.
// Expected exceptions are matched against err alone.
type stepError struct {
	step string
	err  error
}

func (e *stepError) Error() string { return e.step + ": " + e.err.Error() }

// runQTT runs a query-validation test: create topics, execute statements one
// by one, pipe inputs in order, then compare output topics and post-conditions.
// It returns nil when the test passes, else why it failed.
func runQTT(ctx context.Context, t *Test, d Driver, p *progress) error {
	if err := createTopics(t, d, p); err != nil {
		return err
	}
	err := executeAll(ctx, t.Statements, d, p)
	if err == nil {
		err = pipeAll(t.Case.Inputs, d, p)
	}
	if ee := t.Case.ExpectedException; ee != nil {
		return checkException(ee, err)
	}
	if err != nil {
		return err
	}
	p.set("comparing outputs")
	if err := verifyOutputs(t.Case, d); err != nil {
		return err
	}
	if err := verifyNoOutput(t, d); err != nil {
		return err
	}
	if post := t.Case.Post; post != nil {
		p.set("checking post-conditions")
		return verifyPost(post, d)
	}
	return nil
}

func createTopics(t *Test, d Driver, p *progress) error {
	for _, ts := range topicPlan(t) {
		p.set("creating topic " + ts.Name)
		if err := d.CreateTopic(ts.Name, *ts.Partitions); err != nil {
			return fmt.Errorf("create topic %s: %w", ts.Name, err)
		}
	}
	return nil
}

// executeAll runs the statements as one script, joined by newlines as
// ksqlDB's test runner does, so positions in errors count lines from the
// first statement.
func executeAll(ctx context.Context, stmts []string, d Driver, p *progress) error {
	p.set(fmt.Sprintf("executing %d statements", len(stmts)))
	if err := d.Execute(ctx, strings.Join(stmts, "\n")); err != nil {
		return &stepError{step: "statements", err: err}
	}
	return nil
}

func pipeAll(inputs []Record, d Driver, p *progress) error {
	for i, r := range inputs {
		p.set(fmt.Sprintf("piping input %d", i))
		tr, err := testRecord(r)
		if err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
		if err := d.Pipe(tr); err != nil {
			return &stepError{step: fmt.Sprintf("input %d to %s", i, r.Topic), err: err}
		}
	}
	return nil
}

// checkException passes when err, raised by a statement or while processing
// inputs, contains the expected message.
func checkException(ee *ExpectedError, err error) error {
	if err == nil {
		return fmt.Errorf("expected exception containing %q, but none was raised", ee.Message)
	}
	se, ok := err.(*stepError)
	if !ok {
		return err
	}
	if !strings.Contains(se.err.Error(), ee.Message) {
		return fmt.Errorf("expected exception containing %q, got: %s", ee.Message, oneLine(se.Error()))
	}
	return nil
}

// verifyOutputs compares each topic named in outputs; other topics are not
// checked, as upstream.
func verifyOutputs(c *Case, d Driver) error {
	var topics []string
	byTopic := map[string][]Record{}
	for _, r := range c.Outputs {
		if _, ok := byTopic[r.Topic]; !ok {
			topics = append(topics, r.Topic)
		}
		byTopic[r.Topic] = append(byTopic[r.Topic], r)
	}
	for _, topic := range topics {
		if diff := diffTopic(topic, byTopic[topic], d.Output(topic), len(c.Inputs) == 0); diff != "" {
			return fmt.Errorf("%s", diff)
		}
	}
	return nil
}

// verifyNoOutput checks, when a case with inputs says "outputs": [], that
// the sink of every persistent query is empty. Upstream checks nothing then,
// which would let an engine emit rows that must be dropped; an absent
// "outputs" still checks nothing.
func verifyNoOutput(t *Test, d Driver) error {
	if t.Case.Outputs == nil || len(t.Case.Outputs) > 0 || len(t.Case.Inputs) == 0 {
		return nil
	}
	for _, name := range sinkNames(t.Statements) {
		src, ok := d.Source(name)
		if !ok {
			continue
		}
		if got := d.Output(src.Topic); len(got) > 0 {
			return fmt.Errorf("topic %s: %d records, want none (outputs is empty); first extra: %s",
				src.Topic, len(got), renderActual(got[0]))
		}
	}
	return nil
}

var (
	createAsRE   = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:STREAM|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(` + "`[^`]+`" + `|"[^"]+"|[^\s(]+).*\bAS\s+SELECT\b`)
	insertIntoRE = regexp.MustCompile(`(?is)^\s*INSERT\s+INTO\s+(` + "`[^`]+`" + `|"[^"]+"|[^\s(]+).*\bSELECT\b`)
)

// sinkNames names the sources written by the persistent queries among stmts
// (CREATE ... AS SELECT and INSERT INTO ... SELECT), as the catalog spells
// them: unquoted names upper-cased.
func sinkNames(stmts []string) []string {
	var names []string
	for _, s := range stmts {
		m := createAsRE.FindStringSubmatch(s)
		if m == nil {
			m = insertIntoRE.FindStringSubmatch(s)
		}
		if m == nil {
			continue
		}
		name := m[1]
		if name[0] == '`' || name[0] == '"' {
			name = name[1 : len(name)-1]
		} else {
			name = strings.ToUpper(name)
		}
		names = append(names, name)
	}
	return names
}

// clip shortens a statement for messages.
func clip(s string) string {
	s = oneLine(strings.TrimSpace(s))
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return "(" + s + ")"
}

// oneLine joins lines so that every failure is one output line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
