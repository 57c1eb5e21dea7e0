package funcs

import (
	"fmt"
	"strings"
	"time"
)

// dtFields collects the fields a parse found; -1 means absent.
type dtFields struct {
	year, yy, month, day, yearDay  int
	hour, hour12, hour24, hour0_11 int
	minute, second, nano, pm       int
	bc                             bool
	loc                            *time.Location
}

func newFields() *dtFields {
	return &dtFields{year: -1, yy: -1, month: -1, day: -1, yearDay: -1, hour: -1, hour12: -1,
		hour24: -1, hour0_11: -1, minute: -1, second: -1, nano: -1, pm: -1}
}

// Parse reads s with the pattern, case-insensitively. Absent fields default
// to 1970-01-01T00:00:00; without a zone in s the time is in loc.
func (f *DateTimeFormat) Parse(s string, loc *time.Location) (time.Time, error) {
	return f.parse(s, loc, false)
}

// ParsePrefix is Parse that ignores text after the pattern, as ksqlDB's
// date parsing does (it reads from a position and stops at the pattern's end).
func (f *DateTimeFormat) ParsePrefix(s string, loc *time.Location) (time.Time, error) {
	return f.parse(s, loc, true)
}

func (f *DateTimeFormat) parse(s string, loc *time.Location, prefix bool) (time.Time, error) {
	fl := newFields()
	pos := 0
	for i, tok := range f.toks {
		n, err := f.parseToken(s, pos, i, tok, fl)
		if err != nil {
			return time.Time{}, fmt.Errorf("Text '%s' could not be parsed at index %d", s, pos)
		}
		pos += n
	}
	if pos != len(s) && !prefix {
		return time.Time{}, fmt.Errorf("Text '%s' could not be parsed, unparsed text found at index %d", s, pos)
	}
	return fl.resolve(s, loc)
}

func (f *DateTimeFormat) parseToken(s string, pos, i int, tok dtToken, fl *dtFields) (int, error) {
	rest := s[pos:]
	if tok.letter == 0 {
		if len(rest) < len(tok.lit) || !strings.EqualFold(rest[:len(tok.lit)], tok.lit) {
			return 0, errNoMatch
		}
		return len(tok.lit), nil
	}
	switch tok.letter {
	case 'a':
		return parseChoice(rest, []string{"AM", "PM"}, &fl.pm)
	case 'G':
		var era int
		n, err := parseChoice(rest, []string{"BC", "AD"}, &era)
		fl.bc = era == 0
		return n, err
	case 'E', 'e':
		if tok.count >= 3 || tok.letter == 'E' {
			var d int
			return parseName(rest, weekdayNames, &d)
		}
	case 'M', 'L':
		if tok.count >= 3 {
			n, err := parseName(rest, monthNames, &fl.month)
			fl.month++
			return n, err
		}
	case 'z', 'Z', 'X', 'x', 'O', 'V':
		return parseZone(rest, fl)
	}
	minW, maxW := f.widths(i)
	if reserve := f.reserved(i); reserve > 0 {
		maxW = min(maxW, countDigits(rest)-reserve)
	}
	v, n, err := parseDigits(rest, minW, maxW)
	if err != nil {
		return 0, err
	}
	return n, fl.set(tok, v, n)
}

var errNoMatch = fmt.Errorf("no match")

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// widths returns the digit count range of numeric token i: fixed for
// counts of two or more (years: at least count), else variable, leaving
// room for the fixed-width numeric tokens that directly follow it.
func (f *DateTimeFormat) widths(i int) (int, int) {
	tok := f.toks[i]
	fixed := tok.count >= 2 && !(tok.letter == 'y' || tok.letter == 'u' || tok.letter == 'n') || tok.letter == 'S'
	if tok.letter == 'y' || tok.letter == 'u' {
		fixed = tok.count == 2
	}
	if fixed {
		return tok.count, tok.count
	}
	return tok.count, 19
}

// reserved is the number of digits that the fixed-width numeric tokens
// directly after variable-width token i need (Java's adjacent value parsing:
// "yyyyMMdd").
func (f *DateTimeFormat) reserved(i int) int {
	if minW, maxW := f.widths(i); minW == maxW {
		return 0
	}
	total := 0
	for j := i + 1; j < len(f.toks) && f.toks[j].numeric(); j++ {
		minW, maxW := f.widths(j)
		if minW != maxW {
			break
		}
		total += minW
	}
	return total
}

