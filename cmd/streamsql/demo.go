package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/streamsql/streamsql/exec/kafkaio"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamsql/streamsql/engine"
)

const (
	demoTopic      = "orders"
	demoPartitions = 2
	demoInterval   = 200 * time.Millisecond
)

// demoStatements define the demo streams. IF NOT EXISTS makes a restart (the
// engine replays them from its command topic) a no-op.
var demoStatements = []string{
	`CREATE STREAM IF NOT EXISTS orders (orderid BIGINT, customer STRING, item STRING, amount DOUBLE, ts BIGINT)
  WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON', PARTITIONS=2);`,
	`CREATE STREAM IF NOT EXISTS big_orders AS
  SELECT orderid, customer, item, amount, ts FROM orders WHERE amount > 50 EMIT CHANGES;`,
}

// startDemo creates topic orders and the demo streams, then feeds the topic
// one JSON order every demoInterval until ctx ends. The returned function
// stops the producer and waits for it (flushing what it has produced).
func startDemo(ctx context.Context, eng *engine.Engine, brokers []string, log *slog.Logger) (stop func(), err error) {
	cl, err := kgo.NewClient(append(kafkaio.ClientOptions(brokers), kgo.DefaultProduceTopic(demoTopic), kgo.ClientID("streamsql-demo"))...)
	if err != nil {
		return nil, err
	}
	if err := createDemoTopic(ctx, cl); err != nil {
		cl.Close()
		return nil, err
	}
	for _, stmt := range demoStatements {
		if err := execIdempotent(ctx, eng, stmt); err != nil {
			cl.Close()
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		produceOrders(ctx, cl, log)
	}()
	log.Info("demo running", "topic", demoTopic, "streams", "ORDERS, BIG_ORDERS")
	return func() { cancel(); wg.Wait() }, nil
}

func createDemoTopic(ctx context.Context, cl *kgo.Client) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err := kadm.NewClient(cl).CreateTopic(ctx, demoPartitions, 1, nil, demoTopic)
	if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
		return fmt.Errorf("creating topic %s: %w", demoTopic, err)
	}
	return nil
}

// execIdempotent runs stmt, accepting that its object already exists.
func execIdempotent(ctx context.Context, eng *engine.Engine, stmt string) error {
	_, err := eng.Execute(ctx, engine.Request{SQL: stmt})
	if err != nil && !strings.Contains(strings.ToLower(err.Error()), "already exists") {
		return fmt.Errorf("%s: %w", strings.Join(strings.Fields(stmt), " "), err)
	}
	return nil
}

// demoOrder is one record value on topic orders.
type demoOrder struct {
	OrderID  int64   `json:"orderid"`
	Customer string  `json:"customer"`
	Item     string  `json:"item"`
	Amount   float64 `json:"amount"`
	TS       int64   `json:"ts"`
}

var (
	demoCustomers = []string{"alice", "bob", "carol", "dave", "erin"}
	demoItems     = []string{"book", "lamp", "kettle", "chair", "headphones", "plant"}
)

// produceOrders writes an order every demoInterval until ctx ends, then
// flushes. Order ids start from the clock so restarts do not reuse them.
func produceOrders(ctx context.Context, cl *kgo.Client, log *slog.Logger) {
	defer cl.Close()
	tick := time.NewTicker(demoInterval)
	defer tick.Stop()
	var lastErr time.Time
	produceCtx := context.WithoutCancel(ctx) // records in flight survive stop, for Flush
	onErr := func(_ *kgo.Record, err error) {
		if err != nil && time.Since(lastErr) > 10*time.Second {
			lastErr = time.Now() // promise callbacks run one at a time
			log.Warn("demo: producing order failed", "error", err)
		}
	}
	for id := time.Now().UnixMilli(); ; id++ {
		select {
		case <-ctx.Done():
			flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := cl.Flush(flushCtx); err != nil {
				log.Warn("demo: flushing orders", "error", err)
			}
			return
		case now := <-tick.C:
			o := demoOrder{
				OrderID: id, Customer: demoCustomers[rand.IntN(len(demoCustomers))],
				Item: demoItems[rand.IntN(len(demoItems))], Amount: float64(rand.IntN(10000)) / 100,
				TS: now.UnixMilli(),
			}
			value, _ := json.Marshal(o) // plain fields: cannot fail
			cl.Produce(produceCtx, &kgo.Record{Key: []byte(o.Customer), Value: value, Timestamp: now}, onErr)
		}
	}
}
