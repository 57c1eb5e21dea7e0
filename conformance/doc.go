// Package conformance measures streamsql's SQL correctness against ksqlDB's
// own functional tests: the query-validation tests (QTT) and REST
// query-validation tests (RQTT) kept outside the repository, in
// shared/conformance (see its README.md).
//
// It is a top-level package, not part of engine or server, because it is a
// measurement instrument that drives the whole system from outside, as a
// client would: QTT cases go through the engine's in-memory test driver
// (parser, planner, operators, state, serdes), RQTT cases through the real
// REST handlers of package server over loopback HTTP. Two users share it:
// the `streamsql conformance` command (Main) and the Go test
// TestConformanceBaseline, which fails when fewer cases pass than the count
// recorded in testdata/conformance-baseline at the repository root. Nothing
// in the product imports it.
//
// # Tests
//
// LoadFiles reads every *.json test file under the given paths (numbers kept
// as json.Number, so 1.50 keeps its scale) and the index.json found in a
// file's directory or one of its two parents. Expand turns each case into
// tests, one per entry of its "format" list ({FORMAT} substituted in the
// statements) and per value of its "config" list (substituted into the
// property whose value is "{CONFIG}"). A test id is
// "<file-stem> - <name>[ - <FORMAT>][ - <prop>=<config>]".
//
// Skipped tests (status skip) are those needing a format that needs a schema
// registry (AVRO, PROTOBUF, PROTOBUF_NOSR, JSON_SR: not in the index's
// runnableFormatVariants) or a UDF that exists only on ksqlDB's test
// classpath (index needsTestUdf). Cases with "enabled": false are not tests at
// all: neither run nor counted. Every other test counts in the total.
//
// # QTT semantics
//
// Each test gets a fresh driver with the case's properties. Topics are
// created first as upstream's harness does: the case's "topics" (1 partition
// unless given), the kafka_topic of each CREATE STREAM/TABLE that is not AS
// SELECT, and the topics of inputs and outputs (4 partitions). Statements run
// one by one; inputs are piped in order (timestamp 0 when absent). An error
// from a statement or from piping an input passes the test iff the case has
// expectedException and the error message contains its message (the Java
// type is not compared); an expectedException case where nothing fails,
// fails. Otherwise outputs are compared per topic named in "outputs" (other
// topics are not checked, as upstream): exact count and order; window, key,
// value, headers (absent means none), and timestamp when given (an expected 0
// is not checked when the case has no inputs, as INSERT VALUES uses wall-clock
// time). Values compare as in diffValue and numberDiff. Then post.sources
// (type, schema after normalising case, spacing, backquotes and type
// synonyms, key format and window type, value format) and post.topics (no
// topic matching the blacklist; each listed topic exists).
//
// # RQTT semantics
//
// See runRQTT. Case properties are sent as streamsProperties with every
// request, not given to the driver. Responses are matched in order; admin
// responses and query elements match on the expected keys only ("k|starts_with"
// matches a prefix); query rows compare as a multiset unless
// outputConditions.verifyOrder. testPullWithProtoFormat cases repeat each
// query asking for application/vnd.ksql.v1+protobuf and compare the decoded
// rows in protobuf text format.
//
// # Running
//
// Run and RunTests run tests on a small worker pool (4 × GOMAXPROCS by
// default: a stuck test only waits),
// each with a timeout (10s by default) and panic recovery: a panicking or
// stuck test fails with the panic message or the step it was stuck in, and
// the run goes on. A timed-out test's goroutine is abandoned, not killed; it
// closes its driver if it ever returns. The system under test sits behind the
// small Driver interface: EngineDriver is the real one, unit tests use fakes.
package conformance
