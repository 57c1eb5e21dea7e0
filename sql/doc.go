// Package sql scans and parses the ksqlDB dialect of SQL into a syntax
// tree. It imports only the standard library and knows nothing about
// catalogs, types of columns or execution.
//
// # Entry points
//
//   - ParseStatements parses a script of ';'-separated statements into
//     []Statement; each Statement holds its Stmt node and its exact source
//     Text (including the terminating ';' when present).
//   - ParseStatement parses exactly one statement; ParseExpr, ParseType and
//     ParseSchema parse an expression, a type and a column list.
//   - SplitStatements and Substitute support ${variable} substitution,
//     which happens on text before parsing.
//   - FormatExpr, FormatType, FormatStmt (and Formatter) print trees back
//     as canonical SQL that parses to the same tree; Dump prints a tree
//     outline for tests and debugging.
//
// # Invariants
//
//   - Every node has Pos and End, byte offsets into the text given to the
//     parse call (for ParseStatements, the whole script), so Pos.LineCol
//     gives line and column for multi-statement scripts.
//   - The node sets are closed: Stmt, Expr, Relation, Type and SelectItem
//     are implemented only by this package's node types.
//   - Unquoted identifiers are upper-cased; quoted ones ("x", `x`) keep
//     their case. Ident.Name is the canonical name either way. Reserved
//     keywords (IsReserved) must be quoted to be used as identifiers.
//   - Parentheses leave no node: the shape of the tree is the grouping.
//   - A minus sign directly before a number is part of the literal, so
//     -2147483648 is one IntegerLit (an INT), as in ksqlDB.
//   - Numeric literals keep their text: IntegerLit (INT if IsInt32, else
//     BIGINT), DecimalLit (1.5: DECIMAL), DoubleLit (1.5E3: DOUBLE).
//   - Durations carry their value, unit and length in milliseconds.
//   - Syntax errors are *Error values with a position and a message such
//     as `syntax error at or near "FROM": expected expression, found FROM`;
//     parsing stops at the first error. FormatError adds the source line
//     and a caret. The parser never panics on any input (see FuzzParse).
package sql
