package serde

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"

	"github.com/streamsql/streamsql/types"
)

// TestSlabBoxing checks that values boxed from a record's slab behave as
// ordinarily boxed ones, and survive garbage collection once the decoder is
// done with them.
func TestSlabBoxing(t *testing.T) {
	cols := []Column{
		{"B", types.BigIntType}, {"I", types.IntType}, {"D", types.DoubleType},
		{"T", types.TimestampType}, {"DT", types.DateType}, {"S", types.StringType},
		{"SMALL", types.BigIntType}, {"NEG", types.IntType},
	}
	dec, err := NewDecoder(Options{Format: JSON}, cols)
	if err != nil {
		t.Fatal(err)
	}
	want := types.Row{int64(1) << 40, int32(70000), 2.5, types.TimestampValue(1700000000000),
		types.DateValue(19000), "hello", int64(7), int32(-3)}
	var rows []types.Row
	for i := 0; i < 1000; i++ {
		row, err := dec.Decode([]byte(`{"b": 1099511627776, "i": 70000, "d": 2.5, "t": 1700000000000, ` +
			`"dt": 19000, "s": "hello", "small": 7, "neg": -3}`))
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	runtime.GC()
	runtime.GC()
	for _, row := range rows {
		for i, v := range row {
			if v != want[i] || reflect.TypeOf(v) != reflect.TypeOf(want[i]) || fmt.Sprint(v) != fmt.Sprint(want[i]) {
				t.Fatalf("column %s: got %#v, want %#v", cols[i].Name, v, want[i])
			}
		}
	}
	if _, ok := rows[0][0].(int64); !ok {
		t.Errorf("BIGINT is %T", rows[0][0])
	}
	if s, ok := rows[0][5].(string); !ok || s+"!" != "hello!" {
		t.Errorf("STRING is %#v", rows[0][5])
	}
}

// TestSlabExhausted checks that values beyond the slab's slots, here the
// fields of a STRUCT, are boxed the ordinary way.
func TestSlabExhausted(t *testing.T) {
	st := types.StructOf(types.Field{Name: "A", Type: types.BigIntType}, types.Field{Name: "B", Type: types.StringType})
	dec, err := NewDecoder(Options{Format: JSON}, []Column{{"X", types.BigIntType}, {"S", st}})
	if err != nil {
		t.Fatal(err)
	}
	row, err := dec.Decode([]byte(`{"X": 1000, "S": {"A": 2000, "B": "b"}, "X": 3000}`))
	if err != nil {
		t.Fatal(err)
	}
	got := row[1].(*types.StructValue).Fields
	if row[0] != int64(3000) || got[0] != int64(2000) || got[1] != "b" {
		t.Errorf("got %v %v", row[0], got)
	}
}

// TestPlainRun compares plainRun with a byte at a time scan: it may stop
// early, never late.
func TestPlainRun(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("abcXYZ09 ~\x7f\"\\\x00\x1f\x20\x80\xc3\xff")
	for n := 0; n < 20000; n++ {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = byte('a' + r.IntN(26))
			}
		}
		start := 0
		if len(b) > 0 {
			start = r.IntN(len(b))
		}
		first := start
		for first < len(b) && !strSpecial[b[first]] {
			first++
		}
		if got := plainRun(b, start); got > first || got < start {
			t.Fatalf("plainRun(%q, %d) = %d, first special byte at %d", b, start, got, first)
		}
	}
}

// TestDiscard checks that discarded columns decode as NULL and still fail
// the record when their values do not convert.
func TestDiscard(t *testing.T) {
	cols := []Column{{"A", types.BigIntType}, {"B", types.StringType}, {"C", types.IntType}, {"D", types.DoubleType}}
	dec, err := NewDecoder(Options{Format: JSON, Discard: []bool{false, true, true, true}}, cols)
	if err != nil {
		t.Fatal(err)
	}
	row, err := dec.Decode([]byte(`{"a": 1000, "b": "x", "c": 5, "d": 1e400}`))
	if err != nil || fmt.Sprint(row) != "[1000 <nil> <nil> <nil>]" {
		t.Errorf("got %v, %v", row, err)
	}
	for rec, want := range map[string]string{
		`{"a": 1, "c": 3000000000}`: `cannot deserialize field "C": number 3000000000 is out of range for INTEGER`,
		`{"a": 1, "c": "x"}`:        `cannot deserialize field "C": expected INTEGER, got string "x"`,
		`{"a": 1, "b": "\x"}`:       `invalid JSON: invalid escape '\x' at offset 15`,
		`{"a": 1, "d": true}`:       `cannot deserialize field "D": expected DOUBLE, got boolean true`,
	} {
		if _, err := dec.Decode([]byte(rec)); err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", rec, err, want)
		}
	}
}
