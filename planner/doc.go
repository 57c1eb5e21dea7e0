// Package planner turns parsed statements into plans: it resolves names and
// types against the Catalog, builds the physical operator DAG of a query (plain
// data, printed by Explain) and validates DDL into catalog entries.
//
// Contract:
//   - planner never runs anything and never imports exec, state or server.
//   - Every error it returns is a *Error carrying the position of the offending
//     node (a byte offset into the statement source) and a lowercase message.
//   - Plans refer to columns by position; exec never resolves names.
package planner
