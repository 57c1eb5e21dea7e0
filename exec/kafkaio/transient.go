package kafkaio

import (
	"context"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TransientConfig configures the runner of a push query or PRINT.
type TransientConfig struct {
	Brokers  []string
	ClientID string
	QueryID  string
	// FromBeginning starts at the first retained record of every partition
	// (auto.offset.reset=earliest, PRINT ... FROM BEGINNING); otherwise the
	// runner sees only records produced after it started.
	FromBeginning bool
	ReadCommitted bool
	// MaxPollRecords bounds the records per poll; default 1000.
	MaxPollRecords int
	// FlushTimeout bounds flushing any output on Stop; default 30s.
	FlushTimeout time.Duration
	Logger       *slog.Logger
}

// RunTransient builds the task and runs it without a consumer group: it
// assigns itself every partition the source topics have now, at offsets
// resolved before it returns, and commits nothing. ctx bounds only start-up.
func RunTransient(ctx context.Context, cfg TransientConfig, build TaskFactory) (*Runner, error) {
	r := newRunner(runnerOpts{cfg.QueryID, cfg.Logger, cfg.MaxPollRecords, cfg.FlushTimeout})
	err := r.start(build, func(topics []string) (*kgo.Client, error) {
		var offs map[string]map[int32]kgo.Offset
		err := withAdmin(cfg.Brokers, cfg.ClientID, cfg.Logger, func(adm *kadm.Client) (err error) {
			offs, err = startOffsets(ctx, adm, addrList(cfg.Brokers), topics, cfg.FromBeginning)
			return err
		})
		if err != nil {
			return nil, err
		}
		opts := []kgo.Opt{
			kgo.ConsumePartitions(offs),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), // only if offs fall out of retention
			kgo.RecordPartitioner(newPartitioner()),
		}
		if cfg.ReadCommitted {
			opts = append(opts, kgo.FetchIsolationLevel(kgo.ReadCommitted()))
		}
		return newClient(cfg.Brokers, cfg.ClientID, cfg.Logger, opts...)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
