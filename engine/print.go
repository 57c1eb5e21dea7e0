package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n] as a transient query.
//
// A PRINT query's rows have one STRING column, PrintColumn, holding one line
// of ksqlDB's PRINT output each: "Key format: ..." and "Value format: ..."
// lines whenever the detected formats change, then one line per printed
// record:
//
//	rowtime: 2020/01/01 00:00:00.000 Z, key: k1, value: {"A":1}, partition: 0
//
// Over /query ksqlDB streams these lines as plain text, one per line; see
// IsPrint.

// PrintColumn names the single column of a PRINT query's rows.
const PrintColumn = "LINE"

// printQuery is the Query Engine.Query returns for PRINT.
type printQuery struct{ *pushQuery }

// IsPrint reports whether q is a PRINT query, whose rows are lines of text
// (one STRING column) rather than a result set.
func IsPrint(q Query) bool {
	_, ok := q.(*printQuery)
	return ok
}

// startPrint checks the topic and starts consuming it.
func (e *Engine) startPrint(ctx context.Context, s *session, st sql.Statement, n *sql.Print) (Query, error) {
	interval, limit, err := printOptions(n)
	if err != nil {
		return nil, e.userError(s, st, err)
	}
	topic := n.Topic.Name
	if err := e.checkPrintTopic(ctx, n.Topic); err != nil {
		return nil, e.userError(s, st, err)
	}
	e.mu.Lock()
	windows := e.windowKinds(topic)
	e.mu.Unlock()
	p := &printQuery{&pushQuery{id: fmt.Sprintf("transient_print_%d", transientSeq.Add(1)),
		cols: []Column{{Name: PrintColumn, Type: types.StringType}},
		rows: make(chan Row, pushBuffer), done: make(chan struct{}), engine: e}}
	t := &printTask{topic: topic, out: p.pushQuery, f: newRecordFormatter(windows), interval: interval, limit: limit}
	if limit == 0 {
		p.finish(&End{Message: exec.LimitReached})
		return p, nil
	}
	r, err := e.be.runTransient(ctx, p.id, []string{topic}, n.FromBeginning, func(exec.Producer) (exec.Task, error) {
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	e.register(p.pushQuery, r)
	return p, nil
}

// printOptions returns the INTERVAL (default 1) and LIMIT (-1 when absent).
func printOptions(n *sql.Print) (interval, limit int64, err error) {
	interval, limit = 1, -1
	if n.Interval != nil {
		if interval = n.Interval.Value; interval < 1 {
			return 0, 0, planner.Errorf(n.Interval.Pos(), "PRINT INTERVAL must be at least 1, found %d", interval)
		}
	}
	if n.Limit != nil {
		if limit = n.Limit.Value; limit < 0 {
			return 0, 0, planner.Errorf(n.Limit.Pos(), "PRINT LIMIT must not be negative, found %d", limit)
		}
	}
	return interval, limit, nil
}

// checkPrintTopic fails when the topic does not exist, suggesting the
// topics whose names differ only in case.
func (e *Engine) checkPrintTopic(ctx context.Context, topic *sql.Ident) error {
	topics, err := e.allTopics(ctx)
	if err != nil {
		return Errorf(CodeServerError, "cannot list topics: %v", err)
	}
	var similar []string
	for _, t := range topics {
		if t.Name == topic.Name {
			return nil
		}
		if strings.EqualFold(t.Name, topic.Name) {
			similar = append(similar, "\tprint '"+t.Name+"';")
		}
	}
	msg := fmt.Sprintf("Could not find topic '%s', or the KSQL user does not have permissions to list the topic. Topic names are case-sensitive.", topic.Name)
	if len(similar) > 0 {
		msg += "\nDid you mean:\n" + strings.Join(similar, "\n")
	} else if !topic.Quoted {
		msg += "\nUnquoted names are upper-cased: quote the topic name to keep its case, e.g. PRINT 'my-topic';"
	}
	return planner.Errorf(topic.Pos(), "%s", msg)
}

// windowKinds lists the window types of the sources registered on topic, so
// PRINT can try windowed key formats only where windowed keys are expected.
// e.mu must be held.
func (e *Engine) windowKinds(topic string) []string {
	var out []string
	for _, src := range e.cat.SourcesOnTopic(topic) {
		if src.Windowed != "" {
			out = append(out, src.Windowed)
		}
	}
	return out
}

// printTask formats the records of one topic into lines for a printQuery.
// It is driven by one goroutine at a time, as every task.
type printTask struct {
	topic    string
	out      *pushQuery
	f        *recordFormatter
	interval int64
	limit    int64 // -1: no limit
	polled   int64 // records seen
	written  int64 // records printed
	keyFmt   string
	valueFmt string
}

func (t *printTask) SourceTopics() []string { return []string{t.topic} }
func (t *printTask) Close() error           { return nil }

func (t *printTask) limitReached() bool { return t.limit >= 0 && t.written >= t.limit }

// Process prints a batch as ksqlDB does: the whole batch refines the
// detected formats first, the format lines follow if they changed, then the
// records picked by INTERVAL, up to LIMIT.
func (t *printTask) Process(_ context.Context, batch []exec.SourceRecord) error {
	if len(batch) == 0 {
		return nil
	}
	var picked []string
	for _, line := range t.f.formatBatch(batch) {
		if t.limitReached() {
			break
		}
		if t.polled%t.interval == 0 {
			t.written++
			picked = append(picked, line)
		}
		t.polled++
	}
	lines := t.formatLines()
	lines = append(lines, picked...)
	for _, l := range lines {
		if !t.out.Receive(types.Row{l}, false) {
			return fmt.Errorf("%w: the client stopped receiving rows", exec.ErrStopped)
		}
	}
	if t.limitReached() {
		t.out.Done(exec.LimitReached)
		return fmt.Errorf("%w: %s", exec.ErrStopped, exec.LimitReached)
	}
	return nil
}

// formatLines returns the "Key format" and "Value format" lines that changed
// since they were last printed (both, the first time).
func (t *printTask) formatLines() []string {
	var out []string
	if k := formatsLine(t.f.key.names()); k != t.keyFmt {
		t.keyFmt = k
		out = append(out, "Key format: "+k)
	}
	if v := formatsLine(t.f.value.names()); v != t.valueFmt {
		t.valueFmt = v
		out = append(out, "Value format: "+v)
	}
	return out
}

func formatsLine(names []string) string {
	if len(names) == 0 {
		return " does not match any supported format. It may be a STRING with encoding other than UTF8, or some other format."
	}
	return strings.Join(names, " or ")
}
