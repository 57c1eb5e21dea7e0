package funcs

import (
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/types"
)

func TestFormatDateTime(t *testing.T) {
	runCases(t, []evalCase{
		{"FORMAT_DATE", []any{types.DateValue(17662), "yyyy-MM-dd"}, "2018-05-11"},
		{"FORMAT_DATE", []any{types.DateValue(18993), "dd-MMM-yyyy"}, "01-Jan-2022"},
		{"FORMAT_DATE", []any{types.DateValue(-1), "dd-MM-yyyy'Sophia'"}, "31-12-1969Sophia"},
		{"FORMAT_DATE", []any{types.DateValue(0), "EEEE d MMMM yy, D"}, "Thursday 1 January 70, 1"},
		{"DATETOSTRING", []any{int32(18027), "dd/MM/yyyy"}, "11/05/2019"},
		{"FORMAT_TIME", []any{types.TimeValue(65000), "HH_mm_ss_SSS"}, "00_01_05_000"},
		{"FORMAT_TIME", []any{types.TimeValue(1234567), "HHmmss'AAAAA'"}, "002034AAAAA"},
		{"FORMAT_TIME", []any{types.TimeValue(46800000), "hh:mm a, k K"}, "01:00 PM, 13 1"},
		{"FORMAT_TIME", []any{null(types.TimeType), "HH"}, nil},
		{"FORMAT_TIMESTAMP", []any{types.TimestampValue(1526075913000), "yyyy-MM-dd HH:mm:ss zzz", "America/Los_Angeles"},
			"2018-05-11 14:58:33 PDT"},
		{"FORMAT_TIMESTAMP", []any{types.TimestampValue(1526075913000), "yyyy-MM-dd HH:mm:ss zzz", "Europe/London"},
			"2018-05-11 22:58:33 BST"},
		{"FORMAT_TIMESTAMP", []any{types.TimestampValue(1526075913123), "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "+05:30"},
			"2018-05-12T03:28:33.123+05:30"},
		{"FORMAT_TIMESTAMP", []any{types.TimestampValue(0), "yyyy-MM-dd'T'HH:mm:ssX"}, "1970-01-01T00:00:00Z"},
		{"FORMAT_TIMESTAMP", []any{types.TimestampValue(0), "''HH''"}, "'00'"},
		{"TIMESTAMPTOSTRING", []any{int64(1526075913000), "yyyy-MM-dd HH:mm:ss"}, "2018-05-11 21:58:33"},
	})
}

func TestParseDateTime(t *testing.T) {
	runCases(t, []evalCase{
		{"STRINGTOTIMESTAMP", []any{"2018-05-11T21:58:33Z", "yyyy-MM-dd'T'HH:mm:ssX"}, int64(1526075913000)},
		{"STRINGTOTIMESTAMP", []any{"2019-08-27T13:31:09.2+0000", "yyyy-MM-dd'T'HH:mm:ss.SX"}, int64(1566912669200)},
		{"PARSE_TIMESTAMP", []any{"2018-05-11 14:58:33", "yyyy-MM-dd HH:mm:ss", "America/Los_Angeles"},
			types.TimestampValue(1526075913000)},
		{"PARSE_TIMESTAMP", []any{"2018-05-11 14:58:33 PDT", "yyyy-MM-dd HH:mm:ss zzz"}, types.TimestampValue(1526075913000)},
		{"PARSE_TIMESTAMP", []any{"20180511215833", "yyyyMMddHHmmss"}, types.TimestampValue(1526075913000)},
		{"PARSE_TIMESTAMP", []any{"11-May-2018", "dd-MMM-yyyy"}, types.TimestampValue(1525996800000)},
		{"PARSE_TIME", []any{"00:01:05Lit", "HH:mm:ss'Lit'"}, types.TimeValue(65000)},
		{"PARSE_TIME", []any{"11/05/19", "HH/mm/ss"}, types.TimeValue(39919000)},
		{"PARSE_TIME", []any{"01:00:00 PM", "hh:mm:ss a"}, types.TimeValue(46800000)},
		{"PARSE_TIME", []any{"01:00:00 Pm", "hh:mm:ss a"}, types.TimeValue(46800000)},
		{"PARSE_TIME", []any{"12:30:00 AM", "hh:mm:ss a"}, types.TimeValue(1800000)},
		{"PARSE_DATE", []any{"2003-12-24", "yyyy-MM-dd"}, types.DateValue(12410)},
		{"PARSE_DATE", []any{"1969-12-31", "yyyy-MM-dd"}, types.DateValue(-1)},
		{"PARSE_DATE", []any{"2004-01-01", "yyyy-MM-dd"}, types.DateValue(12418)},
		{"STRINGTODATE", []any{"20040101", "yyyyMMdd"}, int32(12418)},
		{"PARSE_DATE", []any{nullStr, "yyyy"}, nil},
	})
	for _, bad := range [][2]string{{"2004", "yyyy-MM-dd"}, {"foo", "yyyyMMdd"}, {"2004-02-30", "yyyy-MM-dd"}, {"x", "[y]"}} {
		if _, err := eval(t, "PARSE_DATE", bad[0], bad[1]); err == nil {
			t.Errorf("PARSE_DATE(%q, %q) should fail", bad[0], bad[1])
		}
	}
}

func TestDateTimeArithmetic(t *testing.T) {
	unit := func(u string) typed { return typed{IntervalUnit, u} }
	runCases(t, []evalCase{
		{"DATEADD", []any{unit("DAYS"), int32(10), types.DateValue(10)}, types.DateValue(20)},
		{"DATEADD", []any{unit("HOURS"), int32(25), types.DateValue(10)}, types.DateValue(11)},
		{"DATESUB", []any{unit("DAYS"), int32(10), types.DateValue(5)}, types.DateValue(-5)},
		{"TIMEADD", []any{unit("HOURS"), int32(25), types.TimeValue(0)}, types.TimeValue(3600000)},
		{"TIMESUB", []any{unit("MILLISECONDS"), int32(10), types.TimeValue(5)}, types.TimeValue(86399995)},
		{"TIMESTAMPADD", []any{unit("MILLISECONDS"), int32(10), types.TimestampValue(10)}, types.TimestampValue(20)},
		{"TIMESTAMPSUB", []any{unit("SECOND"), int32(1), types.TimestampValue(10)}, types.TimestampValue(-990)},
		{"TIMESTAMPADD", []any{unit("DAYS"), null(types.IntType), types.TimestampValue(10)}, nil},
		{"CONVERT_TZ", []any{types.TimestampValue(100), "+0200", "+0500"}, types.TimestampValue(10800100)},
		{"CONVERT_TZ", []any{types.TimestampValue(1589234313000), "America/Los_Angeles", "America/New_York"},
			types.TimestampValue(1589245113000)},
		{"CONVERT_TZ", []any{types.TimestampValue(0), "UTC", "PST"}, types.TimestampValue(-8 * 3600000)},
		{"FROM_UNIXTIME", []any{int64(100)}, types.TimestampValue(100)},
		{"FROM_DAYS", []any{int32(-10)}, types.DateValue(-10)},
		{"UNIX_DATE", []any{types.DateValue(100)}, int32(100)},
		{"UNIX_TIMESTAMP", []any{types.TimestampValue(1589234313000)}, int64(1589234313000)},
	})
	now, _ := eval(t, "UNIX_TIMESTAMP")
	if d := time.Since(time.UnixMilli(now.(int64))); d < 0 || d > time.Minute {
		t.Errorf("UNIX_TIMESTAMP() = %v, not now", now)
	}
	if _, err := Resolve("dateadd", []*types.Type{types.DateType, types.IntType, types.DateType}); err == nil ||
		!strings.HasPrefix(err.Error(), "Function 'dateadd' does not accept parameters (DATE, INTEGER, DATE).") {
		t.Errorf("unexpected error %v", err)
	}
}

func TestZones(t *testing.T) {
	for id, off := range map[string]int{"UTC": 0, "Z": 0, "+02:00": 7200, "-0530": -19800, "GMT+1": 3600, "+5": 18000, "EST": -18000} {
		loc, err := ZoneOf(id)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		if _, got := time.Unix(0, 0).In(loc).Zone(); got != off {
			t.Errorf("%s: offset %d, want %d", id, got, off)
		}
	}
	for _, bad := range []string{"", "Mars/Olympus", "+25:00", "Local"} {
		if _, err := ZoneOf(bad); err == nil {
			t.Errorf("zone %q should be rejected", bad)
		}
	}
}
