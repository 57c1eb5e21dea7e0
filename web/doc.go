// Package web is streamsql's live dashboard: a single page of hand-written
// HTML, CSS and JavaScript (no third-party code, no build step) embedded in
// the binary and served by package server at "/".
//
// The page talks only to the public REST and WebSocket API of the server it
// was loaded from:
//   - POST /ksql with SHOW STREAMS; SHOW TABLES; SHOW QUERIES; every few
//     seconds for the sidebar, and EXPLAIN <id>; for a query's operator tree;
//   - GET /ws/query for the push query typed in the editor: the live table
//     keeps the last N rows and the chart the last points of one numeric
//     column, both redrawn at most once per animation frame;
//   - POST /query-stream with PRINT of the processing log topic for its tail.
//
// Contract: Handler serves the files of FS; it answers GET and HEAD only and
// imports nothing from the project. index.html is served for "/".
package web
