package serde

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/streamsql/streamsql/types"
	"github.com/stretchr/testify/require"
)

func TestParseFormat(t *testing.T) {
	for name, want := range map[string]Format{"json": JSON, "Delimited": Delimited, " KAFKA ": Kafka, "none": None} {
		f, err := ParseFormat(name)
		require.NoError(t, err, name)
		require.Equal(t, want, f)
		require.Equal(t, strings.ToUpper(strings.TrimSpace(name)), f.String())
	}
	_, err := ParseFormat("foo")
	require.EqualError(t, err, "Unknown format: FOO")
	_, err = ParseFormat("avro")
	require.ErrorContains(t, err, "format 'AVRO' is not supported")
	_, err = ParseFormat("JSON_SR")
	require.ErrorContains(t, err, "no schema registry")
}

func TestParseDelimiter(t *testing.T) {
	for in, want := range map[string]rune{",": ',', "|": '|', "TAB": '\t', "space": ' ', "€": '€'} {
		r, err := ParseDelimiter(in)
		require.NoError(t, err, in)
		require.Equal(t, want, r, in)
	}
	const blank = "Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'"
	for _, in := range []string{"", " ", "\t", "  "} {
		_, err := ParseDelimiter(in)
		require.EqualError(t, err, blank, "%q", in)
	}
	_, err := ParseDelimiter("<~>")
	require.EqualError(t, err, "Invalid delimiter value: '<~>'. Delimiter must be a single character or TAB,SPACE")
	_, err = ParseDelimiter(`"`)
	require.ErrorContains(t, err, "cannot be a quote")
}

func TestJavaDouble(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1.0", -1.5: "-1.5", 0.001: "0.001", 0.0001: "1.0E-4", 9999999: "9999999.0",
		1e7: "1.0E7", 1.5e-7: "1.5E-7", 123456789.123: "1.23456789123E8", math.MaxFloat64: "1.7976931348623157E308",
		5e-324: "4.9E-324", 0.30000000000000004: "0.30000000000000004", math.Inf(-1): "-Infinity",
	} {
		require.Equal(t, want, string(appendJavaDouble(nil, f)), "%v", f)
	}
	for in, want := range map[string]float64{
		"1": 1, " 2.5\t": 2.5, "+3": 3, "-4e1": -40, "1.5f": 1.5, "2D": 2, ".5": 0.5, "5.": 5,
		"0x1p3": 8, "1e999": math.Inf(1), "-Infinity": math.Inf(-1),
	} {
		f, ok := parseJavaDouble(in)
		require.True(t, ok, in)
		require.Equal(t, want, f, in)
	}
	for _, in := range []string{"", "abc", "inf", "Inf", "nan", "1_000", "+-1", "0x1", "1e", "--1", "infinity"} {
		_, ok := parseJavaDouble(in)
		require.False(t, ok, in)
	}
	f, ok := parseJavaDouble("NaN")
	require.True(t, ok && math.IsNaN(f))
}

func TestRESTTimes(t *testing.T) {
	require.Equal(t, "1971-11-28T23:46:40.000", formatTimestamp(60220000000))
	require.Equal(t, "1970-01-01T00:00:00.001", formatTimestamp(1))
	require.Equal(t, "1969-12-31T23:59:59.999", formatTimestamp(-1))
	require.Equal(t, "+10000-01-01T00:00:00.000", formatTimestamp(253402300800000))
	require.Equal(t, "1972-09-27", formatDate(1000))
	require.Equal(t, "1969-12-22", formatDate(-10))
	require.Equal(t, "+10000-01-01", formatDate(2932897))
	require.Equal(t, "-0001-12-31", formatDate(-719529))
	require.Equal(t, "16:43:40", formatTime(60220000))
	require.Equal(t, "01:02", formatTime(3720999))
	require.Equal(t, "00:00", formatTime(0))
}

