package nexmark

import (
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

const msPerDay = 86_400_000

// Q17Key is the group of query 17: an auction on a UTC day.
type Q17Key struct {
	Auction int64
	Day     int64 // days since the epoch
}

// Q17Agg is query 17's aggregate of one group.
type Q17Agg struct {
	Total, Rank1, Rank2, Rank3 int64
	Min, Max, Sum              int64
}

// Add folds one bid's price into the aggregate.
func (a *Q17Agg) Add(price int64) {
	if a.Total == 0 || price < a.Min {
		a.Min = price
	}
	if a.Total == 0 || price > a.Max {
		a.Max = price
	}
	a.Total++
	a.Sum += price
	switch {
	case price < 10_000:
		a.Rank1++
	case price < 1_000_000:
		a.Rank2++
	default:
		a.Rank3++
	}
}

// Avg is the mean price.
func (a *Q17Agg) Avg() float64 { return float64(a.Sum) / float64(a.Total) }

// Q17KeyOf is the group of a bid.
func Q17KeyOf(b *Bid) Q17Key { return Q17Key{Auction: b.Auction, Day: floorDiv(b.DateTime, msPerDay)} }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// baselineQ17 keeps the aggregates in a Go map and writes the new row of the
// group after each bid, as the engine's EMIT CHANGES table does.
type baselineQ17 struct {
	groups map[Q17Key]*Q17Agg
	days   map[int64]string
}

func newBaselineQ17() *baselineQ17 {
	return &baselineQ17{groups: map[Q17Key]*Q17Agg{}, days: map[int64]string{}}
}

func (q *baselineQ17) process(rec *kgo.Record, b *Bid, emit func(key, value []byte, ts time.Time)) {
	k := Q17KeyOf(b)
	a := q.groups[k]
	if a == nil {
		a = &Q17Agg{}
		q.groups[k] = a
	}
	a.Add(b.Price)
	day, ok := q.days[k.Day]
	if !ok {
		day = time.UnixMilli(k.Day * msPerDay).UTC().Format("2006-01-02")
		q.days[k.Day] = day
	}
	key := appendInt(make([]byte, 0, 40), `{"AUCTION":`, k.Auction)
	key = append(appendStr(key, `,"DAY":`, day), '}')
	v := make([]byte, 0, 192)
	v = appendInt(v, `{"TOTAL_BIDS":`, a.Total)
	v = appendInt(v, `,"RANK1_BIDS":`, a.Rank1)
	v = appendInt(v, `,"RANK2_BIDS":`, a.Rank2)
	v = appendInt(v, `,"RANK3_BIDS":`, a.Rank3)
	v = appendInt(v, `,"MIN_PRICE":`, a.Min)
	v = appendInt(v, `,"MAX_PRICE":`, a.Max)
	v = strconv.AppendFloat(append(v, `,"AVG_PRICE":`...), a.Avg(), 'g', -1, 64)
	v = appendInt(v, `,"SUM_PRICE":`, a.Sum)
	emit(key, append(v, '}'), rec.Timestamp)
}
