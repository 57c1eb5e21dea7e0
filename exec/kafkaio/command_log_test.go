package kafkaio

import (
	"fmt"
	"strings"
	"testing"
)

func TestCommandLog(t *testing.T) {
	brokers := newCluster(t)
	ctx := testCtx(t)
	const topic = "_confluent-ksql-default__command_topic"
	cl, err := OpenCommandLog(ctx, brokers, topic)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if recs, err := cl.ReadAll(ctx); err != nil || len(recs) != 0 {
		t.Fatalf("empty log: %q, %v", recs, err)
	}
	for i := range 3 {
		off, err := cl.Append(ctx, fmt.Appendf(nil, "stmt %d", i))
		if err != nil || off != int64(i) {
			t.Fatalf("append %d: offset %d, %v", i, off, err)
		}
	}
	cl2, err := OpenCommandLog(ctx, brokers, topic) // the topic exists now
	if err != nil {
		t.Fatal(err)
	}
	defer cl2.Close()
	recs, err := cl2.ReadAll(ctx)
	if err != nil || fmt.Sprintf("%q", recs) != `["stmt 0" "stmt 1" "stmt 2"]` {
		t.Fatalf("read all: %q, %v", recs, err)
	}
	info, err := newAdminT(t, brokers).DescribeTopic(ctx, topic)
	if err != nil || info.Partitions != 1 {
		t.Fatalf("command topic %+v, %v", info, err)
	}
}

func TestCommandLogNeedsOnePartition(t *testing.T) {
	brokers := newCluster(t)
	mustCreate(t, newAdminT(t, brokers), "cmds", 2)
	_, err := OpenCommandLog(testCtx(t), brokers, "cmds")
	if err == nil || !strings.Contains(err.Error(), `command topic "cmds" on `+brokers[0]+" has 2 partitions, want 1") {
		t.Fatalf("got %v", err)
	}
}
