package funcs

import (
	"fmt"
	"time"

	"github.com/streamsql/streamsql/types"
)

const msPerDay = 24 * 60 * 60 * 1000

func init() {
	register(
		formatFunc("FORMAT_TIMESTAMP", "Formats a TIMESTAMP with a java.time.format.DateTimeFormatter pattern, in UTC or a time zone.",
			tTimestamp, func(v types.Value) int64 { return int64(v.(types.TimestampValue)) }, true),
		formatFunc("TIMESTAMPTOSTRING", "Deprecated: formats BIGINT epoch milliseconds with a pattern, in UTC or a time zone.",
			tBigInt, func(v types.Value) int64 { return v.(int64) }, true),
		formatFunc("FORMAT_DATE", "Formats a DATE with a java.time.format.DateTimeFormatter pattern.",
			tDate, func(v types.Value) int64 { return int64(v.(types.DateValue)) * msPerDay }, false),
		formatFunc("DATETOSTRING", "Deprecated: formats an INT of days since the epoch with a pattern.",
			tInt, func(v types.Value) int64 { return int64(v.(int32)) * msPerDay }, false),
		formatFunc("FORMAT_TIME", "Formats a TIME with a java.time.format.DateTimeFormatter pattern.",
			tTime, func(v types.Value) int64 { return int64(v.(types.TimeValue)) }, false),
		parseFunc("PARSE_TIMESTAMP", "Parses a string with a pattern into a TIMESTAMP, in UTC or a time zone.",
			tTimestamp, func(ms int64) types.Value { return types.TimestampValue(ms) }, true, false),
		parseFunc("STRINGTOTIMESTAMP", "Deprecated: parses a string with a pattern into BIGINT epoch milliseconds.",
			tBigInt, func(ms int64) types.Value { return ms }, true, false),
		parseFunc("PARSE_DATE", "Parses a string with a pattern into a DATE (text after the pattern is ignored).",
			tDate, func(ms int64) types.Value { return types.DateValue(floorDiv(ms, msPerDay)) }, false, true),
		parseFunc("STRINGTODATE", "Deprecated: parses a string with a pattern into an INT of days since the epoch.",
			tInt, func(ms int64) types.Value { return int32(floorDiv(ms, msPerDay)) }, false, true),
		parseFunc("PARSE_TIME", "Parses a string with a pattern into a TIME.",
			tTime, func(ms int64) types.Value { return types.TimeValue(ms - floorDiv(ms, msPerDay)*msPerDay) }, false, false),
		convertTzFunc, fromUnixTimeFunc, fromDaysFunc, unixDateFunc, unixTimestampFunc,
	)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// formatFunc builds a FORMAT_* function: the value's epoch milliseconds are
// formatted in UTC, or in the zone given as an optional third argument.
func formatFunc(name, desc string, t *ParamType, millis func(types.Value) int64, zoned bool) *Func {
	eval := strict(func(a []types.Value) (types.Value, error) {
		loc := time.UTC
		if len(a) == 3 {
			l, err := zoneOf(a[2].(string))
			if err != nil {
				return nil, fmt.Errorf("failed to format %s with formatter '%s': %w", name, a[1], err)
			}
			loc = l
		}
		f, err := CompileDateTimeFormat(a[1].(string))
		if err != nil {
			return nil, fmt.Errorf("failed to format %s with formatter '%s': %w", name, a[1], err)
		}
		return f.Format(time.UnixMilli(millis(a[0])).In(loc)), nil
	})
	fn := &Func{Name: name, Category: CatDateTime, Description: desc, Overloads: []*Overload{
		{Params: ps(p("value", t), p("formatPattern", tString)), Returns: tString, Eval: eval},
	}}
	if zoned {
		fn.Overloads = append(fn.Overloads, &Overload{
			Params: ps(p("value", t), p("formatPattern", tString), p("timeZone", tString)), Returns: tString, Eval: eval})
	}
	return fn
}

// parseFunc builds a PARSE_* function from the parsed epoch milliseconds.
// parseFunc builds a parse function; with prefix, text after the pattern is
// ignored, as ksqlDB's date parsing does.
func parseFunc(name, desc string, ret *ParamType, conv func(int64) types.Value, zoned, prefix bool) *Func {
	eval := strict(func(a []types.Value) (types.Value, error) {
		loc := time.UTC
		if len(a) == 3 {
			l, err := zoneOf(a[2].(string))
			if err != nil {
				return nil, parseError(a, err)
			}
			loc = l
		}
		f, err := CompileDateTimeFormat(a[1].(string))
		if err != nil {
			return nil, parseError(a, err)
		}
		parse := f.Parse
		if prefix {
			parse = f.ParsePrefix
		}
		t, err := parse(a[0].(string), loc)
		if err != nil {
			return nil, parseError(a, err)
		}
		return conv(t.UnixMilli()), nil
	})
	fn := &Func{Name: name, Category: CatDateTime, Description: desc, Overloads: []*Overload{
		{Params: ps(p("formattedValue", tString), p("formatPattern", tString)), Returns: ret, Eval: eval},
	}}
	if zoned {
		fn.Overloads = append(fn.Overloads, &Overload{
			Params: ps(p("formattedValue", tString), p("formatPattern", tString), p("timeZone", tString)), Returns: ret, Eval: eval})
	}
	return fn
}

func parseError(a []types.Value, err error) error {
	return fmt.Errorf("failed to parse '%s' with formatter '%s': %w", a[0], a[1], err)
}

var convertTzFunc = &Func{
	Name: "CONVERT_TZ", Category: CatDateTime,
	Description: "Converts a TIMESTAMP from one time zone to another.",
	Overloads: []*Overload{{
		Params:  ps(p("timestamp", tTimestamp), p("fromTimeZone", tString), p("toTimeZone", tString)),
		Returns: tTimestamp,
		Eval: strict(func(a []types.Value) (types.Value, error) {
			from, err := zoneOf(a[1].(string))
			if err != nil {
				return nil, err
			}
			to, err := zoneOf(a[2].(string))
			if err != nil {
				return nil, err
			}
			ms := int64(a[0].(types.TimestampValue))
			_, offTo := time.UnixMilli(ms).In(to).Zone()
			_, offFrom := time.UnixMilli(ms).In(from).Zone()
			return types.TimestampValue(ms + int64(offTo-offFrom)*1000), nil
		}),
	}},
}

var fromUnixTimeFunc = &Func{
	Name: "FROM_UNIXTIME", Category: CatDateTime,
	Description: "Converts BIGINT epoch milliseconds to a TIMESTAMP.",
	Overloads: []*Overload{{Params: ps(p("milliseconds", tBigInt)), Returns: tTimestamp,
		Eval: strictPure(func(a []types.Value) types.Value { return types.TimestampValue(a[0].(int64)) })}},
}

var fromDaysFunc = &Func{
	Name: "FROM_DAYS", Category: CatDateTime,
	Description: "Converts an INT number of days since the epoch to a DATE.",
	Overloads: []*Overload{{Params: ps(p("days", tInt)), Returns: tDate,
		Eval: strictPure(func(a []types.Value) types.Value { return types.DateValue(a[0].(int32)) })}},
}

var unixDateFunc = &Func{
	Name: "UNIX_DATE", Category: CatDateTime, Volatile: true,
	Description: "Days since 1970-01-01 of a DATE, or of the current date.",
	Overloads: []*Overload{
		{Returns: tInt, Eval: pure(func([]types.Value) types.Value {
			return int32(floorDiv(time.Now().UnixMilli(), msPerDay))
		})},
		{Params: ps(p("date", tDate)), Returns: tInt,
			Eval: strictPure(func(a []types.Value) types.Value { return int32(a[0].(types.DateValue)) })},
	},
}

var unixTimestampFunc = &Func{
	Name: "UNIX_TIMESTAMP", Category: CatDateTime, Volatile: true,
	Description: "Milliseconds since 1970-01-01T00:00:00 UTC of a TIMESTAMP, or of now.",
	Overloads: []*Overload{
		{Returns: tBigInt, Eval: pure(func([]types.Value) types.Value { return time.Now().UnixMilli() })},
		{Params: ps(p("timestamp", tTimestamp)), Returns: tBigInt,
			Eval: strictPure(func(a []types.Value) types.Value { return int64(a[0].(types.TimestampValue)) })},
	},
}
