package engine_test

import (
	"fmt"
	"testing"

	"github.com/streamsql/streamsql/engine"
)

// BenchmarkTestDriverStreamTableJoin measures enrichment through the
// synchronous test driver: bids JOIN auctions (a table of 1,000 rows loaded
// first) ON the auction id, records piped in per second (JSON decode, table
// lookup, JSON encode, in-memory topic append).
func BenchmarkTestDriverStreamTableJoin(b *testing.B) {
	d := benchDriver(b,
		"CREATE STREAM bids (auction BIGINT KEY, bidder BIGINT, price BIGINT) WITH (KAFKA_TOPIC='bids', VALUE_FORMAT='JSON', PARTITIONS=1);",
		"CREATE TABLE auctions (id BIGINT PRIMARY KEY, seller BIGINT, category STRING) WITH (KAFKA_TOPIC='auctions', VALUE_FORMAT='JSON', PARTITIONS=1);",
		"CREATE STREAM enriched AS SELECT b.auction, b.price, a.seller, a.category FROM bids b JOIN auctions a ON b.auction = a.id;")
	for i := range 1000 {
		r := engine.TestRecord{Topic: "auctions", Key: int64(i), Timestamp: int64(i),
			Value: map[string]any{"seller": i % 97, "category": fmt.Sprintf("cat-%d", i%13)}}
		if err := d.Pipe(r); err != nil {
			b.Fatal(err)
		}
	}
	recs := make([]engine.TestRecord, 64)
	for i := range recs {
		recs[i] = engine.TestRecord{Topic: "bids", Key: int64(i * 17 % 1000), Timestamp: int64(1000 + i),
			Value: map[string]any{"bidder": i, "price": 100 + i}}
	}
	pipeTimed(b, d, recs)
	if got := len(d.Output("ENRICHED")); got != b.N {
		b.Fatalf("%d joined records, want %d", got, b.N)
	}
}
