package exec

import (
	"strconv"

	"github.com/streamsql/streamsql/types"
)

// evalRow computes the group key and the aggregate arguments of row i, into
// key and args when given (scratch the caller copies what it keeps of),
// else into new slices.
func (a *aggregateOp) evalRow(b *Batch, i int, row, key types.Row, args [][]types.Value) (types.Row, [][]types.Value, bool) {
	if key == nil {
		key = make(types.Row, len(a.groupBy))
	}
	for j, g := range a.groupBy {
		v, err := g(row, nil)
		if err != nil {
			a.pl.logRecord(b, i, "error evaluating GROUP BY expression: %v", err)
			return nil, nil, false
		}
		if v == nil {
			a.pl.logRecord(b, i, "GROUP BY expression %d is NULL: the record has no group and is dropped", j+1)
			return nil, nil, false
		}
		key[j] = v
	}
	if args == nil {
		args = make([][]types.Value, len(a.args))
		for j, evs := range a.args {
			args[j] = make([]types.Value, len(evs))
		}
	}
	for j, evs := range a.args {
		for k, ev := range evs {
			v, err := ev(row, nil)
			if err != nil {
				a.pl.logRecord(b, i, "error evaluating the arguments of %s: %v", a.node.Aggs[j].Name, err)
			}
			args[j][k] = v
		}
	}
	return key, args, true
}

// encodeKey renders group values as a map key; the group's column types are
// fixed, so the type-tagged text is unique. Durable state stores groups
// under it: it must not change.
func encodeKey(key types.Row) string { return string(appendKey(nil, key)) }

// appendKey appends encodeKey's text to dst: each value as FormatValue
// renders it, then a zero byte.
func appendKey(dst []byte, key types.Row) []byte {
	for _, v := range key {
		switch x := v.(type) {
		case string:
			dst = append(dst, x...)
		case int64:
			dst = strconv.AppendInt(dst, x, 10)
		case int32:
			dst = strconv.AppendInt(dst, int64(x), 10)
		default:
			dst = append(dst, types.FormatValue(v, nil)...)
		}
		dst = append(dst, 0)
	}
	return dst
}
