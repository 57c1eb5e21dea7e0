package serde

import (
	"encoding/json"
	"fmt"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/streamsql/streamsql/types"
)

// Decoding and encoding one Nexmark bid (about 195 bytes), against Go
// baselines in the same run: encoding/json into a struct, and a scanner
// hand-written for this one shape.
//
//	go test ./exec/serde -run '^$' -bench Nexmark -count 5

const nexmarkBid = `{"auction":1000,"bidder":2001,"price":8734,"channel":"Google",` +
	`"url":"https://www.nexmark.com/xxx/yyy/zzz/item.htm?query=1","dateTime":1700000000000,` +
	`"extra":"qwertyuiopasdfghjklzxcvbnmqwertyuiop"}`

func nexmarkCols() []Column {
	return []Column{
		{"AUCTION", types.BigIntType},
		{"BIDDER", types.BigIntType},
		{"PRICE", types.BigIntType},
		{"CHANNEL", types.StringType},
		{"URL", types.StringType},
		{"DATETIME", types.BigIntType},
		{"EXTRA", types.StringType},
	}
}

type nexBid struct {
	Auction  int64  `json:"auction"`
	Bidder   int64  `json:"bidder"`
	Price    int64  `json:"price"`
	Channel  string `json:"channel"`
	URL      string `json:"url"`
	DateTime int64  `json:"dateTime"`
	Extra    string `json:"extra"`
}

// meter measures a benchmark loop: wall and process CPU time.
type meter struct {
	start time.Time
	cpu   time.Duration
}

func startMeter(b *testing.B) meter { return meter{time.Now(), cpuTime(b)} }

// perRecord reports records/s and records/cpu-s (CPU time of the whole
// process, garbage collection included: the measure that other processes
// on the machine disturb least); b.Loop must have run to completion.
func perRecord(b *testing.B, m meter) {
	b.ReportMetric(float64(b.N)/time.Since(m.start).Seconds(), "records/s")
	b.ReportMetric(float64(b.N)/(cpuTime(b)-m.cpu).Seconds(), "records/cpu-s")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkNexmarkDecode(b *testing.B) {
	rec := []byte(nexmarkBid)
	b.Run("serde", func(b *testing.B) {
		dec, err := NewDecoder(Options{Format: JSON}, nexmarkCols())
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(rec)))
		b.ReportAllocs()
		m := startMeter(b)
		for b.Loop() {
			if _, err := dec.Decode(rec); err != nil {
				b.Fatal(err)
			}
		}
		perRecord(b, m)
	})
	b.Run("go-json", func(b *testing.B) {
		b.SetBytes(int64(len(rec)))
		b.ReportAllocs()
		m := startMeter(b)
		for b.Loop() {
			var bid nexBid
			if err := json.Unmarshal(rec, &bid); err != nil {
				b.Fatal(err)
			}
		}
		perRecord(b, m)
	})
	b.Run("go-fast", func(b *testing.B) {
		b.SetBytes(int64(len(rec)))
		b.ReportAllocs()
		m := startMeter(b)
		for b.Loop() {
			var bid nexBid
			if err := scanNexBid(rec, &bid); err != nil {
				b.Fatal(err)
			}
		}
		perRecord(b, m)
	})
}

func BenchmarkNexmarkEncode(b *testing.B) {
	var bid nexBid
	if err := json.Unmarshal([]byte(nexmarkBid), &bid); err != nil {
		b.Fatal(err)
	}
	b.Run("serde", func(b *testing.B) {
		enc, err := NewEncoder(Options{Format: JSON}, nexmarkCols())
		if err != nil {
			b.Fatal(err)
		}
		row := types.Row{bid.Auction, bid.Bidder, bid.Price, bid.Channel, bid.URL, bid.DateTime, bid.Extra}
		b.ReportAllocs()
		m := startMeter(b)
		for b.Loop() {
			if _, err := enc.Encode(row); err != nil {
				b.Fatal(err)
			}
		}
		perRecord(b, m)
	})
	b.Run("go-json", func(b *testing.B) {
		b.ReportAllocs()
		m := startMeter(b)
		for b.Loop() {
			if _, err := json.Marshal(&bid); err != nil {
				b.Fatal(err)
			}
		}
		perRecord(b, m)
	})
	b.Run("go-fast", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		m := startMeter(b)
		for b.Loop() {
			buf = appendNexBid(buf[:0], &bid)
		}
		perRecord(b, m)
	})
}

// TestNexmarkDecodeAgrees checks that the benchmarks decode the same values.
func TestNexmarkDecodeAgrees(t *testing.T) {
	dec, err := NewDecoder(Options{Format: JSON}, nexmarkCols())
	if err != nil {
		t.Fatal(err)
	}
	row, err := dec.Decode([]byte(nexmarkBid))
	if err != nil {
		t.Fatal(err)
	}
	var std, fast nexBid
	if err := json.Unmarshal([]byte(nexmarkBid), &std); err != nil {
		t.Fatal(err)
	}
	if err := scanNexBid([]byte(nexmarkBid), &fast); err != nil {
		t.Fatal(err)
	}
	want := types.Row{std.Auction, std.Bidder, std.Price, std.Channel, std.URL, std.DateTime, std.Extra}
	if fmt.Sprint(row) != fmt.Sprint(want) || std != fast {
		t.Errorf("serde %v, encoding/json %+v, fast %+v", row, std, fast)
	}
}

func appendNexBid(buf []byte, b *nexBid) []byte {
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

// scanNexBid parses a flat object of integers and escape-free strings with
// no white space: the shape of a generated bid and nothing more.
func scanNexBid(v []byte, b *nexBid) error {
	if len(v) < 2 || v[0] != '{' {
		return fmt.Errorf("expected an object")
	}
	i := 1
	for i < len(v) && v[i] != '}' {
		if v[i] == ',' {
			i++
		}
		if v[i] != '"' {
			return fmt.Errorf("expected a key at %d", i)
		}
		start := i + 1
		for i = start; i < len(v) && v[i] != '"'; i++ {
		}
		key := v[start:i]
		i += 2 // '"' and ':'
		if i < len(v) && v[i] == '"' {
			start = i + 1
			for i = start; i < len(v) && v[i] != '"'; i++ {
			}
			s := string(v[start:i])
			i++
			switch string(key) {
			case "channel":
				b.Channel = s
			case "url":
				b.URL = s
			case "extra":
				b.Extra = s
			}
			continue
		}
		start = i
		for i < len(v) && (v[i] == '-' || v[i] >= '0' && v[i] <= '9') {
			i++
		}
		n, err := strconv.ParseInt(string(v[start:i]), 10, 64)
		if err != nil {
			return err
		}
		switch string(key) {
		case "auction":
			b.Auction = n
		case "bidder":
			b.Bidder = n
		case "price":
			b.Price = n
		case "dateTime":
			b.DateTime = n
		}
	}
	return nil
}
