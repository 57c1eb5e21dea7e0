package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	ksqldb "github.com/thmeitz/ksqldb-go"
	ksqlnet "github.com/thmeitz/ksqldb-go/net"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/server"
)

// TestKsqldbGoClient drives an in-process server with an independently
// written ksqlDB client, github.com/thmeitz/ksqldb-go v0.1.0, over HTTP/2
// cleartext as that client speaks it.
func TestKsqldbGoClient(t *testing.T) {
	d, err := engine.NewTestDriver(nil)
	require.NoError(t, err)
	defer d.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srvCtx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- server.New(d.Engine(), server.Options{Logger: slog.New(slog.DiscardHandler)}).ServeListener(srvCtx, ln)
	}()
	defer func() {
		stop()
		require.NoError(t, <-served)
	}()

	hc, err := ksqlnet.NewHTTPClient(ksqlnet.Options{BaseUrl: "http://" + ln.Addr().String(), AllowHTTP: true}, nil)
	require.NoError(t, err)
	defer hc.Close()
	client, err := ksqldb.NewClient(&hc)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	info, err := client.GetServerInfo(ctx)
	require.NoError(t, err)
	require.Equal(t, "RUNNING", info.ServerStatus)

	resp, err := client.Execute(ctx, ksqldb.ExecOptions{KSql: `
		CREATE STREAM ORDERS (ID STRING KEY, QTY BIGINT)
			WITH (KAFKA_TOPIC='orders', PARTITIONS=1, VALUE_FORMAT='JSON');
		CREATE TABLE TOTALS AS SELECT ID, SUM(QTY) AS TOTAL FROM ORDERS GROUP BY ID;`})
	require.NoError(t, err)
	require.Len(t, *resp, 2)
	require.Equal(t, "SUCCESS", (*resp)[0].CommandStatus.Status)

	status, err := client.GetQueryStatus(ctx, "/stream/ORDERS/create")
	require.NoError(t, err)
	require.Equal(t, "SUCCESS", status.Status)
	valid, err := client.ValidateProperty(ctx, "auto.offset.reset")
	require.NoError(t, err)
	require.True(t, *valid)
	_, err = client.ValidateProperty(ctx, "ksql.service.id")
	require.ErrorContains(t, err, "Cannot override property 'ksql.service.id'")
	cs, err := client.GetClusterStatus(ctx)
	require.NoError(t, err)
	require.Len(t, cs.ClusterStatus.Host, 1)

	// The client has no inserts API: use its HTTP/2 transport and endpoint.
	acks := insertsStream(ctx, t, &hc, `{"target":"ORDERS"}
{"ID":"a","QTY":2}
{"ID":"b","QTY":5}
{"ID":"a","QTY":3}`)
	require.Equal(t, []string{`{"status":"ok","seq":0}`, `{"status":"ok","seq":1}`, `{"status":"ok","seq":2}`}, acks)
	_, err = client.Execute(ctx, ksqldb.ExecOptions{KSql: "INSERT INTO ORDERS (ID, QTY) VALUES ('c', 7);"})
	require.NoError(t, err)

	header, rows, err := client.Pull(ctx, ksqldb.QueryOptions{Sql: "SELECT ID, TOTAL FROM TOTALS WHERE ID = 'a';"})
	require.NoError(t, err)
	require.Equal(t, []ksqldb.Column{{Name: "ID", Type: "STRING"}, {Name: "TOTAL", Type: "BIGINT"}}, header.Columns)
	require.Equal(t, ksqldb.Payload{{"a", 5.0}}, rows)

	pushQuery(ctx, t, client)
}

func pushQuery(ctx context.Context, t *testing.T, client ksqldb.KsqldbClient) {
	opts := ksqldb.QueryOptions{Sql: "SELECT ID, QTY FROM ORDERS EMIT CHANGES;"}
	opts.AutoOffsetReset(ksqldb.EARLIEST)
	rowc, headerc := make(chan ksqldb.Row, 16), make(chan ksqldb.Header, 1)
	done := make(chan error, 1)
	go func() { done <- client.Push(ctx, opts, rowc, headerc) }()
	var header ksqldb.Header
	select {
	case header = <-headerc:
	case err := <-done:
		t.Fatalf("push query ended before its header: %v", err)
	}
	require.NotEmpty(t, header.QueryId)
	var got []ksqldb.Row
	for len(got) < 4 {
		select {
		case r := <-rowc:
			got = append(got, r)
		case <-ctx.Done():
			t.Fatalf("push query: got %d rows before timing out", len(got))
		}
	}
	require.Equal(t, []ksqldb.Row{{"a", 2.0}, {"b", 5.0}, {"a", 3.0}, {"c", 7.0}}, got)
	require.NoError(t, client.ClosePushQuery(ctx, header.QueryId))
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-ctx.Done():
		t.Fatal("push query still streaming after close-query")
	}
}

// insertsStream posts body to /inserts-stream and returns the acks.
func insertsStream(ctx context.Context, t *testing.T, hc ksqlnet.HTTPClient, body string) []string {
	t.Helper()
	resp, err := hc.Post(ctx, hc.GetUrl(ksqldb.INSERTS_ENDPOINT), "application/vnd.ksqlapi.delimited.v1", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "HTTP/2.0", resp.Proto)
	var acks []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var v map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		acks = append(acks, sc.Text())
	}
	require.NoError(t, sc.Err())
	_, _ = io.Copy(io.Discard, resp.Body)
	return acks
}
