package exec

import (
	"fmt"
	"strings"
	"time"
)

// javaTimeFormat parses timestamps written in a java.time DateTimeFormatter
// pattern, as TIMESTAMP_FORMAT takes them: letters y M d H h m s S a X x Z z
// E D, 'quoted text' and '' for a quote. Parsing is lenient about field
// widths. Times without an offset are read as UTC.
type javaTimeFormat struct {
	pattern string
	fields  []timeField
}

// timeField is one letter run (letter, count) or a literal (letter 0).
type timeField struct {
	letter byte
	count  int
	text   string
}

func parseJavaTimeFormat(pattern string) (*javaTimeFormat, error) {
	f := &javaTimeFormat{pattern: pattern}
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c == '\'':
			text, n, err := quoted(pattern[i:])
			if err != nil {
				return nil, err
			}
			f.fields = append(f.fields, timeField{text: text})
			i += n
		case isLetter(c):
			if !strings.ContainsRune("yuMLdHhkKmsSanAXxZzEDV", rune(c)) {
				return nil, fmt.Errorf("unsupported letter %q in timestamp format %q", c, pattern)
			}
			j := i
			for j < len(pattern) && pattern[j] == c {
				j++
			}
			f.fields = append(f.fields, timeField{letter: c, count: j - i})
			i = j
		default:
			f.fields = append(f.fields, timeField{text: pattern[i : i+1]})
			i++
		}
	}
	return f, nil
}

// quoted reads 'text' at the start of s, returning the text and the bytes used.
func quoted(s string) (string, int, error) {
	if strings.HasPrefix(s, "''") {
		return "'", 2, nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), i + 1, nil
	}
	return "", 0, fmt.Errorf("unterminated quote in timestamp format %q", s)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// timeParts accumulates parsed fields.
type timeParts struct {
	year, month, day, hour, min, sec, nanos, yday int
	pm, hasAmPm                                   bool
	loc                                           *time.Location
}

// Parse returns s as milliseconds since the epoch.
func (f *javaTimeFormat) Parse(s string) (int64, error) {
	p := timeParts{year: 1970, month: 1, day: 1, loc: time.UTC}
	rest := s
	for i, fl := range f.fields {
		var err error
		if fl.letter == 0 {
			if !strings.HasPrefix(rest, fl.text) {
				return 0, f.mismatch(s)
			}
			rest = rest[len(fl.text):]
			continue
		}
		// A number directly followed by another field has a fixed width.
		adjacent := i+1 < len(f.fields) && f.fields[i+1].letter != 0
		if rest, err = p.field(fl, rest, adjacent); err != nil {
			return 0, f.mismatch(s)
		}
	}
	if rest != "" {
		return 0, f.mismatch(s)
	}
	if p.hasAmPm && p.hour < 12 && p.pm {
		p.hour += 12
	} else if p.hasAmPm && p.hour == 12 && !p.pm {
		p.hour = 0
	}
	t := time.Date(p.year, time.Month(p.month), p.day, p.hour, p.min, p.sec, p.nanos, p.loc)
	if p.yday > 0 {
		t = time.Date(p.year, 1, p.yday, p.hour, p.min, p.sec, p.nanos, p.loc)
	}
	return t.UnixMilli(), nil
}

func (f *javaTimeFormat) mismatch(s string) error {
	return fmt.Errorf("cannot parse %q with timestamp format %q", s, f.pattern)
}

