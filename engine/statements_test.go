package engine

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/exec"
)

// TestStatements runs the golden files in testdata/statements: statements in,
// ksqlDB's JSON entities (or errors) out. Rewrite them with
// go test ./engine -run TestStatements -rewrite.
//
// Each file runs against a fresh test driver. Commands:
//
//	exec [vars=a=1,b=2] [props=k=v,...]   statements → JSON entities, or the error
//	produce topic=t [key=text|keyhex=hex] [hex] [ts=ms] [partition=n]
//	                                      input is the value (text, or hex with hex; "<null>" for none)
//	output topic=t                        the records of a topic, raw
//	print name=p                          input is the PRINT statement; starts it, then drains
//	drain name=p                          the lines a running PRINT produced since
//	close name=p                          closes a PRINT
func TestStatements(t *testing.T) {
	datadriven.Walk(t, "testdata/statements", func(t *testing.T, path string) {
		h := newHarness(t)
		defer h.close()
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			return h.run(t, d)
		})
	})
}

type harness struct {
	drv    *TestDriver
	prints map[string]Query
}

func newHarness(t *testing.T) *harness {
	drv, err := NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{drv: drv, prints: map[string]Query{}}
}

func (h *harness) close() {
	for _, q := range h.prints {
		q.Close()
	}
	_ = h.drv.Close()
}

func (h *harness) run(t *testing.T, d *datadriven.TestData) string {
	switch d.Cmd {
	case "exec":
		return h.exec(d)
	case "produce":
		h.produce(t, d)
		return ""
	case "output":
		return h.output(d)
	case "print":
		q, err := h.drv.Engine().Query(context.Background(), Request{SQL: d.Input})
		if err != nil {
			return errorText(err)
		}
		h.prints[arg(d, "name", "p")] = q
		return drain(q)
	case "drain", "close":
		q, ok := h.prints[arg(d, "name", "p")]
		if !ok {
			d.Fatalf(t, "no PRINT named %s is running", arg(d, "name", "p"))
		}
		if d.Cmd == "close" {
			q.Close()
		}
		return drain(q)
	}
	d.Fatalf(t, "unknown command %q", d.Cmd)
	return ""
}

func (h *harness) exec(d *datadriven.TestData) string {
	req := Request{SQL: d.Input, SessionVariables: pairs(arg(d, "vars", "")), Properties: pairs(arg(d, "props", ""))}
	ents, err := h.drv.Engine().Execute(context.Background(), req)
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	for _, ent := range ents {
		if err := enc.Encode(ent); err != nil {
			return "error encoding: " + err.Error()
		}
	}
	if err != nil {
		b.WriteString(errorText(err))
	}
	return b.String()
}

func errorText(err error) string {
	var ee *Error
	if errors.As(err, &ee) {
		return fmt.Sprintf("error %d: %s\n", ee.Code, ee.Message)
	}
	return "error: " + err.Error() + "\n"
}

func (h *harness) produce(t *testing.T, d *datadriven.TestData) {
	r := &exec.OutRecord{Topic: arg(d, "topic", "")}
	if k := arg(d, "key", ""); k != "" {
		r.Key = []byte(k)
	}
	if k := arg(d, "keyhex", ""); k != "" {
		r.Key = mustHex(t, k)
	}
	r.Timestamp, _ = strconv.ParseInt(arg(d, "ts", "0"), 10, 64)
	p, _ := strconv.Atoi(arg(d, "partition", "0"))
	r.Partition = int32(p)
	switch v := strings.TrimSuffix(d.Input, "\n"); {
	case v == "<null>":
	case d.HasArg("hex"):
		r.Value = mustHex(t, v)
	default:
		r.Value = []byte(v)
	}
	m := h.drv.mem
	m.mu.Lock()
	defer m.mu.Unlock()
	m.append(r)
}

func (h *harness) output(d *datadriven.TestData) string {
	m := h.drv.mem
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	if t, ok := m.topics[arg(d, "topic", "")]; ok {
		for _, r := range t.records {
			fmt.Fprintf(&b, "%d: key=%s value=%s\n", r.Offset, r.Key, r.Value)
		}
	}
	return b.String()
}

// drain returns the lines a PRINT produced so far and, if it ended, why.
// It never blocks: the in-memory backend produces rows synchronously.
func drain(q Query) string {
	p := q.(*printQuery).pushQuery
	var b strings.Builder
	for {
		select {
		case r := <-p.rows:
			fmt.Fprintf(&b, "%v\n", r.Values[0])
			continue
		default:
		}
		select {
		case <-p.done:
		default:
			return b.String()
		}
		row, err := q.Next(context.Background()) // cannot block once done
		if err == nil {
			fmt.Fprintf(&b, "%v\n", row.Values[0])
			continue
		}
		var end *End
		if errors.As(err, &end) {
			fmt.Fprintf(&b, "end: %q\n", end.Message)
		} else {
			fmt.Fprintf(&b, "error: %v\n", err)
		}
		return b.String()
	}
}

func arg(d *datadriven.TestData, key, def string) string {
	for _, a := range d.CmdArgs {
		if a.Key == key && len(a.Vals) > 0 {
			return strings.Join(a.Vals, ",")
		}
	}
	return def
}

func pairs(s string) map[string]any {
	if s == "" {
		return nil
	}
	out := map[string]any{}
	for _, kv := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = v
	}
	return out
}

func mustHex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
