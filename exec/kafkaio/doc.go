// Package kafkaio runs exec.Tasks against Kafka with franz-go, and provides the
// Kafka-side services the engine needs: topic administration ([Admin]), the
// processing log ([ProcessingLogWriter]) and the command log ([CommandLog]).
// It imports exec and franz-go only.
//
// # Runners
//
// A [Runner] drives one task on one goroutine. [RunPersistent] consumes the
// task's source topics in a consumer group; [RunTransient] assigns itself all
// partitions directly, with no group and no commits. Both take a
// [TaskFactory], because the task needs the runner's [exec.Producer] when it
// is built.
//
// The persistent loop is, per poll (at most MaxPollRecords records):
//
//	poll -> task.Process per topic-partition batch -> flush output -> commit input offsets -> allow rebalance
//
// Invariants:
//   - Input offsets are committed only after every record the task produced
//     for them is acknowledged (at-least-once). A produce failure stops the
//     runner in ERROR without committing.
//   - Rebalances are blocked from poll until commit, so partitions are never
//     revoked while they hold processed but uncommitted input; revocation
//     needs no extra flush or commit.
//   - Stop cancels the poll and the context the task sees, commits the
//     batches the task finished, leaves the group, closes the client and the
//     task, and waits for the goroutine. A task error after Stop that only
//     wraps context.Canceled is not a failure.
//   - A failed commit is logged and not fatal; the input is then processed
//     again after a restart.
//   - The runner never retains the OutRecord a task passes to Produce; it
//     keeps the record's bytes until sent, as exec.Producer allows.
//
// Exactly-once (PersistentConfig.ExactlyOnce) runs the same loop in a
// franz-go GroupTransactSession: a transaction begins with the first records
// of a commit interval, the task's output and its checkpoint's changelog
// writes are produced into it, and ending it commits the input offsets with
// them (txn.go). A failed batch or an aborted transaction stops the runner
// with the transaction aborted (ErrTransactionAborted): its task's state is
// then ahead of what was committed and must be rebuilt by the caller.
// FenceOpenTransactions and CommittedOffsets let the caller end what an
// earlier run left open and compare its saved state with the commit.
//
// Record mapping: SourceRecord.Timestamp and OutRecord.Timestamp are
// milliseconds since the epoch, copied as is (0 is 1970, not "now"); a nil
// Value is a tombstone both ways. OutRecord.Partition -1 partitions by key with
// murmur2 like Kafka's default partitioner (sticky for nil keys); other values
// are used as given, and a partition the topic lacks fails the record.
package kafkaio
