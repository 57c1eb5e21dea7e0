package exec

import (
	"fmt"
	"time"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/types"
)

// timestampColumn reads an event time from a column: a BIGINT of ms, a
// TIMESTAMP, or a STRING parsed with a TIMESTAMP_FORMAT pattern.
type timestampColumn struct {
	index  int
	name   string
	format *funcs.DateTimeFormat // STRING columns only; times without a zone are UTC
}

// newTimestampColumn checks the column's type and compiles its format.
func newTimestampColumn(index int, col string, t *types.Type, format string) (*timestampColumn, error) {
	tc := &timestampColumn{index: index, name: col}
	switch t.Kind {
	case types.BigInt, types.Timestamp:
		return tc, nil
	case types.String:
		if format == "" {
			return nil, fmt.Errorf("exec: timestamp column %s is a STRING but no TIMESTAMP_FORMAT is set", col)
		}
		f, err := funcs.CompileDateTimeFormat(format)
		if err != nil {
			return nil, fmt.Errorf("exec: %w", err)
		}
		tc.format = f
		return tc, nil
	}
	return nil, fmt.Errorf("exec: timestamp column %s should be BIGINT, TIMESTAMP, or a STRING with a TIMESTAMP_FORMAT, not %s", col, t)
}

// read returns the event time of row. NULL, unparseable and negative
// timestamps are errors: Kafka cannot carry them, and ksqlDB skips such rows.
func (tc *timestampColumn) read(row types.Row) (int64, error) {
	var ms int64
	switch v := row[tc.index].(type) {
	case nil:
		return 0, fmt.Errorf("timestamp column %s is NULL", tc.name)
	case int64:
		ms = v
	case types.TimestampValue:
		ms = int64(v)
	case string:
		t, err := tc.format.Parse(v, time.UTC)
		if err != nil {
			return 0, fmt.Errorf("timestamp column %s: %w", tc.name, err)
		}
		ms = t.UnixMilli()
	default:
		return 0, fmt.Errorf("timestamp column %s holds a %T", tc.name, v)
	}
	if ms < 0 {
		return 0, fmt.Errorf("timestamp column %s is negative: %d", tc.name, ms)
	}
	return ms, nil
}
