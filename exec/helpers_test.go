package exec

import (
	"encoding/base64"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// checkLeaks fails t if goroutines started during the test are still running
// at its end: `defer checkLeaks(t)()`.
func checkLeaks(t testing.TB) func() {
	before := runtime.NumGoroutine()
	return func() {
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Errorf("goroutine leak: %d goroutines before, %d after", before, n)
		}
	}
}

// Expression builders for hand-made plans.

func col(i int, name string, t *types.Type) *planner.ColumnRef {
	return &planner.ColumnRef{Index: i, Name: name, T: t}
}

func lit(v types.Value, t *types.Type) *planner.Literal { return &planner.Literal{Value: v, T: t} }

func null(t *types.Type) *planner.Literal { return &planner.Literal{T: t} }

func str(s string) *planner.Literal { return lit(s, types.StringType) }

func bigint(v int64) *planner.Literal { return lit(v, types.BigIntType) }

func bin(op planner.BinaryOp, l, r planner.Expr) *planner.Binary {
	t := l.Type()
	if op >= planner.OpEq {
		t = types.BooleanType
	}
	return &planner.Binary{Op: op, Left: l, Right: r, T: t}
}

// showValue renders a value for test output: NULL, 'text', [a, b], {k: v},
// STRUCT(A := 1), b64:... for bytes.
func showValue(v types.Value) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + x + "'"
	case []byte:
		return "b64:" + base64.StdEncoding.EncodeToString(x)
	case []types.Value:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = showValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *types.MapValue:
		parts := make([]string, len(x.Keys))
		for i := range x.Keys {
			parts[i] = showValue(x.Keys[i]) + ": " + showValue(x.Vals[i])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *types.StructValue:
		parts := make([]string, len(x.Fields))
		for i, f := range x.Fields {
			parts[i] = x.Type.Fields[i].Name + " := " + showValue(f)
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")"
	case types.Dec:
		return fmt.Sprintf("dec(%s, scale %d)", x.Unscaled, x.Scale)
	}
	return fmt.Sprintf("%v", v)
}

func showRow(r types.Row) string {
	parts := make([]string, len(r))
	for i, v := range r {
		parts[i] = showValue(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// recorder collects what a task produces, logs and delivers, in order.
type recorder struct {
	lines  []string
	accept int // client rows to accept before refusing; < 0: all
}

func (r *recorder) Produce(rec *OutRecord) {
	key, value := "<nil>", "<nil>"
	if rec.Key != nil {
		key = string(rec.Key)
	}
	if rec.Value != nil {
		value = string(rec.Value)
	}
	r.lines = append(r.lines, fmt.Sprintf("produce topic=%s partition=%d ts=%d key=%s value=%s",
		rec.Topic, rec.Partition, rec.Timestamp, key, value))
}

func (r *recorder) Log(e ProcessingLogEntry) {
	r.lines = append(r.lines, fmt.Sprintf("log query=%s %s/%d@%d: %s", e.QueryID, e.Topic, e.Partition, e.Offset, e.Reason))
}

func (r *recorder) Receive(row types.Row, tombstone bool) bool {
	if r.accept == 0 {
		r.lines = append(r.lines, "refuse "+showRow(row))
		return false
	}
	r.accept--
	suffix := ""
	if tombstone {
		suffix = " (tombstone)"
	}
	r.lines = append(r.lines, "row "+showRow(row)+suffix)
	return true
}

func (r *recorder) Done(reason string) { r.lines = append(r.lines, "done "+reason) }

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
