package engine

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/kafkaio"
	"github.com/streamsql/streamsql/state"
)

// changelogTopic names the compacted topic that copies a query's state.
func (k *kafkaBackend) changelogTopic(queryID string) string {
	return "_confluent-ksql-" + k.cfg.ServiceID + "query_" + queryID + "-changelog"
}

// groupID names a persistent query's consumer group; under exactly-once it
// also prefixes the query's transactional ids.
func (k *kafkaBackend) groupID(queryID string) string {
	return "_confluent-ksql-" + k.cfg.ServiceID + "query_" + queryID
}

// openState opens a query's local state under the data directory and copies
// every committed batch to the query's changelog topic. When the local state
// is missing (a new machine, a wiped directory) it is restored from the
// changelog, up to the last complete batch.
//
// Under exactly-once the changelog writes go into the query's transaction
// (through the producer attach receives), and the local state is written just
// before that transaction commits. After a crash the two may disagree: the
// local state is trusted only when its offsets equal the group's committed
// offsets, and is otherwise rebuilt from the changelog, whose committed
// records always match the committed offsets.
func (k *kafkaBackend) openState(ctx context.Context, queryID string) (queryState, error) {
	if k.cfg.DataDir == "" {
		return noState(), nil
	}
	topic := k.changelogTopic(queryID)
	log, err := kafkaio.OpenChangelog(ctx, k.cfg.Brokers, topic)
	if err != nil {
		return queryState{}, err
	}
	eos := k.exactlyOnce()
	var out exec.Producer // set by attach, before the first commit
	copyOut := func(ws []state.Write) error {
		if eos {
			now := time.Now().UnixMilli()
			for _, w := range ws {
				out.Produce(&exec.OutRecord{Topic: topic, Partition: 0, Key: w.Key, Value: w.Value, Timestamp: now})
			}
			return nil
		}
		recs := make([]kafkaio.LogRecord, len(ws))
		for i, w := range ws {
			recs[i] = kafkaio.LogRecord{Key: w.Key, Value: w.Value}
		}
		return log.AppendBatch(context.Background(), recs)
	}
	var committed map[string]map[int32]int64
	if eos {
		if committed, err = k.fencedOffsets(ctx, queryID); err != nil {
			log.Close()
			return queryState{}, err
		}
	}
	dir := filepath.Join(k.cfg.DataDir, "state", queryID)
	// Under exactly-once a commit need not wait for the disk: state that lost
	// its last commits fails the offsets check at the next start.
	db, err := openTrusted(dir, state.Options{OnCommit: copyOut, NoSync: eos}, eos, committed)
	if err != nil {
		log.Close()
		return queryState{}, err
	}
	qs := queryState{db: db, attach: func(p exec.Producer) { out = p }, release: func() { _ = db.Close(); log.Close() }}
	if _, ok, err := exec.SavedOffsets(db); err != nil || ok {
		if err != nil {
			qs.release()
			return queryState{}, err
		}
		return qs, nil
	}
	if err := restoreFromChangelog(ctx, log, db); err != nil {
		qs.release()
		return queryState{}, fmt.Errorf("restoring the state of %s from its changelog: %w", queryID, err)
	}
	return qs, nil
}

// fencedOffsets aborts whatever transaction a previous run of the query left
// open and returns the offsets its group has committed.
func (k *kafkaBackend) fencedOffsets(ctx context.Context, queryID string) (map[string]map[int32]int64, error) {
	if err := kafkaio.FenceOpenTransactions(ctx, k.cfg.Brokers, k.groupID(queryID)); err != nil {
		return nil, err
	}
	return kafkaio.CommittedOffsets(ctx, k.cfg.Brokers, k.groupID(queryID))
}

// transactionalID is a new transactional id for one run of a query: the
// group id and a suffix unique to the run. A fresh id gets a fresh producer
// id, so that a transaction a crashed broker forgot to mark aborted cannot
// hide this run's committed output from read_committed readers (which skip
// a producer's records from an aborted transaction up to its abort marker);
// fencedOffsets ends transactions earlier runs left open.
func (k *kafkaBackend) transactionalID(queryID string) string {
	return k.groupID(queryID) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

// openTrusted opens the store in dir; under exactly-once a store whose saved
// offsets differ from committed is emptied first, to be restored.
func openTrusted(dir string, opts state.Options, eos bool, committed map[string]map[int32]int64) (*state.DB, error) {
	db, err := state.Open(dir, opts)
	if err != nil || !eos {
		return db, err
	}
	saved, ok, err := exec.SavedOffsets(db)
	if err != nil || !ok || sameOffsets(saved, committed) {
		if err != nil {
			_ = db.Close()
		}
		return db, err
	}
	_ = db.Close()
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("engine: discarding local state %s: %w", dir, err)
	}
	return state.Open(dir, opts)
}

// sameOffsets compares two offset sets, ignoring partitions without a commit.
func sameOffsets(a, b map[string]map[int32]int64) bool {
	norm := func(m map[string]map[int32]int64) map[string]map[int32]int64 {
		out := map[string]map[int32]int64{}
		for t, parts := range m {
			for p, o := range parts {
				if o >= 0 {
					if out[t] == nil {
						out[t] = map[int32]int64{}
					}
					out[t][p] = o
				}
			}
		}
		return out
	}
	na, nb := norm(a), norm(b)
	return maps.EqualFunc(na, nb, func(x, y map[int32]int64) bool { return maps.Equal(x, y) })
}

// restoreChunk is how many complete writes a restore applies at once.
const restoreChunk = 50_000

// restoreFromChangelog loads the changelog into db, streaming: writes are
// held only until the offsets record that completes their batch, and applied
// in chunks. Writes after the last offsets record belong to a batch that may
// be incomplete and are dropped.
func restoreFromChangelog(ctx context.Context, log *kafkaio.CommandLog, db *state.DB) error {
	var pending, complete []state.Write
	err := log.ScanRecords(ctx, func(r kafkaio.LogRecord) error {
		pending = append(pending, state.Write{Key: r.Key, Value: r.Value})
		if string(r.Key) != exec.StateOffsetsKey {
			return nil
		}
		complete, pending = append(complete, pending...), pending[:0]
		if len(complete) < restoreChunk {
			return nil
		}
		err := db.Load(complete)
		complete = complete[:0]
		return err
	})
	if err != nil {
		return err
	}
	return db.Load(complete)
}
