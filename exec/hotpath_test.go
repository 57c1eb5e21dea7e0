package exec

import (
	"context"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Tests of the per-record shortcuts: column pruning, in-place output blocks,
// group key encoding, prefix projections and folded casts.

func TestUsedColumns(t *testing.T) {
	for _, c := range []struct{ query, want string }{
		// BID's columns: AUCTION (key), BIDDER, PRICE, CHANNEL, URL, DATETIME,
		// EXTRA, ROWTIME, ROWPARTITION, ROWOFFSET.
		{"CREATE STREAM Q AS SELECT AUCTION, PRICE FROM BID WHERE AUCTION % 123 = 0;", "AUCTION PRICE"},
		{"CREATE STREAM Q AS SELECT BIDDER, LCASE(URL) AS U FROM BID WHERE PRICE > 10;", "BIDDER PRICE URL"},
		{"CREATE TABLE Q AS SELECT CHANNEL, MAX(PRICE) AS M FROM BID GROUP BY CHANNEL;", "PRICE CHANNEL"},
		{"CREATE STREAM Q AS SELECT * FROM BID;", "AUCTION BIDDER PRICE CHANNEL URL DATETIME EXTRA"},
		{"CREATE STREAM Q AS SELECT ROWTIME AS T, EXTRA FROM BID;", "EXTRA ROWTIME"},
	} {
		sink := nexmarkPlan(t, c.query)
		used := usedColumns(sink)
		n := planner.Node(sink)
		for len(n.Inputs()) > 0 {
			n = n.Inputs()[0]
		}
		scan := n.(*planner.Scan)
		cols, ok := used[scan]
		if !ok {
			t.Errorf("%s: scan columns unknown", c.query)
			continue
		}
		var got []string
		for i, u := range cols {
			if u {
				got = append(got, scan.Out.Columns[i].Name)
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: used %v, want %s", c.query, got, c.want)
		}
	}
	// A scan read by something other than expressions keeps every column.
	scan := ordersScan()
	if used := usedColumns(sinkTo(scan, "out")); used[scan] != nil {
		t.Errorf("a scan feeding a sink has pruned columns %v", used[scan])
	}
}

// TestPrunedColumnsStillChecked checks that a record whose unread column
// does not convert is dropped and logged as before pruning.
func TestPrunedColumnsStillChecked(t *testing.T) {
	rec := &recorder{}
	task, err := Build(nexmarkPlan(t, "CREATE STREAM Q AS SELECT AUCTION, PRICE FROM BID;"),
		Env{QueryID: "q", Producer: rec, Log: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer task.Close()
	key := []byte{0, 0, 0, 0, 0, 0, 0, 7}
	err = task.Process(context.Background(), []SourceRecord{
		{Topic: "bid", Offset: 0, Key: key, Value: []byte(`{"price": 5, "bidder": "not a number", "url": "u"}`)},
		{Topic: "bid", Offset: 1, Key: key, Value: []byte(`{"price": 6, "bidder": 1, "url": "bad \q escape"}`)},
		{Topic: "bid", Offset: 2, Key: key, Value: []byte(`{"price": 7, "bidder": 99999999999, "url": "\u00e9", "extra": 12}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`log query=q bid/0@0: failed to deserialize value from topic bid: cannot deserialize field "BIDDER": expected BIGINT, got string "not a number"`,
		`log query=q bid/0@1: failed to deserialize value from topic bid: invalid JSON: invalid escape '\q' at offset 38`,
		`produce topic=Q partition=-1 ts=0 key=` + string(key) + ` value={"PRICE":7}`,
	}
	if !slices.Equal(rec.lines, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(rec.lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestOutBlock(t *testing.T) {
	var o outBlock
	var got [][]byte
	var want []string
	for i := 0; i < 2000; i++ {
		rec := strings.Repeat(string(rune('a'+i%26)), i%97)
		if i == 1500 {
			rec = strings.Repeat("x", 3*outBlockSize) // longer than a block
		}
		o.reserve()
		b := o.take(append(o.block, rec...))
		if len(b) != cap(b) {
			t.Fatalf("record %d has room to grow into its neighbour", i)
		}
		got, want = append(got, b), append(want, rec)
	}
	for i := range got {
		if string(got[i]) != want[i] {
			t.Fatalf("record %d was overwritten", i)
		}
	}
}

func TestAppendKeyMatchesFormatValue(t *testing.T) {
	keys := []types.Row{
		{"a", int64(-5), int32(7)},
		{int64(1 << 40), "", true, 2.5, types.TimestampValue(86400000), types.DateValue(3)},
		{types.Dec{Unscaled: big.NewInt(1234), Scale: 2}, []byte("b"), nil},
	}
	for _, k := range keys {
		var sb strings.Builder
		for _, v := range k {
			sb.WriteString(types.FormatValue(v, nil))
			sb.WriteByte(0)
		}
		if got := encodeKey(k); got != sb.String() {
			t.Errorf("encodeKey(%v) = %q, want %q", k, got, sb.String())
		}
	}
}

func TestPrefixProjectionSharesRows(t *testing.T) {
	p, err := newProject(&procLog{}, project(ordersScan(), "ID,NAME", oID, oName))
	if err != nil || !p.prefix {
		t.Fatalf("prefix %v, err %v", p.prefix, err)
	}
	sink := &batchSink{}
	p.out = sink
	var b Batch
	b.Append(types.Row{"k", "n", int64(1)}, 1, 0, false)
	b.Append(types.Row{"k2"}, 2, 1, false) // too short: evaluated row by row
	if err := p.Process(context.Background(), 0, &b); err != nil {
		t.Fatal(err)
	}
	if showRow(sink.rows[0]) != "['k', 'n']" || showRow(sink.rows[1]) != "['k2', NULL]" {
		t.Errorf("rows %v", sink.rows)
	}
	p2, _ := newProject(&procLog{}, project(ordersScan(), "NAME,ID", oName, oID))
	if p2.prefix {
		t.Error("a reordering projection is not a prefix")
	}
}

// batchSink keeps the rows it is sent.
type batchSink struct{ rows []types.Row }

func (s *batchSink) Emit(_ context.Context, b *Batch) error {
	s.rows = append(s.rows, b.Rows...)
	return nil
}

func (s *batchSink) EmitWatermark(context.Context, Watermark) error { return nil }

func TestCastOfLiteralIsFolded(t *testing.T) {
	for _, c := range []struct {
		lit  *planner.Literal
		to   *types.Type
		want types.Value
	}{
		{bigint(123), types.IntType, int32(123)},
		{str("12"), types.BigIntType, int64(12)},
		{str("abc"), types.IntType, nil}, // a failed cast is NULL
		{null(types.StringType), types.IntType, nil},
	} {
		ev, err := Compile(&planner.Cast{Arg: c.lit, T: c.to})
		if err != nil {
			t.Fatal(err)
		}
		if v, err := ev(nil, nil); v != c.want || err != nil {
			t.Errorf("CAST(%v AS %s) = %v, %v; want %v", c.lit.Value, c.to, v, err, c.want)
		}
	}
}

func TestScatteredRowPart(t *testing.T) {
	p := newRowPart([]int{3, 1})
	if p.lo >= 0 {
		t.Fatal("columns 3, 1 are not a run")
	}
	dec := fakeDecoder{types.Row{"x", int64(2)}}
	row := make(types.Row, 4)
	if err := p.decode(row, []byte("."), dec); err != nil {
		t.Fatal(err)
	}
	if showRow(row) != "[NULL, 2, NULL, 'x']" {
		t.Errorf("row %s", showRow(row))
	}
	if q := newRowPart([]int{4, 5, 6}); q.lo != 4 || q.scratch != nil {
		t.Errorf("a run: %+v", q)
	}
}

type fakeDecoder struct{ row types.Row }

func (d fakeDecoder) Decode([]byte) (types.Row, error) { return slices.Clone(d.row), nil }