func dec(unscaled int64, scale int32) types.Dec {
	return types.Dec{Unscaled: big.NewInt(unscaled), Scale: scale}
}

func TestFromJSON(t *testing.T) {
	st := types.StructOf(types.Field{Name: "ID", Type: types.IntType}, types.Field{Name: "Tags", Type: types.ArrayOf(types.StringType)})
	for _, c := range []struct {
		in   any
		t    *types.Type
		want types.Value
	}{
		{json.Number("12"), types.IntType, int32(12)},
		{"12", types.BigIntType, int64(12)},
		{json.Number("1.5"), types.DecimalOf(4, 2), dec(150, 2)},
		{1.5, types.DoubleType, 1.5},
		{json.Number("1e3"), types.StringType, "1E+3"},
		{12, types.TimestampType, types.TimestampValue(12)},
		{int64(3), types.DateType, types.DateValue(3)},
		{"IQ==", types.BytesType, []byte("!")},
		{nil, types.IntType, nil},
		{[]any{"a", nil}, types.StringType, "[a, null]"},
		{map[string]any{"b": json.Number("1"), "a": []any{true}}, types.StringType, `{"a":[true],"b":1}`},
		{map[string]any{"id": json.Number("7"), "Tags": []any{"x"}, "TAGS": []any{"y"}}, st,
			&types.StructValue{Type: st, Fields: []types.Value{int32(7), []types.Value{"x"}}}},
		{map[string]any{"b": json.Number("2"), "a": json.Number("1")}, types.MapOf(types.StringType, types.IntType),
			&types.MapValue{Keys: []types.Value{"a", "b"}, Vals: []types.Value{int32(1), int32(2)}}},
	} {
		got, err := FromJSON(c.in, c.t)
		require.NoError(t, err, "%v as %s", c.in, c.t)
		require.Equal(t, c.want, got, "%v as %s", c.in, c.t)
	}

	_, err := FromJSON(map[string]any{"Tags": []any{"x", []any{}}, "ID": "x"}, st)
	var de *DecodeError
	require.True(t, errors.As(err, &de))
	require.Equal(t, "ID", de.Field)
	require.EqualError(t, err, `cannot deserialize field "ID": expected INTEGER, got string "x"`)
	_, err = FromJSON(json.Number("abc"), types.IntType)
	require.EqualError(t, err, `invalid JSON number "abc"`)
	_, err = FromJSON(struct{}{}, types.IntType)
	require.ErrorContains(t, err, "unsupported Go type struct {}")
	_, err = FromJSON(true, types.IntType)
	require.EqualError(t, err, "expected INTEGER, got boolean true")
}

func TestToJSON(t *testing.T) {
	st := types.StructOf(types.Field{Name: "TS", Type: types.TimestampType}, types.Field{Name: "D", Type: types.DateType},
		types.Field{Name: "T", Type: types.TimeType}, types.Field{Name: "B", Type: types.BytesType},
		types.Field{Name: "X", Type: types.DecimalOf(5, 2)}, types.Field{Name: "F", Type: types.DoubleType},
		types.Field{Name: "M", Type: types.MapOf(types.IntType, types.BooleanType)})
	m := &types.MapValue{Keys: []types.Value{int32(1)}, Vals: []types.Value{true}}
	v := &types.StructValue{Type: st, Fields: []types.Value{
		types.TimestampValue(60220000000), types.DateValue(1000), types.TimeValue(60220000),
		[]byte("!"), dec(15, 1), math.NaN(), m}}

	rest := ToRESTJSON(v, st)
	require.Equal(t, map[string]any{
		"TS": "1971-11-28T23:46:40.000", "D": "1972-09-27", "T": "16:43:40", "B": "IQ==",
		"X": json.Number("1.50"), "F": "NaN", "M": map[string]any{"1": true},
	}, rest)
	out, err := json.Marshal(ToJSON(v, st))
	require.NoError(t, err)
	require.Equal(t, `{"B":"IQ==","D":1000,"F":"NaN","M":{"1":true},"T":60220000,"TS":60220000000,"X":1.50}`, string(out))

	b, err := AppendRESTJSON(nil, v, st)
	require.NoError(t, err)
	require.Equal(t, `{"TS":"1971-11-28T23:46:40.000","D":"1972-09-27","T":"16:43:40","B":"IQ==","X":1.50,"F":"NaN","M":{"1":true}}`, string(b))
	_, err = AppendJSON(nil, v, st)
	require.EqualError(t, err, `cannot serialize field "M": JSON map keys must be strings, got Go type int32`)
	_, err = AppendJSON(nil, "x", types.IntType)
	require.EqualError(t, err, `cannot serialize value: a INTEGER value cannot be the Go type string`)

	require.Equal(t, json.Number("2.5"), ToJSON(2.5, types.DoubleType))
	require.Equal(t, "oops", ToJSON("oops", types.IntType), "mismatched values pass through")
}

