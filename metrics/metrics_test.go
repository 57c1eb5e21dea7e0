package metrics

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func scrape(t *testing.T, r *Registry) string {
	t.Helper()
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	return string(b)
}

func TestNilRegistryRecordsNothing(t *testing.T) {
	var r *Registry
	r.RecordsIn("q", 1)
	r.RecordsOut("q")
	r.ProcessingError("q", true)
	r.Forget("q")
	r.SubscriberStarted()
	r.SubscriberEnded()
	r.ObservePull(time.Millisecond)
	r.SetLagSource(nil)
	r.SetStateDir("x")
	require.Nil(t, r.Prometheus())
}

func TestExposition(t *testing.T) {
	r := New()
	r.RecordsIn("CSAS_A_0", 3)
	r.RecordsOut("CSAS_A_0")
	r.ProcessingError("CSAS_A_0", false)
	r.ProcessingError("CSAS_A_0", true)
	r.SubscriberStarted()
	r.ObservePull(3 * time.Millisecond)
	r.SetLagSource(func(context.Context) []PartitionLag {
		return []PartitionLag{{Query: "CSAS_A_0", Topic: "t", Partition: 2, Lag: 7}}
	})
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "q"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "q", "000001.sst"), make([]byte, 1500), 0o600))
	r.SetStateDir(dir)

	out := scrape(t, r)
	for _, want := range []string{
		`streamsql_query_records_in_total{query="CSAS_A_0"} 3`,
		`streamsql_query_records_out_total{query="CSAS_A_0"} 1`,
		`streamsql_query_processing_errors_total{query="CSAS_A_0"} 2`,
		`streamsql_query_late_records_dropped_total{query="CSAS_A_0"} 1`,
		`streamsql_push_subscribers 1`,
		`streamsql_pull_query_latency_seconds_count 1`,
		`streamsql_query_consumer_lag{partition="2",query="CSAS_A_0",topic="t"} 7`,
		`streamsql_state_store_bytes 1500`,
		`go_goroutines `,
	} {
		require.Contains(t, out, want, out)
	}

	r.Forget("CSAS_A_0")
	require.NotContains(t, scrape(t, r), `query="CSAS_A_0"} 3`)
}

func TestDirSizeMissing(t *testing.T) {
	require.Zero(t, DirSize(filepath.Join(t.TempDir(), "absent")))
}
