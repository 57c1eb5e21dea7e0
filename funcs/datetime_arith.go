package funcs

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		shiftFunc("DATEADD", "Adds a duration to a DATE.", tDate, 1, shiftDate),
		shiftFunc("DATESUB", "Subtracts a duration from a DATE.", tDate, -1, shiftDate),
		shiftFunc("TIMEADD", "Adds a duration to a TIME, wrapping around midnight.", tTime, 1, shiftTime),
		shiftFunc("TIMESUB", "Subtracts a duration from a TIME, wrapping around midnight.", tTime, -1, shiftTime),
		shiftFunc("TIMESTAMPADD", "Adds a duration to a TIMESTAMP.", tTimestamp, 1, shiftTimestamp),
		shiftFunc("TIMESTAMPSUB", "Subtracts a duration from a TIMESTAMP.", tTimestamp, -1, shiftTimestamp),
	)
}

// shiftFunc builds the (unit, interval, value) arithmetic functions.
func shiftFunc(name, desc string, t *ParamType, sign int64, shift func(types.Value, int64) types.Value) *Func {
	return &Func{Name: name, Category: CatDateTime, Description: desc, Overloads: []*Overload{{
		Params:  ps(p("unit", tUnit), p("interval", tInt), p("value", t)),
		Returns: t,
		Eval: strict(func(a []types.Value) (types.Value, error) {
			ms, err := unitMillis(a[0].(string), int64(a[1].(int32)))
			if err != nil {
				return nil, err
			}
			return shift(a[2], sign*ms), nil
		}),
	}}}
}

func shiftDate(v types.Value, ms int64) types.Value {
	return types.DateValue(truncDiv(int64(v.(types.DateValue))*msPerDay+ms, msPerDay))
}

func shiftTime(v types.Value, ms int64) types.Value {
	t := (int64(v.(types.TimeValue)) + ms) % msPerDay
	if t < 0 {
		t += msPerDay
	}
	return types.TimeValue(t)
}

func shiftTimestamp(v types.Value, ms int64) types.Value {
	return types.TimestampValue(int64(v.(types.TimestampValue)) + ms)
}

// truncDiv divides rounding towards zero, as Java's TimeUnit conversions do.
func truncDiv(a, b int64) int64 { return a / b }

// unitMillis converts n units (a java.util.concurrent.TimeUnit name, singular
// or plural) to milliseconds, truncating sub-millisecond units.
func unitMillis(unit string, n int64) (int64, error) {
	u := strings.TrimSuffix(strings.ToUpper(unit), "S")
	switch u {
	case "NANOSECOND":
		return n / 1e6, nil
	case "MICROSECOND":
		return n / 1e3, nil
	case "MILLISECOND":
		return n, nil
	case "SECOND":
		return n * 1000, nil
	case "MINUTE":
		return n * 60 * 1000, nil
	case "HOUR":
		return n * 3600 * 1000, nil
	case "DAY":
		return n * msPerDay, nil
	}
	return 0, fmt.Errorf("unknown time unit %s", unit)
}
