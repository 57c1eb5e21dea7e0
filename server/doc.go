// Package server is streamsql's HTTP face: the ksqlDB-compatible REST API and the
// WebSocket query endpoint, served over HTTP/1.1 and unencrypted HTTP/2 (h2c).
//
// Endpoints (shapes follow ksqlDB's REST API):
//
//	POST /ksql          statements → JSON array of entities
//	POST /query         SELECT/PRINT → chunked JSON array: header, rows, finalMessage
//	                    (Accept: application/vnd.ksql.v1+protobuf: rows as base64
//	                    protobuf messages, the header adding their proto3 schema)
//	POST /query-stream  SELECT/PRINT → delimited lines (default) or one JSON array
//	POST /close-query   stops a transient query by id
//	GET  /info          server identity
//	GET  /healthcheck   metastore and Kafka health (503 when unhealthy)
//	GET  /ws/query      WebSocket: schema frame, one row per frame, close frame
//	GET  /ws            WebSocket: streamsql's protocol, several subscriptions (ws_multi.go)
//	GET  /metrics       Prometheus metrics, when Options.Metrics is set
//
// Contract:
//   - The server talks only to a Backend (satisfied by *engine.Engine) and never
//     parses SQL: statements go to the engine as sent, and the engine decides
//     what belongs on which endpoint (e.g. 40002 for a SELECT sent to /ksql).
//   - Every failure reaches the client as ksqlDB's error JSON
//     {"@type":"generic_error"|"statement_error","error_code":N,"message":...}
//     with HTTP status N/100, unless the response has already started streaming,
//     in which case the error is written in the stream's own format.
//   - Every transient query a handler opens is closed when the handler returns:
//     on completion, on error, on client disconnect and on server shutdown.
//   - Every write to a streaming client carries a deadline (Options.WriteTimeout),
//     so a stalled client cannot pin a goroutine; slow consumers are detected by
//     the engine (engine.ErrSlowConsumer), which bounds the rows buffered per query.
//   - Request bodies are limited to Options.MaxBodyBytes (413 beyond it).
//   - Transient queries running at once are limited per kind across all query
//     endpoints (Options.MaxPushQueries, MaxPullQueries; 429 beyond them).
//   - With Options.Auth, every endpoint but /healthcheck and /chc/* needs
//     credentials (401), checked before any handler or WebSocket upgrade; the
//     read role gets 403 for admin endpoints and for /ksql statements whose
//     first keyword is not a read one (a lexical check, auth_statements.go).
//   - With Options.TLSCertFile and TLSKeyFile, the listener speaks HTTPS.
package server
