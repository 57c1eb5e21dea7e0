package nexmark

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestGeneratorDeterministic(t *testing.T) {
	a, b, other := NewGenerator(Config{Seed: 7}), NewGenerator(Config{Seed: 7}), NewGenerator(Config{Seed: 8})
	differ := 0
	for id := range int64(5000) {
		ea, eb, eo := a.Event(id), b.Event(id), other.Event(id)
		ja, jb := ea.AppendJSON(nil), eb.AppendJSON(nil)
		if !bytes.Equal(ja, jb) {
			t.Fatalf("event %d differs between two generators with seed 7:\n%s\n%s", id, ja, jb)
		}
		if !bytes.Equal(ja, eo.AppendJSON(nil)) {
			differ++
		}
	}
	if differ < 4500 {
		t.Errorf("seed 8 gives the same events as seed 7 for %d of 5000 ids", 5000-differ)
	}
	// Random access gives the same event as sequential generation.
	for _, id := range []int64{4999, 17, 0, 2500} {
		e1, e2 := a.Event(id), NewGenerator(Config{Seed: 7}).Event(id)
		if !bytes.Equal(e1.AppendJSON(nil), e2.AppendJSON(nil)) {
			t.Errorf("event %d depends on what was generated before it", id)
		}
	}
}

func TestGeneratorMixAndDomains(t *testing.T) {
	const n = 100_000
	g := NewGenerator(Config{Seed: 1})
	var c Counts
	var hotAuction, hotBidder, hotChannel int
	var lastTime int64
	for id := range int64(n) {
		ev := g.Event(id)
		c.add(ev.Kind)
		if ev.Time() != DefaultBaseTime+id/10 || ev.Time() < lastTime {
			t.Fatalf("event %d: time %d, want %d (10,000 events/s from the base time)", id, ev.Time(), DefaultBaseTime+id/10)
		}
		lastTime = ev.Time()
		switch ev.Kind {
		case KindPerson:
			p := ev.Person
			if p.ID != lastPersonID(id)+FirstPersonID || !slices.Contains(states, p.State) || !slices.Contains(cities, p.City) || len(p.CreditCard) != 19 {
				t.Fatalf("bad person %+v", p)
			}
		case KindAuction:
			a := ev.Auction
			if a.Category < FirstCategoryID || a.Category >= FirstCategoryID+NumCategories || a.Expires <= a.DateTime ||
				a.Reserve <= a.InitialBid || a.Seller < FirstPersonID || a.Seller > lastPersonID(id)+FirstPersonID+personIDLead {
				t.Fatalf("bad auction %+v", a)
			}
		case KindBid:
			b := ev.Bid
			if b.Price < 100 || b.Price > 100_000_000 || b.Auction < FirstAuctionID || b.Bidder < FirstPersonID {
				t.Fatalf("bad bid %+v", b)
			}
			if b.Auction == max(lastAuctionID(id), 0)/hotAuctionBatch*hotAuctionBatch+FirstAuctionID {
				hotAuction++
			}
			if b.Bidder == lastPersonID(id)/hotBidderBatch*hotBidderBatch+1+FirstPersonID {
				hotBidder++
			}
			if slices.Contains(hotChannels[:], b.Channel) {
				hotChannel++
			}
		}
	}
	if want := (Counts{Persons: n / 50, Auctions: 3 * n / 50, Bids: 46 * n / 50}); c != want || CountsOf(n) != want {
		t.Errorf("counts %+v (CountsOf %+v), want 1:3:46 = %+v", c, CountsOf(n), want)
	}
	within := func(name string, got int, want float64) {
		if f := float64(got) / float64(c.Bids); f < want-0.03 || f > want+0.03 {
			t.Errorf("%s: %.3f of bids, want %.2f ± 0.03", name, f, want)
		}
	}
	within("hot auction", hotAuction, 0.5) // 1 - 1/HotAuctionRatio, plus random picks that hit it
	within("hot bidder", hotBidder, 0.75)  // 1 - 1/HotBiddersRatio
	within("hot channel", hotChannel, 0.5) // 1 - 1/HotChannelRatio
}

func TestGeneratorSizes(t *testing.T) {
	g := NewGenerator(Config{Seed: 3})
	var sum [3]int
	var cnt [3]int
	for id := range int64(50_000) {
		ev := g.Event(id)
		sum[ev.Kind] += len(ev.AppendJSON(nil))
		cnt[ev.Kind]++
		var back map[string]any
		if err := json.Unmarshal(ev.AppendJSON(nil), &back); err != nil {
			t.Fatalf("event %d is not valid JSON: %v", id, err)
		}
	}
	// The extra field pads the fields to the Nexmark average sizes (200, 500,
	// 100 bytes); JSON adds names and quotes, bids a channel and a URL.
	for k, want := range [3][2]int{{250, 350}, {550, 700}, {200, 280}} {
		if avg := sum[k] / cnt[k]; avg < want[0] || avg > want[1] {
			t.Errorf("%s: average JSON size %d, want %d..%d", Kind(k), avg, want[0], want[1])
		}
	}
}

func TestDecodeBid(t *testing.T) {
	g := NewGenerator(Config{Seed: 5})
	for id := int64(4); id < 2000; id++ {
		ev := g.Event(id)
		if ev.Kind != KindBid {
			continue
		}
		var got Bid
		if err := DecodeBid(ev.AppendJSON(nil), &got); err != nil || got != ev.Bid {
			t.Fatalf("bid %d: got %+v, %v; want %+v", id, got, err, ev.Bid)
		}
	}
	odd := `{ "extra" : "a\"b\\c\u00e9" , "nested": {"x": [1, {"y": "}"}]}, "auction":-5,"flag":true,"n":null,` +
		"\n\t" + `"price": 12, "url": "", "channel":"é"}`
	var got, want Bid
	if err := json.Unmarshal([]byte(odd), &want); err != nil {
		t.Fatal(err)
	}
	if err := DecodeBid([]byte(odd), &got); err != nil || got != want {
		t.Errorf("got %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{``, `{`, `{"auction":}`, `{"auction":"x"}`, `{"price":1`, `[1]`, `{"channel":5}`} {
		if err := DecodeBid([]byte(bad), &got); err == nil {
			t.Errorf("DecodeBid(%q): no error", bad)
		}
	}
}

func TestParseStatCPU(t *testing.T) {
	line := "1234 (stream sql) S 1 2 3 4 5 6 7 8 9 10 250 75 0 0 20 0 12 0 100 0 0\n"
	got, err := parseStatCPU([]byte(line))
	if err != nil || got != 3250*time.Millisecond {
		t.Errorf("got %v, %v; want 3.25s (325 ticks)", got, err)
	}
	if _, err := parseStatCPU([]byte("1234 (x) S 1 2")); err == nil {
		t.Error("a short line parsed")
	}
}

func TestSelectQueries(t *testing.T) {
	qs, err := SelectQueries([]string{"Q17", "q0"})
	if err != nil || len(qs) != 2 || qs[0].Name != "q0" || qs[1].Name != "q17" {
		t.Errorf("got %v, %v", qs, err)
	}
	if _, err := SelectQueries([]string{"q6"}); err == nil {
		t.Error("q6 accepted")
	}
	if qs, _ := SelectQueries(nil); len(qs) != len(Queries) {
		t.Errorf("all: %d queries", len(qs))
	}
}
