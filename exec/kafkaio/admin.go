package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Sentinel errors; match them with errors.Is.
var (
	ErrTopicExists  = errors.New("kafkaio: topic already exists")
	ErrUnknownTopic = errors.New("kafkaio: unknown topic")
)

// TopicInfo describes one topic.
type TopicInfo struct {
	Name       string
	Partitions int32
	Replicas   int16
}

// Admin manages topics on one cluster. It is safe for concurrent use.
type Admin struct {
	cl    *kgo.Client
	adm   *kadm.Client
	addrs string
}

// NewAdmin returns an Admin for the cluster at brokers. Close it when done.
func NewAdmin(brokers []string, clientID string, log *slog.Logger) (*Admin, error) {
	cl, err := newClient(brokers, clientID, log)
	if err != nil {
		return nil, err
	}
	return &Admin{cl: cl, adm: kadm.NewClient(cl), addrs: addrList(brokers)}, nil
}

// Close releases the admin's connections.
func (a *Admin) Close() { a.cl.Close() }

// CreateTopic creates a topic. partitions and replicas may be -1 for the
// broker's defaults. It returns an error wrapping ErrTopicExists if the topic
// exists.
func (a *Admin) CreateTopic(ctx context.Context, name string, partitions int32, replicas int16, configs map[string]*string) error {
	resp, err := a.adm.CreateTopic(ctx, partitions, replicas, configs, name)
	if errors.Is(err, kerr.TopicAlreadyExists) {
		return fmt.Errorf("%w: %q on %s", ErrTopicExists, name, a.addrs)
	}
	if err != nil {
		return a.topicErr("create topic", name, err, resp.ErrMessage)
	}
	return nil
}

// DescribeTopic returns a topic's partition and replica counts, or an error
// wrapping ErrUnknownTopic.
func (a *Admin) DescribeTopic(ctx context.Context, name string) (TopicInfo, error) {
	ds, err := a.adm.ListTopicsWithInternal(ctx, name)
	if err != nil {
		return TopicInfo{}, a.topicErr("describe topic", name, err, "")
	}
	d, ok := ds[name]
	if !ok {
		return TopicInfo{}, fmt.Errorf("%w: %q on %s", ErrUnknownTopic, name, a.addrs)
	}
	if d.Err != nil {
		return TopicInfo{}, a.topicErr("describe topic", name, d.Err, "")
	}
	return topicInfo(d), nil
}

// ListTopics returns every topic sorted by name; with hideInternal it leaves
// out the topics IsInternalTopic reports.
func (a *Admin) ListTopics(ctx context.Context, hideInternal bool) ([]TopicInfo, error) {
	ds, err := a.adm.ListTopicsWithInternal(ctx)
	if err != nil {
		return nil, fmt.Errorf("kafkaio: list topics on %s: %w", a.addrs, err)
	}
	var out []TopicInfo
	for _, d := range ds {
		if d.Err != nil || hideInternal && (d.IsInternal || IsInternalTopic(d.Topic)) {
			continue
		}
		out = append(out, topicInfo(d))
	}
	slices.SortFunc(out, func(x, y TopicInfo) int { return strings.Compare(x.Name, y.Name) })
	return out, nil
}

// DeleteTopic deletes a topic, or returns an error wrapping ErrUnknownTopic.
func (a *Admin) DeleteTopic(ctx context.Context, name string) error {
	resp, err := a.adm.DeleteTopic(ctx, name)
	if err != nil {
		return a.topicErr("delete topic", name, err, resp.ErrMessage)
	}
	return nil
}

// ClusterID returns the Kafka cluster id.
func (a *Admin) ClusterID(ctx context.Context) (string, error) {
	md, err := a.adm.BrokerMetadata(ctx)
	if err != nil {
		return "", fmt.Errorf("kafkaio: cluster id from %s: %w", a.addrs, err)
	}
	return md.Cluster, nil
}

// IsInternalTopic reports whether name is a broker or platform topic hidden by
// SHOW TOPICS: names starting with "__", "_confluent" or "_streamsql".
func IsInternalTopic(name string) bool {
	return strings.HasPrefix(name, "__") ||
		strings.HasPrefix(name, "_confluent") ||
		strings.HasPrefix(name, "_streamsql")
}

func (a *Admin) topicErr(op, name string, err error, msg string) error {
	if errors.Is(err, kerr.UnknownTopicOrPartition) {
		return fmt.Errorf("%w: %q on %s", ErrUnknownTopic, name, a.addrs)
	}
	if msg != "" {
		return fmt.Errorf("kafkaio: %s %q on %s: %w: %s", op, name, a.addrs, err, msg)
	}
	return fmt.Errorf("kafkaio: %s %q on %s: %w", op, name, a.addrs, err)
}

func topicInfo(d kadm.TopicDetail) TopicInfo {
	info := TopicInfo{Name: d.Topic, Partitions: int32(len(d.Partitions))}
	for _, p := range d.Partitions {
		info.Replicas = int16(len(p.Replicas))
		break
	}
	return info
}

// ensureTopic creates topic unless it exists, and describes it.
func ensureTopic(ctx context.Context, brokers []string, clientID, topic string, partitions int32, configs map[string]*string) (TopicInfo, error) {
	a, err := NewAdmin(brokers, clientID, nil)
	if err != nil {
		return TopicInfo{}, err
	}
	defer a.Close()
	if err := a.CreateTopic(ctx, topic, partitions, -1, configs); err != nil && !errors.Is(err, ErrTopicExists) {
		return TopicInfo{}, err
	}
	return a.DescribeTopic(ctx, topic)
}

// EndOffsets returns, per partition of topic, the offset the next record will
// get (the high watermark).
func (a *Admin) EndOffsets(ctx context.Context, topic string) (map[int32]int64, error) {
	offs, err := a.adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return nil, fmt.Errorf("kafkaio: end offsets of %q on %s: %w", topic, a.addrs, err)
	}
	out := map[int32]int64{}
	var ferr error
	offs.Each(func(o kadm.ListedOffset) {
		if o.Err != nil && ferr == nil {
			ferr = fmt.Errorf("kafkaio: end offset of %q partition %d on %s: %w", topic, o.Partition, a.addrs, o.Err)
		}
		out[o.Partition] = o.Offset
	})
	return out, ferr
}
