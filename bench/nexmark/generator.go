package nexmark

import (
	"math"
	"math/rand/v2"
)

// The id spaces and proportions of the Nexmark generator.
const (
	FirstPersonID   = 1000
	FirstAuctionID  = 1000
	FirstCategoryID = 10
	NumCategories   = 5

	personProportion  = 1
	auctionProportion = 3
	bidProportion     = 46
	proportionTotal   = personProportion + auctionProportion + bidProportion

	// hot entities are picked from batches of this many recent ids.
	hotAuctionBatch = 100
	hotBidderBatch  = 100
	hotSellerBatch  = 100

	personIDLead  = 10 // ids a little ahead of the newest, as if events were reordered
	auctionIDLead = 10
)

// Config parameterises a Generator. The zero value of a field means the
// Nexmark default shown next to it.
type Config struct {
	Seed      uint64 // the whole event sequence is a function of Seed
	BaseTime  int64  // event time of event 0, ms since the epoch (2025-01-01T00:00:00Z)
	EventRate int64  // events per second of event time (10,000)

	HotAuctionRatio int // 1/ratio of bids go to a random auction, the rest to a hot one (2)
	HotSellersRatio int // likewise for auction sellers (4)
	HotBiddersRatio int // likewise for bidders (4)
	HotChannelRatio int // likewise for bid channels: hot ones are Google, Facebook, Baidu, Apple (2)

	NumActivePeople     int64 // people a random bidder or seller is drawn from (1000)
	NumInFlightAuctions int64 // auctions a random bid is drawn from (100)

	AvgPersonBytes  int // extra pads a person to about this size (200)
	AvgAuctionBytes int // (500)
	AvgBidBytes     int // (100)
}

// DefaultBaseTime is 2025-01-01T00:00:00Z in ms.
const DefaultBaseTime = 1735689600000

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def64 := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def64(&c.BaseTime, DefaultBaseTime)
	def64(&c.EventRate, 10_000)
	def(&c.HotAuctionRatio, 2)
	def(&c.HotSellersRatio, 4)
	def(&c.HotBiddersRatio, 4)
	def(&c.HotChannelRatio, 2)
	def64(&c.NumActivePeople, 1000)
	def64(&c.NumInFlightAuctions, 100)
	def(&c.AvgPersonBytes, 200)
	def(&c.AvgAuctionBytes, 500)
	def(&c.AvgBidBytes, 100)
	return c
}

// Generator produces the Nexmark event sequence. Event(id) is a pure function
// of the Config and id, so any range can be generated in any order. A
// Generator is not safe for concurrent use (it reuses its random source).
type Generator struct {
	cfg      Config
	pcg      *rand.PCG
	rnd      *rand.Rand
	buf      []byte
	channels []channel // channel-0 .. channel-N with their URLs
	hotURLs  [len(hotChannels)]string
}

// NewGenerator returns a generator for cfg.
func NewGenerator(cfg Config) *Generator {
	g := &Generator{cfg: cfg.withDefaults(), pcg: rand.NewPCG(0, 0)}
	g.rnd = rand.New(g.pcg)
	g.initChannels()
	return g
}

// Config returns the configuration with defaults filled in.
func (g *Generator) Config() Config { return g.cfg }

// KindOf returns the kind of event id: the first of every 50 is a person,
// the next 3 auctions, the other 46 bids.
func KindOf(id int64) Kind {
	switch r := id % proportionTotal; {
	case r < personProportion:
		return KindPerson
	case r < personProportion+auctionProportion:
		return KindAuction
	}
	return KindBid
}

// Timestamp is the event time of event id.
func (g *Generator) Timestamp(id int64) int64 {
	return g.cfg.BaseTime + id*1000/g.cfg.EventRate
}

// Event returns event id.
func (g *Generator) Event(id int64) Event {
	g.pcg.Seed(g.cfg.Seed, uint64(id)*0x9e3779b97f4a7c15+1)
	ev := Event{ID: id, Kind: KindOf(id)}
	ts := g.Timestamp(id)
	switch ev.Kind {
	case KindPerson:
		ev.Person = g.person(id, ts)
	case KindAuction:
		ev.Auction = g.auction(id, ts)
	default:
		ev.Bid = g.bid(id, ts)
	}
	return ev
}

// lastPersonID is the base-0 id of the newest person at event id.
func lastPersonID(id int64) int64 {
	epoch, off := id/proportionTotal, id%proportionTotal
	if off >= personProportion {
		off = personProportion - 1
	}
	return epoch*personProportion + off
}

