package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// withAdmin runs fn with a short-lived admin client.
func withAdmin(brokers []string, clientID string, log *slog.Logger, fn func(*kadm.Client) error) error {
	cl, err := newClient(brokers, clientID, log)
	if err != nil {
		return err
	}
	defer cl.Close()
	return fn(kadm.NewClient(cl))
}

// checkSources fails unless every topic exists.
func checkSources(ctx context.Context, adm *kadm.Client, addrs string, topics []string) error {
	if len(topics) == 0 {
		return errors.New("kafkaio: task has no source topics")
	}
	ds, err := adm.ListTopicsWithInternal(ctx, topics...)
	if err != nil {
		return fmt.Errorf("kafkaio: describe source topics on %s: %w", addrs, err)
	}
	for _, t := range topics {
		d, ok := ds[t]
		if !ok || errors.Is(d.Err, kerr.UnknownTopicOrPartition) {
			return fmt.Errorf("%w: source topic %q on %s", ErrUnknownTopic, t, addrs)
		}
		if d.Err != nil {
			return fmt.Errorf("kafkaio: source topic %q on %s: %w", t, addrs, d.Err)
		}
	}
	return nil
}

// startOffsets returns the exact offset of every partition of topics to start
// consuming from: the log start with fromBeginning, else the high watermark
// now, so that a query sees exactly the records produced after it started.
func startOffsets(ctx context.Context, adm *kadm.Client, addrs string, topics []string, fromBeginning bool) (map[string]map[int32]kgo.Offset, error) {
	if err := checkSources(ctx, adm, addrs, topics); err != nil {
		return nil, err
	}
	list := adm.ListEndOffsets
	if fromBeginning {
		list = adm.ListStartOffsets
	}
	listed, err := list(ctx, topics...)
	if err != nil {
		return nil, fmt.Errorf("kafkaio: list offsets of %v on %s: %w", topics, addrs, err)
	}
	if err := listed.Error(); err != nil {
		return nil, fmt.Errorf("kafkaio: list offsets of %v on %s: %w", topics, addrs, err)
	}
	out := make(map[string]map[int32]kgo.Offset)
	listed.Each(func(o kadm.ListedOffset) {
		if out[o.Topic] == nil {
			out[o.Topic] = make(map[int32]kgo.Offset)
		}
		out[o.Topic][o.Partition] = kgo.NewOffset().At(o.Offset)
	})
	return out, nil
}
