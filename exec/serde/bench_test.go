package serde

import (
	"encoding/json"
	"testing"

	"github.com/streamsql/streamsql/types"
)

// benchRecord is a typical 195-byte order event: 8 columns (lower-case member
// names, so the upper-cased fallback match is exercised) plus one member the
// schema does not declare.
const benchRecord = `{"ordertime": 1560070133853, "orderid": 67123, "itemid": "Item_1849", "orderunits": 5.2, ` +
	`"city": "City_63", "customer": "Customer_4242", "price": 19.99, "status": "SHIPPED", "source": "web"}`

func benchCols() []Column {
	return []Column{
		{"ORDERTIME", types.TimestampType},
		{"ORDERID", types.IntType},
		{"ITEMID", types.StringType},
		{"ORDERUNITS", types.DoubleType},
		{"CITY", types.StringType},
		{"CUSTOMER", types.StringType},
		{"PRICE", types.DecimalOf(10, 2)},
		{"STATUS", types.StringType},
	}
}

func BenchmarkDecodeJSON(b *testing.B) {
	dec, err := NewDecoder(Options{Format: JSON}, benchCols())
	if err != nil {
		b.Fatal(err)
	}
	rec := []byte(benchRecord)
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dec.Decode(rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeJSON(b *testing.B) {
	cols := benchCols()
	dec, _ := NewDecoder(Options{Format: JSON}, cols)
	enc, err := NewEncoder(Options{Format: JSON}, cols)
	if err != nil {
		b.Fatal(err)
	}
	row, err := dec.Decode([]byte(benchRecord))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := enc.Encode(row); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeDelimited(b *testing.B) {
	dec, err := NewDecoder(Options{Format: Delimited}, benchCols())
	if err != nil {
		b.Fatal(err)
	}
	rec := []byte(`1560070133853,67123,Item_1849,5.2,City_63,Customer_4242,19.99,SHIPPED`)
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dec.Decode(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONValidBaseline calibrates the machine: encoding/json merely
// validating the same record. BenchmarkDecodeJSON should stay within a small
// factor of it.
func BenchmarkJSONValidBaseline(b *testing.B) {
	rec := []byte(benchRecord)
	b.SetBytes(int64(len(rec)))
	for b.Loop() {
		if !json.Valid(rec) {
			b.Fatal("invalid")
		}
	}
}
