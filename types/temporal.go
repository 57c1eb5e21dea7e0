package types

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

const msPerDay = 24 * 60 * 60 * 1000

// timePattern is ksqlDB's TIME_PATTERN; partial times are completed from it.
const timePattern = "HH:mm:ss.SSS"

const timestampHelp = `required format is "yyyy-MM-dd'T'HH:mm:ss.SSS" with an optional ` +
	`numeric timezone, e.g. '2020-05-26T23:59:58.000+0200'; partials such as '2020-05-26' are accepted`

// ParseTimestamp parses text as ksqlDB's CAST(... AS TIMESTAMP) does: a UTC
// date-time "yyyy-MM-dd'T'HH:mm:ss.SSS" with an optional trailing 'Z' or
// numeric offset ("+0200", "-05:00"); missing trailing parts are zero, so
// "2020", "2020-05", "2020-05-26" and "2020-05-26T13" are accepted.
func ParseTimestamp(text string) (TimestampValue, error) {
	var date, clock, zone string
	if i := strings.IndexByte(text, 'T'); i >= 0 {
		date = text[:i]
		rest := text[i+1:]
		zone = zoneSuffix(rest)
		clock = completeTime(strings.TrimSuffix(rest[:len(rest)-len(zone)], "Z"))
	} else {
		date = completeDate(text)
		clock = completeTime("")
	}
	offset, err := parseZoneOffset(zone)
	if err != nil {
		return 0, fmt.Errorf("failed to parse timestamp '%s': %v", text, err)
	}
	days, dok := parseISODate(date, false)
	ms, tok := parseClock(clock)
	if !dok || !tok {
		return 0, fmt.Errorf("failed to parse timestamp '%s': %s", text, timestampHelp)
	}
	return TimestampValue(days*msPerDay + ms - int64(offset)*1000), nil
}

// zoneSuffix returns the offset at the end of a time: from the first '+', or
// else the first '-', to the end.
func zoneSuffix(clock string) string {
	if i := strings.IndexByte(clock, '+'); i >= 0 {
		return clock[i:]
	}
	if i := strings.IndexByte(clock, '-'); i >= 0 {
		return clock[i:]
	}
	return ""
}

// completeTime pads a partial time with the zeros of timePattern.
func completeTime(clock string) string {
	if len(clock) >= len(timePattern) {
		return clock
	}
	return clock + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return '0'
		}
		return r
	}, timePattern[len(clock):])
}

// completeDate completes "yyyy" and "yyyy-MM" with "-01" parts.
func completeDate(date string) string {
	parts := strings.Split(date, "-")
	for len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1] // Java's split drops trailing empty strings
	}
	switch len(parts) {
	case 1:
		return date + "-01-01"
	case 2:
		return date + "-01"
	}
	return date
}

// parseZoneOffset parses "", "+h", "+hh", "+hhmm", "+hh:mm", "+hhmmss" or
// "+hh:mm:ss" (or with '-'), as Java's ZoneId.of, into seconds east of UTC.
func parseZoneOffset(zone string) (int, error) {
	if strings.TrimSpace(zone) == "" {
		return 0, nil
	}
	var body string
	switch len(zone) {
	case 2:
		body = "0" + zone[1:]
	case 3, 5, 7:
		body = zone[1:]
	case 6:
		body = zone[1:3] + strings.TrimPrefix(zone[3:], ":")
	case 9:
		body = zone[1:3] + strings.TrimPrefix(zone[3:6], ":") + strings.TrimPrefix(zone[6:], ":")
	}
	if len(body)%2 != 0 || !allDigits(body) || body == "" {
		return 0, fmt.Errorf("invalid timezone offset '%s'", zone)
	}
	var f [3]int
	for i := 0; i < len(body); i += 2 {
		f[i/2], _ = strconv.Atoi(body[i : i+2])
	}
	if f[0] > 18 || f[1] > 59 || f[2] > 59 || f[0] == 18 && f[1]+f[2] > 0 {
		return 0, fmt.Errorf("invalid timezone offset '%s'", zone)
	}
	sign := 1
	if zone[0] == '-' {
		sign = -1
	}
	return sign * (f[0]*3600 + f[1]*60 + f[2]), nil
}

// parseISODate parses "yyyy-MM-dd" (a year of more than four digits needs a
// sign when signed is set, as Java's ISO_LOCAL_DATE) into days since the epoch.
// Without signed it resolves as ksqlDB's timestamp parser (Java's SMART
// resolver): a day of month up to 31 past the month's end is its last day.
func parseISODate(s string, signed bool) (int64, bool) {
	ys, rest, ok1 := strings.Cut(s, "-")
	if ys == "" && signed { // a negative year
		var ok bool
		if ys, rest, ok = strings.Cut(rest, "-"); !ok {
			return 0, false
		}
		ys = "-" + ys
	}
	ms, ds, ok2 := strings.Cut(rest, "-")
	digits := strings.TrimLeft(ys, "+-")
	hasSign := len(digits) != len(ys)
	if !ok1 || !ok2 || len(ms) != 2 || len(ds) != 2 || !allDigits(ms+ds+digits) || len(digits) < 4 ||
		len(digits) > 9 || hasSign && !signed || signed && len(digits) > 4 && !hasSign {
		return 0, false
	}
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	if last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); !signed && d > last {
		d = last
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return floorDiv(t.Unix(), 86400), true
}

