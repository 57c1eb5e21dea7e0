package funcs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zone names must resolve even where the OS has no tz database
)

var zoneCache = newCache[*time.Location](2000)

// ZoneOf resolves a java.util.TimeZone / java.time.ZoneId style identifier:
// region names (Europe/London), UTC and GMT with optional offsets, offsets
// (+02:00, -0500, +5), and the short ids Java accepts (PST, EST, CET…).
func ZoneOf(id string) (*time.Location, error) { return zoneOf(id) }

func zoneOf(id string) (*time.Location, error) { return zoneCache.get(id, lookupZone) }

func lookupZone(id string) (*time.Location, error) {
	up := strings.ToUpper(id)
	switch up {
	case "Z", "UTC", "GMT", "UT", "UCT":
		return time.UTC, nil
	}
	for _, prefix := range []string{"UTC", "GMT", "UT"} {
		if strings.HasPrefix(up, prefix) && len(up) > len(prefix) && (up[len(prefix)] == '+' || up[len(prefix)] == '-') {
			return offsetZone(id[len(prefix):])
		}
	}
	if id != "" && (id[0] == '+' || id[0] == '-') {
		return offsetZone(id)
	}
	if name, ok := shortZoneIDs[up]; ok {
		if strings.HasPrefix(name, "-") || strings.HasPrefix(name, "+") {
			return offsetZone(name)
		}
		id = name
	}
	if id == "" || id == "Local" || strings.Contains(id, "..") {
		return nil, fmt.Errorf("unknown time-zone ID: %s", id)
	}
	loc, err := time.LoadLocation(id)
	if err != nil {
		return nil, fmt.Errorf("unknown time-zone ID: %s", id)
	}
	return loc, nil
}

// offsetZone parses +H, +HH, +HHMM, +HH:MM, +HHMMSS or +HH:MM:SS.
func offsetZone(s string) (*time.Location, error) {
	bad := fmt.Errorf("invalid ID for offset-based ZoneId: %s", s)
	if len(s) < 2 {
		return nil, bad
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(s[1:], ":", "")
	if len(digits) == 1 {
		digits = "0" + digits
	}
	if len(digits) != 2 && len(digits) != 4 && len(digits) != 6 {
		return nil, bad
	}
	secs := 0
	for i, unit := range []int{3600, 60, 1} {
		if 2*i >= len(digits) {
			break
		}
		v, err := strconv.Atoi(digits[2*i : 2*i+2])
		if err != nil || v > 59 || i == 0 && v > 18 {
			return nil, bad
		}
		secs += v * unit
	}
	if secs == 0 {
		return time.UTC, nil
	}
	return time.FixedZone(offsetString(sign*secs, true, false), sign*secs), nil
}

// shortZoneIDs are java.time.ZoneId.SHORT_IDS plus daylight-saving
// abbreviations that appear in formatted timestamps.
var shortZoneIDs = map[string]string{
	"ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo",
	"BST": "Europe/London", "CAT": "Africa/Harare", "CNT": "America/St_Johns",
	"CST": "America/Chicago", "CDT": "America/Chicago", "CTT": "Asia/Shanghai",
	"EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris", "CET": "Europe/Paris", "CEST": "Europe/Paris",
	"EET": "Europe/Athens", "EEST": "Europe/Athens", "WET": "Europe/Lisbon", "WEST": "Europe/Lisbon",
	"IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo",
	"MIT": "Pacific/Apia", "NET": "Asia/Yerevan", "NST": "Pacific/Auckland",
	"PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
	"PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "SST": "Pacific/Guadalcanal",
	"VST": "Asia/Ho_Chi_Minh", "EST": "-05:00", "EDT": "America/New_York", "MST": "-07:00",
	"MDT": "America/Denver", "HST": "-10:00",
}
