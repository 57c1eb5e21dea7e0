package engine_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Join benchmarks through an in-process kfake broker. Each iteration starts a
// broker and an engine, creates the sources, starts the persistent join
// query, pre-produces the measured input while the query is PAUSED, then
// RESUMEs it and measures until the output topic holds the expected number of
// records. Query start-up (group join) and table loading are not measured.
//
// The table is loaded before the bids are produced because the runner does
// not choose between source partitions by timestamp: with bids and auctions
// both waiting in their topics, bids are joined before their auction is read
// and dropped by the inner join (about 40% of them when tried).
//
// Run with:
//
//	go test -run '^$' -bench 'Kafka.*Join' -benchtime 1x ./engine
//
// STREAMSQL_BENCH_JOIN_RECORDS sets the measured input size (default 200000).
// records/cpu-s counts the CPU of this whole process, so it includes the
// in-process broker and the benchmark's producer and offset polling.

const (
	jkPartitions = 2
	jkAuctions   = 10000
	jkDeadline   = 80 * time.Second
)

// jkRecords is the measured input size.
func jkRecords(b *testing.B) int {
	s := os.Getenv("STREAMSQL_BENCH_JOIN_RECORDS")
	if s == "" {
		return 200000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("STREAMSQL_BENCH_JOIN_RECORDS=%q: want a positive integer", s)
	}
	return n
}

// BenchmarkKafkaStreamTableJoin measures Nexmark-like enrichment: bids JOIN
// auctions (a table of 10,000 rows, loaded before measuring) ON the auction
// id, N bids keyed by auction.
func BenchmarkKafkaStreamTableJoin(b *testing.B) {
	n := jkRecords(b)
	runJoinKafka(b, n, func(kb *joinKafka) {
		kb.exec("CREATE STREAM bids (auction BIGINT KEY, bidder BIGINT, price BIGINT, ts BIGINT) " + jkWith("bids") + ";")
		kb.exec("CREATE TABLE auctions (id BIGINT PRIMARY KEY, seller BIGINT, category STRING) " + jkWith("auctions") + ";")
		for i := range jkAuctions {
			kb.produce("auctions", int64(i), int64(i), fmt.Sprintf(`{"seller":%d,"category":"cat-%d"}`, i%997, i%13))
		}
		kb.flush()
		qid := kb.exec("CREATE STREAM enriched WITH (KAFKA_TOPIC='enriched') AS SELECT b.auction, b.bidder, b.price, b.ts, a.seller, a.category " +
			"FROM bids b JOIN auctions a ON b.auction = a.id EMIT CHANGES;")
		kb.waitCommitted(qid, "auctions", jkAuctions)
		kb.pause(qid)
		for i := range n {
			ts := int64(jkAuctions + i)
			kb.produce("bids", int64(i*7919%jkAuctions), ts, fmt.Sprintf(`{"bidder":%d,"price":%d,"ts":%d}`, i%5003, 100+i%900, ts))
		}
		kb.flush()
		kb.measure(qid, "enriched", n, n)
	})
}

// BenchmarkKafkaStreamStreamJoin measures a windowed join: persons JOIN
// auctions WITHIN 10 SECONDS ON the person id = the seller. N records in all:
// N/5 persons (unique ids, 1 ms apart) and 4 auctions per person (keyed by
// seller, 0-3 s after the person), so each auction matches exactly one person.
func BenchmarkKafkaStreamStreamJoin(b *testing.B) {
	persons := jkRecords(b) / 5
	runJoinKafka(b, 5*persons, func(kb *joinKafka) {
		kb.exec("CREATE STREAM persons (id BIGINT KEY, name STRING, city STRING, state STRING, ts BIGINT) " + jkWith("persons") + ";")
		kb.exec("CREATE STREAM auction_events (seller BIGINT KEY, id BIGINT, category STRING, reserve BIGINT, ts BIGINT) " + jkWith("auction_events") + ";")
		qid := kb.exec("CREATE STREAM person_auctions WITH (KAFKA_TOPIC='person_auctions') AS SELECT p.id, p.name, p.city, a.id AS auction_id, a.category " +
			"FROM persons p JOIN auction_events a WITHIN 10 SECONDS ON p.id = a.seller EMIT CHANGES;")
		kb.waitAssigned(qid, "persons", "auction_events")
		kb.pause(qid)
		for i := range persons {
			ts := int64(i)
			kb.produce("persons", int64(i), ts, fmt.Sprintf(`{"name":"person-%d","city":"city-%d","state":"OR","ts":%d}`, i, i%101, ts))
		}
		for i := range 4 * persons {
			seller := int64(i / 4)
			ts := seller + int64(i%4)*1000
			kb.produce("auction_events", seller, ts, fmt.Sprintf(`{"id":%d,"category":"cat-%d","reserve":%d,"ts":%d}`, i, i%13, 50+i%500, ts))
		}
		kb.flush()
		kb.measure(qid, "person_auctions", 5*persons, 4*persons)
	})
}