func (t dtToken) numeric() bool {
	switch t.letter {
	case 'y', 'u', 'd', 'D', 'H', 'h', 'k', 'K', 'm', 's', 'S', 'n', 'Q':
		return true
	case 'M', 'L':
		return t.count < 3
	}
	return false
}

func countDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// parseDigits reads between minW and maxW digits.
func parseDigits(s string, minW, maxW int) (int, int, error) {
	n := 0
	for n < len(s) && n < maxW && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n < minW || n == 0 {
		return 0, 0, errNoMatch
	}
	v := 0
	for _, c := range s[:n] {
		v = v*10 + int(c-'0')
	}
	return v, n, nil
}

func (fl *dtFields) set(tok dtToken, v, digits int) error {
	switch tok.letter {
	case 'y', 'u':
		if tok.count == 2 {
			fl.yy = v
		} else {
			fl.year = v
		}
	case 'M', 'L':
		fl.month = v
	case 'd':
		fl.day = v
	case 'D':
		fl.yearDay = v
	case 'H':
		fl.hour = v
	case 'h':
		fl.hour12 = v
	case 'k':
		fl.hour24 = v
	case 'K':
		fl.hour0_11 = v
	case 'm':
		fl.minute = v
	case 's':
		fl.second = v
	case 'S':
		for i := digits; i < 9; i++ {
			v *= 10
		}
		fl.nano = v
	case 'n':
		fl.nano = v
	}
	return nil
}

// parseChoice matches one of words case-insensitively, storing its index.
func parseChoice(s string, words []string, out *int) (int, error) {
	for i, w := range words {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			*out = i
			return len(w), nil
		}
	}
	return 0, errNoMatch
}

// parseName matches a full or three-letter English name.
func parseName(s string, names []string, out *int) (int, error) {
	if n, err := parseChoice(s, names, out); err == nil {
		return n, nil
	}
	short := make([]string, len(names))
	for i, n := range names {
		short[i] = n[:3]
	}
	return parseChoice(s, short, out)
}

func parseZone(s string, fl *dtFields) (int, error) {
	n := 0
	for n < len(s) && (isASCIILetter(s[n]) || strings.IndexByte("+-:/_0123456789", s[n]) >= 0) {
		n++
	}
	for ; n > 0; n-- {
		if loc, err := zoneOf(s[:n]); err == nil {
			fl.loc = loc
			return n, nil
		}
	}
	return 0, errNoMatch
}

func (fl *dtFields) resolve(s string, loc *time.Location) (time.Time, error) {
	year := or(fl.year, 1970)
	if fl.yy >= 0 {
		year = 2000 + fl.yy
	}
	if fl.bc {
		year = 1 - year
	}
	hour := fl.hourOfDay()
	if fl.loc != nil {
		loc = fl.loc
	}
	var t time.Time
	if fl.yearDay >= 0 {
		t = time.Date(year, 1, fl.yearDay, hour, or(fl.minute, 0), or(fl.second, 0), or(fl.nano, 0), loc)
	} else {
		month, day := or(fl.month, 1), or(fl.day, 1)
		if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
			return time.Time{}, fmt.Errorf("Text '%s' could not be parsed: invalid date", s)
		}
		t = time.Date(year, time.Month(month), day, hour, or(fl.minute, 0), or(fl.second, 0), or(fl.nano, 0), loc)
	}
	if hour > 23 || or(fl.minute, 0) > 59 || or(fl.second, 0) > 59 {
		return time.Time{}, fmt.Errorf("Text '%s' could not be parsed: invalid time", s)
	}
	return t, nil
}

func (fl *dtFields) hourOfDay() int {
	pm := fl.pm == 1
	switch {
	case fl.hour >= 0:
		return fl.hour
	case fl.hour24 >= 0:
		return fl.hour24 % 24
	case fl.hour12 >= 0:
		return fl.hour12%12 + b2i(pm)*12
	case fl.hour0_11 >= 0:
		return fl.hour0_11 + b2i(pm)*12
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func or(v, def int) int {
	if v < 0 {
		return def
	}
	return v
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
