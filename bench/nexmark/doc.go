// Package nexmark is streamsql's end-to-end benchmark: the Nexmark auction
// workload, run through a real broker and a real server.
//
// It has four parts:
//
//   - Generator: a deterministic Nexmark event source. Event(id) is a pure
//     function of the Config (its Seed) and id: ids cycle through 1 person,
//     3 auctions and 46 bids; ids, hot sellers, bidders, auctions and
//     channels, prices and string fields follow the Nexmark generator's
//     rules and domains; event times advance by 1/EventRate s per event.
//     Load writes events as JSON values to topics person (key id), auction
//     (key id) and bid (key auction), keys as 8-byte BIGINTs (KAFKA format),
//     the event time as the record timestamp.
//   - Queries: Nexmark's q0–q5, q7, q8, q11, q14, q16–q18 and q20 in
//     ksqlDB's dialect. Where the dialect forces a different formulation
//     Query.Note says how it differs.
//   - Run: against a Target (a server's REST URL, its brokers, and the pids
//     whose CPU is measured), each query is started as persistent queries
//     reading from the earliest offset; it is done when the server's
//     records_in metric covers every record of its source topics and its
//     output stopped growing. The server's CPU time (utime + stime from
//     /proc/<pid>/stat) over that span gives events per CPU-second; the
//     broker's is reported apart. Tables with a PullSpec are then load-tested
//     with concurrent pull queries. The queries are then terminated and their
//     sinks dropped with their topics. A query the engine refuses or that
//     does not finish is recorded in its Result, never fatal to the run.
//   - Baselines: q0, q2 and q17 hand-written on franz-go with Go maps
//     (RunBaseline, run as the child process `streamsql bench baseline`),
//     charged their whole process CPU time, for an engine/baseline ratio.
//
// Bench ties them together for `streamsql bench nexmark`: it starts
// `streamsql broker` (memory only) and `streamsql server --brokers` as child
// processes of the same binary, runs, prints a table and writes a JSON Report.
//
// Figures are only comparable between runs on the same idle machine: other
// processes' load changes CPU time per event through caches and frequency.
// Nothing here asserts on timing; the package's tests check results.
package nexmark
