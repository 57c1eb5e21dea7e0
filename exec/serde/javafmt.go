package serde

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"time"
)

// Number and time renderings that match what ksqlDB (Java) writes, so that
// output bytes look the same as ksqlDB's.

// appendJavaDouble appends f as java.lang.Double.toString does: shortest
// round-tripping digits, at least one fraction digit ("1.0"), and computerised
// scientific notation ("1.0E10", "1.0E-5") outside [1e-3, 1e7).
// NaN and infinities come out as NaN, Infinity and -Infinity (unquoted).
func appendJavaDouble(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	if abs := math.Abs(f); abs >= 1e-3 && abs < 1e7 {
		start := len(dst)
		dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
		for _, c := range dst[start:] {
			if c == '.' {
				return dst
			}
		}
		return append(dst, ".0"...)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // e.g. -1.5e+10, 1e-05
	if bytes.IndexByte(e, '.') < 0 {
		// Java prints at least two digits and picks the closest such value:
		// 4.9E-324, not 5.0E-324, for the smallest subnormal.
		if two := strconv.AppendFloat(buf[:0], f, 'e', 1, 64); parsesTo(two, f) {
			e = two
		}
	}
	mant, exp, _ := strings.Cut(string(e), "e")
	dst = append(dst, mant...)
	if !strings.Contains(mant, ".") {
		dst = append(dst, ".0"...)
	}
	dst = append(dst, 'E')
	if exp[0] == '-' {
		dst = append(dst, '-')
	}
	return append(dst, strings.TrimLeft(exp[1:], "0")...)
}

func parsesTo(b []byte, f float64) bool {
	g, err := strconv.ParseFloat(string(b), 64)
	return err == nil && g == f
}

// parseJavaDouble parses s as java.lang.Double.parseDouble does: surrounding
// whitespace is ignored, "NaN" and "[+-]Infinity" are accepted, as are an
// optional f/F/d/D suffix and hexadecimal floating-point literals.
func parseJavaDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return 0, false
	}
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		if s[0] == '-' {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case "":
		return 0, false
	}
	if c := s[len(s)-1]; c == 'f' || c == 'F' || c == 'd' || c == 'D' {
		isHex := strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X")
		if !isHex || strings.ContainsAny(body, "pP") {
			s = s[:len(s)-1]
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c), c == '.', c == '+', c == '-', c == 'e', c == 'E':
		case c == 'x' || c == 'X' || c == 'p' || c == 'P' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			if !strings.HasPrefix(body, "0x") && !strings.HasPrefix(body, "0X") {
				return 0, false
			}
		default: // rejects Go-only forms such as "inf", "nan" and "1_000"
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return f, true
}

// formatTimestamp renders ms since the epoch as ksqlDB's REST API does:
// yyyy-MM-dd'T'HH:mm:ss.SSS in UTC.
func formatTimestamp(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	b := make([]byte, 0, 24)
	b = appendJavaYear(b, t.Year())
	b = append(b, '-')
	b = append2(b, int(t.Month()))
	b = append(b, '-')
	b = append2(b, t.Day())
	b = append(b, 'T')
	b = append2(b, t.Hour())
	b = append(b, ':')
	b = append2(b, t.Minute())
	b = append(b, ':')
	b = append2(b, t.Second())
	b = append(b, '.')
	ms3 := t.Nanosecond() / 1e6
	b = append(b, byte('0'+ms3/100), byte('0'+ms3/10%10), byte('0'+ms3%10))
	return string(b)
}

// appendJavaYear renders a year as DateTimeFormatter's "yyyy" (year of era):
// at least four digits, a '+' above 9999, and 1-y for years before year 1.
func appendJavaYear(b []byte, y int) []byte {
	if y <= 0 {
		y = 1 - y
	}
	if y > 9999 {
		b = append(b, '+')
	}
	s := strconv.Itoa(y)
	for i := len(s); i < 4; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// formatDate renders days since the epoch as java.time.LocalDate.toString does.
func formatDate(days int32) string {
	t := time.Unix(int64(days)*86400, 0).UTC()
	y := t.Year()
	b := make([]byte, 0, 12)
	switch abs := max(y, -y); {
	case abs < 1000 && y < 0:
		b = append(b, '-')
		b = append(b, strconv.Itoa(abs + 10000)[1:]...)
	case abs < 1000:
		b = append(b, strconv.Itoa(abs + 10000)[1:]...)
	default:
		if y > 9999 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(y), 10)
	}
	b = append(b, '-')
	b = append2(b, int(t.Month()))
	b = append(b, '-')
	b = append2(b, t.Day())
	return string(b)
}

// formatTime renders ms since midnight as ksqlDB does
// (LocalTime.ofSecondOfDay(ms/1000).toString()): HH:mm, or HH:mm:ss when the
// seconds are not zero. Milliseconds are dropped.
func formatTime(ms int64) string {
	sec := ms / 1000 % 86400
	if sec < 0 {
		sec += 86400
	}
	b := make([]byte, 0, 8)
	b = append2(b, int(sec/3600))
	b = append(b, ':')
	b = append2(b, int(sec/60%60))
	if sec%60 != 0 {
		b = append(b, ':')
		b = append2(b, int(sec%60))
	}
	return string(b)
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10%10), byte('0'+v%10))
}
