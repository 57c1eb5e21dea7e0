package e2e

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"testing"
	"time"
)

// pull runs the table scan `SELECT * FROM per_user;` over POST /query.
func (c *crashRun) pull(t *testing.T) map[string]aggRow {
	t.Helper()
	status, body := c.rest.do(t, http.MethodPost, "/query", "application/vnd.ksql.v1+json",
		map[string]any{"ksql": pullPerUser, "streamsProperties": map[string]any{}})
	if status != http.StatusOK {
		t.Fatalf("POST /query %q: status %d, body %s", pullPerUser, status, body)
	}
	return parsePull(t, decode(t, body))
}

// waitCaughtUp polls until the query's consumer group has committed all of
// clicks and two pull queries 500ms apart agree, and returns the last table.
func (c *crashRun) waitCaughtUp(t *testing.T) map[string]aggRow {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), catchUpTimeout+requestTimeout)
	defer cancel()
	group, err := groupFor(ctx, c.adm, "query_"+c.queryID)
	if err != nil {
		t.Errorf("finding the consumer group of %s: %v; waiting for a stable pull query only", c.queryID, err)
	}
	deadline := time.Now().Add(catchUpTimeout)
	var prev map[string]aggRow
	prevSettled := false
	for {
		var lag int64
		var lagErr error
		if group != "" {
			lag, lagErr = inputLag(ctx, c.adm, group, "clicks")
		}
		cur := c.pull(t)
		settled := lagErr == nil && lag == 0
		if settled && prevSettled && maps.Equal(prev, cur) {
			return cur
		}
		if time.Now().After(deadline) {
			t.Errorf("query %s not caught up %v after the input ended: group %s lags %d records on clicks (%v), or the pull query still changes",
				c.queryID, catchUpTimeout, group, lag, lagErr)
			return cur
		}
		prev, prevSettled = cur, settled
		time.Sleep(500 * time.Millisecond)
	}
}

// check compares the input topic, the pull query and the output topic with
// the aggregation of what the producer wrote, reporting every difference.
func (c *crashRun) check(t *testing.T, produced []click, pull map[string]aggRow) {
	t.Helper()
	want := expectPerUser(produced)
	input := expectPerUser(parseClicks(t, c.kc.consume(t, "clicks")))
	if d := diffTables(input, want); !d.empty() {
		t.Errorf("topic clicks does not hold what the producer wrote (the broker lost or duplicated input):\n%s", d)
	}
	if d := diffTables(pull, want); !d.empty() {
		t.Errorf("pull query %s differs from the aggregation of the input (%d records counted, %d produced):\n%s",
			pullPerUser, sumCount(pull), len(produced), d)
	}
	recs := c.kc.consumeWith(t, "PER_USER", "-X", "isolation.level=read_committed")
	topic := latestPerUser(t, recs)
	if d := diffTables(topic, want); !d.empty() {
		t.Errorf("topic PER_USER (latest record per key of %d, read_committed) differs from the aggregation of the input (%d records counted, %d produced):\n%s",
			len(recs), sumCount(topic), len(produced), d)
	}
}

// logFigures logs the run's size and each kill's recovery times.
func (c *crashRun) logFigures(t *testing.T, size crashSize, took time.Duration) {
	t.Helper()
	t.Logf("%d records over %d keys at %d/s; %d SIGKILLs; test took %v",
		size.records, size.users, size.rate, len(c.kills), took.Round(time.Millisecond))
	for i, ev := range c.kills {
		out := fmt.Sprintf("first output after %v", ev.output.Round(time.Millisecond))
		if ev.output == 0 {
			out = fmt.Sprintf("no output in the %v watched (until the next SIGKILL or the deadline)", ev.watched.Round(time.Millisecond))
		}
		t.Logf("  SIGKILL %d at %v into production: healthy after %v, %s",
			i+1, ev.into.Round(time.Millisecond), ev.healthy.Round(time.Millisecond), out)
	}
}
