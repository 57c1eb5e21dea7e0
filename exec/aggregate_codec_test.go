package exec

import (
	"testing"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/types"
)

// TestGroupKeyJSONRoundTrip: group keys are saved as JSON text (appendGroup)
// and read back through the generic JSON path (decodeGroup, keyValues); every
// type a GROUP BY key can have must survive the trip unchanged.
func TestGroupKeyJSONRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		typ *types.Type
		in  string
	}{
		{types.BooleanType, `true`},
		{types.IntType, `-7`},
		{types.BigIntType, `9223372036854775807`},
		{types.DoubleType, `1.5e-7`},
		{types.StringType, `"a\"b\\c\u00e9\n"`},
		{types.BytesType, `"AQID"`},
		{types.TimestampType, `1700000000123`},
		{types.DateType, `19000`},
		{types.TimeType, `3600000`},
		{types.DecimalOf(10, 2), `12.50`},
		{types.ArrayOf(types.IntType), `[1,null,3]`},
		{types.MapOf(types.StringType, types.BigIntType), `{"x":1,"y":2}`},
		{types.StructOf(types.Field{Name: "A", Type: types.IntType}, types.Field{Name: "B", Type: types.StringType}), `{"A":1,"B":"z"}`},
		{types.StringType, `null`},
	} {
		var raw any
		if err := decodeJSON([]byte(tc.in), &raw); err != nil {
			t.Fatal(err)
		}
		v, err := serde.FromJSON(raw, tc.typ)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.typ, tc.in, err)
		}
		enc, err := serde.AppendJSON(nil, v, tc.typ)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.typ, tc.in, err)
		}
		var back any
		if err := decodeJSON(enc, &back); err != nil {
			t.Fatalf("%s: saved as %s: %v", tc.typ, enc, err)
		}
		v2, err := serde.FromJSON(back, tc.typ)
		if err != nil || !types.Equal(v, v2) {
			t.Fatalf("%s %s: saved as %s, read back %v (%v)", tc.typ, tc.in, enc, v2, err)
		}
	}
}

func TestPrefixLength(t *testing.T) {
	long := make([]byte, 300)
	for i := range long {
		long[i] = byte(i)
	}
	dst := append([]byte("ab"), long...)
	dst = prefixLength(dst, 2)
	r := &groupReader{b: dst[2:]}
	if got := r.bytes(); r.err != nil || string(got) != string(long) || string(dst[:2]) != "ab" {
		t.Fatalf("prefixLength: %v", r.err)
	}
}
