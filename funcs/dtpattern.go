package funcs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateTimeFormat is a compiled java.time.format.DateTimeFormatter pattern
// (the subset ksqlDB users write): letters y u M L d D H h k K m s S n a E e
// z Z X x O V G Q, quoted literals (two single quotes stand for one), and other
// characters as literals. Optional sections [..] are not supported.
type DateTimeFormat struct {
	pattern string
	toks    []dtToken
}

type dtToken struct {
	letter byte   // 0 for a literal
	count  int    // repetitions of letter
	lit    string // literal text
}

const dtLetters = "yuMLdDHhkKmsSnaEezZXxOVGQ"

var dtCache = newCache[*DateTimeFormat](1000)

// CompileDateTimeFormat compiles a Java date-time pattern, caching the result.
func CompileDateTimeFormat(pattern string) (*DateTimeFormat, error) {
	return dtCache.get(pattern, func(p string) (*DateTimeFormat, error) {
		toks, err := lexDateTime(p)
		if err != nil {
			return nil, err
		}
		return &DateTimeFormat{pattern: p, toks: toks}, nil
	})
}

func lexDateTime(pattern string) ([]dtToken, error) {
	var toks []dtToken
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c == '\'':
			lit, n, err := quotedLiteral(pattern[i:])
			if err != nil {
				return nil, err
			}
			toks = append(toks, dtToken{lit: lit})
			i += n
		case isASCIILetter(c):
			if !strings.ContainsRune(dtLetters, rune(c)) {
				return nil, fmt.Errorf("unknown pattern letter: %c", c)
			}
			j := i
			for j < len(pattern) && pattern[j] == c {
				j++
			}
			toks = append(toks, dtToken{letter: c, count: j - i})
			i = j
		case c == '[' || c == ']' || c == '{' || c == '}' || c == '#':
			return nil, fmt.Errorf("unsupported pattern character: %c", c)
		default:
			toks = append(toks, dtToken{lit: string(c)})
			i++
		}
	}
	return toks, nil
}

// quotedLiteral reads 'text' at the start of s (” is a quote) and returns
// the text and the number of bytes consumed.
func quotedLiteral(s string) (string, int, error) {
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
	return "", 0, fmt.Errorf("pattern ends in an unterminated quote")
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Format renders t (in its own location) with the pattern.
func (f *DateTimeFormat) Format(t time.Time) string {
	var b strings.Builder
	b.Grow(len(f.pattern) + 8) // the usual length: one allocation
	for _, tok := range f.toks {
		if tok.letter == 0 {
			b.WriteString(tok.lit)
			continue
		}
		formatField(&b, tok, t)
	}
	return b.String()
}

func formatField(b *strings.Builder, tok dtToken, t time.Time) {
	n := tok.count
	switch tok.letter {
	case 'y', 'u':
		year := t.Year()
		if tok.letter == 'y' && year <= 0 {
			year = 1 - year
		}
		if n == 2 {
			pad(b, ((year%100)+100)%100, 2)
		} else {
			pad(b, year, n)
		}
	case 'M', 'L':
		formatText(b, n, int(t.Month()), t.Month().String())
	case 'd':
		pad(b, t.Day(), n)
	case 'D':
		pad(b, t.YearDay(), n)
	case 'H':
		pad(b, t.Hour(), n)
	case 'k':
		pad(b, (t.Hour()+23)%24+1, n)
	case 'h':
		pad(b, (t.Hour()+11)%12+1, n)
	case 'K':
		pad(b, t.Hour()%12, n)
	case 'm':
		pad(b, t.Minute(), n)
	case 's':
		pad(b, t.Second(), n)
	case 'S':
		frac := fmt.Sprintf("%09d", t.Nanosecond())
		for len(frac) < n {
			frac += "0"
		}
		b.WriteString(frac[:n])
	case 'n':
		pad(b, t.Nanosecond(), n)
	case 'a':
		if t.Hour() < 12 {
			b.WriteString("AM")
		} else {
			b.WriteString("PM")
		}
	case 'E', 'e':
		formatText(b, max(n, 3), int(t.Weekday()+6)%7+1, t.Weekday().String())
	case 'G':
		if t.Year() > 0 {
			b.WriteString("AD")
		} else {
			b.WriteString("BC")
		}
	case 'Q':
		pad(b, (int(t.Month())-1)/3+1, n)
	default:
		formatZone(b, tok, t)
	}
}

// formatText writes a month or weekday: a number for counts 1-2, else the
// short (3) or full (4+) English name.
func formatText(b *strings.Builder, n, num int, name string) {
	switch {
	case n <= 2:
		pad(b, num, n)
	case n == 3:
		b.WriteString(name[:3])
	default:
		b.WriteString(name)
	}
}

func formatZone(b *strings.Builder, tok dtToken, t time.Time) {
	name, off := t.Zone()
	switch tok.letter {
	case 'z':
		if name == "" || name[0] == '+' || name[0] == '-' {
			name = offsetString(off, true, false)
		}
		b.WriteString(name)
	case 'V':
		b.WriteString(t.Location().String())
	case 'O':
		if off == 0 {
			b.WriteString("GMT")
		} else {
			b.WriteString("GMT" + offsetString(off, tok.count > 1, true))
		}
	case 'Z':
		if tok.count == 5 && off == 0 {
			b.WriteString("Z")
		} else {
			b.WriteString(offsetString(off, tok.count == 5, false))
		}
	case 'X', 'x':
		if tok.letter == 'X' && off == 0 {
			b.WriteString("Z")
			return
		}
		s := offsetString(off, tok.count >= 3 && tok.count%2 == 1, false)
		if tok.count == 1 && off%3600 == 0 {
			s = s[:3]
		}
		b.WriteString(s)
	}
}

// offsetString renders a UTC offset in seconds as +HHMM or +HH:MM; short drops
// zero minutes and leading hour zeros (GMT+8).
func offsetString(off int, colon, short bool) string {
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off/60%60
	if short {
		s := sign + strconv.Itoa(h)
		if m != 0 {
			s += fmt.Sprintf(":%02d", m)
		}
		return s
	}
	if colon {
		return fmt.Sprintf("%s%02d:%02d", sign, h, m)
	}
	return fmt.Sprintf("%s%02d%02d", sign, h, m)
}

// pad writes v with at least width digits.
func pad(b *strings.Builder, v, width int) {
	if v >= 0 && v < 10000 && width <= 4 { // the usual fields, without strconv
		digits := 1
		for p := 10; p <= v; p *= 10 {
			digits++
		}
		for i := digits; i < width; i++ {
			b.WriteByte('0')
		}
		var d [4]byte
		for i := digits - 1; i >= 0; i-- {
			d[i] = byte('0' + v%10)
			v /= 10
		}
		b.Write(d[:digits])
		return
	}
	s := strconv.Itoa(abs(v))
	if v < 0 {
		b.WriteByte('-')
	}
	for i := len(s); i < width; i++ {
		b.WriteByte('0')
	}
	b.WriteString(s)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
