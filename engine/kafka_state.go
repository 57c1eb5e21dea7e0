package engine

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/kafkaio"
	"github.com/streamsql/streamsql/state"
)

// changelogTopic names the compacted topic that copies a query's state.
func (k *kafkaBackend) changelogTopic(queryID string) string {
	return "_confluent-ksql-" + k.cfg.ServiceID + "query_" + queryID + "-changelog"
}

// openState opens a query's local state under the data directory, copying
// every committed batch to the query's changelog topic. When the local state
// is missing (a new machine, a wiped directory) it is restored from the
// changelog, up to the last complete batch.
func (k *kafkaBackend) openState(ctx context.Context, queryID string) (*state.DB, func(), error) {
	if k.cfg.DataDir == "" {
		return nil, func() {}, nil
	}
	log, err := kafkaio.OpenChangelog(ctx, k.cfg.Brokers, k.changelogTopic(queryID))
	if err != nil {
		return nil, nil, err
	}
	copyOut := func(ws []state.Write) error {
		recs := make([]kafkaio.LogRecord, len(ws))
		for i, w := range ws {
			recs[i] = kafkaio.LogRecord{Key: w.Key, Value: w.Value}
		}
		return log.AppendBatch(context.Background(), recs)
	}
	dir := filepath.Join(k.cfg.DataDir, "state", queryID)
	db, err := state.Open(dir, state.Options{OnCommit: copyOut})
	if err != nil {
		log.Close()
		return nil, nil, err
	}
	release := func() { _ = db.Close(); log.Close() }
	if _, ok, err := db.Get([]byte(exec.StateOffsetsKey)); err != nil || ok {
		if err != nil {
			release()
			return nil, nil, err
		}
		return db, release, nil
	}
	if err := restoreFromChangelog(ctx, log, db); err != nil {
		release()
		return nil, nil, fmt.Errorf("restoring the state of %s from its changelog: %w", queryID, err)
	}
	return db, release, nil
}

// restoreFromChangelog loads the changelog into db, stopping at the last
// offsets record: writes after it belong to a batch that may be incomplete.
func restoreFromChangelog(ctx context.Context, log *kafkaio.CommandLog, db *state.DB) error {
	recs, err := log.ReadRecords(ctx)
	if err != nil {
		return err
	}
	last := -1
	for i, r := range recs {
		if string(r.Key) == exec.StateOffsetsKey {
			last = i
		}
	}
	ws := make([]state.Write, 0, last+1)
	for _, r := range recs[:last+1] {
		ws = append(ws, state.Write{Key: r.Key, Value: r.Value})
	}
	return db.Load(ws)
}
