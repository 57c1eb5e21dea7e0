package exec

import (
	"context"
	"fmt"
	"testing"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Plans for testdata/rekey and testdata/flatmap, added to testPlans.
func init() {
	// CREATE STREAM OUT AS SELECT AMOUNT / DIVISOR AS Q, ID, NAME FROM ORDERS
	//   PARTITION BY AMOUNT / DIVISOR;  (JSON key)
	testPlans["rekey_expr"] = func() planner.Node {
		rk := rekey(ordersScan(), []int{7}, []int{7}, column("KSQL_COL_0", types.BigIntType),
			bin(planner.OpDiv, oAmount, oDivisor))
		return jsonKeySink(project(rk, "Q,ID,NAME", col(7, "KSQL_COL_0", types.BigIntType), oID, oName))
	}
	// CREATE STREAM OUT AS SELECT UCASE(ID) AS UID, ROWTIME, NAME FROM ORDERS
	//   PARTITION BY UCASE(ID), ROWTIME;  (JSON key of two columns)
	testPlans["rekey_key_only"] = func() planner.Node {
		rk := rekey(ordersScan(), []int{7, 4}, []int{4}, column("KSQL_COL_0", types.StringType), ucase(oID))
		p := project(rk, "UID,ROWTIME,NAME", col(7, "KSQL_COL_0", types.StringType), oRowtime, oName)
		p.Out.Columns[1].Role = planner.KeyColumn
		s := jsonKeySink(p)
		s.KeyColumns, s.ValueColumns = []int{0, 1}, []int{2}
		s.KeyFormat.Unwrapped = false
		return s
	}
	// SELECT ID, EXPLODE(A) AS X, EXPLODE(B) AS Y FROM ITEMS EMIT CHANGES;
	testPlans["flatmap_zip"] = func() planner.Node {
		fm := flatMap(itemsScan(), tableCallOf("EXPLODE", iA), tableCallOf("EXPLODE", iB))
		return &planner.ClientSink{Input: project(fm, "ID,X,Y", iID,
			col(6, "KSQL_SYNTH_0", types.BigIntType), col(7, "KSQL_SYNTH_1", types.StringType)), Limit: -1}
	}
	// SELECT ID, CUBE_EXPLODE(A) AS C FROM ITEMS EMIT CHANGES;
	testPlans["flatmap_cube"] = func() planner.Node {
		fm := flatMap(itemsScan(), tableCallOf("CUBE_EXPLODE", iA))
		return &planner.ClientSink{Input: project(fm, "ID,C", iID,
			col(6, "KSQL_SYNTH_0", types.ArrayOf(types.BigIntType))), Limit: -1}
	}
}

// itemsScan reads topic items:
// CREATE STREAM ITEMS (ID STRING KEY, A ARRAY<BIGINT>, B ARRAY<STRING>).
func itemsScan() *planner.Scan {
	return &planner.Scan{
		Source: "ITEMS", Topic: "items",
		KeyFormat: kafkaFormat, ValueFormat: jsonFormat,
		KeyColumns: []int{0}, ValueColumns: []int{1, 2}, TimestampColumn: -1,
		Out: &planner.Schema{Columns: []planner.Column{
			{Name: "ID", Type: types.StringType, Role: planner.KeyColumn},
			{Name: "A", Type: types.ArrayOf(types.BigIntType)},
			{Name: "B", Type: types.ArrayOf(types.StringType)},
			{Name: "ROWTIME", Type: types.BigIntType, Role: planner.PseudoColumn},
			{Name: "ROWPARTITION", Type: types.IntType, Role: planner.PseudoColumn},
			{Name: "ROWOFFSET", Type: types.BigIntType, Role: planner.PseudoColumn},
		}},
	}
}

// Columns of itemsScan.
var (
	iID = col(0, "ID", types.StringType)
	iA  = col(1, "A", types.ArrayOf(types.BigIntType))
	iB  = col(2, "B", types.ArrayOf(types.StringType))
)

func column(name string, t *types.Type) planner.Column {
	return planner.Column{Name: name, Type: t, Role: planner.KeyColumn}
}

// rekey re-keys in by keys (positions in its output), appending one column
// per expression; the input's old key becomes a value column.
func rekey(in planner.Node, keys, tombstoneNull []int, added planner.Column, exprs ...planner.Expr) *planner.Rekey {
	out := &planner.Schema{}
	for _, c := range in.Schema().Columns {
		if c.Role == planner.KeyColumn {
			c.Role = planner.ValueColumn
		}
		out.Columns = append(out.Columns, c)
	}
	out.Columns = append(out.Columns, added)
	for _, k := range keys {
		out.Columns[k].Role = planner.KeyColumn
	}
	return &planner.Rekey{Input: in, Exprs: exprs, Keys: keys, TombstoneNull: tombstoneNull, Out: out}
}

// jsonKeySink writes column 0 as an unwrapped JSON key, the others as JSON.
func jsonKeySink(in planner.Node) *planner.TopicSink {
	s := sinkTo(in, "out")
	s.KeyFormat = planner.Format{Name: "JSON", Unwrapped: true}
	return s
}

func tableCallOf(name string, args ...planner.Expr) planner.TableCall {
	argTypes := make([]*types.Type, len(args))
	for i, a := range args {
		argTypes[i] = a.Type()
	}
	r, err := funcs.Resolve(name, argTypes)
	if err != nil {
		panic(err)
	}
	return planner.TableCall{Name: name, Overload: r.Overload, Args: args, T: r.Return}
}

func flatMap(in planner.Node, calls ...planner.TableCall) *planner.FlatMap {
	out := &planner.Schema{Columns: append([]planner.Column(nil), in.Schema().Columns...)}
	for i, c := range calls {
		out.Columns = append(out.Columns, planner.Column{Name: fmt.Sprintf("KSQL_SYNTH_%d", i), Type: c.T, Role: planner.PseudoColumn})
	}
	return &planner.FlatMap{Input: in, Calls: calls, Out: out}
}

// batchCounter records the sizes of the batches it receives.
type batchCounter struct{ sizes []int }

func (c *batchCounter) Emit(_ context.Context, b *Batch) error {
	c.sizes = append(c.sizes, b.Len())
	return nil
}

func (c *batchCounter) EmitWatermark(context.Context, Watermark) error { return nil }

// TestFlatMapBoundsBatches checks that one input row producing many rows
// goes downstream in batches of at most flatMapBatch rows.
func TestFlatMapBoundsBatches(t *testing.T) {
	fm := flatMap(itemsScan(), tableCallOf("CUBE_EXPLODE", iA))
	op, err := newFlatMap(&procLog{}, fm)
	if err != nil {
		t.Fatal(err)
	}
	out := &batchCounter{}
	if err := op.Open(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	elems := make([]types.Value, 11) // 2^11 distinct combinations
	for i := range elems {
		elems[i] = int64(i)
	}
	var in Batch
	in.Reset("items", 0)
	in.Append(types.Row{"k", elems, nil, int64(1), int32(0), int64(0)}, 1, 0, false)
	in.Append(types.Row{"k", []types.Value{int64(1)}, nil, int64(2), int32(0), int64(1)}, 2, 1, false)
	if err := op.Process(context.Background(), 0, &in); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range out.sizes {
		if n > flatMapBatch {
			t.Errorf("batch of %d rows, want at most %d", n, flatMapBatch)
		}
		total += n
	}
	if want := 1<<11 + 2; total != want {
		t.Errorf("got %d rows in batches %v, want %d", total, out.sizes, want)
	}
}
