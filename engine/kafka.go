package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/kafkaio"
	"github.com/twmb/franz-go/pkg/kgo"
)

// kafkaBackend runs tasks against a Kafka cluster through exec/kafkaio.
type kafkaBackend struct {
	cfg    Config
	log    *slog.Logger
	admin  *kafkaio.Admin
	cmdLog *kafkaio.CommandLog
	plog   *kafkaio.ProcessingLogWriter
	once   sync.Once
	cid    string

	prodOnce sync.Once
	prod     *kgo.Client
	prodErr  error
}

const startTimeout = 30 * time.Second

func newKafkaBackend(cfg Config) (*kafkaBackend, error) {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	admin, err := kafkaio.NewAdmin(cfg.Brokers, "streamsql-admin", cfg.Logger)
	if err != nil {
		return nil, fmt.Errorf("engine: connecting to Kafka at %v: %w", cfg.Brokers, err)
	}
	kb := &kafkaBackend{cfg: cfg, log: cfg.Logger, admin: admin}
	if kb.cid, err = admin.ClusterID(ctx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("engine: Kafka at %v is not reachable: %w", cfg.Brokers, err)
	}
	topic := "_confluent-ksql-" + cfg.ServiceID + "_command_topic"
	if kb.cmdLog, err = kafkaio.OpenCommandLog(ctx, cfg.Brokers, topic); err != nil {
		admin.Close()
		return nil, fmt.Errorf("engine: opening the command topic %s: %w", topic, err)
	}
	kb.plog, err = kafkaio.NewProcessingLogWriter(ctx, kafkaio.ProcessingLogConfig{Brokers: cfg.Brokers,
		ClientID: "streamsql-processing-log", Topic: kafkaio.ProcessingLogTopic(cfg.ServiceID), Logger: cfg.Logger})
	if err != nil {
		kb.cmdLog.Close()
		admin.Close()
		return nil, fmt.Errorf("engine: opening the processing log: %w", err)
	}
	return kb, nil
}

func (k *kafkaBackend) ensureTopic(ctx context.Context, name string, partitions int) (int, error) {
	info, err := k.admin.DescribeTopic(ctx, name)
	if err == nil {
		if partitions > 0 && int(info.Partitions) != partitions {
			return 0, Errorf(CodeBadStatement, "A Kafka topic with the name '%s' already exists, with different partition/replica configuration than required. KSQL expects %d partitions (topic has %d).", name, partitions, info.Partitions)
		}
		return int(info.Partitions), nil
	}
	if !errors.Is(err, kafkaio.ErrUnknownTopic) {
		return 0, Errorf(CodeServerError, "cannot describe topic %s: %v", name, err)
	}
	if partitions <= 0 {
		return 0, Errorf(CodeBadStatement, "Topic '%s' does not exist. If you want to create a new topic for the stream/table please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: CREATE STREAM FOO (ID INT, VAL STRING) WITH (KAFKA_TOPIC='%s', PARTITIONS=2, REPLICAS=1, FORMAT='JSON');", name, name)
	}
	if err := k.admin.CreateTopic(ctx, name, int32(partitions), -1, nil); err != nil && !errors.Is(err, kafkaio.ErrTopicExists) {
		return 0, Errorf(CodeServerError, "cannot create topic %s: %v", name, err)
	}
	return partitions, nil
}

func (k *kafkaBackend) deleteTopic(ctx context.Context, name string) error {
	if err := k.admin.DeleteTopic(ctx, name); err != nil && !errors.Is(err, kafkaio.ErrUnknownTopic) {
		return Errorf(CodeServerError, "cannot delete topic %s: %v", name, err)
	}
	return nil
}

func (k *kafkaBackend) endOffsets(ctx context.Context, name string) (map[int32]int64, error) {
	return k.admin.EndOffsets(ctx, name)
}

func (k *kafkaBackend) listTopics(ctx context.Context) ([]TopicEntry, error) {
	infos, err := k.admin.ListTopics(ctx, true)
	if err != nil {
		return nil, err
	}
	out := []TopicEntry{}
	for _, t := range infos {
		reps := make([]int, t.Partitions)
		for i := range reps {
			reps[i] = int(t.Replicas)
		}
		out = append(out, TopicEntry{Name: t.Name, ReplicaInfo: reps})
	}
	return out, nil
}

// exactlyOnce reports whether persistent queries run in transactions:
// processing.guarantee is exactly_once_v2 (the default) or exactly_once.
func (k *kafkaBackend) exactlyOnce() bool {
	return processingGuarantee(k.cfg.Properties) != guaranteeAtLeastOnce
}

// runnerStopper adapts a kafkaio runner to the engine's stopper and state.
type runnerStopper struct{ r *kafkaio.Runner }

func (s runnerStopper) Stop() error           { return s.r.Stop() }
func (s runnerStopper) State() string         { return string(s.r.State()) }
func (s runnerStopper) Done() <-chan struct{} { return s.r.Done() }
func (s runnerStopper) Err() error            { return s.r.Err() }

func (k *kafkaBackend) runPersistent(ctx context.Context, queryID string, topics []string, build taskFactory) (stopper, error) {
	eos := k.exactlyOnce()
	r, err := kafkaio.RunPersistent(ctx, kafkaio.PersistentConfig{Brokers: k.cfg.Brokers, ClientID: "streamsql-" + queryID,
		GroupID: k.groupID(queryID), QueryID: queryID, ExactlyOnce: eos, TransactionalID: k.transactionalID(queryID),
		ResetEarliest: k.cfg.Properties["auto.offset.reset"] != "latest", ReadCommitted: true, Logger: k.log},
		kafkaio.TaskFactory(build))
	if err != nil {
		return nil, Errorf(CodeServerError, "cannot start query %s: %v", queryID, err)
	}
	return runnerStopper{r}, nil
}

func (k *kafkaBackend) runTransient(ctx context.Context, queryID string, topics []string, earliest bool, build taskFactory) (stopper, error) {
	r, err := kafkaio.RunTransient(ctx, kafkaio.TransientConfig{Brokers: k.cfg.Brokers, ClientID: "streamsql-" + queryID,
		QueryID: queryID, FromBeginning: earliest, ReadCommitted: true, Logger: k.log}, kafkaio.TaskFactory(build))
	if err != nil {
		return nil, Errorf(CodeServerError, "cannot start query %s: %v", queryID, err)
	}
	return runnerStopper{r}, nil
}

func (k *kafkaBackend) produce(ctx context.Context, r *exec.OutRecord) error {
	k.prodOnce.Do(func() {
		k.prod, k.prodErr = kgo.NewClient(append(kafkaio.ClientOptions(k.cfg.Brokers), kgo.ClientID("streamsql-insert"),
			kgo.RecordPartitioner(kgo.StickyKeyPartitioner(nil)))...)
	})
	if k.prodErr != nil {
		return k.prodErr
	}
	rec := &kgo.Record{Topic: r.Topic, Key: r.Key, Value: r.Value, Timestamp: time.UnixMilli(r.Timestamp)}
	if r.Partition >= 0 {
		rec.Partition = r.Partition
	}
	return k.prod.ProduceSync(ctx, rec).FirstErr()
}

func (k *kafkaBackend) processingLog() exec.ProcessingLog { return k.plog }
func (k *kafkaBackend) clusterID() string                 { return k.cid }

func (k *kafkaBackend) close() error {
	k.once.Do(func() {
		_ = k.plog.Close()
		if k.prod != nil {
			k.prod.Close()
		}
		k.admin.Close()
	})
	return nil
}
