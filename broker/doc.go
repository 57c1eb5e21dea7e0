// Package broker runs an embedded, single-node, Kafka-compatible broker
// (franz-go's kfake) so that streamsql can run without an external Kafka.
//
// It is a top-level package, not part of exec or engine, because its users are
// the processes that own a listening socket: the server (when no external
// brokers are configured), a future `streamsql broker` subcommand, and tests.
// exec and engine never import it; they only ever see broker addresses
// ([Broker.Addrs]) and talk Kafka protocol to them like to any other cluster.
//
// Contract:
//   - [Start] listens on exactly Config.Listen (default 127.0.0.1:9092) and fails
//     with a clear error if the address is taken.
//   - With a DataDir, topics, records, committed group offsets and producer
//     state survive a [Broker.Close] and a later [Start] on the same directory.
//     Only one broker may use a DataDir at a time; a second Start on a directory
//     in use fails (on Unix, through an advisory file lock).
//   - Records are written to the OS page cache as they arrive and synced on
//     segment roll and on Close (Kafka's default flush policy): a crash may lose
//     the last records, a clean Close loses nothing.
//   - Close is idempotent and waits until everything is persisted.
//
// A broker listening on an unspecified address (":9092", "0.0.0.0:9092")
// advertises 127.0.0.1, so it serves local clients only.
package broker
