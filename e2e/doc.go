// Package e2e holds the end-to-end tests of streamsql: they build the real
// binary, run `streamsql server` as a child process (with its embedded broker,
// or with --brokers pointing at a `streamsql broker` process), and drive it
// the way a user would, over REST, WebSocket and Kafka (kcat, franz-go).
//
// The package has no code besides this file; everything is in _test.go files:
//
//	e2e_test.go      the scenario (issue 2) and its DDL, SHOW, DESCRIBE, error,
//	                 TERMINATE and DROP steps
//	push_test.go     push queries over /query-stream (both formats) and /ws/query
//	restart_test.go  a malformed record; restart without re-emission
//	model_test.go    what topic BIG and the push queries must hold, from the inputs
//	proc_test.go     building the binary, free ports, starting and stopping servers
//	kcat_test.go     producing and consuming records with kcat
//	http_test.go     REST and WebSocket clients and JSON helpers
//	crash_test.go    issue 4's crash test: SIGKILL the server twice during a
//	                 GROUP BY aggregation, restart it, compare the table
//	crash_check_test.go, crash_model_test.go  its catch-up wait, checks,
//	                 model of the table and report of differences
//	broker_proc_test.go  `streamsql broker` as its own process (it survives
//	                 the server's SIGKILL)
//	kafka_test.go    franz-go helpers: the paced producer, offsets, group lag
//	eos_test.go      issue 7's crash test (TestCrashExactlyOnce): five
//	                 persistent queries (pass-through, filter, GROUP BY, tumbling
//	                 window, stream-table join) while the server is killed with
//	                 SIGKILL (once with its state wiped) and the broker too; a
//	                 verifier recomputes every output from the input
//	eos_cluster_test.go, eos_gen_test.go, eos_read_test.go, eos_verify_test.go,
//	eos_model_test.go, eos_tables_test.go, eos_report_test.go, eos_checks_test.go
//	                 its processes and kill schedule, idempotent generator,
//	                 read_committed/uncommitted readers, checks and report
//	eos_broker_test.go  a transaction open at a broker SIGKILL stays aborted
//	                 and hides nothing committed later
//
// STREAMSQL_E2E_BIN=/path/to/streamsql tests a prebuilt binary instead of
// building ./cmd/streamsql. STREAMSQL_E2E_SEED=n replays a crash test run
// (the keys produced and the moments of the SIGKILLs; the seed is logged).
// STREAMSQL_E2E_EOS_KILLS=s,b sets TestCrashExactlyOnce's server and broker
// kills, STREAMSQL_E2E_EOS_DIR keeps its data and logs. With -short it runs
// 20,000 records, 3 server and 1 broker kills under exactly-once (make test);
// without, 200,000 records over 1,000 keys, 10 and 2 kills, under both
// guarantees (make crash-long).
//
// Contract:
//   - The kcat-based tests are skipped when kcat is not on PATH (.ci/run
//     installs it); the eos tests use franz-go only.
//   - Every wait has a deadline; no step can hang the test binary.
//   - Every server and broker process a test starts is killed in t.Cleanup, and its
//     stdout and stderr (kept in a file) are printed when the test fails.
//   - Assertions compare against a model of what was produced, computed by the
//     test itself, never against what the engine reports about itself.
package e2e