func TestEncodeErrors(t *testing.T) {
	cols := []Column{{"A", types.IntType}, {"S", types.StructOf(types.Field{Name: "X", Type: types.BigIntType})}}
	for _, f := range []Format{JSON, Delimited} {
		enc, err := NewEncoder(Options{Format: f}, cols[:1])
		require.NoError(t, err)
		_, err = enc.Encode(types.Row{1})
		require.EqualError(t, err, `cannot serialize field "A": a INTEGER value cannot be the Go type int`, f)
		_, err = enc.Encode(types.Row{int32(1), nil, nil})
		require.EqualError(t, err, "cannot serialize row: it has 3 values but the format has 1 columns", f)
	}
	enc, err := NewEncoder(Options{Format: JSON}, cols[:2])
	require.NoError(t, err)
	_, err = enc.Encode(types.Row{int32(1), &types.StructValue{Type: cols[1].Type, Fields: []types.Value{int32(2)}}})
	require.EqualError(t, err, `cannot serialize field "S.X": a BIGINT value cannot be the Go type int32`)

	kenc, err := NewEncoder(Options{Format: Kafka}, []Column{{"V", types.StringType}})
	require.NoError(t, err)
	_, err = kenc.Encode(types.Row{[]byte("x")})
	require.EqualError(t, err, `cannot serialize field "V": a STRING value cannot be the Go type []uint8`)
}

func TestDepthLimit(t *testing.T) {
	dec, err := NewDecoder(Options{Format: JSON, Unwrapped: true}, []Column{{"S", types.StringType}})
	require.NoError(t, err)
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	_, err = dec.Decode([]byte(deep))
	require.ErrorContains(t, err, "nesting deeper than 1000 levels")
	ok := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	_, err = dec.Decode([]byte(ok))
	require.NoError(t, err)

	wrapped, err := NewDecoder(Options{Format: JSON}, []Column{{"A", types.IntType}})
	require.NoError(t, err)
	_, err = wrapped.Decode([]byte(`{"B": ` + deep + `}`))
	require.ErrorContains(t, err, "nesting deeper than")
}

// The decoder must copy what it keeps: Kafka clients may reuse buffers.
func TestDecodeDoesNotRetainInput(t *testing.T) {
	cols := []Column{{"S", types.StringType}, {"B", types.BytesType}, {"N", types.StringType}}
	in := []byte(`{"S": "hello", "B": "IQ==", "N": 12.5}`)
	dec, err := NewDecoder(Options{Format: JSON}, cols)
	require.NoError(t, err)
	row, err := dec.Decode(in)
	require.NoError(t, err)
	for i := range in {
		in[i] = 'x'
	}
	require.Equal(t, types.Row{"hello", []byte("!"), "12.5"}, row)

	kin := []byte("raw")
	kdec, err := NewDecoder(Options{Format: Kafka}, []Column{{"B", types.BytesType}})
	require.NoError(t, err)
	krow, err := kdec.Decode(kin)
	require.NoError(t, err)
	kin[0] = 'X'
	require.Equal(t, types.Row{[]byte("raw")}, krow)
}

