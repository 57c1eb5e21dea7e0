package server

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

func TestAppendRow(t *testing.T) {
	point := types.StructOf(types.Field{Name: "X", Type: types.IntType}, types.Field{Name: "label", Type: types.StringType})
	cols := []engine.Column{
		{Name: "S", Type: types.StringType}, {Name: "D", Type: types.DoubleType},
		{Name: "M", Type: types.DecimalOf(4, 2)}, {Name: "T", Type: types.TimestampType},
		{Name: "A", Type: types.ArrayOf(types.IntType)}, {Name: "P", Type: point},
	}
	vals := []types.Value{"a\"<&>", 999.0, types.Dec{Unscaled: big.NewInt(1250), Scale: 2},
		types.TimestampValue(1), []types.Value{int32(1), nil},
		&types.StructValue{Type: point, Fields: []types.Value{int32(3), "p"}}}
	got, err := appendRow(nil, cols, vals)
	require.NoError(t, err)
	require.Equal(t, `["a\"<&>",999.0,12.50,"1970-01-01T00:00:00.001",[1,null],{"X":3,"label":"p"}]`, string(got))
	require.True(t, json.Valid(got))

	_, err = appendRow(nil, cols[:1], vals)
	require.EqualError(t, err, "row has 6 values for 1 columns")
	_, err = appendRow(nil, cols[:1], []types.Value{int64(1)})
	require.ErrorContains(t, err, "column S: ")
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
