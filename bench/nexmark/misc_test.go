package nexmark

import (
	"encoding/base64"
	"encoding/binary"
	"testing"
	"time"
)

func TestRowLatency(t *testing.T) {
	sent := time.Unix(1700000000, 123456789)
	enc := base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint64(nil, uint64(sent.UnixNano())))
	row := []byte(`[1000,"a \"quoted\" string",` + `"` + enc + `"]` + "\n")
	d, ok := rowLatency(row, sent.Add(1500*time.Microsecond))
	if !ok || d != 1500*time.Microsecond {
		t.Errorf("got %v, %v; want 1.5ms", d, ok)
	}
	for _, bad := range []string{`[1000,null]`, `[1000,"c2hvcnQ="]`, `[]`} {
		if _, ok := rowLatency([]byte(bad), sent); ok {
			t.Errorf("rowLatency(%s) ok", bad)
		}
	}
}

func TestParseCounter(t *testing.T) {
	for _, tc := range []struct {
		line  string
		query string
		v     int64
		in    bool
		ok    bool
	}{
		{`streamsql_query_records_in_total{query="CSAS_NX_Q0_1"} 1.84e+06`, "CSAS_NX_Q0_1", 1_840_000, true, true},
		{`streamsql_query_records_out_total{query="CTAS_X_2"} 7`, "CTAS_X_2", 7, false, true},
		{`# HELP streamsql_query_records_in_total Records`, "", 0, false, false},
		{`streamsql_query_consumer_lag{partition="0",query="Q",topic="t"} 0`, "", 0, false, false},
	} {
		q, v, in, ok := parseCounter(tc.line)
		if q != tc.query || v != tc.v || in != tc.in || ok != tc.ok {
			t.Errorf("parseCounter(%q) = %q %d %v %v", tc.line, q, v, in, ok)
		}
	}
}
