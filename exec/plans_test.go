package exec

import (
	"strings"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Hand-made physical plans for the golden tests, by name. They stand in for
// what the planner will produce from SQL, shown in each comment.

var (
	kafkaFormat = planner.Format{Name: "KAFKA"}
	jsonFormat  = planner.Format{Name: "JSON"}
)

// ordersScan reads topic orders:
// CREATE STREAM ORDERS (ID STRING KEY, NAME STRING, AMOUNT BIGINT, DIVISOR BIGINT)
// with the pseudo columns ROWTIME, ROWPARTITION and ROWOFFSET.
func ordersScan() *planner.Scan {
	return &planner.Scan{
		Source: "ORDERS", Topic: "orders",
		KeyFormat: kafkaFormat, ValueFormat: jsonFormat,
		KeyColumns: []int{0}, ValueColumns: []int{1, 2, 3}, TimestampColumn: -1,
		Out: &planner.Schema{Columns: []planner.Column{
			{Name: "ID", Type: types.StringType, Role: planner.KeyColumn},
			{Name: "NAME", Type: types.StringType},
			{Name: "AMOUNT", Type: types.BigIntType},
			{Name: "DIVISOR", Type: types.BigIntType},
			{Name: "ROWTIME", Type: types.BigIntType, Role: planner.PseudoColumn},
			{Name: "ROWPARTITION", Type: types.IntType, Role: planner.PseudoColumn},
			{Name: "ROWOFFSET", Type: types.BigIntType, Role: planner.PseudoColumn},
		}},
	}
}

// Columns of ordersScan.
var (
	oID        = col(0, "ID", types.StringType)
	oName      = col(1, "NAME", types.StringType)
	oAmount    = col(2, "AMOUNT", types.BigIntType)
	oDivisor   = col(3, "DIVISOR", types.BigIntType)
	oRowtime   = col(4, "ROWTIME", types.BigIntType)
	oPartition = col(5, "ROWPARTITION", types.IntType)
	oOffset    = col(6, "ROWOFFSET", types.BigIntType)
)

// project builds a Project whose output columns are named by names; the first
// column is the key.
func project(in planner.Node, names string, exprs ...planner.Expr) *planner.Project {
	cols := make([]planner.Column, len(exprs))
	for i, n := range strings.Split(names, ",") {
		cols[i] = planner.Column{Name: n, Type: exprs[i].Type()}
	}
	cols[0].Role = planner.KeyColumn
	return &planner.Project{Input: in, Exprs: exprs, Out: &planner.Schema{Columns: cols}}
}

// sinkTo writes column 0 as the KAFKA key and the other columns as JSON.
func sinkTo(in planner.Node, topic string) *planner.TopicSink {
	n := len(in.Schema().Columns)
	vals := make([]int, n-1)
	for i := range vals {
		vals[i] = i + 1
	}
	return &planner.TopicSink{Input: in, Topic: topic, KeyFormat: kafkaFormat, ValueFormat: jsonFormat,
		KeyColumns: []int{0}, ValueColumns: vals, TimestampColumn: -1}
}

// ucase calls the registered UCASE function.
func ucase(arg planner.Expr) planner.Expr {
	r, err := funcs.Resolve("UCASE", []*types.Type{types.StringType})
	if err != nil {
		panic(err)
	}
	return &planner.Call{Name: "UCASE", Overload: r.Overload, Args: []planner.Expr{arg}, T: r.Return}
}

// fakeNode is a plan node kind exec does not know.
type fakeNode struct{ *planner.Filter }

var testPlans = map[string]func() planner.Node{
	// CREATE STREAM OUT AS SELECT ID, UCASE(NAME) AS NAME, AMOUNT * 2 AS DOUBLED,
	//   ROWTIME AS RT, ROWPARTITION AS P, ROWOFFSET AS O FROM ORDERS WHERE AMOUNT > 10;
	"filter_project": func() planner.Node {
		f := &planner.Filter{Input: ordersScan(), Predicate: bin(planner.OpGt, oAmount, bigint(10))}
		return sinkTo(project(f, "ID,NAME,DOUBLED,RT,P,O",
			oID, ucase(oName), bin(planner.OpMul, oAmount, bigint(2)), oRowtime, oPartition, oOffset), "out")
	},
	// CREATE STREAM OUT AS SELECT ID, NAME, AMOUNT FROM ORDERS;
	"passthrough": func() planner.Node {
		return sinkTo(project(ordersScan(), "ID,NAME,AMOUNT", oID, oName, oAmount), "out")
	},
	// CREATE STREAM OUT AS SELECT ID, AMOUNT / DIVISOR AS Q, NAME FROM ORDERS;
	"project_error": func() planner.Node {
		return sinkTo(project(ordersScan(), "ID,Q,NAME", oID, bin(planner.OpDiv, oAmount, oDivisor), oName), "out")
	},
	// CREATE STREAM OUT AS SELECT ID, AMOUNT FROM ORDERS WHERE 100 / DIVISOR > 1;
	"filter_error": func() planner.Node {
		pred := bin(planner.OpGt, bin(planner.OpDiv, bigint(100), oDivisor), bigint(1))
		return sinkTo(project(&planner.Filter{Input: ordersScan(), Predicate: pred}, "ID,AMOUNT", oID, oAmount), "out")
	},
	// CREATE STREAM EVENTS (ID STRING KEY, EVENT_TS STRING) WITH (TIMESTAMP='EVENT_TS',
	//   TIMESTAMP_FORMAT='yyyy-MM-dd''T''HH:mm:ssX');
	// CREATE STREAM OUT AS SELECT ID, EVENT_TS, ROWTIME AS RT FROM EVENTS;
	"event_time": func() planner.Node {
		scan := &planner.Scan{Source: "EVENTS", Topic: "events", KeyFormat: kafkaFormat, ValueFormat: jsonFormat,
			KeyColumns: []int{0}, ValueColumns: []int{1}, TimestampColumn: 1,
			TimestampFormat: "yyyy-MM-dd'T'HH:mm:ssX",
			Out: &planner.Schema{Columns: []planner.Column{
				{Name: "ID", Type: types.StringType, Role: planner.KeyColumn},
				{Name: "EVENT_TS", Type: types.StringType},
				{Name: "ROWTIME", Type: types.BigIntType, Role: planner.PseudoColumn},
			}}}
		return sinkTo(project(scan, "ID,EVENT_TS,RT", oID, col(1, "EVENT_TS", types.StringType),
			col(2, "ROWTIME", types.BigIntType)), "out")
	},
	// CREATE STREAM OUT WITH (TIMESTAMP='SINK_TS') AS SELECT ID, AMOUNT AS SINK_TS FROM ORDERS;
	"sink_timestamp": func() planner.Node {
		s := sinkTo(project(ordersScan(), "ID,SINK_TS", oID, oAmount), "out")
		s.TimestampColumn = 1
		return s
	},
	// SELECT ID, NAME FROM ORDERS EMIT CHANGES LIMIT 2;
	"client_limit": func() planner.Node {
		return &planner.ClientSink{Input: project(ordersScan(), "ID,NAME", oID, oName), Limit: 2}
	},
	// SELECT ID, NAME FROM ORDERS EMIT CHANGES;
	"client": func() planner.Node {
		return &planner.ClientSink{Input: project(ordersScan(), "ID,NAME", oID, oName), Limit: -1}
	},
	// SELECT ID, HEADERS, HEADER('k') FROM (orders with header columns) EMIT CHANGES;
	"headers": func() planner.Node {
		hdr := types.ArrayOf(types.StructOf(types.Field{Name: "KEY", Type: types.StringType},
			types.Field{Name: "VALUE", Type: types.BytesType}))
		scan := ordersScan()
		scan.Out.Columns = append(scan.Out.Columns,
			planner.Column{Name: "HEADERS", Type: hdr, Role: planner.HeaderColumn},
			planner.Column{Name: "K", Type: types.BytesType, Role: planner.HeaderColumn, HeaderKey: "k"})
		return &planner.ClientSink{Input: project(scan, "ID,HEADERS,K", oID, col(7, "HEADERS", hdr),
			col(8, "K", types.BytesType)), Limit: -1}
	},
	"root_not_sink": func() planner.Node { return ordersScan() },
	"unknown_node": func() planner.Node {
		return &planner.ClientSink{Input: fakeNode{&planner.Filter{Input: ordersScan(), Predicate: lit(true, types.BooleanType)}}, Limit: -1}
	},
	// A STRING timestamp column without a format.
	"bad_timestamp_column": func() planner.Node {
		scan := ordersScan()
		scan.TimestampColumn = 1
		return &planner.ClientSink{Input: scan, Limit: -1}
	},
}
