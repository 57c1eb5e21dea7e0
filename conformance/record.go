package conformance

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/exec"
)

// testRecord converts an input record for the driver (timestamp default 0).
func testRecord(r Record) (engine.TestRecord, error) {
	tr := engine.TestRecord{Topic: r.Topic, Key: r.Key, Value: r.Value}
	if r.Timestamp != nil {
		tr.Timestamp = *r.Timestamp
	}
	if r.Window != nil {
		tr.Window = &engine.Window{Start: r.Window.Start, End: r.Window.End, Session: isSession(r.Window.Type)}
	}
	hs, err := headers(r.Headers)
	if err != nil {
		return tr, err
	}
	tr.Headers = hs
	return tr, nil
}

func isSession(windowType string) bool { return strings.EqualFold(windowType, "session") }

func headers(specs []HeaderSpec) ([]exec.Header, error) {
	var hs []exec.Header
	for _, h := range specs {
		var v []byte
		if h.Value != nil {
			b, err := base64.StdEncoding.DecodeString(*h.Value)
			if err != nil {
				return nil, fmt.Errorf("header %s: value is not base64: %w", h.Key, err)
			}
			v = b
		}
		hs = append(hs, exec.Header{Key: h.Key, Value: v})
	}
	return hs, nil
}

// diffTopic compares the records written to topic with the expected ones:
// exact count and order. noInputs relaxes expected timestamps of 0, as
// upstream does when the data came from INSERT VALUES (wall-clock times).
func diffTopic(topic string, exp []Record, act []engine.TestRecord, noInputs bool) string {
	for i := range min(len(exp), len(act)) {
		if d := diffRecord(exp[i], act[i], noInputs); d != "" {
			s := fmt.Sprintf("topic %s record %d: %s", topic, i, d)
			if len(exp) != len(act) {
				s += fmt.Sprintf(" (and %d records, want %d)", len(act), len(exp))
			}
			return s
		}
	}
	switch {
	case len(act) > len(exp):
		return fmt.Sprintf("topic %s: %d records, want %d; first extra: %s",
			topic, len(act), len(exp), renderActual(act[len(exp)]))
	case len(act) < len(exp):
		return fmt.Sprintf("topic %s: %d records, want %d; first missing: %s",
			topic, len(act), len(exp), renderExpected(exp[len(act)]))
	}
	return ""
}

// diffRecord compares one record: window, key, value, headers, timestamp.
func diffRecord(exp Record, act engine.TestRecord, noInputs bool) string {
	if d := diffWindow(exp.Window, act.Window); d != "" {
		return d
	}
	if d := diffValue("key", exp.Key, act.Key); d != "" {
		return d
	}
	if d := diffValue("value", exp.Value, act.Value); d != "" {
		return d
	}
	if d := diffHeaders(exp.Headers, act.Headers); d != "" {
		return d
	}
	if ts := exp.Timestamp; ts != nil && *ts != act.Timestamp && !(noInputs && *ts == 0) {
		return fmt.Sprintf("timestamp: expected %d, got %d", *ts, act.Timestamp)
	}
	return ""
}

func diffWindow(exp *WindowSpec, act *engine.Window) string {
	switch {
	case exp == nil && act == nil:
		return ""
	case exp == nil:
		return fmt.Sprintf("window: expected none, got %s", renderWindow(act))
	case act == nil:
		return fmt.Sprintf("window: expected %s, got none", renderWindowSpec(exp))
	}
	if exp.Start != act.Start || exp.End != act.End || isSession(exp.Type) != act.Session {
		return fmt.Sprintf("window: expected %s, got %s", renderWindowSpec(exp), renderWindow(act))
	}
	return ""
}

func diffHeaders(exp []HeaderSpec, act []exec.Header) string {
	want, err := headers(exp)
	if err != nil {
		return "headers: " + err.Error()
	}
	if len(want) != len(act) {
		return fmt.Sprintf("headers: expected %s, got %s", renderHeaders(want), renderHeaders(act))
	}
	for i := range want {
		if want[i].Key != act[i].Key || !bytes.Equal(want[i].Value, act[i].Value) {
			return fmt.Sprintf("headers: expected %s, got %s", renderHeaders(want), renderHeaders(act))
		}
	}
	return ""
}

func renderWindowSpec(w *WindowSpec) string {
	return fmt.Sprintf("%s[%d,%d)", strings.ToLower(w.Type), w.Start, w.End)
}

func renderWindow(w *engine.Window) string {
	t := "time"
	if w.Session {
		t = "session"
	}
	return fmt.Sprintf("%s[%d,%d)", t, w.Start, w.End)
}

func renderHeaders(hs []exec.Header) string {
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = h.Key + "=" + base64.StdEncoding.EncodeToString(h.Value)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func renderActual(r engine.TestRecord) string {
	s := fmt.Sprintf("key=%s value=%s ts=%d", render(r.Key), render(r.Value), r.Timestamp)
	if r.Window != nil {
		s += " window=" + renderWindow(r.Window)
	}
	return s
}

func renderExpected(r Record) string {
	s := fmt.Sprintf("key=%s value=%s", render(r.Key), render(r.Value))
	if r.Timestamp != nil {
		s += fmt.Sprintf(" ts=%d", *r.Timestamp)
	}
	if r.Window != nil {
		s += " window=" + renderWindowSpec(r.Window)
	}
	return s
}
