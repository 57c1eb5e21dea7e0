//go:build unix

package broker

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive advisory lock on dir so that two brokers never
// write the same data directory. The lock dies with the process.
func lockDataDir(dir string) (unlock func(), err error) {
	if dir == "" {
		return func() {}, nil
	}
	if err := mkdirData(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "streamsql.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("broker: open lock file: %w", err)
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, fmt.Errorf("broker: data dir %s is in use by another broker", dir)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("broker: lock data dir %s: %w", dir, err)
	}
	return func() { f.Close() }, nil // closing releases the flock
}
