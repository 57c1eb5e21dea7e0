package exec

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// The Go baselines of BenchmarkNexmark: each query written directly, once
// with encoding/json and Go maps, once with a scanner for this one record
// shape and append-style encoding.

// nexBid is a bid as a Go program would declare it.
type nexBid struct {
	Auction  int64  `json:"auction"`
	Bidder   int64  `json:"bidder"`
	Price    int64  `json:"price"`
	Channel  string `json:"channel"`
	URL      string `json:"url"`
	DateTime int64  `json:"dateTime"`
	Extra    string `json:"extra"`
}

// nexAgg is the running COUNT, SUM and MAX of one auction.
type nexAgg struct {
	Auction int64 `json:"-"` // the record key
	N       int64 `json:"N"`
	Total   int64 `json:"TOTAL"`
	Top     int64 `json:"TOP"`
}

func (a *nexAgg) add(price int64) {
	if a.N == 0 || price > a.Top {
		a.Top = price
	}
	a.N++
	a.Total += price
}

// stdBaseline is query q written with encoding/json and Go maps.
func stdBaseline(q string, p Producer) func([]SourceRecord) error {
	groups := map[int64]*nexAgg{}
	var out OutRecord
	emit := func(r *SourceRecord, v any) error {
		bs, err := json.Marshal(v)
		if err != nil {
			return err
		}
		out = OutRecord{Topic: "out", Partition: -1, Timestamp: r.Timestamp, Key: r.Key, Value: bs}
		p.Produce(&out)
		return nil
	}
	return func(recs []SourceRecord) error {
		for i := range recs {
			var bid nexBid
			if err := json.Unmarshal(recs[i].Value, &bid); err != nil {
				return err
			}
			var err error
			switch q {
			case "q0":
				err = emit(&recs[i], &bid)
			case "q1":
				bid.Price = bid.Price * 908 / 1000
				err = emit(&recs[i], &bid)
			case "q2":
				if bid.Auction%123 == 0 {
					err = emit(&recs[i], &struct {
						Auction int64 `json:"AUCTION"`
						Price   int64 `json:"PRICE"`
					}{bid.Auction, bid.Price})
				}
			case "agg":
				g := groups[bid.Auction]
				if g == nil {
					g = &nexAgg{Auction: bid.Auction}
					groups[bid.Auction] = g
				}
				g.add(bid.Price)
				err = emit(&recs[i], g)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// fastBaseline is query q with a scanner written for this one record shape
// (no escapes, no nesting) and append-style encoding into a reused buffer:
// about the fastest a Go program gets.
func fastBaseline(q string, p Producer) func([]SourceRecord) error {
	groups := map[int64]*nexAgg{}
	var out OutRecord
	var buf []byte
	var bid nexBid
	return func(recs []SourceRecord) error {
		for i := range recs {
			if err := scanBid(recs[i].Value, &bid); err != nil {
				return err
			}
			buf = buf[:0]
			switch q {
			case "q0", "q1":
				if q == "q1" {
					bid.Price = bid.Price * 908 / 1000
				}
				buf = appendBid(buf, &bid)
			case "q2":
				if bid.Auction%123 != 0 {
					continue
				}
				buf = append(buf, `{"AUCTION":`...)
				buf = strconv.AppendInt(buf, bid.Auction, 10)
				buf = append(buf, `,"PRICE":`...)
				buf = strconv.AppendInt(buf, bid.Price, 10)
				buf = append(buf, '}')
			case "agg":
				g := groups[bid.Auction]
				if g == nil {
					g = &nexAgg{Auction: bid.Auction}
					groups[bid.Auction] = g
				}
				g.add(bid.Price)
				buf = append(buf, `{"N":`...)
				buf = strconv.AppendInt(buf, g.N, 10)
				buf = append(buf, `,"TOTAL":`...)
				buf = strconv.AppendInt(buf, g.Total, 10)
				buf = append(buf, `,"TOP":`...)
				buf = strconv.AppendInt(buf, g.Top, 10)
				buf = append(buf, '}')
			}
			out = OutRecord{Topic: "out", Partition: -1, Timestamp: recs[i].Timestamp, Key: recs[i].Key, Value: buf}
			p.Produce(&out)
		}
		return nil
	}
}

func appendBid(buf []byte, b *nexBid) []byte {
	buf = append(buf, `{"AUCTION":`...)
	buf = strconv.AppendInt(buf, b.Auction, 10)
	buf = append(buf, `,"BIDDER":`...)
	buf = strconv.AppendInt(buf, b.Bidder, 10)
	buf = append(buf, `,"PRICE":`...)
	buf = strconv.AppendInt(buf, b.Price, 10)
	buf = append(buf, `,"CHANNEL":"`...)
	buf = append(buf, b.Channel...)
	buf = append(buf, `","URL":"`...)
	buf = append(buf, b.URL...)
	buf = append(buf, `","DATETIME":`...)
	buf = strconv.AppendInt(buf, b.DateTime, 10)
	buf = append(buf, `,"EXTRA":"`...)
	buf = append(buf, b.Extra...)
	return append(buf, `"}`...)
}

// scanBid parses a flat JSON object of numbers and escape-free strings into
// b. Strings are copied (a decoder must not keep the record's bytes).
func scanBid(v []byte, b *nexBid) error {
	i := 0
	next := func(c byte) bool {
		for i < len(v) && (v[i] == ' ' || v[i] == '\n') {
			i++
		}
		if i < len(v) && v[i] == c {
			i++
			return true
		}
		return false
	}
	str := func() (string, error) {
		if !next('"') {
			return "", fmt.Errorf("expected a string at %d", i)
		}
		start := i
		for i < len(v) && v[i] != '"' {
			i++
		}
		i++
		return string(v[start : i-1]), nil
	}
	num := func() int64 {
		for i < len(v) && v[i] == ' ' {
			i++
		}
		start := i
		for i < len(v) && (v[i] == '-' || v[i] >= '0' && v[i] <= '9') {
			i++
		}
		n, _ := strconv.ParseInt(string(v[start:i]), 10, 64)
		return n
	}
	if !next('{') {
		return fmt.Errorf("expected an object")
	}
	for !next('}') {
		next(',')
		if !next('"') {
			return fmt.Errorf("expected a key at %d", i)
		}
		start := i
		for i < len(v) && v[i] != '"' {
			i++
		}
		key := v[start:i]
		i++
		if !next(':') {
			return fmt.Errorf("expected ':' at %d", i)
		}
		var err error
		switch string(key) {
		case "auction":
			b.Auction = num()
		case "bidder":
			b.Bidder = num()
		case "price":
			b.Price = num()
		case "dateTime":
			b.DateTime = num()
		case "channel":
			b.Channel, err = str()
		case "url":
			b.URL, err = str()
		case "extra":
			b.Extra, err = str()
		default:
			return fmt.Errorf("unknown member %q", key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
