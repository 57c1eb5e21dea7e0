package types

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func utcMillis(y int, mo time.Month, d, h, mi, s, ms int) TimestampValue {
	return TimestampValue(time.Date(y, mo, d, h, mi, s, ms*1e6, time.UTC).UnixMilli())
}

// TestParseTimestamp follows ksqlDB's PartialStringToTimestampParserTest.
func TestParseTimestamp(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want TimestampValue
	}{
		{"2017", utcMillis(2017, 1, 1, 0, 0, 0, 0)},
		{"2020-02", utcMillis(2020, 2, 1, 0, 0, 0, 0)},
		{"2020-01-02", utcMillis(2020, 1, 2, 0, 0, 0, 0)},
		{"2020-01-02T", utcMillis(2020, 1, 2, 0, 0, 0, 0)},
		{"2020-01-02TZ", utcMillis(2020, 1, 2, 0, 0, 0, 0)},
		{"2020-12-02T13", utcMillis(2020, 12, 2, 13, 0, 0, 0)},
		{"2020-12-02T13Z", utcMillis(2020, 12, 2, 13, 0, 0, 0)},
		{"2020-12-02T13:59", utcMillis(2020, 12, 2, 13, 59, 0, 0)},
		{"2020-12-02T13:59:58", utcMillis(2020, 12, 2, 13, 59, 58, 0)},
		{"2020-12-02T13:59:58.123", utcMillis(2020, 12, 2, 13, 59, 58, 123)},
		{"2020-12-02T13:59:58.123Z", utcMillis(2020, 12, 2, 13, 59, 58, 123)},
		{"2017-11-13T23:59:58.999+0100", 1510613998999},
		{"2017-11-13T23:59:58.999-0100", 1510621198999},
		{"2017-11-13T23:59:58.999+01:00", 1510613998999},
		{"2017-11-13T23:59:58.999+1", 1510613998999},
		{"2017-11-13T23:59:58", 1510617598000},
		{"1969-12-31T23:59:59.999", -1},
		// Java's SMART resolver: 24:00 ends the day, a day past the month's
		// end is its last day.
		{"2020-01-01T24:00", utcMillis(2020, 1, 2, 0, 0, 0, 0)},
		{"2020-02-30", utcMillis(2020, 2, 29, 0, 0, 0, 0)},
		{"2021-04-31T10", utcMillis(2021, 4, 30, 10, 0, 0, 0)},
	} {
		got, err := ParseTimestamp(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"2017-1-1", "2017-01-01T00:00:00.000+foo", "", "abc", "2020-02-32",
		"2020-13-01", "2020-01-01T24:01", "2020-01-01T10:00:00.0001", "2020-01-01 10:00", "2020-05T10",
		"2020-01-01T10:00+19"} {
		_, err := ParseTimestamp(bad)
		assert.Error(t, err, bad)
	}
	_, err := ParseTimestamp("2017-1-1")
	assert.ErrorContains(t, err, "failed to parse timestamp '2017-1-1': required format is \"yyyy-MM-dd'T'HH:mm:ss.SSS\"")
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want DateValue
	}{
		{"1970-01-01", 0},
		{"2020-01-01", 18262},
		{"2020-05-26", 18408},
		{"2020-05", 18383},
		{"2020", 18262},
		{"1969-12-22", -10},
		{"+10000-01-01", daysOf(10000, 1, 1)},
		{"-0001-12-31", daysOf(-1, 12, 31)},
	} {
		got, err := ParseDate(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"2020-5-26", "20-01-01", "2020-02-30", "2020-00-01", "10000-01-01", "x", "", "2020-01-01T00"} {
		_, err := ParseDate(bad)
		assert.Error(t, err, bad)
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want TimeValue
	}{
		{"01:34:20.123", 5660123},
		{"01:34:20", 5660000},
		{"01:34", 5640000},
		{"23:59:59.999999999", 86399999},
		{"00:00:00.5", 500},
	} {
		got, err := ParseTime(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"1:34", "24:00", "01:60", "01:34:60", "01:34:20.", "01", "01:34:20.1234567890", "x"} {
		_, err := ParseTime(bad)
		assert.Error(t, err, bad)
	}
}

func TestTemporalConversions(t *testing.T) {
	ts := utcMillis(2020, 5, 26, 10, 15, 30, 250)
	assert.Equal(t, DateValue(18408), TimestampToDate(ts))
	assert.Equal(t, TimeValue(((10*60+15)*60+30)*1000+250), TimestampToTime(ts))
	assert.Equal(t, utcMillis(2020, 5, 26, 0, 0, 0, 0), DateToTimestamp(18408))
	assert.Equal(t, DateValue(-1), TimestampToDate(-1))
	assert.Equal(t, TimeValue(86399999), TimestampToTime(-1))

	for _, s := range []string{"2020-05-26T10:15:30.250", "1969-12-31T23:59:59.999"} {
		v, err := ParseTimestamp(s)
		require.NoError(t, err)
		assert.Equal(t, s, FormatTimestamp(v), "round trip")
	}
}