// lastAuctionID is the base-0 id of the newest auction at event id (-1 before
// the first).
func lastAuctionID(id int64) int64 {
	epoch, off := id/proportionTotal, id%proportionTotal
	switch {
	case off < personProportion:
		epoch--
		off = auctionProportion - 1
	case off >= personProportion+auctionProportion:
		off = auctionProportion - 1
	default:
		off -= personProportion
	}
	return epoch*auctionProportion + off
}

// randomPerson picks a base-0 person id among the active people, plus a lead.
func (g *Generator) randomPerson(id int64) int64 {
	n := lastPersonID(id) + 1
	active := min(n, g.cfg.NumActivePeople)
	return n - active + g.rnd.Int64N(active+personIDLead)
}

// randomAuction picks a base-0 auction id among those likely in flight, plus a lead.
func (g *Generator) randomAuction(id int64) int64 {
	last := lastAuctionID(id)
	lo := max(last-g.cfg.NumInFlightAuctions, 0)
	return lo + g.rnd.Int64N(max(last-lo, 0)+1+auctionIDLead)
}

// price is log-uniform in [100, 10^8) cents.
func (g *Generator) price() int64 {
	return int64(math.Round(math.Pow(10, g.rnd.Float64()*6) * 100))
}

func (g *Generator) person(id, ts int64) Person {
	p := Person{ID: lastPersonID(id) + FirstPersonID, DateTime: ts}
	p.Name = firstNames[g.rnd.IntN(len(firstNames))] + " " + lastNames[g.rnd.IntN(len(lastNames))]
	p.EmailAddress = g.word(7) + "@" + g.word(5) + ".com"
	p.CreditCard = g.creditCard()
	p.City = cities[g.rnd.IntN(len(cities))]
	p.State = states[g.rnd.IntN(len(states))]
	size := 8 + len(p.Name) + len(p.EmailAddress) + len(p.CreditCard) + len(p.City) + len(p.State)
	p.Extra = g.extra(size, g.cfg.AvgPersonBytes)
	return p
}

func (g *Generator) auction(id, ts int64) Auction {
	a := Auction{ID: lastAuctionID(id) + FirstAuctionID, DateTime: ts}
	if g.rnd.IntN(g.cfg.HotSellersRatio) > 0 {
		a.Seller = lastPersonID(id) / hotSellerBatch * hotSellerBatch
	} else {
		a.Seller = g.randomPerson(id)
	}
	a.Seller += FirstPersonID
	a.Category = FirstCategoryID + g.rnd.Int64N(NumCategories)
	a.InitialBid = g.price()
	a.Expires = ts + g.auctionLength(id, ts)
	a.ItemName = g.word(20)
	a.Description = g.word(100)
	a.Reserve = a.InitialBid + g.price()
	size := 8 + len(a.ItemName) + len(a.Description) + 5*8
	a.Extra = g.extra(size, g.cfg.AvgAuctionBytes)
	return a
}

// auctionLength averages the event-time span in which NumInFlightAuctions
// more auctions are created, so that about that many are open at once.
func (g *Generator) auctionLength(id, ts int64) int64 {
	ahead := g.cfg.NumInFlightAuctions * proportionTotal / auctionProportion
	horizon := g.Timestamp(id+ahead) - ts
	return 1 + g.rnd.Int64N(max(2*horizon, 1))
}

func (g *Generator) bid(id, ts int64) Bid {
	b := Bid{DateTime: ts}
	if g.rnd.IntN(g.cfg.HotAuctionRatio) > 0 {
		b.Auction = max(lastAuctionID(id), 0) / hotAuctionBatch * hotAuctionBatch
	} else {
		b.Auction = g.randomAuction(id)
	}
	b.Auction += FirstAuctionID
	if g.rnd.IntN(g.cfg.HotBiddersRatio) > 0 {
		// the second person of the batch, so hot bidders are not hot sellers
		b.Bidder = lastPersonID(id)/hotBidderBatch*hotBidderBatch + 1
	} else {
		b.Bidder = g.randomPerson(id)
	}
	b.Bidder += FirstPersonID
	b.Price = g.price()
	if g.rnd.IntN(g.cfg.HotChannelRatio) > 0 {
		i := g.rnd.IntN(len(hotChannels))
		b.Channel, b.URL = hotChannels[i], g.hotURLs[i]
	} else {
		c := g.channels[g.rnd.IntN(len(g.channels))]
		b.Channel, b.URL = c.name, c.url
	}
	b.Extra = g.extra(4*8, g.cfg.AvgBidBytes)
	return b
}
