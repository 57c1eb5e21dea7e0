// Package metrics holds streamsql's Prometheus registry and the handful of
// instruments the engine and the server update; GET /metrics serves it in the
// Prometheus text format.
//
// It is a top-level package because both the engine (records in and out,
// processing errors, late records, lag, push subscribers) and the server (pull
// query latency, the /metrics route) write to the same registry, and neither
// may import the other's internals. It imports no project package, so any
// layer can depend on it without bending the dependency direction.
//
// Contract:
//   - A nil *Registry is valid and records nothing: code paths never check for it.
//   - Per-query series are labelled by persistent query id only; transient
//     (push and pull) queries are counted in aggregate, so label cardinality
//     follows the number of persistent queries. Forget drops a terminated
//     query's series.
//   - Scrape-time sources (lag, state size) run on the scraping goroutine with
//     ScrapeTimeout; they must not block longer than that.
package metrics
