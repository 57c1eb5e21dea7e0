package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
)

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestClusterEndpoints(t *testing.T) {
	ts, _ := engineServer(t, "")
	host := strings.TrimPrefix(ts.URL, "http://")

	resp, out := get(t, ts.URL+"/clusterStatus")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var cs struct {
		ClusterStatus map[string]hostStatus `json:"clusterStatus"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &cs), out)
	require.Contains(t, cs.ClusterStatus, host)
	require.True(t, cs.ClusterStatus[host].HostAlive)
	require.Positive(t, cs.ClusterStatus[host].LastStatusUpdateMs)

	_, out = get(t, ts.URL+"/v1/metadata/id")
	require.JSONEq(t, `{"scope":{"path":[],"clusters":{"kafka-cluster":"`+clusterOf(t, ts.URL)+`","ksql-cluster":"default_"}},"id":""}`, out)
	resp, out = get(t, ts.URL+"/v1/metadata")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, out, `"version":"`+engine.Version+`"`)

	for _, p := range []string{"/chc/live", "/chc/ready"} {
		resp, out = get(t, ts.URL+p)
		require.Equal(t, http.StatusOK, resp.StatusCode, p)
		require.JSONEq(t, `{}`, out)
	}
	for _, p := range []string{"/heartbeat", "/lag"} {
		resp, out = post(t, ts.URL+p, "", `{"hostInfo":{"host":"h","port":8088},"timestamp":1}`)
		require.Equal(t, http.StatusOK, resp.StatusCode, p)
		require.JSONEq(t, `{"isOk":true}`, out)
	}
	resp, _ = post(t, ts.URL+"/heartbeat", "", `nope`)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func clusterOf(t *testing.T, url string) string {
	_, out := get(t, url+"/info")
	var info serverInfo
	require.NoError(t, json.Unmarshal([]byte(out), &info))
	return info.KsqlServerInfo.KafkaClusterID
}

func TestStatusEndpoints(t *testing.T) {
	ts, _ := engineServer(t, insertsSetup)
	resp, out := get(t, ts.URL+"/status")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.JSONEq(t, `{"commandStatuses":{}}`, out)

	resp, out = get(t, ts.URL+"/status/stream/S/create")
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	require.JSONEq(t, `{"status":"SUCCESS","message":"Stream created and running","queryId":null}`, out)

	resp, out = get(t, ts.URL+"/status/table/NOPE/drop")
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	require.Contains(t, out, `"SUCCESS"`)

	for _, p := range []string{"/status/stream/NOPE/create", "/status/stream/S/drop", "/status/topic/S/create"} {
		resp, out = get(t, ts.URL+p)
		require.Equal(t, http.StatusNotFound, resp.StatusCode, p)
		require.Contains(t, out, `"error_code":40400`)
	}
}

func TestIsValidProperty(t *testing.T) {
	ts, _ := engineServer(t, "")
	resp, out := get(t, ts.URL+"/is_valid_property/ksql.query.pull.table.scan.enabled")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "true", strings.TrimSpace(out))
	for _, name := range []string{"ksql.service.id", "bootstrap.servers", "ksql.streams.bootstrap.servers", "ssl.keystore.password"} {
		resp, out = get(t, ts.URL+"/is_valid_property/"+name)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, name)
		require.JSONEq(t, `{"@type":"generic_error","error_code":40000,"message":"Cannot override property '`+name+`'"}`, out)
	}
}

func TestPropertyOverrideDenylist(t *testing.T) {
	ts, d := engineServer(t, insertsSetup)
	cases := []struct{ path, body string }{
		{"/ksql", `{"ksql":"SHOW STREAMS;","streamsProperties":{"ksql.service.id":"x"}}`},
		{"/query", `{"ksql":"SELECT * FROM S EMIT CHANGES;","streamsProperties":{"bootstrap.servers":"x:9092"}}`},
		{"/query-stream", `{"sql":"SELECT * FROM S EMIT CHANGES;","properties":{"bootstrap.servers":"x:9092"}}`},
	}
	for _, tc := range cases {
		resp, out := post(t, ts.URL+tc.path, "", tc.body)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, tc.path)
		require.Contains(t, out, `"error_code":40000`, tc.path)
		require.Contains(t, out, "Cannot override property '", tc.path)
	}
	// Allowed overrides still work.
	resp, out := post(t, ts.URL+"/ksql", "", `{"ksql":"SHOW STREAMS;","streamsProperties":{"auto.offset.reset":"earliest"}}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	_ = d
}

func TestTerminateCluster(t *testing.T) {
	ts, d := engineServer(t, insertsSetup+`
		CREATE STREAM T WITH (KAFKA_TOPIC='t_out') AS SELECT * FROM S;
		CREATE STREAM U (ID STRING KEY, N BIGINT) WITH (KAFKA_TOPIC='u', PARTITIONS=1, VALUE_FORMAT='JSON');`)
	resp, out := post(t, ts.URL+"/ksql/terminate", "", `{"deleteTopicList":["t_.*","u"]}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	var ents []engine.CurrentStatus
	require.NoError(t, json.Unmarshal([]byte(out), &ents), out)
	require.Len(t, ents, 1)
	require.Equal(t, "cluster/CLUSTER/terminate", ents[0].CommandID)

	ents2, err := d.Engine().Execute(context.Background(), engine.Request{SQL: "SHOW STREAMS; SHOW QUERIES;"})
	require.NoError(t, err)
	require.Empty(t, ents2[0].(*engine.StreamsList).Streams)
	require.Empty(t, ents2[1].(*engine.QueriesList).Queries)
	topics := d.TopicNames()
	require.Contains(t, topics, "s")
	require.NotContains(t, topics, "t_out")
	require.NotContains(t, topics, "u")

	resp, out = post(t, ts.URL+"/ksql/terminate", "", `{"deleteTopicList":["("]}`)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode, out)
}
