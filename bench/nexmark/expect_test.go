package nexmark

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"
)

// expected holds the results of the smoke test's queries, computed in Go
// from the generated events.
type expected struct {
	bids map[Bid]int
	q2   map[[2]int64]int   // (auction, price) of bids on every 123rd auction
	q5   map[[2]int64]int64 // (auction, window start) → bids in the 10 s window
	q7   map[int64]int64    // window start → highest price in the 10 s window
	q17  map[Q17Key]*Q17Agg
}

func expectFor(opts Options) *expected {
	g := NewGenerator(Config{Seed: opts.Seed, EventRate: opts.EventRate, BaseTime: opts.BaseTime})
	e := &expected{bids: map[Bid]int{}, q2: map[[2]int64]int{}, q5: map[[2]int64]int64{}, q7: map[int64]int64{},
		q17: map[Q17Key]*Q17Agg{}}
	for id := range opts.Events {
		if KindOf(id) != KindBid {
			continue
		}
		b := g.Event(id).Bid
		e.bids[b]++
		if b.Auction%123 == 0 {
			e.q2[[2]int64{b.Auction, b.Price}]++
		}
		for s := floorDiv(b.DateTime, 2000) * 2000; s > b.DateTime-10_000; s -= 2000 {
			e.q5[[2]int64{b.Auction, s}]++
		}
		w := floorDiv(b.DateTime, 10_000) * 10_000
		if m, ok := e.q7[w]; !ok || b.Price > m {
			e.q7[w] = b.Price
		}
		k := Q17KeyOf(&b)
		if e.q17[k] == nil {
			e.q17[k] = &Q17Agg{}
		}
		e.q17[k].Add(b.Price)
	}
	return e
}

// q17Rows are the rows of q17's table: key [auction, "day"] as JSON, the
// other columns as numbers.
func (e *expected) q17Rows() map[string][]float64 {
	out := make(map[string][]float64, len(e.q17))
	for k, a := range e.q17 {
		key := fmt.Sprintf(`[%d,"%s"]`, k.Auction, dayOf(k.Day*msPerDay))
		out[key] = []float64{float64(a.Total), float64(a.Rank1), float64(a.Rank2), float64(a.Rank3),
			float64(a.Min), float64(a.Max), a.Avg(), float64(a.Sum)}
	}
	return out
}

// equalMaps reports the differences between two maps, a few at most.
func equalMaps[K comparable, V comparable](t *testing.T, what string, got, want map[K]V) {
	t.Helper()
	shown := 0
	for k, w := range want {
		if g, ok := got[k]; (!ok || g != w) && shown < 5 {
			t.Errorf("%s: at %v got %v (present %v), want %v", what, k, g, ok, w)
			shown++
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && shown < 5 {
			t.Errorf("%s: unexpected %v = %v", what, k, g)
			shown++
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d entries, want %d", what, len(got), len(want))
	}
}

// equalRows compares rows of numbers, averages to a relative 1e-9.
func equalRows(t *testing.T, what string, got, want map[string][]float64) {
	t.Helper()
	shown := 0
	for k, w := range want {
		g := got[k]
		same := len(g) == len(w)
		for i := 0; same && i < len(w); i++ {
			same = floatClose(g[i], w[i])
		}
		if !same && shown < 5 {
			t.Errorf("%s: at %s got %v, want %v", what, k, g, w)
			shown++
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(want))
	}
}

// checkBaseline runs a baseline in this process and checks what it wrote.
func checkBaseline(ctx context.Context, t *testing.T, target Target, q string, want *expected) {
	var out bytes.Buffer
	topic := "BT_" + q
	if err := RunBaseline(ctx, BaselineConfig{Query: q, Brokers: target.Brokers, Topic: topic}, &out); err != nil {
		t.Fatalf("baseline %s: %v", q, err)
	}
	var st BaselineStats
	if err := json.Unmarshal(out.Bytes(), &st); err != nil || st.In != CountsOf(smokeOptions.Events).Bids {
		t.Errorf("baseline %s: stats %q: %v", q, out.String(), err)
	}
	switch q {
	case "q0":
		equalMaps(t, "baseline q0 bids", readBids(ctx, t, target.Brokers, topic), want.bids)
	case "q2":
		equalMaps(t, "baseline q2", readPrices(ctx, t, target.Brokers, topic), want.q2)
	case "q17":
		got := map[string][]float64{}
		for _, r := range readTopic(ctx, t, target.Brokers, topic) {
			var k struct {
				Auction int64
				Day     string
			}
			var v struct {
				TotalBids float64 `json:"TOTAL_BIDS"`
				Rank1Bids float64 `json:"RANK1_BIDS"`
				Rank2Bids float64 `json:"RANK2_BIDS"`
				Rank3Bids float64 `json:"RANK3_BIDS"`
				MinPrice  float64 `json:"MIN_PRICE"`
				MaxPrice  float64 `json:"MAX_PRICE"`
				AvgPrice  float64 `json:"AVG_PRICE"`
				SumPrice  float64 `json:"SUM_PRICE"`
			}
			if json.Unmarshal(r.Key, &k) != nil || json.Unmarshal(r.Value, &v) != nil {
				t.Fatalf("baseline q17: bad record %q %q", r.Key, r.Value)
			}
			got[fmt.Sprintf(`[%d,"%s"]`, k.Auction, k.Day)] = []float64{v.TotalBids, v.Rank1Bids, v.Rank2Bids,
				v.Rank3Bids, v.MinPrice, v.MaxPrice, v.AvgPrice, v.SumPrice}
		}
		equalRows(t, "baseline q17 last row per key", got, want.q17Rows())
	}
}

// floatClose reports whether two numbers agree to 1e-9 relative.
func floatClose(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
