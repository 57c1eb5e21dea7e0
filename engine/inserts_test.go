package engine

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestInsertRow(t *testing.T) {
	d, err := NewTestDriver(nil)
	require.NoError(t, err)
	defer d.Close()
	ctx := context.Background()
	_, err = d.Engine().Execute(ctx, Request{SQL: `
		CREATE TABLE T (ID INT PRIMARY KEY, NAME STRING) WITH (KAFKA_TOPIC='t', PARTITIONS=1, VALUE_FORMAT='JSON');
		CREATE SOURCE STREAM R (ID INT KEY, V STRING) WITH (KAFKA_TOPIC='r', PARTITIONS=1, VALUE_FORMAT='JSON');`})
	require.NoError(t, err)

	require.NoError(t, d.Engine().InsertRow(ctx, "t", map[string]any{"id": json.Number("7"), "Name": "seven", "ROWTIME": json.Number("42")}))
	recs := d.Output("t")
	require.Len(t, recs, 1)
	require.Equal(t, json.Number("7"), recs[0].Key)
	require.EqualValues(t, 42, recs[0].Timestamp)
	require.Equal(t, map[string]any{"NAME": "seven"}, recs[0].Value)

	for _, tc := range []struct {
		target string
		row    map[string]any
		code   int
		msg    string
	}{
		{"NOPE", nil, CodeNotFound, "unknown stream/table: NOPE"},
		{"R", map[string]any{"ID": json.Number("1")}, CodeBadRequest, "read-only stream: R"},
		{"T", map[string]any{"ID": "x"}, CodeBadRequest, "ID"},
		{"T", map[string]any{"OTHER": "x"}, CodeBadRequest, "column name OTHER does not exist"},
	} {
		err := d.Engine().InsertRow(ctx, tc.target, tc.row)
		var e *Error
		require.True(t, errors.As(err, &e), "%v", err)
		require.Equal(t, tc.code, e.Code)
		require.Contains(t, e.Message, tc.msg)
	}
	require.Len(t, d.Output("t"), 1)
}
