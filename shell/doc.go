// Package shell is streamsql's interactive SQL shell (`streamsql shell`), in
// the mould of ksqlDB's CLI: a REST client of the server's ksqlDB-compatible
// API (POST /ksql, /query, /close-query, GET /info).
//
// It is a top-level package, not part of server or engine, because it is a
// pure client: it has no engine dependency and talks to any server (ours or
// ksqlDB) over HTTP only. It imports the standard library, third-party
// libraries and, from this project, only sql (to split scripts into
// statements and substitute ${variables}).
//
// Contract:
//   - Statements end with ';' and may span lines. SELECT and PRINT go to
//     /query and are printed row by row as they arrive; everything else goes to
//     /ksql and is rendered as tables (or JSON with `output JSON`).
//   - DEFINE, UNDEFINE, SHOW VARIABLES, SET, UNSET and RUN SCRIPT are handled
//     here: variables are substituted before a statement is sent, and SET
//     properties travel as streamsProperties with every request.
//   - Local commands (help, exit, quit, version, output, server, spool,
//     history, clear) need no ';'.
//   - An interrupt (Options.Interrupts, Ctrl-C) cancels the running statement:
//     a push query's HTTP request is closed and POST /close-query is sent; the
//     shell itself goes on.
//   - Server errors are shown with the server's message as is (it carries
//     line:col and a caret when the statement failed to parse).
//   - Scripts (-e, -f, RUN SCRIPT) stop at the first failing statement.
package shell
