package kafkaio

import (
	"errors"
	"strings"
	"testing"
)

func TestAdmin(t *testing.T) {
	brokers := newCluster(t)
	a := newAdminT(t, brokers)
	ctx := testCtx(t)

	mustCreate(t, a, "orders", 3)
	err := a.CreateTopic(ctx, "orders", 3, 1, nil)
	if !errors.Is(err, ErrTopicExists) || !strings.Contains(err.Error(), `"orders" on `+brokers[0]) {
		t.Fatalf("second create: %v", err)
	}
	info, err := a.DescribeTopic(ctx, "orders")
	if err != nil || info != (TopicInfo{Name: "orders", Partitions: 3, Replicas: 1}) {
		t.Fatalf("describe: %+v, %v", info, err)
	}
	if _, err := a.DescribeTopic(ctx, "nope"); !errors.Is(err, ErrUnknownTopic) || !strings.Contains(err.Error(), `"nope"`) {
		t.Fatalf("describe unknown: %v", err)
	}

	mustCreate(t, a, "_confluent-ksql-default__command_topic", 1)
	mustCreate(t, a, "__internal", 1)
	mustCreate(t, a, "_streamsql_x", 1)
	if got := names(t, a, false); got != "__internal,_confluent-ksql-default__command_topic,_streamsql_x,orders" {
		t.Fatalf("all topics: %s", got)
	}
	if got := names(t, a, true); got != "orders" {
		t.Fatalf("visible topics: %s", got)
	}

	if err := a.DeleteTopic(ctx, "orders"); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteTopic(ctx, "orders"); !errors.Is(err, ErrUnknownTopic) {
		t.Fatalf("delete unknown: %v", err)
	}
	if id, err := a.ClusterID(ctx); err != nil || id != "kio-test" {
		t.Fatalf("cluster id %q, %v", id, err)
	}
}

func names(t *testing.T, a *Admin, hide bool) string {
	t.Helper()
	ts, err := a.ListTopics(testCtx(t), hide)
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	for _, ti := range ts {
		ns = append(ns, ti.Name)
	}
	return strings.Join(ns, ",")
}

func TestNoBrokers(t *testing.T) {
	if _, err := NewAdmin(nil, "", nil); err == nil || !strings.Contains(err.Error(), "no broker addresses") {
		t.Fatalf("got %v", err)
	}
}
