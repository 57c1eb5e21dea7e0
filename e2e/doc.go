// Package e2e holds the end-to-end test of streamsql: it builds the real
// binary, runs `streamsql server` with its embedded broker as a child process,
// and drives it the way a user would, over REST, WebSocket and Kafka (kcat).
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
//
// STREAMSQL_E2E_BIN=/path/to/streamsql tests a prebuilt binary instead of
// building ./cmd/streamsql.
//
// Contract:
//   - The test is skipped when kcat is not on PATH (.ci/run installs it).
//   - Every wait has a deadline; no step can hang the test binary.
//   - Every server process the test starts is killed in t.Cleanup, and its
//     stdout and stderr (kept in a file) are printed when the test fails.
//   - Assertions compare against a model of what was produced, computed by the
//     test itself, never against what the engine reports about itself.
package e2e
