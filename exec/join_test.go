package exec

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/state"
	"github.com/streamsql/streamsql/types"
)

// Plans for testdata/join_*, added to testPlans. Both sides of a join read
// topic events, whose key is the side ("L" or "R") followed by the join key:
// record "L1" is a left row of key "1". Each side keeps its own records
// (a filter on the key prefix) and joins on SUBSTRING(ID, 2). Results are
// written as KEY|{"L":left V,"R":right V}.
func init() {
	stream := func(t planner.JoinType, w *planner.JoinWindow) func() planner.Node {
		return func() planner.Node { return joinPlan(planner.StreamStreamJoin, t, w, false, false) }
	}
	grace := func(g int64) *planner.JoinWindow {
		return &planner.JoinWindow{Before: 10, After: 10, Grace: g, GraceSet: true}
	}
	eager := &planner.JoinWindow{Before: 10, After: 10, Grace: 1000}
	testPlans["join_ss_inner"] = stream(planner.InnerJoin, eager)
	testPlans["join_ss_left"] = stream(planner.LeftJoin, eager)
	testPlans["join_ss_inner_grace"] = stream(planner.InnerJoin, grace(5))
	testPlans["join_ss_left_grace"] = stream(planner.LeftJoin, grace(5))
	testPlans["join_ss_right_grace"] = stream(planner.RightJoin, grace(5))
	testPlans["join_ss_outer_grace"] = stream(planner.OuterJoin, grace(5))
	testPlans["join_ss_asym"] = stream(planner.InnerJoin, &planner.JoinWindow{Before: 5, After: 20, Grace: 1000})
	for name, t := range map[string]planner.JoinType{"inner": planner.InnerJoin, "left": planner.LeftJoin} {
		testPlans["join_st_"+name] = func() planner.Node { return joinPlan(planner.StreamTableJoin, t, nil, false, true) }
		testPlans["join_fk_"+name] = func() planner.Node { return joinPlan(planner.ForeignKeyJoin, t, nil, true, true) }
	}
	for name, t := range map[string]planner.JoinType{"inner": planner.InnerJoin, "left": planner.LeftJoin,
		"right": planner.RightJoin, "outer": planner.OuterJoin} {
		testPlans["join_tt_"+name] = func() planner.Node { return joinPlan(planner.TableTableJoin, t, nil, true, true) }
	}
}

// eventsScan reads topic events: (ID STRING KEY, V STRING) in JSON.
func eventsScan(table bool) *planner.Scan {
	return &planner.Scan{
		Source: "EVENTS", Topic: "events", Table: table,
		KeyFormat: kafkaFormat, ValueFormat: jsonFormat,
		KeyColumns: []int{0}, ValueColumns: []int{1}, TimestampColumn: -1,
		Out: &planner.Schema{Columns: []planner.Column{
			{Name: "ID", Type: types.StringType, Role: planner.KeyColumn},
			{Name: "V", Type: types.StringType},
			{Name: "ROWTIME", Type: types.BigIntType, Role: planner.PseudoColumn},
			{Name: "ROWPARTITION", Type: types.IntType, Role: planner.PseudoColumn},
			{Name: "ROWOFFSET", Type: types.BigIntType, Role: planner.PseudoColumn},
		}},
	}
}

// side keeps the events of one side: those whose key starts with prefix.
// A table side filters its changelog, so tombstones reach it.
func side(prefix string, table bool) planner.Node {
	pred := &planner.Like{Arg: col(0, "ID", types.StringType), Pattern: str(prefix + "%")}
	if table {
		return &planner.TableFilter{Input: eventsScan(true), Predicate: pred, KeyColumns: []int{0}}
	}
	return &planner.Filter{Input: eventsScan(false), Predicate: pred}
}

// joinKey is SUBSTRING(ID, 2): the join key without the side prefix.
func joinKey() planner.Expr {
	args := []planner.Expr{col(0, "ID", types.StringType), lit(int32(2), types.IntType)}
	r, err := funcs.Resolve("SUBSTRING", []*types.Type{types.StringType, types.IntType})
	if err != nil {
		panic(err)
	}
	return &planner.Call{Name: "SUBSTRING", Overload: r.Overload, Args: args, T: r.Return}
}

// joinPlan joins the L and R sides of events and writes the key with both
// V columns. A foreign-key join joins the left V to the right key.
func joinPlan(kind planner.JoinKind, t planner.JoinType, w *planner.JoinWindow, leftTable, rightTable bool) planner.Node {
	left, right := side("L", leftTable), side("R", rightTable)
	j := &planner.Join{Kind: kind, Type: t, Left: left, Right: right, Window: w, KeyCols: 1,
		LeftKey: []planner.Expr{joinKey()}, RightKey: []planner.Expr{joinKey()}}
	if kind == planner.ForeignKeyJoin {
		j.LeftKey = []planner.Expr{col(1, "V", types.StringType)}
		j.LeftPrimary = []int{0}
	}
	out := []planner.Column{{Name: "KEY", Type: types.StringType, Role: planner.KeyColumn}}
	for _, n := range []planner.Node{left, right} {
		for _, c := range n.Schema().Columns {
			if c.Role == planner.KeyColumn {
				c.Role = planner.ValueColumn
			}
			out = append(out, c)
		}
	}
	j.Out = &planner.Schema{Columns: out}
	width := len(left.Schema().Columns)
	return sinkTo(project(j, "KEY,L,R", col(0, "KEY", types.StringType),
		col(1+1, "V", types.StringType), col(1+width+1, "V", types.StringType)), "out")
}

