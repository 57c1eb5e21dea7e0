// Package state keeps operator state on local disk. It is the only package
// that imports Pebble; callers see keys, values and atomic batches, never
// Pebble types.
//
// Contract:
//   - A DB is one directory, owned by one task at a time.
//   - A Batch applies all of its writes or none of them, and Commit returns
//     only once they are durable (fsync), so state written together with the
//     input offsets it reflects survives a crash together with them.
//   - Keys sort bytewise; Scan visits a prefix in key order.
package state