func TestConcurrentUse(t *testing.T) {
	cols := benchCols()
	dec, err := NewDecoder(Options{Format: JSON}, cols)
	require.NoError(t, err)
	enc, err := NewEncoder(Options{Format: JSON}, cols)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				row, err := dec.Decode([]byte(benchRecord))
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := enc.Encode(row); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// FuzzJSON checks that decoding never panics and that whatever decodes
// re-encodes to bytes that decode to the same row.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{benchRecord, `{"orderid": "1", "tags": [1, {"a": 2}]}`, `null`, `{"ITEMS": [{}]}`, `[`, `{"A":"\ud800"}`} {
		f.Add([]byte(s))
	}
	cols := benchCols()
	dec, err := NewDecoder(Options{Format: JSON}, cols)
	require.NoError(f, err)
	enc, err := NewEncoder(Options{Format: JSON}, cols)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, b []byte) {
		row, err := dec.Decode(b)
		if err != nil {
			var de *DecodeError
			require.True(t, errors.As(err, &de), "%T", err)
			return
		}
		out, err := enc.Encode(row)
		require.NoError(t, err)
		again, err := dec.Decode(out)
		require.NoError(t, err, "re-decoding %s", out)
		require.Equal(t, renderRow(t, cols, row), renderRow(t, cols, again))
	})
}

func TestDecimalHelpers(t *testing.T) {
	for _, c := range []struct {
		d        types.Dec
		minScale int
		want     string
	}{
		{dec(5, 3), 0, "0.005"}, {dec(-5, 3), 0, "-0.005"}, {dec(12345, 2), 0, "123.45"},
		{dec(-12345, 2), 2, "-123.45"}, {dec(0, 2), 0, "0.00"}, {dec(5, 0), 2, "5.00"},
		{dec(5, -2), 0, "500"}, {dec(0, -2), 0, "0"}, {types.Dec{}, 1, "0.0"}, {dec(123, 3), 0, "0.123"},
	} {
		require.Equal(t, c.want, string(appendDec([]byte("x"), c.d, c.minScale))[1:], "%v", c.d)
	}

	for lit, want := range map[string]string{
		"1.50": "1.50", "0.0000001": "1E-7", "1e1": "1E+1", "-1.0e2": "-1.0E+2", "123e-2": "1.23",
		"0.000001": "0.000001", "0e5": "0E+5", "-0": "0", "007.5": "7.5", "12E-10": "1.2E-9",
	} {
		d, ok := parseBigDec(lit)
		require.True(t, ok, lit)
		require.Equal(t, want, d.String(), lit)
	}
	for _, lit := range []string{"", ".", "-", "1e", "1e+", "1.2.3", "abc", "1e99999999", "--1", " 1"} {
		_, ok := parseBigDec(lit)
		require.False(t, ok, lit)
	}

	d42 := types.DecimalOf(4, 2)
	for lit, want := range map[string]types.Dec{
		"1.5": dec(150, 2), "-0.5": dec(-50, 2), "+.5": dec(50, 2), "5.": dec(500, 2), "99.99": dec(9999, 2),
		"1.230": dec(123, 2),
	} {
		got, ok := fastDec([]byte(lit), d42)
		require.True(t, ok, lit)
		require.Equal(t, want, got, lit)
	}
	for _, lit := range []string{"1.234", "100", "1e1", "1234567890123456789", "", "."} {
		_, ok := fastDec([]byte(lit), d42)
		require.False(t, ok, lit)
	}
	v, err := FromJSON(json.Number("-123456789012345678901234.5"), types.DecimalOf(30, 2))
	require.NoError(t, err)
	require.Equal(t, "-123456789012345678901234.50", string(appendDec(nil, v.(types.Dec), 0)))
}