// field consumes one letter field from s.
func (p *timeParts) field(fl timeField, s string, adjacent bool) (string, error) {
	var err error
	switch fl.letter {
	case 'y', 'u':
		if fl.count == 2 {
			s, err = digits(s, 2, 2, &p.year)
			p.year += 2000
			return s, err
		}
		if adjacent {
			return digits(s, fl.count, fl.count, &p.year)
		}
		return digits(s, 1, 9, &p.year)
	case 'M', 'L':
		if fl.count >= 3 {
			return p.monthName(s)
		}
		return digits(s, 1, 2, &p.month)
	case 'd':
		return digits(s, 1, 2, &p.day)
	case 'D':
		return digits(s, 1, 3, &p.yday)
	case 'H', 'k', 'h', 'K':
		return digits(s, 1, 2, &p.hour)
	case 'm':
		return digits(s, 1, 2, &p.min)
	case 's':
		return digits(s, 1, 2, &p.sec)
	case 'S', 'n':
		if adjacent {
			return p.fraction(s, fl.count)
		}
		return p.fraction(s, 9)
	case 'A':
		var ms int
		s, err = digits(s, 1, 9, &ms)
		p.hour, p.min, p.sec, p.nanos = 0, 0, 0, ms*int(time.Millisecond)
		return s, err
	case 'a':
		return p.ampm(s)
	case 'E':
		return skipLetters(s)
	case 'X', 'x', 'Z':
		return p.offset(s, fl.letter == 'X')
	case 'z', 'V':
		return p.zone(s)
	}
	return s, fmt.Errorf("unsupported field %c", fl.letter)
}

// digits reads between min and max decimal digits into *out.
func digits(s string, min, max int, out *int) (string, error) {
	n, v := 0, 0
	for n < len(s) && n < max && isDigit(s[n]) {
		v = v*10 + int(s[n]-'0')
		n++
	}
	if n < min {
		return s, fmt.Errorf("expected digits")
	}
	*out = v
	return s[n:], nil
}

func (p *timeParts) fraction(s string, max int) (string, error) {
	n, v := 0, 0
	for n < len(s) && n < max && isDigit(s[n]) {
		if n < 9 {
			v = v*10 + int(s[n]-'0')
		}
		n++
	}
	if n == 0 {
		return s, fmt.Errorf("expected fraction")
	}
	for i := min(n, 9); i < 9; i++ {
		v *= 10
	}
	p.nanos = v
	return s[n:], nil
}

func (p *timeParts) monthName(s string) (string, error) {
	for m := time.January; m <= time.December; m++ {
		for _, name := range []string{m.String(), m.String()[:3]} {
			if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
				p.month = int(m)
				return s[len(name):], nil
			}
		}
	}
	return s, fmt.Errorf("expected month name")
}

func (p *timeParts) ampm(s string) (string, error) {
	if len(s) < 2 {
		return s, fmt.Errorf("expected AM or PM")
	}
	switch strings.ToUpper(s[:2]) {
	case "AM":
		p.hasAmPm, p.pm = true, false
	case "PM":
		p.hasAmPm, p.pm = true, true
	default:
		return s, fmt.Errorf("expected AM or PM")
	}
	return s[2:], nil
}

func skipLetters(s string) (string, error) {
	n := 0
	for n < len(s) && isLetter(s[n]) {
		n++
	}
	if n == 0 {
		return s, fmt.Errorf("expected a day name")
	}
	return s[n:], nil
}

// offset reads Z (when allowZ), or +HH, +HHMM, +HH:MM.
func (p *timeParts) offset(s string, allowZ bool) (string, error) {
	if allowZ && strings.HasPrefix(s, "Z") {
		p.loc = time.UTC
		return s[1:], nil
	}
	if s == "" || s[0] != '+' && s[0] != '-' {
		return s, fmt.Errorf("expected offset")
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	var h, m int
	rest, err := digits(s[1:], 2, 2, &h)
	if err != nil {
		return s, err
	}
	rest = strings.TrimPrefix(rest, ":")
	if r, err := digits(rest, 2, 2, &m); err == nil {
		rest = r
	}
	p.loc = time.FixedZone("", sign*(h*3600+m*60))
	return rest, nil
}

// zone reads a zone name such as UTC or Europe/Paris.
func (p *timeParts) zone(s string) (string, error) {
	n := 0
	for n < len(s) && (isLetter(s[n]) || s[n] == '/' || s[n] == '_') {
		n++
	}
	loc, err := time.LoadLocation(s[:n])
	if err != nil || n == 0 {
		return s, fmt.Errorf("unknown time zone")
	}
	p.loc = loc
	return s[n:], nil
}
