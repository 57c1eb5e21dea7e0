package nexmark

// Kind says which of the three Nexmark entities an Event carries.
type Kind uint8

// The event kinds, in the order of the 1:3:46 proportion cycle.
const (
	KindPerson Kind = iota
	KindAuction
	KindBid
)

func (k Kind) String() string {
	switch k {
	case KindPerson:
		return "person"
	case KindAuction:
		return "auction"
	case KindBid:
		return "bid"
	}
	return "unknown"
}

// Person is a new user of the auction site. Topic person, keyed by ID.
type Person struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	EmailAddress string `json:"emailAddress"`
	CreditCard   string `json:"creditCard"`
	City         string `json:"city"`
	State        string `json:"state"`
	DateTime     int64  `json:"dateTime"` // event time, ms since the epoch
	Extra        string `json:"extra"`
}

// Auction is an item put up for sale. Topic auction, keyed by ID.
type Auction struct {
	ID          int64  `json:"id"`
	ItemName    string `json:"itemName"`
	Description string `json:"description"`
	InitialBid  int64  `json:"initialBid"`
	Reserve     int64  `json:"reserve"`
	DateTime    int64  `json:"dateTime"`
	Expires     int64  `json:"expires"`
	Seller      int64  `json:"seller"`
	Category    int64  `json:"category"`
	Extra       string `json:"extra"`
}

// Bid is a bid on an auction. Topic bid, keyed by Auction.
type Bid struct {
	Auction  int64  `json:"auction"`
	Bidder   int64  `json:"bidder"`
	Price    int64  `json:"price"`
	Channel  string `json:"channel"`
	URL      string `json:"url"`
	DateTime int64  `json:"dateTime"`
	Extra    string `json:"extra"`
}

// Event is one generated event: Kind says which of the three fields is set.
type Event struct {
	ID      int64 // position in the event sequence, from 0
	Kind    Kind
	Person  Person
	Auction Auction
	Bid     Bid
}

// Time is the event's event time in ms since the epoch (its record timestamp).
func (e *Event) Time() int64 {
	switch e.Kind {
	case KindPerson:
		return e.Person.DateTime
	case KindAuction:
		return e.Auction.DateTime
	}
	return e.Bid.DateTime
}

// Key is the event's record key: the person's or auction's id, or the bid's auction.
func (e *Event) Key() int64 {
	switch e.Kind {
	case KindPerson:
		return e.Person.ID
	case KindAuction:
		return e.Auction.ID
	}
	return e.Bid.Auction
}

// Topic names the topic an event is written to.
func (k Kind) Topic() string { return k.String() }
