package server

import (
	"fmt"
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/types"
)

// mediaArrow is the Apache Arrow IPC streaming format.
const mediaArrow = "application/vnd.apache.arrow.stream"

// Field metadata keys of an Arrow result schema.
const (
	arrowMetaKey     = "ksql.key"     // "true" on key columns
	arrowMetaSQLType = "ksql.type"    // the column's SQL type, e.g. ARRAY<STRING>
	arrowMetaQueryID = "ksql.queryId" // schema metadata: the query id
)

// arrowType maps a SQL type to its Arrow type. Types without a natural Arrow
// counterpart (ARRAY, MAP, STRUCT, and decimals wider than 38 digits) travel
// as UTF-8 strings holding the value rendered as the REST API's JSON; the
// field's ksql.type metadata says what they were.
func arrowType(t *types.Type) arrow.DataType {
	switch t.Kind {
	case types.Boolean:
		return arrow.FixedWidthTypes.Boolean
	case types.Int:
		return arrow.PrimitiveTypes.Int32
	case types.BigInt:
		return arrow.PrimitiveTypes.Int64
	case types.Double:
		return arrow.PrimitiveTypes.Float64
	case types.String:
		return arrow.BinaryTypes.String
	case types.Bytes:
		return arrow.BinaryTypes.Binary
	case types.Timestamp:
		return &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}
	case types.Date:
		return arrow.FixedWidthTypes.Date32
	case types.Time:
		return arrow.FixedWidthTypes.Time32ms
	case types.Decimal:
		if t.Precision >= 1 && t.Precision <= 38 {
			return &arrow.Decimal128Type{Precision: int32(t.Precision), Scale: int32(t.Scale)}
		}
	}
	return arrow.BinaryTypes.String
}

// arrowSchema is the Arrow schema of a query result.
func arrowSchema(queryID string, cols []engine.Column) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		keys, vals := []string{arrowMetaSQLType}, []string{c.Type.String()}
		if c.Key {
			keys, vals = append(keys, arrowMetaKey), append(vals, "true")
		}
		fields[i] = arrow.Field{Name: c.Name, Type: arrowType(c.Type), Nullable: true,
			Metadata: arrow.NewMetadata(keys, vals)}
	}
	md := arrow.NewMetadata([]string{arrowMetaQueryID}, []string{queryID})
	return arrow.NewSchema(fields, &md)
}

// arrowBatch accumulates rows into a record batch.
type arrowBatch struct {
	cols []engine.Column
	b    *array.RecordBuilder
	rows int
	json []byte // scratch for JSON-rendered values
}

func newArrowBatch(schema *arrow.Schema, cols []engine.Column) *arrowBatch {
	return &arrowBatch{cols: cols, b: array.NewRecordBuilder(memory.DefaultAllocator, schema)}
}

// add appends one row.
func (ab *arrowBatch) add(vals []types.Value) error {
	if len(vals) != len(ab.cols) {
		return fmt.Errorf("row has %d values for %d columns", len(vals), len(ab.cols))
	}
	for i, v := range vals {
		if err := ab.appendValue(ab.b.Field(i), ab.cols[i].Type, v); err != nil {
			return fmt.Errorf("column %s: %w", ab.cols[i].Name, err)
		}
	}
	ab.rows++
	return nil
}

// flush returns the rows added since the last flush as a record batch, which
// the caller must release.
func (ab *arrowBatch) flush() arrow.RecordBatch {
	ab.rows = 0
	return ab.b.NewRecordBatch()
}

func (ab *arrowBatch) release() { ab.b.Release() }

func (ab *arrowBatch) appendValue(fb array.Builder, t *types.Type, v types.Value) error {
	if v == nil {
		fb.AppendNull()
		return nil
	}
	var ok bool
	switch b := fb.(type) {
	case *array.BooleanBuilder:
		ok = appendAs(b.Append, v)
	case *array.Int32Builder:
		ok = appendAs(b.Append, v)
	case *array.Int64Builder:
		ok = appendAs(b.Append, v)
	case *array.Float64Builder:
		ok = appendAs(b.Append, v)
	case *array.BinaryBuilder:
		ok = appendAs(b.Append, v)
	case *array.TimestampBuilder:
		var x types.TimestampValue
		if x, ok = v.(types.TimestampValue); ok {
			b.Append(arrow.Timestamp(x))
		}
	case *array.Date32Builder:
		var x types.DateValue
		if x, ok = v.(types.DateValue); ok {
			b.Append(arrow.Date32(x))
		}
	case *array.Time32Builder:
		var x types.TimeValue
		if x, ok = v.(types.TimeValue); ok {
			b.Append(arrow.Time32(x))
		}
	case *array.Decimal128Builder:
		var x types.Dec
		if x, ok = v.(types.Dec); ok {
			return appendDecimal(b, t, x)
		}
	case *array.StringBuilder:
		return ab.appendString(b, t, v)
	default:
		return fmt.Errorf("no Arrow encoding for %s", t)
	}
	if !ok {
		return fmt.Errorf("value %v (%T) is not a %s", v, v, t)
	}
	return nil
}

func appendDecimal(b *array.Decimal128Builder, t *types.Type, d types.Dec) error {
	u := d.Rescale(int32(t.Scale)).Unscaled
	if u == nil {
		u = new(big.Int)
	}
	if len(u.String()) > t.Precision+1 {
		return fmt.Errorf("decimal %s does not fit %s", d, t)
	}
	b.Append(decimal128.FromBigInt(u))
	return nil
}

// appendString appends a STRING, or a value of another type as JSON text.
func (ab *arrowBatch) appendString(b *array.StringBuilder, t *types.Type, v types.Value) error {
	if t.Kind == types.String {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("value %v (%T) is not a STRING", v, v)
		}
		b.Append(s)
		return nil
	}
	var err error
	if ab.json, err = serde.AppendRESTJSON(ab.json[:0], v, t); err != nil {
		return err
	}
	b.Append(string(ab.json))
	return nil
}

// appendAs appends v with add when v holds a T, and reports whether it did.
func appendAs[T any](add func(T), v types.Value) bool {
	x, ok := v.(T)
	if ok {
		add(x)
	}
	return ok
}
