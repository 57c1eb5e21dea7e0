package exec

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The windowed and distinct-count aggregation benchmarks run bench/nexmark's
// q5 (a hopping count per auction: every record updates five windows) and
// q16 (daily statistics per channel with eight COUNT_DISTINCTs) through
// Task.Process without a broker, like BenchmarkNexmark:
//
//	go test ./exec -run '^$' -bench WindowAgg -count 5
//
// The bids follow the Nexmark generator's shape: about 9,200 bids per second
// of event time, half of them on the hot auction of the moment and the rest
// on the hundred auctions in flight, three quarters by the hot bidder and
// the rest by the thousand active people, prices spread over six orders of
// magnitude.
var windowQueries = []struct{ name, sql string }{
	{"q5", "CREATE TABLE Q5 AS SELECT AUCTION, COUNT(*) AS NUM FROM BID " +
		"WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS) GROUP BY AUCTION;"},
	{"q7", "CREATE TABLE Q7 AS SELECT 1 AS K, MAX(PRICE) AS MAXPRICE FROM BID " +
		"WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY 1;"},
	{"q16", "CREATE TABLE Q16 WITH (KEY_FORMAT='JSON') AS SELECT CHANNEL, " + benchDay + " AS DAY, " +
		"MAX(TIMESTAMPTOSTRING(DATETIME, 'HH:mm', 'UTC')) AS MINUTE, COUNT(*) AS TOTAL_BIDS, " +
		benchSumIf(benchR1, "RANK1_BIDS") + ", " + benchSumIf(benchR2, "RANK2_BIDS") + ", " +
		benchSumIf(benchR3, "RANK3_BIDS") + ", COUNT_DISTINCT(BIDDER) AS TOTAL_BIDDERS, " +
		benchDistinctIf(benchR1, "BIDDER", "RANK1_BIDDERS") + ", " + benchDistinctIf(benchR2, "BIDDER", "RANK2_BIDDERS") + ", " +
		benchDistinctIf(benchR3, "BIDDER", "RANK3_BIDDERS") + ", COUNT_DISTINCT(AUCTION) AS TOTAL_AUCTIONS, " +
		benchDistinctIf(benchR1, "AUCTION", "RANK1_AUCTIONS") + ", " + benchDistinctIf(benchR2, "AUCTION", "RANK2_AUCTIONS") + ", " +
		benchDistinctIf(benchR3, "AUCTION", "RANK3_AUCTIONS") + " FROM BID GROUP BY CHANNEL, " + benchDay + ";"},
}

const (
	benchDay = `TIMESTAMPTOSTRING(DATETIME, 'yyyy-MM-dd', 'UTC')`
	benchR1  = `PRICE < 10000`
	benchR2  = `PRICE >= 10000 AND PRICE < 1000000`
	benchR3  = `PRICE >= 1000000`
)

func benchSumIf(cond, name string) string {
	return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END) AS " + name
}

func benchDistinctIf(cond, col, name string) string {
	return "COUNT_DISTINCT(CASE WHEN " + cond + " THEN " + col + " END) AS " + name
}

// windowBids returns n deterministic bids shaped like bench/nexmark's.
func windowBids(n int) []SourceRecord {
	r := rand.New(rand.NewPCG(3, 4))
	hot := []string{"Google", "Facebook", "Baidu", "Apple"}
	const base = 1_700_000_000_000
	recs := make([]SourceRecord, n)
	for i := range recs {
		ts := base + int64(i)*1000/9200
		auctions, people := int64(i)*3/46, int64(i)/46
		auction := auctions / 100 * 100
		if r.IntN(2) == 0 {
			auction = max(auctions-r.Int64N(100), 0)
		}
		bidder := people/100*100 + 1
		if r.IntN(4) == 0 {
			bidder = max(people-r.Int64N(1000), 0)
		}
		channel := hot[r.IntN(len(hot))]
		if r.IntN(2) == 0 {
			channel = fmt.Sprintf("channel-%d", r.IntN(100))
		}
		price := int64(math.Round(math.Pow(10, r.Float64()*6) * 100))
		v := fmt.Sprintf(`{"auction":%d,"bidder":%d,"price":%d,"channel":"%s",`+
			`"url":"https://www.nexmark.com/xxx/yyy/zzz/item.htm?query=%d","dateTime":%d,"extra":"%s"}`,
			1000+auction, 1000+bidder, price, channel, r.IntN(10), ts, "abcdefghijklmnopqrstuvwxyz0123456789")
		recs[i] = SourceRecord{Topic: "bid", Offset: int64(i), Timestamp: ts,
			Key: binary.BigEndian.AppendUint64(nil, uint64(1000+auction)), Value: []byte(v)}
	}
	return recs
}

// BenchmarkWindowAgg runs each query through a Task. The records repeat
// with the same times after 276,000 (30 s of event time, as many bids as
// `streamsql bench nexmark --events 300000` writes): later
// rounds update the same windows and days, within the grace period.
func BenchmarkWindowAgg(b *testing.B) {
	recs := windowBids(552 * nexmarkBatch)
	for _, q := range windowQueries {
		b.Run(q.name, func(b *testing.B) {
			prod := runQueryTask(b, q.name, q.sql, recs)
			b.ReportMetric(float64(prod.records)/float64(b.N), "out/record")
		})
	}
}
