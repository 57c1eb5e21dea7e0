package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// ASSERT [NOT EXISTS] TOPIC, ASSERT SCHEMA, RUN SCRIPT and the statements
// only ksqlDB's test runner knows.

// CodeAssertionFailed is ksqlDB's error code for a failed ASSERT (HTTP 417).
const CodeAssertionFailed = 41700

// assertRetry is how often an ASSERT re-checks until its timeout.
const assertRetry = 100 * time.Millisecond

// defaultAssertTimeout is ksql.assert.topic.default.timeout.ms's default.
const defaultAssertTimeout = time.Second

// AssertTopicEntity is the result of a successful ASSERT [NOT EXISTS] TOPIC.
type AssertTopicEntity struct {
	Type          string    `json:"@type"`
	StatementText string    `json:"statementText"`
	TopicName     string    `json:"topicName"`
	Exists        bool      `json:"exists"`
	Warnings      []Warning `json:"warnings"`
}

func (*AssertTopicEntity) entityType() string { return "assert_topic" }

// assertTopic checks that a topic exists with the given PARTITIONS and
// REPLICAS (or, with NOT EXISTS, that it does not), re-checking every 100ms
// until the TIMEOUT (default ksql.assert.topic.default.timeout.ms, 1s).
// While it waits it releases e.mu, so other requests go on meanwhile.
func (e *Engine) assertTopic(ctx context.Context, s *session, st sql.Statement, n *sql.AssertTopic) (Entity, error) {
	timeout := assertTimeout(s, n.Timeout)
	deadline := time.Now().Add(timeout)
	for {
		err := e.checkTopic(ctx, n)
		if err == nil {
			break
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, &Error{Code: CodeAssertionFailed, Message: err.Error(), StatementText: st.Text}
		}
		if err := e.waitUnlocked(ctx, min(left, assertRetry)); err != nil {
			return nil, err
		}
	}
	ent := &AssertTopicEntity{Type: "assert_topic", StatementText: st.Text, TopicName: n.Topic.Name, Exists: !n.NotExists, Warnings: []Warning{}}
	if n.NotExists && len(n.Props) > 0 {
		ent.Warnings = append(ent.Warnings, Warning{Message: "Will skip topic config check for topic non-existence assertion."})
	}
	return ent, nil
}

func assertTimeout(s *session, d *sql.Duration) time.Duration {
	if d != nil {
		return time.Duration(d.Millis) * time.Millisecond
	}
	if ms, err := strconv.ParseInt(s.props["ksql.assert.topic.default.timeout.ms"], 10, 64); err == nil && ms >= 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return defaultAssertTimeout
}

// checkTopic returns why the assertion does not hold (in ksqlDB's words), or nil.
func (e *Engine) checkTopic(ctx context.Context, n *sql.AssertTopic) error {
	topics, err := e.allTopics(ctx)
	if err != nil {
		return fmt.Errorf("Cannot check topic existence: %v", err)
	}
	name := n.Topic.Name
	for _, t := range topics {
		if t.Name != name {
			continue
		}
		if n.NotExists {
			return fmt.Errorf("Topic %s exists", name)
		}
		replicas := 0
		if len(t.ReplicaInfo) > 0 {
			replicas = t.ReplicaInfo[0]
		}
		return checkTopicConfig(name, n.Props, len(t.ReplicaInfo), replicas)
	}
	if n.NotExists {
		return nil
	}
	return fmt.Errorf("Topic %s does not exist", name)
}

// checkTopicConfig compares the asserted PARTITIONS and REPLICAS with the
// topic's. ksqlDB takes only integer literals; numeric strings ('3') are
// accepted too rather than failing with "expected 3 got 3".
func checkTopicConfig(topic string, props sql.Properties, partitions, replicas int) error {
	var problems []string
	for _, p := range props {
		var actual int
		switch strings.ToUpper(p.Key) {
		case "PARTITIONS":
			actual = partitions
		case "REPLICAS":
			actual = replicas
		default:
			problems = append(problems, "Cannot assert unknown topic property: "+p.Key)
			continue
		}
		if n, ok := intLiteral(p.Value); ok && n == int64(actual) {
			continue
		}
		problems = append(problems, fmt.Sprintf("Mismatched configuration for topic %s: For config %s, expected %s got %d",
			topic, strings.ToLower(p.Key), literalText(p.Value), actual))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return nil
}

func intLiteral(e sql.Expr) (int64, bool) {
	switch l := e.(type) {
	case *sql.IntegerLit:
		return l.Value, true
	case *sql.StringLit:
		n, err := strconv.ParseInt(strings.TrimSpace(l.Value), 10, 64)
		return n, err == nil
	}
	return 0, false
}

func literalText(e sql.Expr) string {
	switch l := e.(type) {
	case *sql.IntegerLit:
		return l.Text
	case *sql.StringLit:
		return "'" + l.Value + "'"
	}
	return sql.FormatExpr(e)
}

// waitUnlocked sleeps for d with e.mu released; it fails if ctx ends or the
// engine closed meanwhile.
func (e *Engine) waitUnlocked(ctx context.Context, d time.Duration) error {
	e.mu.Unlock()
	t := time.NewTimer(d)
	var err error
	select {
	case <-t.C:
	case <-ctx.Done():
		t.Stop()
		err = ctx.Err()
	}
	e.mu.Lock()
	if err == nil && e.closed {
		err = Errorf(CodeNotReady, "engine: shutting down")
	}
	return err
}

func assertSchema(n *sql.AssertSchema) error {
	return planner.Errorf(n.Pos(), "ASSERT SCHEMA is not supported: streamsql has no schema registry (its formats, JSON, DELIMITED, KAFKA and NONE, need none)")
}

// runScript rejects RUN SCRIPT as ksqlDB's server does: the CLI runs scripts.
func runScript(n *sql.RunScript) error {
	return planner.Errorf(n.Pos(), "Syntax Error\nUnknown statement 'RUN'\n"+
		"RUN SCRIPT is a command of the CLI, which reads the file on the client and sends its statements; "+
		"the server cannot read client files. Use RUN SCRIPT '%s'; in the CLI, or its --file option", n.Path)
}

// testOnlyStatement rejects ASSERT VALUES, ASSERT NULL VALUES, ASSERT STREAM
// and ASSERT TABLE, which exist only in ksqlDB's test runner, at the word
// after ASSERT, as ksqlDB's server does.
func testOnlyStatement(st sql.Statement) error {
	trimmed := strings.TrimLeft(st.Text[min(len("ASSERT"), len(st.Text)):], " \t\r\n")
	word := strings.FieldsFunc(trimmed, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(word) == 0 {
		word = []string{""}
	}
	pos := st.Pos() + sql.Pos(len(st.Text)-len(trimmed))
	return planner.Errorf(pos, "Syntax error at or near '%s'\n"+
		"ASSERT VALUES, ASSERT NULL VALUES, ASSERT STREAM and ASSERT TABLE are statements of ksqlDB's test files, not of the server",
		strings.ToUpper(word[0]))
}