// TestJoinState checks that a stream-stream join forgets rows once they are
// past the window and grace, however many keys it saw.
func TestJoinState(t *testing.T) {
	defer checkLeaks(t)()
	n := &planner.Join{Kind: planner.StreamStreamJoin, Type: planner.LeftJoin,
		Left: eventsScan(false), Right: eventsScan(false), KeyCols: 1,
		LeftKey: []planner.Expr{col(0, "ID", types.StringType)}, RightKey: []planner.Expr{col(0, "ID", types.StringType)},
		Window: &planner.JoinWindow{Before: 10, After: 10, Grace: 5, GraceSet: true},
		Out:    &planner.Schema{Columns: make([]planner.Column, 11)}}
	op, err := newJoin(&procLog{}, n)
	if err != nil {
		t.Fatal(err)
	}
	sink := &countEmitter{}
	if err := op.Open(context.Background(), sink); err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	wj := op.impl.(*windowJoin)
	for i := range 10000 {
		var b Batch
		key := string(rune('a' + i%26))
		b.Append(types.Row{key + string(rune('a'+i%7)), "v", int64(i), int32(0), int64(i)}, int64(i), int64(i), false)
		if err := op.Process(context.Background(), i%2, &b); err != nil {
			t.Fatal(err)
		}
	}
	live := wj.sides[0].len() + wj.sides[1].len()
	if retention := n.Window.Retention(); live > int(2*retention+2) {
		t.Errorf("%d rows buffered, want at most %d (retention %dms)", live, 2*retention+2, retention)
	}
	if wj.waiting.len() > 100 {
		t.Errorf("%d unmatched rows waiting, want few", wj.waiting.len())
	}
	if sink.rows == 0 {
		t.Error("no rows emitted")
	}
}

// countEmitter counts what it receives.
type countEmitter struct{ rows int }

func (c *countEmitter) Emit(_ context.Context, b *Batch) error {
	c.rows += b.Len()
	return nil
}

func (c *countEmitter) EmitWatermark(context.Context, Watermark) error { return nil }

// TestJoinStateRestore runs each join plan on a record sequence twice: in
// one task, and split in two tasks where the second restores the state the
// first checkpointed. Both runs must produce the same records.
func TestJoinStateRestore(t *testing.T) {
	defer checkLeaks(t)()
	input := []string{
		`R1|{"V":"r1"}|0`, `L1|{"V":"1"}|1`, `L2|{"V":"2"}|2`, `R2|{"V":"r2"}|3`, `L3|{"V":"1"}|30`,
		`R1|null|31`, `L2|{"V":"x"}|32`, `L1|{"V":"2"}|32`, `R3|{"V":"r3"}|33`, `L3|null|34`, `R2|{"V":"r2b"}|60`, `L4|{"V":"4"}|90`,
	}
	for _, name := range []string{"join_ss_left_grace", "join_ss_outer_grace", "join_ss_inner", "join_st_left",
		"join_tt_outer", "join_tt_left", "join_fk_left", "join_fk_inner"} {
		t.Run(name, func(t *testing.T) {
			whole := runRecords(t, name, nil, input)
			db, err := state.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			split := runRecords(t, name, db, input[:6])
			split = append(split, runRecords(t, name, db, input[6:])...)
			if strings.Join(whole, "\n") != strings.Join(split, "\n") {
				t.Errorf("restored run differs:\nwhole:\n%s\nsplit:\n%s", strings.Join(whole, "\n"), strings.Join(split, "\n"))
			}
		})
	}
}

// runRecords runs plan name over records (KEY|VALUE|TS) one at a time with
// state store db (nil: none), checkpoints, and returns what it produced.
func runRecords(t *testing.T, name string, db *state.DB, records []string) []string {
	t.Helper()
	rec := &recorder{accept: -1}
	task, err := Build(testPlans[name](), Env{QueryID: "Q", Producer: rec, Log: rec, State: db})
	if err != nil {
		t.Fatal(err)
	}
	defer task.Close()
	next := map[string]map[int32]int64{}
	for i, line := range records {
		f := strings.Split(line, "|")
		ts, _ := strconv.ParseInt(f[2], 10, 64)
		r := SourceRecord{Topic: "events", Offset: int64(i), Timestamp: ts, Key: []byte(f[0])}
		if f[1] != "null" {
			r.Value = []byte(f[1])
		}
		if err := task.Process(context.Background(), []SourceRecord{r}); err != nil {
			t.Fatal(err)
		}
		next["events"] = map[int32]int64{0: int64(i + 1)}
	}
	if db != nil {
		if err := task.(Checkpointer).Checkpoint(next); err != nil {
			t.Fatal(err)
		}
	}
	return rec.lines
}
