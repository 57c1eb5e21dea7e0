package engine

import (
	"context"
	"testing"
	"time"
)

// ASSERT TOPIC re-checks until its timeout, releasing the engine meanwhile,
// so a topic another request creates makes it succeed.
func TestAssertTopicWaits(t *testing.T) {
	d, err := NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := d.Engine().Execute(ctx, Request{SQL: "ASSERT TOPIC 'late' WITH (PARTITIONS=2) TIMEOUT 10 SECONDS;"})
		done <- err
	}()
	time.Sleep(150 * time.Millisecond)
	if _, err := d.Engine().Execute(ctx, Request{SQL: "CREATE STREAM late (v STRING) WITH (KAFKA_TOPIC='late', VALUE_FORMAT='JSON', PARTITIONS=2);"}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ASSERT TOPIC did not see the new topic")
	}
}
