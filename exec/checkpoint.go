package exec

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/streamsql/streamsql/state"
)

// stateful operators save what changed since their last save and load it back.
type stateful interface {
	// saveState writes the operator's changes under prefix into b.
	saveState(b *state.Batch, prefix []byte) error
	// loadState reads the operator's state under prefix.
	loadState(db *state.DB, prefix []byte) error
}

// StateOffsetsKey is the state key holding the input offsets the saved state
// reflects; a copy of the state is consistent up to its last write of this key.
const StateOffsetsKey = "offsets"

var offsetsKey = []byte(StateOffsetsKey)

// opPrefix names operator i's key space; operators are built in the same
// order from the same plan, so the prefix is stable across restarts.
func opPrefix(i int) []byte { return []byte("op/" + strconv.Itoa(i) + "/") }

// restore loads every stateful operator's state and the offsets it reflects.
func (t *task) restore(db *state.DB) error {
	t.db = db
	for i, op := range t.ops {
		if s, ok := op.(stateful); ok {
			if err := s.loadState(db, opPrefix(i)); err != nil {
				return fmt.Errorf("exec: restoring the state of query %s: %w", t.pl.queryID, err)
			}
		}
	}
	offs, _, err := SavedOffsets(db)
	if err != nil {
		return fmt.Errorf("exec: restoring the offsets of query %s: %w", t.pl.queryID, err)
	}
	t.restored = offs
	return nil
}

// SavedOffsets returns the next input offsets the state in db reflects, and
// whether it holds any.
func SavedOffsets(db *state.DB) (map[string]map[int32]int64, bool, error) {
	v, ok, err := db.Get(offsetsKey)
	if err != nil || !ok {
		return nil, false, err
	}
	var offs map[string]map[int32]int64
	if err := json.Unmarshal(v, &offs); err != nil {
		return nil, false, fmt.Errorf("exec: reading saved offsets: %w", err)
	}
	return offs, true, nil
}

// Restored returns the next offsets the loaded state reflects (nil if none).
func (t *task) Restored() map[string]map[int32]int64 { return t.restored }

// Checkpoint saves every stateful operator's changes with the next offsets,
// in one durable batch.
func (t *task) Checkpoint(next map[string]map[int32]int64) error {
	if t.db == nil {
		return nil
	}
	merged := map[string]map[int32]int64{}
	for topic, parts := range t.restored {
		merged[topic] = map[int32]int64{}
		for p, o := range parts {
			merged[topic][p] = o
		}
	}
	for topic, parts := range next {
		if merged[topic] == nil {
			merged[topic] = map[int32]int64{}
		}
		for p, o := range parts {
			merged[topic][p] = o
		}
	}
	b := t.db.NewBatch()
	for i, op := range t.ops {
		if s, ok := op.(stateful); ok {
			if err := s.saveState(b, opPrefix(i)); err != nil {
				return fmt.Errorf("exec: saving the state of query %s: %w", t.pl.queryID, err)
			}
		}
	}
	offs, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	b.Set(offsetsKey, offs)
	if err := b.Commit(); err != nil {
		return err
	}
	t.restored = merged
	return nil
}
