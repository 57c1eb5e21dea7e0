package kafkaio

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// CommandLog is an append-only log of statements on a one-partition topic,
// the analogue of ksqlDB's _confluent-ksql-<service id>_command_topic. It is
// safe for concurrent use; records are produced idempotently with acks=all,
// so appends from one CommandLog keep their order.
type CommandLog struct {
	cl      *kgo.Client
	adm     *kadm.Client
	brokers []string
	topic   string
}

// commandTopicConfigs keep commands forever.
var commandTopicConfigs = map[string]*string{
	"cleanup.policy":                 kadm.StringPtr("delete"),
	"retention.ms":                   kadm.StringPtr("-1"),
	"retention.bytes":                kadm.StringPtr("-1"),
	"unclean.leader.election.enable": kadm.StringPtr("false"),
}

// OpenCommandLog opens the command log on topic, creating the topic with one
// partition if it is missing. It fails if the topic has more than one
// partition, since the log's order would be lost.
func OpenCommandLog(ctx context.Context, brokers []string, topic string) (*CommandLog, error) {
	return openLog(ctx, brokers, "command topic", topic, commandTopicConfigs)
}

// openLog opens a single-partition log topic, creating it with configs if
// it is missing.
func openLog(ctx context.Context, brokers []string, what, topic string, configs map[string]*string) (*CommandLog, error) {
	info, err := ensureTopic(ctx, brokers, "", topic, 1, configs)
	if err != nil {
		return nil, err
	}
	if info.Partitions != 1 {
		return nil, fmt.Errorf("kafkaio: %s %q on %s has %d partitions, want 1", what, topic, addrList(brokers), info.Partitions)
	}
	cl, err := newClient(brokers, "", nil, kgo.DefaultProduceTopic(topic), kgo.RequiredAcks(kgo.AllISRAcks()))
	if err != nil {
		return nil, err
	}
	return &CommandLog{cl: cl, adm: kadm.NewClient(cl), brokers: brokers, topic: topic}, nil
}

// Close releases the log's connections.
func (c *CommandLog) Close() { c.cl.Close() }

// Append writes rec and waits until every in-sync replica has it. It returns
// the record's offset.
func (c *CommandLog) Append(ctx context.Context, rec []byte) (int64, error) {
	r := &kgo.Record{Topic: c.topic, Partition: 0, Value: rec}
	if err := c.cl.ProduceSync(ctx, r).FirstErr(); err != nil {
		return 0, fmt.Errorf("kafkaio: append to command topic %q on %s: %w", c.topic, addrList(c.brokers), err)
	}
	return r.Offset, nil
}

// ReadAll returns every record from the start of the log up to the end of the
// log when ReadAll was called, in order.
func (c *CommandLog) ReadAll(ctx context.Context) ([][]byte, error) {
	start, end, err := c.bounds(ctx)
	if err != nil || start >= end {
		return nil, err
	}
	cons, err := newClient(c.brokers, "", nil, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{
		c.topic: {0: kgo.NewOffset().At(start)},
	}))
	if err != nil {
		return nil, err
	}
	defer cons.Close()
	var out [][]byte
	for next := start; next < end; {
		fs := cons.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("kafkaio: read command topic %q on %s at offset %d of %d: %w", c.topic, addrList(c.brokers), next, end, err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			if r.Offset < end {
				out = append(out, r.Value)
			}
			next = r.Offset + 1
		})
	}
	return out, nil
}

// bounds returns the log start offset and the high watermark.
func (c *CommandLog) bounds(ctx context.Context) (start, end int64, err error) {
	wrap := func(err error) error {
		return fmt.Errorf("kafkaio: offsets of command topic %q on %s: %w", c.topic, addrList(c.brokers), err)
	}
	starts, err := c.adm.ListStartOffsets(ctx, c.topic)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return 0, 0, wrap(err)
	}
	ends, err := c.adm.ListEndOffsets(ctx, c.topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return 0, 0, wrap(err)
	}
	s, _ := starts.Lookup(c.topic, 0)
	e, _ := ends.Lookup(c.topic, 0)
	return s.Offset, e.Offset, nil
}