// parseClock parses exactly "HH:mm:ss.SSS" into milliseconds since midnight.
// As Java's SMART resolver (ksqlDB's timestamp parser), "24:00:00.000" is
// the midnight that ends the day.
func parseClock(s string) (int64, bool) {
	if len(s) != len(timePattern) || s[2] != ':' || s[5] != ':' || s[8] != '.' {
		return 0, false
	}
	if s == "24:00:00.000" {
		return msPerDay, true
	}
	return clockMillis(s[0:2], s[3:5], s[6:8], s[9:])
}

func clockMillis(hs, ms, ss, frac string) (int64, bool) {
	if len(hs) != 2 || len(ms) != 2 || len(ss) != 2 || len(frac) > 9 || !allDigits(hs+ms+ss+frac) {
		return 0, false
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	sec, _ := strconv.Atoi(ss)
	frac = (frac + "000")[:3]
	milli, _ := strconv.Atoi(frac)
	if h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	return int64(h)*3600000 + int64(m)*60000 + int64(sec)*1000 + int64(milli), true
}

// ParseDate parses "yyyy-MM-dd" as Java's LocalDate.parse, after completing
// "yyyy" and "yyyy-MM" to the first day.
func ParseDate(text string) (DateValue, error) {
	days, ok := parseISODate(completeDate(text), true)
	if !ok {
		return 0, fmt.Errorf("failed to parse date '%s': required format is \"yyyy-MM-dd\", "+
			"e.g. '2020-05-26'; partials such as '2020-05' are accepted", text)
	}
	return DateValue(days), nil
}

// ParseTime parses "HH:mm[:ss[.fraction]]" as Java's LocalTime.parse; digits
// below the millisecond are dropped.
func ParseTime(text string) (TimeValue, error) {
	parts := strings.Split(text, ":")
	ss, frac := "00", ""
	if len(parts) == 3 {
		var dot bool
		ss, frac, dot = strings.Cut(parts[2], ".")
		if dot && frac == "" {
			ss = "x"
		}
	}
	ms, ok := int64(0), false
	if len(parts) == 2 || len(parts) == 3 {
		ms, ok = clockMillis(parts[0], parts[1], ss, frac)
	}
	if !ok {
		return 0, fmt.Errorf("failed to parse time '%s': required format is \"HH:mm:ss.SSS\", "+
			"e.g. '01:34:20.123' or '01:34:20'; partials such as '01:34' are accepted", text)
	}
	return TimeValue(ms), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// TimestampToDate returns the UTC date of ts.
func TimestampToDate(ts TimestampValue) DateValue { return DateValue(floorDiv(int64(ts), msPerDay)) }

// TimestampToTime returns the UTC time of day of ts.
func TimestampToTime(ts TimestampValue) TimeValue {
	return TimeValue(int64(ts) - floorDiv(int64(ts), msPerDay)*msPerDay)
}

// DateToTimestamp returns midnight UTC of d.
func DateToTimestamp(d DateValue) TimestampValue { return TimestampValue(int64(d) * msPerDay) }

// compareTemporal compares a and b when one is a TIMESTAMP, DATE or TIME and
// the other of a kind it compares with; ok is false otherwise.
func compareTemporal(a, b Value) (c int, ok bool, err error) {
	switch x := a.(type) {
	case TimestampValue:
		switch y := b.(type) {
		case TimestampValue:
			return cmpInt64(int64(x), int64(y)), true, nil
		case DateValue:
			return cmpInt64(int64(x), int64(DateToTimestamp(y))), true, nil
		case string:
			t, err := ParseTimestamp(strings.TrimSpace(y))
			return cmpInt64(int64(x), int64(t)), true, err
		}
	case DateValue:
		switch y := b.(type) {
		case DateValue:
			return cmpInt64(int64(x), int64(y)), true, nil
		case TimestampValue:
			return cmpInt64(int64(DateToTimestamp(x)), int64(y)), true, nil
		case string:
			d, err := ParseDate(strings.TrimSpace(y))
			return cmpInt64(int64(x), int64(d)), true, err
		}
	case TimeValue:
		switch y := b.(type) {
		case TimeValue:
			return cmpInt64(int64(x), int64(y)), true, nil
		case string:
			t, err := ParseTime(strings.TrimSpace(y))
			return cmpInt64(int64(x), int64(t)), true, err
		}
	case string:
		switch b.(type) {
		case TimestampValue, DateValue, TimeValue:
			c, ok, err := compareTemporal(b, a)
			return -c, ok, err
		}
	}
	return 0, false, nil
}
