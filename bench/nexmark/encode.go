package nexmark

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the event's value as a JSON object to dst, with the
// field names of the Nexmark schema (camelCase; ksqlDB matches them
// case-insensitively).
func (e *Event) AppendJSON(dst []byte) []byte {
	switch e.Kind {
	case KindPerson:
		return e.Person.AppendJSON(dst)
	case KindAuction:
		return e.Auction.AppendJSON(dst)
	}
	return e.Bid.AppendJSON(dst)
}

// AppendKey appends the event's record key: the BIGINT key in the KAFKA
// format, 8 bytes big-endian.
func (e *Event) AppendKey(dst []byte) []byte {
	return binary.BigEndian.AppendUint64(dst, uint64(e.Key()))
}

// AppendJSON appends p as a JSON object.
func (p *Person) AppendJSON(b []byte) []byte {
	b = appendInt(b, `{"id":`, p.ID)
	b = appendStr(b, `,"name":`, p.Name)
	b = appendStr(b, `,"emailAddress":`, p.EmailAddress)
	b = appendStr(b, `,"creditCard":`, p.CreditCard)
	b = appendStr(b, `,"city":`, p.City)
	b = appendStr(b, `,"state":`, p.State)
	b = appendInt(b, `,"dateTime":`, p.DateTime)
	b = appendStr(b, `,"extra":`, p.Extra)
	return append(b, '}')
}

// AppendJSON appends a as a JSON object.
func (a *Auction) AppendJSON(b []byte) []byte {
	b = appendInt(b, `{"id":`, a.ID)
	b = appendStr(b, `,"itemName":`, a.ItemName)
	b = appendStr(b, `,"description":`, a.Description)
	b = appendInt(b, `,"initialBid":`, a.InitialBid)
	b = appendInt(b, `,"reserve":`, a.Reserve)
	b = appendInt(b, `,"dateTime":`, a.DateTime)
	b = appendInt(b, `,"expires":`, a.Expires)
	b = appendInt(b, `,"seller":`, a.Seller)
	b = appendInt(b, `,"category":`, a.Category)
	b = appendStr(b, `,"extra":`, a.Extra)
	return append(b, '}')
}

// AppendJSON appends bid as a JSON object.
func (bid *Bid) AppendJSON(b []byte) []byte {
	b = appendInt(b, `{"auction":`, bid.Auction)
	b = appendInt(b, `,"bidder":`, bid.Bidder)
	b = appendInt(b, `,"price":`, bid.Price)
	b = appendStr(b, `,"channel":`, bid.Channel)
	b = appendStr(b, `,"url":`, bid.URL)
	b = appendInt(b, `,"dateTime":`, bid.DateTime)
	b = appendStr(b, `,"extra":`, bid.Extra)
	return append(b, '}')
}

func appendInt(b []byte, name string, v int64) []byte {
	return strconv.AppendInt(append(b, name...), v, 10)
}

func appendStr(b []byte, name, v string) []byte {
	return appendQuoted(append(b, name...), v)
}

// appendQuoted appends s as a JSON string.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r)
			i += n
			continue
		}
		i++
	}
	return append(b, '"')
}
