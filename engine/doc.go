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
//     gets ErrSlowConsumer and the query stops for it.
package engine
