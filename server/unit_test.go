package server

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/types"
)

func TestAppendValue(t *testing.T) {
	point := types.StructOf(types.Field{Name: "X", Type: types.IntType}, types.Field{Name: "label", Type: types.StringType})
	dec := func(unscaled int64, scale int32) types.Dec {
		return types.Dec{Unscaled: big.NewInt(unscaled), Scale: scale}
	}
	for _, tc := range []struct {
		v    types.Value
		t    *types.Type
		want string
	}{
		{nil, types.StringType, `null`},
		{true, types.BooleanType, `true`},
		{int32(-7), types.IntType, `-7`},
		{int64(1) << 62, types.BigIntType, `4611686018427387904`},
		{1.5, types.DoubleType, `1.5`},
		{1e21, types.DoubleType, `1e+21`},
		{math.NaN(), types.DoubleType, `"NaN"`},
		{math.Inf(-1), types.DoubleType, `"-Infinity"`},
		{dec(1250, 2), types.DecimalOf(4, 2), `12.50`},
		{dec(-5, 2), types.DecimalOf(3, 2), `-0.05`},
		{dec(5, 0), types.DecimalOf(1, 0), `5`},
		{dec(5, -2), types.DecimalOf(3, 0), `500`},
		{"a\"b\\c\n\x01<&>é\xff", types.StringType, `"a\"b\\c\n\u0001<&>é\ufffd"`},
		{[]byte{0, 1, 2}, types.BytesType, `"AAEC"`},
		{types.TimestampValue(1_600_000_000_123), types.TimestampType, `"2020-09-13T12:26:40.123"`},
		{types.DateValue(18_000), types.DateType, `"2019-04-14"`},
		{types.TimeValue(3_723_000), types.TimeType, `"01:02:03"`},
		{types.TimeValue(3_723_004), types.TimeType, `"01:02:03.004"`},
		{[]types.Value{int32(1), nil}, types.ArrayOf(types.IntType), `[1,null]`},
		{&types.MapValue{Keys: []types.Value{"k", "j"}, Vals: []types.Value{int64(1), int64(2)}},
			types.MapOf(types.StringType, types.BigIntType), `{"k":1,"j":2}`},
		{&types.StructValue{Type: point, Fields: []types.Value{int32(3), "p"}}, point, `{"X":3,"label":"p"}`},
	} {
		got, err := appendValue(nil, tc.v, tc.t)
		require.NoError(t, err, "%#v", tc.v)
		require.Equal(t, tc.want, string(got), "%#v", tc.v)
		require.True(t, json.Valid(got), "invalid JSON %s", got)
	}
	_, err := appendValue(nil, struct{}{}, types.StringType)
	require.EqualError(t, err, "cannot render value of Go type struct {} as STRING")
}

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		accept []string
		offers []string
		want   string
		ok     bool
	}{
		{nil, restMedia, mediaKsqlV1, true},
		{[]string{"*/*"}, restMedia, mediaKsqlV1, true},
		{[]string{"application/json"}, restMedia, mediaJSON, true},
		{[]string{"Application/JSON; charset=utf-8"}, restMedia, mediaJSON, true},
		{[]string{"text/plain", "application/json;q=0.1"}, restMedia, mediaJSON, true},
		{[]string{"application/json;q=0.5, application/vnd.ksql.v1+json;q=0.9"}, restMedia, mediaKsqlV1, true},
		{[]string{"application/*;q=0, application/json"}, restMedia, mediaJSON, true},
		{[]string{"text/html"}, restMedia, "", false},
		{[]string{"application/json;q=0"}, []string{mediaJSON}, "", false},
		{nil, streamMedia, mediaDelimited, true},
		{[]string{"application/json"}, streamMedia, mediaJSON, true},
	} {
		got, ok := negotiate(tc.accept, tc.offers)
		require.Equal(t, tc.ok, ok, "%q", tc.accept)
		if ok {
			require.Equal(t, tc.want, got, "%q", tc.accept)
		}
	}
}

func TestQueryStatement(t *testing.T) {
	for _, tc := range []struct {
		sql, stmt string
		ok        bool
	}{
		{"SELECT * FROM s;", "SELECT * FROM s;", true},
		{"  select 1 from s", "select 1 from s", true},
		{"/* a */ -- b\nPrint 'topic';  SHOW TOPICS;", "Print 'topic';", true},
		{"SELECT `a;` FROM s WHERE x = 'it''s;'; DROP STREAM s;", "SELECT `a;` FROM s WHERE x = 'it''s;';", true},
		{"SELECTED;", "", false},
		{"CREATE STREAM s AS SELECT * FROM t;", "", false},
		{"-- SELECT\nSHOW STREAMS;", "", false},
		{"/* unterminated SELECT", "", false},
	} {
		stmt, ok := queryStatement(tc.sql)
		require.Equal(t, tc.ok, ok, tc.sql)
		require.Equal(t, tc.stmt, stmt, tc.sql)
	}
}
