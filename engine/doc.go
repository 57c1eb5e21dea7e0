// Package engine executes statements: it owns the catalog (sources, types),
// the command log that makes catalog changes durable, and the lifecycle of
// persistent and transient queries.
//
// It is a top-level package because it sits between the server and exec: the
// server only sees entities, rows and errors; exec only sees plans and tasks.
//
// Contract:
//   - Statements are serialised: Execute holds the engine lock for a request.
//   - A catalog change is appended to the command log before it takes effect, and
//     replayed in order by Start; persistent queries start after the replay.
//   - The in-memory backend processes records synchronously (the test driver);
//     the Kafka backend runs each query on its own goroutine via exec/kafkaio.
//   - Push queries buffer at most pushBuffer rows per client; a slower client
//     gets ErrSlowConsumer and the query stops for it. A push query over a
//     stream from the latest offset with only filters and projections shares
//     one tail reader per topic with the others (push_shared*.go): records
//     are decoded once and offered to every subscriber's own WHERE/SELECT.
//   - A pull query that binds every key column (=, IN) looks the keys up in
//     the materialized view's key index (pull_lookup.go, materialize.go);
//     other pull queries scan the view.
//   - Persistent queries run exactly-once by default (processing.guarantee):
//     one Kafka transaction per commit interval holds output, changelog
//     writes and input offsets. Local state is trusted at start only when its
//     offsets equal the group's committed offsets (after fencing the query's
//     transactional id); otherwise it is rebuilt from the changelog.
//   - A persistent query that fails is restarted from its committed state
//     with exponential backoff (supervise.go), unless the failure is
//     exec.ErrQueryFailed (fail.on.deserialization.error), which leaves it in
//     ERROR.
package engine
