package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
)

const arrowSetup = `CREATE STREAM A (ID STRING KEY, I INT, B BIGINT, D DOUBLE, OK BOOLEAN,
		TS TIMESTAMP, PRICE DECIMAL(6,2), TAGS ARRAY<STRING>, DAY DATE)
	WITH (KAFKA_TOPIC='a', PARTITIONS=1, VALUE_FORMAT='JSON');
INSERT INTO A VALUES ('x', 1, 10000000000, 1.5, true, '2024-01-02T03:04:05.006', 12.5, ARRAY['p','q'], '2024-01-02');
INSERT INTO A (ID, I) VALUES ('y', NULL);`

func arrowRequest(t *testing.T, ctx context.Context, url, sql string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query-stream",
		strings.NewReader(`{"sql":"`+sql+`","properties":{"auto.offset.reset":"earliest"}}`))
	require.NoError(t, err)
	req.Header.Set("Accept", mediaArrow)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, mediaArrow, resp.Header.Get("Content-Type"))
	return resp
}

func TestArrowPullQuery(t *testing.T) {
	ts, _ := engineServer(t, arrowSetup)
	resp := arrowRequest(t, context.Background(), ts.URL, "SELECT * FROM A;")
	defer resp.Body.Close()
	rd, err := ipc.NewReader(resp.Body)
	require.NoError(t, err)
	defer rd.Release()

	s := rd.Schema()
	want := []arrow.DataType{arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64,
		arrow.PrimitiveTypes.Float64, arrow.FixedWidthTypes.Boolean,
		&arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"},
		&arrow.Decimal128Type{Precision: 6, Scale: 2}, arrow.BinaryTypes.String, arrow.FixedWidthTypes.Date32}
	require.Len(t, s.Fields(), len(want))
	for i, dt := range want {
		require.True(t, arrow.TypeEqual(dt, s.Field(i).Type), "field %s: %s", s.Field(i).Name, s.Field(i).Type)
	}
	typ, _ := s.Field(7).Metadata.GetValue(arrowMetaSQLType)
	require.Equal(t, "ARRAY<STRING>", typ)

	var rows int
	var rec arrow.RecordBatch
	for rd.Next() {
		rec = rd.RecordBatch()
		rows += int(rec.NumRows())
		if rec.NumRows() == 2 {
			break
		}
	}
	require.NoError(t, rd.Err())
	require.Equal(t, 2, rows)
	require.Equal(t, "x", rec.Column(0).(*array.String).Value(0))
	require.EqualValues(t, 1, rec.Column(1).(*array.Int32).Value(0))
	require.True(t, rec.Column(1).IsNull(1))
	require.EqualValues(t, 10000000000, rec.Column(2).(*array.Int64).Value(0))
	require.Equal(t, 1.5, rec.Column(3).(*array.Float64).Value(0))
	require.True(t, rec.Column(4).(*array.Boolean).Value(0))
	ts0 := rec.Column(5).(*array.Timestamp).Value(0).ToTime(arrow.Millisecond)
	require.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 6e6, time.UTC), ts0)
	require.Equal(t, decimal128.FromI64(1250), rec.Column(6).(*array.Decimal128).Value(0))
	require.Equal(t, `["p","q"]`, rec.Column(7).(*array.String).Value(0))
	require.Equal(t, "2024-01-02", rec.Column(8).(*array.Date32).Value(0).FormattedString())
	require.False(t, rd.Next(), "end of stream after the last batch")
	require.NoError(t, rd.Err())
}

func TestArrowPushQueryBatchesAndClose(t *testing.T) {
	ts, d := engineServer(t, arrowSetup)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp := arrowRequest(t, ctx, ts.URL, "SELECT ID, I FROM A EMIT CHANGES;")
	defer resp.Body.Close()
	rd, err := ipc.NewReader(resp.Body)
	require.NoError(t, err)
	defer rd.Release()
	require.Equal(t, []string{"ID", "I"}, []string{rd.Schema().Field(0).Name, rd.Schema().Field(1).Name})
	queryID, _ := rd.Schema().Metadata().GetValue(arrowMetaQueryID)
	require.NotEmpty(t, queryID)

	// The two existing rows arrive within the flush interval, then a later one.
	var ids []string
	for len(ids) < 2 && rd.Next() {
		col := rd.RecordBatch().Column(0).(*array.String)
		for i := 0; i < col.Len(); i++ {
			ids = append(ids, col.Value(i))
		}
	}
	require.Equal(t, []string{"x", "y"}, ids)
	_, err = d.Engine().Execute(ctx, engine.Request{SQL: "INSERT INTO A (ID, I) VALUES ('z', 3);"})
	require.NoError(t, err)
	require.True(t, rd.Next())
	rec := rd.RecordBatch()
	require.EqualValues(t, 1, rec.NumRows())
	require.Equal(t, "z", rec.Column(0).(*array.String).Value(0))
	require.EqualValues(t, 3, rec.Column(1).(*array.Int32).Value(0))

	resp2, out := post(t, ts.URL+"/close-query", "", `{"queryId":"`+queryID+`"}`)
	require.Equal(t, http.StatusOK, resp2.StatusCode, out)
	require.False(t, rd.Next())
	require.NoError(t, rd.Err(), "closed query ends the stream cleanly")
	require.Empty(t, resp.Trailer.Get(arrowHeaderError))
}

func TestArrowNotForPrint(t *testing.T) {
	ts, _ := engineServer(t, arrowSetup)
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/query-stream", strings.NewReader(`{"sql":"PRINT 'a' FROM BEGINNING;"}`))
	require.NoError(t, err)
	req.Header.Set("Accept", mediaArrow)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func TestArrowBatchesByRowCount(t *testing.T) {
	defer func(n int) { arrowBatchRows = n }(arrowBatchRows)
	arrowBatchRows = 1
	ts, _ := engineServer(t, arrowSetup)
	resp := arrowRequest(t, context.Background(), ts.URL, "SELECT ID FROM A;")
	defer resp.Body.Close()
	rd, err := ipc.NewReader(resp.Body)
	require.NoError(t, err)
	defer rd.Release()
	var sizes []int64
	for rd.Next() {
		sizes = append(sizes, rd.RecordBatch().NumRows())
	}
	require.NoError(t, rd.Err())
	require.Equal(t, []int64{1, 1}, sizes)
}

func TestWantsArrow(t *testing.T) {
	for accept, want := range map[string]bool{
		"":                   false,
		"*/*":                false,
		mediaArrow:           true,
		"application/*":      false,
		mediaArrow + ", */*": true,
		mediaArrow + ";q=0.5, application/vnd.ksqlapi.delimited.v1": false,
	} {
		r, _ := http.NewRequest(http.MethodPost, "/query-stream", nil)
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		require.Equal(t, want, wantsArrow(r), accept)
	}
}
