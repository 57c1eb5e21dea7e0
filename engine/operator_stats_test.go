package engine_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/engine"
)

// TestExplainOperatorStats checks that EXPLAIN of a running query and SHOW
// QUERIES EXTENDED report rows per operator and the query's totals,
// processing errors included.
func TestExplainOperatorStats(t *testing.T) {
	d, err := engine.NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	for _, sql := range []string{
		`CREATE STREAM s (id STRING KEY, n INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);`,
		`CREATE STREAM big AS SELECT id, n FROM s WHERE 100 / n > 10;`,
	} {
		if _, err := d.Engine().Execute(ctx, engine.Request{SQL: sql}); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for i, n := range []int{1, 0, 50, 2} { // 0 fails the predicate with division by zero
		if err := d.Pipe(engine.TestRecord{Topic: "s", Key: "k", Value: map[string]any{"N": json.Number(strconv.Itoa(n))}, Timestamp: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := d.Engine().Execute(ctx, engine.Request{SQL: "EXPLAIN CSAS_BIG_1; SHOW QUERIES EXTENDED;"})
	if err != nil {
		t.Fatal(err)
	}
	desc := res[0].(*engine.QueryDescriptionEntity).QueryDescription
	list := res[1].(*engine.QueryDescriptionList).QueryDescriptions
	if len(list) != 1 || list[0].Stats == nil || *list[0].Stats != *desc.Stats {
		t.Fatalf("SHOW QUERIES EXTENDED stats %+v differ from EXPLAIN's %+v", list, desc.Stats)
	}
	want := engine.QueryStats{RecordsIn: 4, RecordsOut: 2, ProcessingErrors: 1}
	if desc.Stats == nil || *desc.Stats != want {
		t.Errorf("stats = %+v, want %+v", desc.Stats, want)
	}
	kinds := []string{"TopicSink", "Project", "Filter", "Scan"}
	counts := [][2]int64{{2, 2}, {2, 2}, {4, 2}, {4, 4}}
	if len(desc.Operators) != len(kinds) {
		t.Fatalf("operators = %+v, want %v", desc.Operators, kinds)
	}
	for i, op := range desc.Operators {
		if !strings.HasPrefix(op.Name, kinds[i]+" ") || op.Depth != i || op.RowsIn != counts[i][0] || op.RowsOut != counts[i][1] {
			t.Errorf("operator %d = %+v, want %s at depth %d with in/out %v", i, op, kinds[i], i, counts[i])
		}
	}
	if !strings.Contains(desc.ExecutionPlan, desc.Operators[2].Name) {
		t.Errorf("operator name %q is not a line of the execution plan:\n%s", desc.Operators[2].Name, desc.ExecutionPlan)
	}
}
