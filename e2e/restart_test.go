package e2e

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// processingLogTopic is where the default service's queries log skipped records.
const processingLogTopic = "default_ksql_processing_log"

// malformedRecord produces a value that is not JSON, then a good record with
// the same key (so the same partition, after it): the query must skip the
// first, log it with its coordinates, and go on to the second.
func (sc *scenario) malformedRecord(t *testing.T) {
	sc.kc.produce(t, "s", `x:{not json`)
	sc.produce(t, input{"x", "xavier", 60})
	sc.waitBig(t)

	var bad *record
	for _, r := range sc.kc.consume(t, "s") {
		if r.Value == "{not json" {
			bad = &r
		}
	}
	if bad == nil {
		t.Fatal("the malformed record is not on topic s")
	}
	logged := func(recs []record) bool { return sc.hasLogEntry(recs, *bad) }
	if recs := sc.kc.waitRecords(t, processingLogTopic, logged); !logged(recs) {
		t.Fatalf("no entry in %s for query %s, topic s, partition %d, offset %d with a reason; it holds %v",
			processingLogTopic, sc.queryID, bad.Partition, bad.Offset, recs)
	}
}

// hasLogEntry reports whether the processing log records say that the CSAS
// query skipped bad, and why.
func (sc *scenario) hasLogEntry(recs []record, bad record) bool {
	for _, r := range recs {
		var e struct {
			QueryID   string `json:"queryId"`
			Topic     string `json:"topic"`
			Partition int    `json:"partition"`
			Offset    int64  `json:"offset"`
			Reason    string `json:"reason"`
		}
		if json.Unmarshal([]byte(r.Value), &e) != nil {
			continue
		}
		if e.QueryID == sc.queryID && e.Topic == "s" && e.Partition == bad.Partition &&
			e.Offset == bad.Offset && e.Reason != "" {
			return true
		}
	}
	return false
}

// restart stops the server with SIGTERM (exit code 0) and starts it again on
// the same data dir: the streams and the query are back, and the query goes
// on from its committed offsets, so BIG gets the new records and nothing else.
func (sc *scenario) restart(t *testing.T) {
	before := sc.waitBig(t)
	sc.srv.stop(t)
	sc.start(t, "2")
	sc.checkStreams(t, sc.rest.ksqlOK(t, "SHOW STREAMS;", 1)[0], "SHOW STREAMS;", "BIG", "S")
	sc.waitQueryRunning(t)

	sc.produce(t, input{"j", "judy", 70}, input{"k", "ken", 11})
	after := sc.waitBig(t)
	time.Sleep(500 * time.Millisecond) // a late re-emission would show now
	checkBig(t, parseBig(t, sc.kc.consume(t, "BIG")), expectBig(sc.produced))

	kept := map[string]bool{}
	for _, r := range after {
		kept[recordID(r)] = true
	}
	for _, r := range before {
		if !kept[recordID(r)] {
			t.Fatalf("record %+v written to BIG before the restart is gone", r)
		}
	}
}

func recordID(r record) string {
	return fmt.Sprintf("%d/%d/%s/%s", r.Partition, r.Offset, r.Key, r.Value)
}

// waitQueryRunning polls SHOW QUERIES until the CSAS query is RUNNING again.
func (sc *scenario) waitQueryRunning(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		e := sc.rest.ksqlOK(t, "SHOW QUERIES;", 1)[0]
		qs := list(t, e, "queries")
		if len(qs) == 1 && str(t, qs[0], "state") == "RUNNING" || time.Now().After(deadline) {
			sc.checkQueries(t, e)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}