func jkWith(topic string) string {
	return fmt.Sprintf("WITH (KAFKA_TOPIC='%s', VALUE_FORMAT='JSON', PARTITIONS=%d)", topic, jkPartitions)
}

// runJoinKafka runs scenario once per b.N iteration, each on a fresh broker
// and engine, and reports the measured throughput over all iterations.
// ns/op is the measured (resumed) time per iteration.
func runJoinKafka(b *testing.B, records int, scenario func(*joinKafka)) {
	b.StopTimer()
	goroutines := runtime.NumGoroutine()
	var wall, cpu time.Duration
	for range b.N {
		kb := newJoinKafka(b)
		func() {
			defer kb.close()
			scenario(kb)
		}()
		wall += kb.wall
		cpu += kb.cpu
	}
	jkCheckGoroutines(b, goroutines)
	in := float64(records * b.N)
	b.ReportMetric(in/wall.Seconds(), "records/s")
	b.ReportMetric(in/cpu.Seconds(), "records/cpu-s")
	b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cores")
}

// joinKafka is one broker, engine and client for one iteration.
type joinKafka struct {
	b       *testing.B
	ctx     context.Context
	cancel  context.CancelFunc
	cluster *kfake.Cluster
	eng     *engine.Engine
	cl      *kgo.Client
	adm     *kadm.Client
	prodErr chan error

	wall, cpu time.Duration // measured
}

func newJoinKafka(b *testing.B) *joinKafka {
	kb := &joinKafka{b: b, prodErr: make(chan error, 1)}
	kb.ctx, kb.cancel = context.WithTimeout(context.Background(), jkDeadline)
	var err error
	if kb.cluster, err = kfake.NewCluster(kfake.NumBrokers(1)); err != nil {
		kb.cancel()
		b.Fatal(err)
	}
	brokers := kb.cluster.ListenAddrs()
	if kb.cl, err = kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ProducerLinger(5*time.Millisecond)); err != nil {
		kb.close()
		b.Fatal(err)
	}
	kb.adm = kadm.NewClient(kb.cl)
	kb.eng, err = engine.New(engine.Config{Brokers: brokers, DataDir: b.TempDir(),
		Properties: map[string]string{"auto.offset.reset": "earliest"},
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		kb.close()
		b.Fatal(err)
	}
	if err := kb.eng.Start(kb.ctx); err != nil {
		kb.close()
		b.Fatal(err)
	}
	return kb
}

func (kb *joinKafka) close() {
	if kb.eng != nil {
		if err := kb.eng.Close(); err != nil {
			kb.b.Errorf("closing the engine: %v", err)
		}
	}
	if kb.cl != nil {
		kb.cl.Close()
	}
	kb.cluster.Close()
	kb.cancel()
}

// exec runs one statement and returns the id of the query it started, if any.
func (kb *joinKafka) exec(stmt string) string {
	ents, err := kb.eng.Execute(kb.ctx, engine.Request{SQL: stmt})
	if err != nil {
		kb.b.Fatalf("%s: %v", stmt, err)
	}
	for _, ent := range ents {
		if cs, ok := ent.(*engine.CurrentStatus); ok && cs.CommandStatus.QueryID != nil {
			return *cs.CommandStatus.QueryID
		}
	}
	return ""
}

