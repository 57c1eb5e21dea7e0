package nexmark

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// DecodeBid decodes a bid's JSON value into b the way a performance-minded
// Go program would: one pass over the bytes, no reflection, no maps. Field
// names match exactly (as the generator writes them); unknown fields are
// skipped. It accepts any valid JSON object whose known fields have the
// right types.
func DecodeBid(data []byte, b *Bid) error {
	d := decoder{data: data}
	if !d.consume('{') {
		return d.errorf("expected {")
	}
	if d.consume('}') {
		return nil
	}
	for {
		key, ok := d.rawString()
		if !ok || !d.consume(':') {
			return d.errorf("expected a field name and :")
		}
		if err := d.field(key, b); err != nil {
			return err
		}
		if d.consume(',') {
			continue
		}
		if d.consume('}') {
			return nil
		}
		return d.errorf("expected , or }")
	}
}

type decoder struct {
	data []byte
	i    int
}

func (d *decoder) errorf(msg string) error {
	return fmt.Errorf("bad bid JSON at byte %d: %s", d.i, msg)
}

func (d *decoder) skipSpace() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) consume(c byte) bool {
	d.skipSpace()
	if d.i < len(d.data) && d.data[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *decoder) field(key []byte, b *Bid) error {
	var err error
	switch string(key) {
	case "auction":
		b.Auction, err = d.int()
	case "bidder":
		b.Bidder, err = d.int()
	case "price":
		b.Price, err = d.int()
	case "dateTime":
		b.DateTime, err = d.int()
	case "channel":
		b.Channel, err = d.string()
	case "url":
		b.URL, err = d.string()
	case "extra":
		b.Extra, err = d.string()
	default:
		err = d.skipValue()
	}
	return err
}

func (d *decoder) int() (int64, error) {
	d.skipSpace()
	start := d.i
	if d.i < len(d.data) && d.data[d.i] == '-' {
		d.i++
	}
	for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
		d.i++
	}
	v, err := strconv.ParseInt(string(d.data[start:d.i]), 10, 64)
	if err != nil {
		return 0, d.errorf("expected an integer")
	}
	return v, nil
}

// rawString returns the bytes of a string without escapes, quotes excluded.
func (d *decoder) rawString() ([]byte, bool) {
	d.skipSpace()
	if d.i >= len(d.data) || d.data[d.i] != '"' {
		return nil, false
	}
	start := d.i + 1
	end := bytes.IndexByte(d.data[start:], '"')
	if end < 0 || bytes.IndexByte(d.data[start:start+end], '\\') >= 0 {
		return nil, false
	}
	d.i = start + end + 1
	return d.data[start : start+end], true
}

func (d *decoder) string() (string, error) {
	if raw, ok := d.rawString(); ok {
		return string(raw), nil
	}
	start := d.i
	if err := d.skipValue(); err != nil {
		return "", err
	}
	var s string
	if err := json.Unmarshal(d.data[start:d.i], &s); err != nil {
		return "", d.errorf("expected a string")
	}
	return s, nil
}

// skipValue skips one JSON value of any kind.
func (d *decoder) skipValue() error {
	d.skipSpace()
	start := d.i
	depth := 0
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			d.i++
			for d.i < len(d.data) && d.data[d.i] != '"' {
				if d.data[d.i] == '\\' {
					d.i++
				}
				d.i++
			}
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 {
				return d.checkSkipped(start)
			}
			depth--
		case c == ',' && depth == 0:
			return d.checkSkipped(start)
		}
		d.i++
		if depth == 0 && (c == '"' || c == '}' || c == ']') {
			return d.checkSkipped(start)
		}
	}
	return d.checkSkipped(start)
}

func (d *decoder) checkSkipped(start int) error {
	if d.i > len(d.data) || !json.Valid(bytes.TrimSpace(d.data[start:min(d.i, len(d.data))])) {
		return d.errorf("bad value")
	}
	return nil
}
