package nexmark

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// BaselineQueries are the queries with a hand-written baseline.
var BaselineQueries = []string{"q0", "q2", "q17"}

// BaselineConfig configures a baseline program: the query written directly
// on franz-go with Go maps, the speed a Go program gets with no engine.
type BaselineConfig struct {
	Query   string // q0, q2 or q17
	Brokers []string
	Decoder string // "fast" (DecodeBid, the default) or "std" (encoding/json)
	Topic   string // output topic; empty: BASELINE_<QUERY>
}

// BaselineStats is the line a baseline prints on stdout when done.
type BaselineStats struct {
	Query   string  `json:"query"`
	In      int64   `json:"in"`
	Out     int64   `json:"out"`
	WallSec float64 `json:"wall_sec"`
}

// bidProcessor handles one decoded bid, producing its results through emit.
type bidProcessor func(rec *kgo.Record, b *Bid, emit func(key, value []byte, ts time.Time))

// RunBaseline reads every record present in topic bid when it starts,
// computes cfg.Query's result for each, writes the results to the output
// topic, and prints BaselineStats as JSON to stdout.
func RunBaseline(ctx context.Context, cfg BaselineConfig, stdout io.Writer) error {
	proc, err := baselineProcessor(cfg.Query)
	if err != nil {
		return err
	}
	decode := DecodeBid
	switch cfg.Decoder {
	case "", "fast":
	case "std":
		decode = func(b []byte, bid *Bid) error { return json.Unmarshal(b, bid) }
	default:
		return fmt.Errorf("unknown --decoder %q: want fast or std", cfg.Decoder)
	}
	if cfg.Topic == "" {
		cfg.Topic = "BASELINE_" + cfg.Query
	}
	start := time.Now()
	cl, err := newClient(cfg.Brokers, kgo.ConsumeTopics(KindBid.Topic()),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchMaxBytes(64<<20), kgo.FetchMaxPartitionBytes(16<<20),
		kgo.DefaultProduceTopic(cfg.Topic))
	if err != nil {
		return err
	}
	defer cl.Close()
	ends, err := endOffsets(ctx, kadm.NewClient(cl), KindBid.Topic())
	if err != nil {
		return err
	}
	if err := CreateTopics(ctx, cl, 2, cfg.Topic); err != nil {
		return err
	}
	want := ends[KindBid.Topic()]
	var in, out, failed atomic.Int64
	promise := func(_ *kgo.Record, err error) {
		if err != nil {
			failed.Add(1)
		}
	}
	emit := func(key, value []byte, ts time.Time) {
		out.Add(1)
		cl.Produce(ctx, &kgo.Record{Key: key, Value: value, Timestamp: ts}, promise)
	}
	var bid Bid
	for in.Load() < want {
		fs := cl.PollFetches(ctx)
		if err := fs.Err0(); err != nil {
			return fmt.Errorf("baseline %s: consuming bid: %w", cfg.Query, err)
		}
		for it := fs.RecordIter(); !it.Done(); {
			rec := it.Next()
			in.Add(1)
			bid = Bid{}
			if err := decode(rec.Value, &bid); err != nil {
				continue // a bad record is skipped, as the engine does
			}
			proc(rec, &bid, emit)
		}
	}
	if err := cl.Flush(ctx); err != nil {
		return fmt.Errorf("baseline %s: flushing: %w", cfg.Query, err)
	}
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("baseline %s: %d records could not be produced", cfg.Query, n)
	}
	st := BaselineStats{Query: cfg.Query, In: in.Load(), Out: out.Load(), WallSec: time.Since(start).Seconds()}
	return json.NewEncoder(stdout).Encode(st)
}

func baselineProcessor(q string) (bidProcessor, error) {
	switch q {
	case "q0":
		return baselineQ0, nil
	case "q2":
		return baselineQ2, nil
	case "q17":
		return newBaselineQ17().process, nil
	}
	return nil, fmt.Errorf("no baseline for query %q: want one of %v", q, BaselineQueries)
}

// baselineQ0 writes each bid again, as the engine's SELECT * does (the key
// column in the key, the others in the value).
func baselineQ0(rec *kgo.Record, b *Bid, emit func(key, value []byte, ts time.Time)) {
	v := make([]byte, 0, len(rec.Value)+16)
	v = appendInt(v, `{"BIDDER":`, b.Bidder)
	v = appendInt(v, `,"PRICE":`, b.Price)
	v = appendStr(v, `,"CHANNEL":`, b.Channel)
	v = appendStr(v, `,"URL":`, b.URL)
	v = appendInt(v, `,"DATETIME":`, b.DateTime)
	v = appendStr(v, `,"EXTRA":`, b.Extra)
	emit(rec.Key, append(v, '}'), rec.Timestamp)
}

// baselineQ2 keeps the bids on every 123rd auction.
func baselineQ2(rec *kgo.Record, b *Bid, emit func(key, value []byte, ts time.Time)) {
	if b.Auction%123 == 0 {
		emit(rec.Key, append(appendInt(make([]byte, 0, 24), `{"PRICE":`, b.Price), '}'), rec.Timestamp)
	}
}
