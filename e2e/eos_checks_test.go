package e2e

import (
	"encoding/binary"
	"fmt"
	"testing"
	"time"
)

// The verifier of TestCrashExactlyOnce, checked on made-up topics: each
// kind of fault must show in its own figure and nowhere else.

func eosInputs(recs ...eosIn) []eosIn {
	for i := range recs {
		recs[i].off = int64(i)
		recs[i].v = eosValue(0, recs[i].seq)
		recs[i].ts = recs[i].seq * eosSeqStepMs
	}
	return recs
}

func passRec(off int64, key string, seq, v int64) kRec {
	return kRec{off: off, key: []byte(key), value: fmt.Appendf(nil, `{"SEQ":%d,"V":%d}`, seq, v)}
}

func TestEOSCheckStream(t *testing.T) {
	in := eosInputs(eosIn{eosEvent: eosEvent{key: "a", seq: 1}}, eosIn{eosEvent: eosEvent{key: "a", seq: 2}},
		eosIn{eosEvent: eosEvent{key: "a", seq: 3}}, eosIn{eosEvent: eosEvent{key: "b", seq: 1}})
	v := func(seq int64) int64 { return eosValue(0, seq) }
	got := []kRec{
		passRec(0, "a", 1, v(1)),
		passRec(1, "a", 3, v(3)),
		passRec(2, "a", 3, v(3)),                         // duplicate
		passRec(3, "a", 2, v(2)+1),                       // wrong value: seq 2 also lost
		passRec(4, "c", 9, 0),                            // not in the input
		{off: 5, key: []byte("b"), value: []byte(`"x"`)}, // not an object: b/1 lost
	}
	c := checkStream("pass", wantPass(in, nil), got)
	want := streamCheck{name: "pass", want: 4, got: 6, lost: 2, dup: 1, wrong: 3, gaps: 1, gapKeys: 1, reordered: 1}
	c.problems = problemList{}
	if fmt.Sprint(c) != fmt.Sprint(want) {
		t.Errorf("checkStream:\n got %+v\nwant %+v", c, want)
	}
	if c.failed(guaranteeALOS) != true {
		t.Errorf("a stream with lost records passes under at_least_once")
	}
	clean := checkStream("pass", wantPass(in[:1], nil), got[:1])
	if clean.failed(guaranteeEOS) {
		t.Errorf("an exact sink fails: %+v", clean)
	}
	dupOnly := checkStream("pass", wantPass(in[2:3], nil), got[1:3])
	if !dupOnly.failed(guaranteeEOS) || dupOnly.failed(guaranteeALOS) {
		t.Errorf("a duplicate must fail exactly_once_v2 only: %+v", dupOnly)
	}
}

func aggRec(off int64, key string, s aggState) kRec {
	return kRec{off: off, key: []byte(key), value: fmt.Appendf(nil, `{"CNT":%d,"TOTAL":%d,"LO":%d,"HI":%d}`, s.cnt, s.total, s.lo, s.hi)}
}

func TestEOSCheckTable(t *testing.T) {
	in := eosInputs(eosIn{eosEvent: eosEvent{key: "a", seq: 1}}, eosIn{eosEvent: eosEvent{key: "a", seq: 2}},
		eosIn{eosEvent: eosEvent{key: "a", seq: 3}}, eosIn{eosEvent: eosEvent{key: "b", seq: 1}})
	want := wantAgg(in)
	a := want["a"]
	exact := []kRec{aggRec(0, "a", a[0]), aggRec(1, "a", a[1]), aggRec(2, "a", a[2]), aggRec(3, "b", want["b"][0])}
	if c := checkTable("agg", want, exact, parseAggUpdate); c.failed(guaranteeEOS) {
		t.Fatalf("an exact table fails: %+v", c)
	}
	replayed := []kRec{aggRec(0, "a", a[0]), aggRec(1, "a", a[1]), aggRec(2, "a", a[0]), aggRec(3, "a", a[1]), aggRec(4, "a", a[1]),
		aggRec(5, "a", aggState{3, 1, 1, 1}), aggRec(6, "x", a[0])}
	c := checkTable("agg", want, replayed, parseAggUpdate)
	c.problems = problemList{}
	wantCheck := tableCheck{name: "agg", in: 4, updates: 7, rows: 2, missing: 1, extra: 1, wrongRows: 1, under: 1,
		repeated: 1, decreased: 1, inconsistent: 1}
	if fmt.Sprint(c) != fmt.Sprint(wantCheck) {
		t.Errorf("checkTable:\n got %+v\nwant %+v", c, wantCheck)
	}
}

func TestEOSCheckWindow(t *testing.T) {
	// ROWTIMEs 1s..12s: seqs 1-9 fall in window 0, 10-12 in window 10000.
	var recs []eosIn
	for seq := int64(1); seq <= 12; seq++ {
		recs = append(recs, eosIn{eosEvent: eosEvent{key: "a", seq: seq}})
	}
	want := wantWindow(eosInputs(recs...))
	if len(want) != 2 || len(want["a@0"]) != 9 || len(want["a@10000"]) != 3 {
		t.Fatalf("windows: %v", want)
	}
	key := binary.BigEndian.AppendUint64([]byte("a"), 10000)
	s := want["a@10000"][2]
	got := []kRec{{key: key, value: fmt.Appendf(nil, `{"CNT":%d,"TOTAL":%d}`, s.cnt, s.total)}}
	c := checkTable("window", want, got, parseWindowUpdate)
	if c.missing != 1 || c.wrongRows+c.inconsistent+c.extra != 0 {
		t.Errorf("window a@0 must be missing and a@10000 right: %+v", c)
	}
}

func TestEOSCheckInput(t *testing.T) {
	in := eosInputs(eosIn{eosEvent: eosEvent{key: "a", seq: 1}}, eosIn{eosEvent: eosEvent{key: "a", seq: 1}},
		eosIn{eosEvent: eosEvent{key: "a", seq: 3}})
	acked := map[eosID]int{{"a", 1}: 1, {"a", 2}: 1, {"a", 3}: 1}
	c := checkInput(in, acked)
	if c != (inputCheck{records: 3, dups: 1, lostAcked: 1, gaps: 1}) {
		t.Errorf("checkInput: %+v", c)
	}
}

func TestEOSPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	if got := percentiles(ds); got != "p50 50ms p99 99ms (100 samples)" {
		t.Errorf("percentiles: %s", got)
	}
	if got := percentiles(nil); got != "no samples" {
		t.Errorf("percentiles(nil): %s", got)
	}
}
