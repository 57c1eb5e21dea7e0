package nexmark

import (
	"fmt"
	"strings"
	"time"
)

// SourceDDL declares the event topics to the engine: a stream per kind, and
// person and auction as tables too (for the stream-table joins).
var SourceDDL = []string{
	`CREATE STREAM person (id BIGINT KEY, name STRING, emailAddress STRING, creditCard STRING, city STRING,
  state STRING, dateTime BIGINT, extra STRING) WITH (KAFKA_TOPIC='person', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');`,
	`CREATE STREAM auction (id BIGINT KEY, itemName STRING, description STRING, initialBid BIGINT, reserve BIGINT,
  dateTime BIGINT, expires BIGINT, seller BIGINT, category BIGINT, extra STRING)
  WITH (KAFKA_TOPIC='auction', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');`,
	`CREATE STREAM bid (auction BIGINT KEY, bidder BIGINT, price BIGINT, channel STRING, url STRING, dateTime BIGINT,
  extra STRING) WITH (KAFKA_TOPIC='bid', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');`,
	`CREATE TABLE person_t (id BIGINT PRIMARY KEY, name STRING, emailAddress STRING, creditCard STRING, city STRING,
  state STRING, dateTime BIGINT, extra STRING) WITH (KAFKA_TOPIC='person', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');`,
	`CREATE TABLE auction_t (id BIGINT PRIMARY KEY, itemName STRING, description STRING, initialBid BIGINT,
  reserve BIGINT, dateTime BIGINT, expires BIGINT, seller BIGINT, category BIGINT, extra STRING)
  WITH (KAFKA_TOPIC='auction', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');`,
}

// Stmt is one persistent query of a benchmark query.
type Stmt struct {
	SQL     string
	Sink    string   // the stream or table it creates (its topic has the same name)
	Table   bool     // Sink is a table
	Sources []string // topics it reads: it is done when it has read all their records
}

// Query is one Nexmark query in ksqlDB's dialect.
type Query struct {
	Name   string
	Title  string
	Inputs []Kind // the event kinds it reads: its event count
	Stmts  []Stmt // run in order; a later one may read an earlier one's sink
	Pull   *PullSpec
	Note   string  // how it differs from the Nexmark original
	Goal   float64 // the events per CPU-second of the server the engine aims at (0: none set)
}

// PullSpec is a pull query on a query's table, by key.
type PullSpec struct {
	// SQL returns the pull query for a bid: it looks up the key the bid updated.
	SQL func(b *Bid) string
}

const (
	day  = `TIMESTAMPTOSTRING(dateTime, 'yyyy-MM-dd', 'UTC')`
	hour = `(dateTime / 3600000) % 24`
	r1   = `price < 10000`
	r2   = `price >= 10000 AND price < 1000000`
	r3   = `price >= 1000000`
)

func sumIf(cond, name string) string {
	return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END) AS " + name
}

func distinctIf(cond, col, name string) string {
	return "COUNT_DISTINCT(CASE WHEN " + cond + " THEN " + col + " END) AS " + name
}

func stream(sink, sql string, sources ...string) Stmt {
	return Stmt{SQL: "CREATE STREAM " + sink + " AS " + sql + " EMIT CHANGES;", Sink: sink, Sources: sources}
}

func table(sink, with, sql string, sources ...string) Stmt {
	if with != "" {
		with = "WITH (" + with + ") "
	}
	return Stmt{SQL: "CREATE TABLE " + sink + " " + with + "AS " + sql + " EMIT CHANGES;", Sink: sink, Table: true, Sources: sources}
}

var (
	bidOnly     = []Kind{KindBid}
	jsonKey     = "KEY_FORMAT='JSON'"
	q17Aggs     = "COUNT(*) AS total_bids, " + sumIf(r1, "rank1_bids") + ", " + sumIf(r2, "rank2_bids") + ", " + sumIf(r3, "rank3_bids") + ", MIN(price) AS min_price, MAX(price) AS max_price, AVG(price) AS avg_price, SUM(price) AS sum_price"
	q16Distinct = "COUNT_DISTINCT(bidder) AS total_bidders, " + distinctIf(r1, "bidder", "rank1_bidders") + ", " + distinctIf(r2, "bidder", "rank2_bidders") + ", " + distinctIf(r3, "bidder", "rank3_bidders") +
		", COUNT_DISTINCT(auction) AS total_auctions, " + distinctIf(r1, "auction", "rank1_auctions") + ", " + distinctIf(r2, "auction", "rank2_auctions") + ", " + distinctIf(r3, "auction", "rank3_auctions")
)