func (kb *joinKafka) pause(qid string) { kb.exec("PAUSE " + qid + ";") }

// produce sends one record keyed by a BIGINT in the KAFKA format.
func (kb *joinKafka) produce(topic string, key, ts int64, value string) {
	k := binary.BigEndian.AppendUint64(nil, uint64(key))
	rec := &kgo.Record{Topic: topic, Key: k, Value: []byte(value), Timestamp: time.UnixMilli(ts)}
	kb.cl.Produce(kb.ctx, rec, func(_ *kgo.Record, err error) {
		if err != nil {
			select {
			case kb.prodErr <- err:
			default:
			}
		}
	})
}

func (kb *joinKafka) flush() {
	if err := kb.cl.Flush(kb.ctx); err != nil {
		kb.b.Fatalf("flushing the input: %v", err)
	}
	select {
	case err := <-kb.prodErr:
		kb.b.Fatalf("producing the input: %v", err)
	default:
	}
}

// jkGroup is the consumer group of a persistent query.
func jkGroup(qid string) string { return "_confluent-ksql-default_query_" + qid }

// waitCommitted waits until the query committed want records of topic.
func (kb *joinKafka) waitCommitted(qid, topic string, want int64) {
	kb.poll("the query to read "+topic, func() (bool, error) {
		offs, err := kb.adm.FetchOffsets(kb.ctx, jkGroup(qid))
		if err != nil {
			return false, err
		}
		var n int64
		for p := range int32(jkPartitions) {
			if o, ok := offs.Lookup(topic, p); ok {
				n += o.At
			}
		}
		return n == want, nil
	})
}

// waitAssigned waits until the query's group has every partition of topics.
func (kb *joinKafka) waitAssigned(qid string, topics ...string) {
	kb.poll("the query's group to be assigned "+strings.Join(topics, ", "), func() (bool, error) {
		gs, err := kb.adm.DescribeGroups(kb.ctx, jkGroup(qid))
		if err != nil {
			return false, err
		}
		set := gs.AssignedPartitions()
		for _, t := range topics {
			if len(set[t]) != jkPartitions {
				return false, nil
			}
		}
		return true, nil
	})
}

// measure resumes the query and times it until topic holds want records.
func (kb *joinKafka) measure(qid, topic string, in, want int) {
	cpu0, t0 := jkCPU(kb.b), time.Now()
	kb.b.StartTimer()
	kb.exec("RESUME " + qid + ";")
	var got int64
	kb.poll(fmt.Sprintf("%d records in %s", want, topic), func() (bool, error) {
		offs, err := kb.adm.ListEndOffsets(kb.ctx, topic)
		if err != nil {
			return false, err
		}
		got = 0
		offs.Each(func(o kadm.ListedOffset) { got += o.Offset })
		return got >= int64(want), nil
	})
	kb.b.StopTimer()
	kb.wall, kb.cpu = time.Since(t0), jkCPU(kb.b)-cpu0
	if got != int64(want) {
		kb.b.Fatalf("%s holds %d records, want %d", topic, got, want)
	}
	kb.b.Logf("%d input records in %v wall, %v CPU", in, kb.wall.Round(time.Millisecond), kb.cpu.Round(time.Millisecond))
}

// poll calls done every 10 ms until it reports true, failing at the deadline.
func (kb *joinKafka) poll(what string, done func() (bool, error)) {
	var last error
	for {
		ok, err := done()
		if ok {
			return
		}
		if err != nil {
			last = err
		}
		select {
		case <-kb.ctx.Done():
			kb.b.Fatalf("timed out waiting for %s (last error: %v)", what, last)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// jkCPU is the user and system CPU time of this process so far.
func jkCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// jkCheckGoroutines fails if goroutines started by the benchmark outlive it.
func jkCheckGoroutines(b *testing.B, before int) {
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			b.Fatalf("%d goroutines leaked:\n%s", runtime.NumGoroutine()-before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}
