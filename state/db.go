package state

import (
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// DB is a keyed store in one directory.
type DB struct {
	db   *pebble.DB
	dir  string
	opts Options
}

// Write is one change of a committed batch: Value nil deletes Key.
type Write struct {
	Key, Value []byte
}

// Options configures a DB.
type Options struct {
	// OnCommit, when set, receives each batch's writes in order before they
	// are applied locally (e.g. to copy them to a changelog topic); an error
	// fails the commit and nothing is applied.
	OnCommit func(writes []Write) error
	// NoSync applies commits without waiting for the disk. Only for owners
	// that can tell a store which lost its last commits (in a machine crash)
	// and rebuild it, as exactly-once queries do by comparing the saved
	// offsets with Kafka's committed ones.
	NoSync bool
}

// Open opens (creating if needed) the store in dir.
func Open(dir string, opts ...Options) (*DB, error) {
	db, err := pebble.Open(dir, pebbleOptions())
	if err != nil {
		return nil, fmt.Errorf("state: open %s: %w", dir, err)
	}
	d := &DB{db: db, dir: dir}
	if len(opts) > 0 {
		d.opts = opts[0]
	}
	return d, nil
}

// Close releases the store.
func (d *DB) Close() error { return d.db.Close() }

// Get returns the value under key and whether it exists.
func (d *DB) Get(key []byte) ([]byte, bool, error) {
	v, closer, err := d.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("state: get in %s: %w", d.dir, err)
	}
	out := append([]byte(nil), v...)
	return out, true, closer.Close()
}

// Scan calls fn for every key starting with prefix, in key order; fn's
// arguments are only valid during the call.
func (d *DB) Scan(prefix []byte, fn func(key, value []byte) error) error {
	it, err := d.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return fmt.Errorf("state: scan in %s: %w", d.dir, err)
	}
	for it.First(); it.Valid(); it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			_ = it.Close()
			return err
		}
	}
	return it.Close()
}

// prefixEnd is the smallest key greater than every key with prefix, or nil.
func prefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Batch collects writes applied atomically by Commit.
type Batch struct {
	b      *pebble.Batch
	dir    string
	hook   func([]Write) error
	writes []Write // kept for hook only
	noSync bool
}

// NewBatch starts a batch.
func (d *DB) NewBatch() *Batch {
	return &Batch{b: d.db.NewBatch(), dir: d.dir, hook: d.opts.OnCommit, noSync: d.opts.NoSync}
}

// Set writes key = value.
func (b *Batch) Set(key, value []byte) {
	_ = b.b.Set(key, value, nil)
	if b.hook != nil {
		b.writes = append(b.writes, Write{Key: append([]byte(nil), key...), Value: append([]byte{}, value...)})
	}
}

// Delete removes key.
func (b *Batch) Delete(key []byte) {
	_ = b.b.Delete(key, nil)
	if b.hook != nil {
		b.writes = append(b.writes, Write{Key: append([]byte(nil), key...)})
	}
}

// Load applies writes locally without calling OnCommit: a restore from the
// copy OnCommit made.
func (d *DB) Load(writes []Write) error {
	b := d.db.NewBatch()
	defer b.Close()
	for _, w := range writes {
		if w.Value == nil {
			_ = b.Delete(w.Key, nil)
		} else {
			_ = b.Set(w.Key, w.Value, nil)
		}
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("state: load into %s: %w", d.dir, err)
	}
	return nil
}

// Empty reports whether the batch holds no writes.
func (b *Batch) Empty() bool { return b.b.Empty() }

// Commit applies the batch, durably unless the store has NoSync.
func (b *Batch) Commit() error {
	defer b.b.Close()
	if b.hook != nil && len(b.writes) > 0 {
		if err := b.hook(b.writes); err != nil {
			return fmt.Errorf("state: commit in %s: %w", b.dir, err)
		}
	}
	opt := pebble.Sync
	if b.noSync {
		opt = pebble.NoSync
	}
	if err := b.b.Commit(opt); err != nil {
		return fmt.Errorf("state: commit in %s: %w", b.dir, err)
	}
	return nil
}

// quietLogger drops Pebble's informational logging; errors reach callers.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf("state: pebble: "+format, args...))
}

// pebbleOptions tunes Pebble for query state: most keys are rewritten many
// times (an aggregate's group at every commit), so a larger memtable lets
// versions die before they reach an sstable, and the upper levels, which
// compactions rewrite most, are stored uncompressed (compressing them cost
// about 8 % of a LATEST_BY_OFFSET query's CPU); the bottom levels, which
// hold most of the data, stay compressed.
func pebbleOptions() *pebble.Options {
	o := &pebble.Options{Logger: quietLogger{}, MemTableSize: 32 << 20}
	levels := pebble.DBCompressionBalanced
	for i := 0; i < len(levels.Levels)-2; i++ {
		levels.Levels[i] = pebble.DBCompressionNone.Levels[i]
	}
	o.ApplyCompressionSettings(func() pebble.DBCompressionSettings { return levels })
	return o
}
