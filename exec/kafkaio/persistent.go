package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// PersistentConfig configures the runner of a persistent query (CSAS, CTAS,
// INSERT INTO).
type PersistentConfig struct {
	Brokers  []string
	ClientID string
	// GroupID is the query's consumer group; ksqlDB names it
	// _confluent-ksql-<service id>query_<query id>.
	GroupID string
	// QueryID names the query in logs and errors.
	QueryID string
	// ResetEarliest starts partitions the group has no commit for at the
	// beginning (auto.offset.reset=earliest); ksqlDB's default is latest.
	ResetEarliest bool
	// ReadCommitted skips records of aborted transactions in the sources.
	ReadCommitted bool
	// ExactlyOnce runs each commit interval in one Kafka transaction with
	// TransactionalID: output, the task's changelog writes (its checkpoint
	// produces them through the runner's producer) and the input offsets
	// commit together. It implies ReadCommitted.
	ExactlyOnce     bool
	TransactionalID string
	// MaxPollRecords bounds the records processed between commits; default 1000.
	MaxPollRecords int
	// FlushTimeout bounds each flush, commit and group leave; default 30s.
	FlushTimeout time.Duration
	Logger       *slog.Logger
}

// RunPersistent builds the task and runs it in the consumer group GroupID
// until Stop or a failure. ctx bounds only the start-up checks (the source
// topics must exist); the runner outlives it.
//
// After each poll the runner flushes the task's output and then commits the
// offsets of the input the task processed (at-least-once). Rebalances are
// blocked from the moment records are polled until they are committed, so
// revoked partitions never hold processed but uncommitted input.
func RunPersistent(ctx context.Context, cfg PersistentConfig, build TaskFactory) (*Runner, error) {
	if cfg.GroupID == "" {
		return nil, errors.New("kafkaio: persistent query " + cfg.QueryID + " has no consumer group id")
	}
	if cfg.ExactlyOnce && cfg.TransactionalID == "" {
		return nil, errors.New("kafkaio: exactly-once query " + cfg.QueryID + " has no transactional id")
	}
	r := newRunner(runnerOpts{cfg.QueryID, cfg.Logger, cfg.MaxPollRecords, cfg.FlushTimeout})
	r.group = true
	r.commit = r.commitSync
	reset := kgo.NewOffset().AtEnd()
	if cfg.ResetEarliest {
		reset = kgo.NewOffset().AtStart()
	}
	err := r.start(build, func(topics []string) (*kgo.Client, error) {
		var restored map[string]map[int32]int64
		if cp, ok := r.task.(exec.Checkpointer); ok {
			restored = cp.Restored()
			r.setSaved(restored)
		}
		err := withAdmin(cfg.Brokers, cfg.ClientID, cfg.Logger, func(adm *kadm.Client) error {
			return checkSources(ctx, adm, addrList(cfg.Brokers), topics)
		})
		if err != nil {
			return nil, err
		}
		opts := []kgo.Opt{
			kgo.ConsumerGroup(cfg.GroupID),
			// Static membership: a restarted server takes its partitions back at
			// once instead of waiting for the killed member's session to time
			// out. One member per query; scale-out needs a per-server id.
			kgo.InstanceID(cfg.GroupID),
			kgo.ConsumeTopics(topics...),
			kgo.ConsumeResetOffset(reset),
			kgo.DisableAutoCommit(),
			kgo.BlockRebalanceOnPoll(),
			kgo.RecordPartitioner(newPartitioner()),
		}
		if _, durable := r.task.(exec.Checkpointer); durable {
			// A durable task resumes where its saved state left off, not at
			// the group's commit: the two are saved at different moments.
			// Every assignment, not only the first, starts from the last
			// checkpoint: after a broker restart the group may hand the
			// same partitions back while its commit lags the saved state.
			opts = append(opts, kgo.AdjustFetchOffsetsFn(func(_ context.Context, offs map[string]map[int32]kgo.Offset) (map[string]map[int32]kgo.Offset, error) {
				saved := r.savedOffsets()
				for topic, parts := range offs {
					for p := range parts {
						if next, ok := saved[topic][p]; ok {
							parts[p] = kgo.NewOffset().At(next).WithEpoch(-1)
						}
					}
				}
				return offs, nil
			}))
		}
		if cfg.ReadCommitted || cfg.ExactlyOnce {
			opts = append(opts, kgo.FetchIsolationLevel(kgo.ReadCommitted()))
		}
		if !cfg.ExactlyOnce {
			return newClient(cfg.Brokers, cfg.ClientID, cfg.Logger, opts...)
		}
		opts = append(opts, kgo.TransactionalID(cfg.TransactionalID), kgo.TransactionTimeout(transactionTimeout))
		s, err := newTransactSession(cfg.Brokers, cfg.ClientID, cfg.Logger, opts...)
		if err != nil {
			return nil, err
		}
		r.txn = s
		return s.Client(), nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// transactionTimeout bounds how long a transaction a killed server left open
// holds up read_committed consumers when no new holder of its id fences it.
const transactionTimeout = 20 * time.Second

// commitSync commits offs for the group. A failed commit is logged, not fatal:
// the next commit covers the same partitions, and at worst a restart
// reprocesses input, which at-least-once allows.
func (r *Runner) commitSync(ctx context.Context, offs map[string]map[int32]kgo.EpochOffset) error {
	var cerr error
	r.cl.CommitOffsetsSync(ctx, offs, func(_ *kgo.Client, _ *kmsg.OffsetCommitRequest, resp *kmsg.OffsetCommitResponse, err error) {
		if err != nil {
			cerr = err
			return
		}
		cerr = commitRespErr(resp)
	})
	if cerr != nil {
		r.log.Warn("commit input offsets", "query", r.queryID, "error", cerr)
	}
	return nil
}

func commitRespErr(resp *kmsg.OffsetCommitResponse) error {
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
				return fmt.Errorf("topic %q partition %d: %w", t.Topic, p.Partition, err)
			}
		}
	}
	return nil
}