// Queries are the benchmark's queries, in the order they run.
var Queries = []Query{
	{Name: "q0", Goal: 500_000, Title: "pass-through", Inputs: bidOnly,
		Stmts: []Stmt{stream("NX_Q0", "SELECT * FROM bid", "bid")}},
	{Name: "q1", Goal: 500_000, Title: "projection (price in euros)", Inputs: bidOnly,
		Stmts: []Stmt{stream("NX_Q1", "SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid", "bid")}},
	{Name: "q2", Goal: 500_000, Title: "filter (auction % 123 = 0)", Inputs: bidOnly,
		Stmts: []Stmt{stream("NX_Q2", "SELECT auction, price FROM bid WHERE auction % 123 = 0", "bid")}},
	{Name: "q3", Goal: 100_000, Title: "auction ⋈ person table, filtered", Inputs: []Kind{KindPerson, KindAuction},
		Stmts: []Stmt{stream("NX_Q3", "SELECT A.seller AS seller, P.name AS name, P.city AS city, P.state AS state, A.id AS id "+
			"FROM auction A JOIN person_t P ON A.seller = P.id "+
			"WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')", "auction", "person")},
		Note: "stream-table join: an auction finds its seller only if the person was read first"},
	{Name: "q4", Title: "auction ⋈ bid, MAX per auction, AVG per category", Inputs: []Kind{KindAuction, KindBid},
		Stmts: []Stmt{
			table("NX_Q4_MAX", jsonKey, "SELECT A.id AS id, A.category AS category, MAX(B.price) AS final "+
				"FROM auction A JOIN bid B WITHIN 10 SECONDS ON A.id = B.auction "+
				"WHERE B.dateTime BETWEEN A.dateTime AND A.expires GROUP BY A.id, A.category", "auction", "bid"),
			table("NX_Q4", "", "SELECT category, AVG(final) AS avg_final FROM NX_Q4_MAX GROUP BY category", "NX_Q4_MAX"),
		},
		Note: "stream-stream join WITHIN 10 SECONDS, then a table aggregation over the first query's table"},
	{Name: "q5", Goal: 100_000, Title: "hopping count (10 s windows every 2 s, per auction)", Inputs: bidOnly,
		Stmts: []Stmt{table("NX_Q5", "", "SELECT auction, COUNT(*) AS num FROM bid "+
			"WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS) GROUP BY auction", "bid")},
		Note: "the counts only; Nexmark's q5 then keeps the auctions with the most bids per window"},
	{Name: "q7", Goal: 100_000, Title: "tumbling max (highest price per 10 s window)", Inputs: bidOnly,
		Stmts: []Stmt{table("NX_Q7", "", "SELECT 1 AS k, MAX(price) AS maxprice FROM bid "+
			"WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY 1", "bid")},
		Note: "the maximum only; Nexmark's q7 then joins it back to the bids"},
	{Name: "q8", Goal: 100_000, Title: "person ⋈ auction within 10 s (new sellers)", Inputs: []Kind{KindPerson, KindAuction},
		Stmts: []Stmt{stream("NX_Q8", "SELECT P.id AS id, P.name AS name, A.dateTime AS starttime "+
			"FROM person P JOIN auction A WITHIN 10 SECONDS ON P.id = A.seller", "person", "auction")},
		Note: "a windowed stream-stream join instead of Nexmark's join of two tumbling-window aggregates"},
	{Name: "q11", Title: "session count per bidder (10 s gap)", Inputs: bidOnly,
		Stmts: []Stmt{table("NX_Q11", "", "SELECT bidder, COUNT(*) AS bid_count, WINDOWSTART AS starttime, WINDOWEND AS endtime "+
			"FROM bid WINDOW SESSION (10 SECONDS) GROUP BY bidder", "bid")}},
	{Name: "q14", Title: "CASE projection with filter", Inputs: bidOnly,
		Stmts: []Stmt{stream("NX_Q14", "SELECT auction, bidder, 0.908 * price AS price, "+
			"CASE WHEN "+hour+" >= 8 AND "+hour+" <= 18 THEN 'dayTime' WHEN "+hour+" <= 6 OR "+hour+" >= 20 THEN 'nightTime' "+
			"ELSE 'otherTime' END AS bidTimeType, dateTime, extra, LEN(extra) - LEN(REPLACE(extra, 'c', '')) AS c_counts "+
			"FROM bid WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000", "bid")},
		Note: "HOUR(dateTime) as arithmetic on the epoch millis (UTC); count_char as LEN - LEN(REPLACE)"},
	{Name: "q16", Title: "daily channel statistics (distinct counts)", Inputs: bidOnly,
		Stmts: []Stmt{table("NX_Q16", jsonKey, "SELECT channel, "+day+" AS day, "+
			"MAX(TIMESTAMPTOSTRING(dateTime, 'HH:mm', 'UTC')) AS minute, COUNT(*) AS total_bids, "+
			sumIf(r1, "rank1_bids")+", "+sumIf(r2, "rank2_bids")+", "+sumIf(r3, "rank3_bids")+", "+q16Distinct+
			" FROM bid GROUP BY channel, "+day, "bid")},
		Note: "COUNT(*) FILTER as SUM(CASE), COUNT(DISTINCT) FILTER as COUNT_DISTINCT(CASE)"},
	{Name: "q17", Goal: 250_000, Title: "daily auction statistics", Inputs: bidOnly,
		Stmts: []Stmt{table("NX_Q17", jsonKey, "SELECT auction, "+day+" AS day, "+q17Aggs+
			" FROM bid GROUP BY auction, "+day, "bid")},
		Pull: &PullSpec{SQL: func(b *Bid) string {
			return fmt.Sprintf("SELECT * FROM NX_Q17 WHERE auction = %d AND day = '%s';", b.Auction, dayOf(b.DateTime))
		}}},
	{Name: "q18", Goal: 250_000, Title: "latest bid per (bidder, auction)", Inputs: bidOnly,
		Stmts: []Stmt{table("NX_Q18", jsonKey, "SELECT bidder, auction, LATEST_BY_OFFSET(price) AS price, "+
			"LATEST_BY_OFFSET(channel) AS channel, LATEST_BY_OFFSET(url) AS url, LATEST_BY_OFFSET(dateTime) AS dateTime, "+
			"LATEST_BY_OFFSET(extra) AS extra FROM bid GROUP BY bidder, auction", "bid")},
		Pull: &PullSpec{SQL: func(b *Bid) string {
			return fmt.Sprintf("SELECT * FROM NX_Q18 WHERE bidder = %d AND auction = %d;", b.Bidder, b.Auction)
		}},
		Note: "LATEST_BY_OFFSET per key instead of ROW_NUMBER deduplication"},
	{Name: "q20", Title: "bid ⋈ auction table (category 10)", Inputs: []Kind{KindAuction, KindBid},
		Stmts: []Stmt{stream("NX_Q20", "SELECT B.auction AS auction, B.bidder AS bidder, B.price AS price, "+
			"B.channel AS channel, B.url AS url, B.dateTime AS bid_dateTime, B.extra AS bid_extra, A.itemName AS itemName, "+
			"A.description AS description, A.initialBid AS initialBid, A.reserve AS reserve, A.dateTime AS auction_dateTime, "+
			"A.expires AS expires, A.seller AS seller, A.category AS category, A.extra AS auction_extra "+
			"FROM bid B JOIN auction_t A ON B.auction = A.id WHERE A.category = 10", "bid", "auction")},
		Note: "stream-table join: a bid finds its auction only if the auction was read first"},
}

// dayOf formats an event time as its UTC day, yyyy-MM-dd.
func dayOf(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02") }

// SelectQueries returns the named queries in benchmark order ("all" or an
// empty list: every query).
func SelectQueries(names []string) ([]Query, error) {
	if len(names) == 0 || (len(names) == 1 && strings.EqualFold(names[0], "all")) {
		return Queries, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if _, ok := queryByName(n); !ok {
			return nil, fmt.Errorf("unknown query %q: want one of %s", n, queryNames())
		}
		want[n] = true
	}
	var out []Query
	for _, q := range Queries {
		if want[q.Name] {
			out = append(out, q)
		}
	}
	return out, nil
}

func queryByName(name string) (Query, bool) {
	for _, q := range Queries {
		if q.Name == name {
			return q, true
		}
	}
	return Query{}, false
}

func queryNames() string {
	names := make([]string, len(Queries))
	for i, q := range Queries {
		names[i] = q.Name
	}
	return strings.Join(names, ", ")
}
