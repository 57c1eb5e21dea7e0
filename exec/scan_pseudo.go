package exec

import (
	"fmt"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// pseudoFiller returns the function that fills column i of a scanned row when
// the column is a pseudo or header column, or nil for key and value columns.
// Pseudo column values are boxed from box (see scanOp.box).
func pseudoFiller(i int, c planner.Column, box *types.Slab) (func(types.Row, *SourceRecord, int64), error) {
	switch c.Role {
	case planner.PseudoColumn:
		return pseudoColumn(i, c, box)
	case planner.HeaderColumn:
		if c.HeaderKey != "" {
			key := c.HeaderKey
			return func(row types.Row, r *SourceRecord, _ int64) { row[i] = lastHeader(r.Headers, key) }, nil
		}
		if c.Type.Kind != types.Array || c.Type.Elem.Kind != types.Struct || len(c.Type.Elem.Fields) != 2 {
			return nil, fmt.Errorf("headers column %s must be ARRAY<STRUCT<KEY STRING, VALUE BYTES>>, not %s", c.Name, c.Type)
		}
		elem := c.Type.Elem
		return func(row types.Row, r *SourceRecord, _ int64) { row[i] = allHeaders(r.Headers, elem) }, nil
	}
	return nil, nil
}

func pseudoColumn(i int, c planner.Column, box *types.Slab) (func(types.Row, *SourceRecord, int64), error) {
	conv, err := integerAs(c)
	if err != nil {
		return nil, err
	}
	switch c.Name {
	case "ROWTIME":
		return func(row types.Row, _ *SourceRecord, t int64) { row[i] = conv(box, t) }, nil
	case "ROWPARTITION":
		return func(row types.Row, r *SourceRecord, _ int64) { row[i] = conv(box, int64(r.Partition)) }, nil
	case "ROWOFFSET":
		return func(row types.Row, r *SourceRecord, _ int64) { row[i] = conv(box, r.Offset) }, nil
	}
	return nil, fmt.Errorf("pseudo column %s is not supported", c.Name)
}

// integerAs returns the conversion of an int64 to the representation of c's
// type: INT, BIGINT or TIMESTAMP, boxed from a slab.
func integerAs(c planner.Column) (func(*types.Slab, int64) types.Value, error) {
	switch c.Type.Kind {
	case types.Int:
		return func(s *types.Slab, v int64) types.Value { return s.Int32(int32(v)) }, nil
	case types.BigInt:
		return (*types.Slab).Int64, nil
	case types.Timestamp:
		return func(s *types.Slab, v int64) types.Value { return s.Timestamp(types.TimestampValue(v)) }, nil
	}
	return nil, fmt.Errorf("pseudo column %s cannot have type %s", c.Name, c.Type)
}

// lastHeader returns the value of the last header named key, or NULL.
func lastHeader(hs []Header, key string) types.Value {
	for i := len(hs) - 1; i >= 0; i-- {
		if hs[i].Key == key {
			if hs[i].Value == nil {
				return nil
			}
			return hs[i].Value
		}
	}
	return nil
}

// allHeaders returns the headers as an array of {KEY, VALUE} structs.
func allHeaders(hs []Header, elem *types.Type) types.Value {
	arr := make([]types.Value, len(hs))
	for i, h := range hs {
		var v types.Value
		if h.Value != nil {
			v = h.Value
		}
		arr[i] = &types.StructValue{Type: elem, Fields: []types.Value{h.Key, v}}
	}
	return arr
}
