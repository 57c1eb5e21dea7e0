package state

import (
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// DB is a keyed store in one directory.
type DB struct {
	db  *pebble.DB
	dir string
}

// Open opens (creating if needed) the store in dir.
func Open(dir string) (*DB, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: quietLogger{}})
	if err != nil {
		return nil, fmt.Errorf("state: open %s: %w", dir, err)
	}
	return &DB{db: db, dir: dir}, nil
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
	b   *pebble.Batch
	dir string
}

// NewBatch starts a batch.
func (d *DB) NewBatch() *Batch { return &Batch{b: d.db.NewBatch(), dir: d.dir} }

// Set writes key = value.
func (b *Batch) Set(key, value []byte) { _ = b.b.Set(key, value, nil) }

// Delete removes key.
func (b *Batch) Delete(key []byte) { _ = b.b.Delete(key, nil) }

// Empty reports whether the batch holds no writes.
func (b *Batch) Empty() bool { return b.b.Empty() }

// Commit applies the batch durably.
func (b *Batch) Commit() error {
	defer b.b.Close()
	if err := b.b.Commit(pebble.Sync); err != nil {
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
