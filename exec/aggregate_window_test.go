package exec

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/state"
	"github.com/streamsql/streamsql/types"
)

// windowCount is SELECT ID, COUNT(*) FROM ORDERS WINDOW w GROUP BY ID.
func windowCount(t *testing.T, w *planner.WindowSpec) (*aggregateOp, *rowsEmitter) {
	op := finalCount(t, w)
	op.node.EmitFinal = false
	sink := &rowsEmitter{}
	if err := op.Open(context.Background(), sink); err != nil {
		t.Fatal(err)
	}
	return op, sink
}

// TestHoppingMatchesModel runs random records, some of them late, through
// hopping and tumbling counts and checks every update against a direct
// model: one row per window holding the record, in start order, unless the
// window closed (end <= stream time - grace); the row's time is the latest
// record time of the window. It also checks eviction: the windows kept are
// those that ended within the retention of the stream time at the last
// eviction (every 1024 records), and the expiry heap and the index by key
// hold exactly them.
func TestHoppingMatchesModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, w := range []*planner.WindowSpec{
		{Kind: "HOPPING", Size: 10, Advance: 3, Grace: 4},
		{Kind: "HOPPING", Size: 9, Advance: 3, Grace: 0},
		{Kind: "HOPPING", Size: 4, Advance: 6, Grace: 2}, // gaps between windows
		{Kind: "TUMBLING", Size: 5, Advance: 5, Grace: 3, Retention: 20},
	} {
		op, sink := windowCount(t, w)
		type win struct {
			key   string
			start int64
		}
		counts, maxTimes, ends := map[win]int64{}, map[win]int64{}, map[win]int64{}
		var want []string
		streamTime, added := int64(-1), 0
		retention := max(w.Retention, w.Size+w.Grace)
		var b Batch
		for i := range 5000 {
			key := fmt.Sprintf("k%d", r.IntN(7))
			ts := int64(i/3) - r.Int64N(12) // some records late by up to 12
			if r.IntN(50) == 0 {
				ts = -3 // before the epoch: no window
			}
			b.Append(types.Row{key, "n", int64(1), int64(1), ts, int32(0), int64(i)}, ts, int64(i), false)
			streamTime = max(streamTime, ts)
			for start := ts - ts%w.Advance - 20*w.Advance; start <= ts; start += w.Advance {
				if start < 0 || start > ts || start+w.Size <= ts || start+w.Size <= streamTime-w.Grace {
					continue
				}
				k := win{key, start}
				counts[k]++
				maxTimes[k] = max(maxTimes[k], ts)
				ends[k] = start + w.Size
				want = append(want, fmt.Sprintf("%s %d [%d,%d) @%d", key, counts[k], start, start+w.Size, maxTimes[k]))
			}
			if added++; added%1024 == 0 {
				for k, end := range ends {
					if end < streamTime-retention {
						delete(ends, k)
					}
				}
			}
			if b.Len() == 1+i%7 {
				if err := op.Process(context.Background(), 0, &b); err != nil {
					t.Fatal(err)
				}
				b = Batch{}
			}
		}
		if err := op.Process(context.Background(), 0, &b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(sink.got, "\n"); got != strings.Join(want, "\n") {
			t.Fatalf("%+v: %d updates, want %d; first difference at %d", *w, len(sink.got), len(want), firstDiff(sink.got, want))
		}
		var kept, wantKept []string
		for _, g := range op.groups {
			kept = append(kept, fmt.Sprintf("%v/%d", g.key[0], g.start))
		}
		for k := range ends {
			wantKept = append(wantKept, fmt.Sprintf("%s/%d", k.key, k.start))
		}
		slices.Sort(kept)
		slices.Sort(wantKept)
		indexed := 0
		for kid, kw := range op.windows.byKey {
			for j, g := range kw.wins {
				if g.kw != kw || op.groups[g.id] != g || g.id != kid+fmt.Sprint(g.start) || j > 0 && kw.wins[j-1].start >= g.start {
					t.Fatalf("%+v: index entry %s/%d is wrong", *w, kid, g.start)
				}
			}
			indexed += len(kw.wins)
		}
		if !slices.Equal(kept, wantKept) || len(op.windows.expiry) != len(op.groups) || indexed != len(op.groups) {
			t.Fatalf("%+v: kept %d windows (expiry heap %d, index %d), want %d", *w, len(kept), len(op.windows.expiry), indexed, len(wantKept))
		}
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestSessionExpiryHeap: merged sessions leave the expiry heap at once, so
// that it holds exactly the live sessions, each at its index.
func TestSessionExpiryHeap(t *testing.T) {
	op, _ := windowCount(t, &planner.WindowSpec{Kind: "SESSION", Size: 5, Advance: 5, Grace: 10})
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 3000 {
		var b Batch
		ts := int64(i) - r.Int64N(8)
		b.Append(types.Row{fmt.Sprintf("k%d", r.IntN(5)), "n", int64(1), int64(1), ts, int32(0), int64(i)}, ts, int64(i), false)
		if err := op.Process(context.Background(), 0, &b); err != nil {
			t.Fatal(err)
		}
		h := op.windows.expiry
		if len(h) != len(op.groups) {
			t.Fatalf("after record %d: %d sessions in the expiry heap, %d live", i, len(h), len(op.groups))
		}
		for j, g := range h {
			if g.slot != j || op.groups[g.id] != g {
				t.Fatalf("after record %d: heap entry %d (slot %d) is not a live session", i, j, g.slot)
			}
		}
	}
}

// TestWindowStateRestore runs hopping and session aggregations with
// COUNT_DISTINCT (large state, saved through MarshalAppend) in one task,
// and split in two where the second restores what the first checkpointed:
// both must write the same records.
func TestWindowStateRestore(t *testing.T) {
	defer checkLeaks(t)()
	recs := windowBids(3000)
	for i := range recs {
		recs[i].Timestamp = 1_700_000_000_000 + int64(i)*7
	}
	for _, q := range []string{
		"CREATE TABLE W AS SELECT AUCTION, COUNT(*) AS N, COUNT_DISTINCT(BIDDER) AS B, MAX(PRICE) AS P FROM BID " +
			"WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS, GRACE PERIOD 1 SECOND) GROUP BY AUCTION;",
		"CREATE TABLE W AS SELECT CHANNEL, COUNT_DISTINCT(BIDDER) AS B FROM BID " +
			"WINDOW SESSION (200 MILLISECONDS) GROUP BY CHANNEL;",
	} {
		whole := runBids(t, q, nil, recs)
		db, err := state.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		split := runBids(t, q, db, recs[:1700])
		split = append(split, runBids(t, q, db, recs[1700:])...)
		db.Close()
		if len(whole) < len(recs) || !slices.Equal(whole, split) {
			t.Errorf("%s\nrestored run differs: %d records, whole run %d; first difference at %d",
				q, len(split), len(whole), firstDiff(whole, split))
		}
	}
}

// runBids runs query over recs in batches of 100 with state store db (nil:
// none), checkpoints, and returns what it produced.
func runBids(t *testing.T, query string, db *state.DB, recs []SourceRecord) []string {
	t.Helper()
	rec := &recorder{accept: -1}
	task, err := Build(nexmarkPlan(t, query), Env{QueryID: "Q", Producer: rec, Log: rec, State: db})
	if err != nil {
		t.Fatal(err)
	}
	defer task.Close()
	for i := 0; i < len(recs); i += 100 {
		if err := task.Process(context.Background(), recs[i:min(i+100, len(recs))]); err != nil {
			t.Fatal(err)
		}
	}
	if db != nil {
		next := map[string]map[int32]int64{"bid": {0: recs[len(recs)-1].Offset + 1}}
		if err := task.(Checkpointer).Checkpoint(next); err != nil {
			t.Fatal(err)
		}
	}
	return rec.lines
}
