// Package funcs is the registry of built-in SQL functions: scalar functions,
// aggregates and table functions, described as data.
//
// The planner type-checks a call with Resolve (and LambdaParams for lambda
// arguments); exec runs the chosen Overload through Resolved.Evaluator,
// Overload.NewAgg or Overload.Explode. SHOW FUNCTIONS and DESCRIBE FUNCTION
// render from All and Lookup (Func.Kind, Category, Description; per overload
// Signature, Returns and Description). Adding a function is one Func entry in
// the file of its category, passed to register from an init function.
//
// Contract:
//   - Names are case-insensitive. Registration happens in init functions only;
//     after init the registry is read-only and safe for concurrent use.
//   - Every Overload has a Return, which receives the argument types after
//     coercion (Resolved.Args) and returns the result type.
//   - Scalar Eval receives one Value per argument, already cast to
//     Resolved.Args, variadic arguments flattened. A nil Value is SQL NULL; a
//     lambda argument arrives as a Lambda. Most functions return NULL for NULL
//     or malformed input, as ksqlDB does. An error means the call failed for
//     this row: ksqlDB then logs the row to the processing log and uses NULL
//     for the expression, still emitting the row (for example a PARSE_DATE of
//     text that does not match its pattern).
//   - Functions never modify their inputs; results never alias mutable state.
//   - Aggregates: Func.Undoable tells whether Remove works (tables need it).
//     Parameters marked Literal must be constants; their values go to NewAgg,
//     and Add sees only the other arguments. COUNT() with no argument counts
//     rows; the planner may map f(*) to it, or to f(ROWTIME) as ksqlDB does.
//     To merge session windows: start a new Aggregator, Merge every existing
//     session's aggregator into it, then Add the new row. State survives
//     Marshal/Unmarshal on an Aggregator made by the same NewAgg call shape.
//   - Overload.Intermediate is the aggregate's stored-state type as ksqlDB
//     declares it; a value format that cannot hold it (DELIMITED and a STRUCT
//     or ARRAY state) must be rejected by the planner with "One of the functions
//     used in the statement has an intermediate type that the value format can
//     not handle. Please remove the function or change the format.".
//   - Volatile functions (RANDOM, UUID, UNIX_TIMESTAMP(), UNIX_DATE()) must not
//     be constant-folded.
//
// Argument markers. Resolve takes a *types.Type per argument. Besides ordinary
// types the planner passes:
//   - nil or types.UnknownType for a NULL literal: it matches any parameter;
//   - StringLiteral for a string literal, which may also coerce to DATE, TIME or
//     TIMESTAMP parameters (LEAST(d, '2022-06-14'));
//   - IntervalUnit for a bare time unit (TIMESTAMPADD(SECONDS, ...)); its run-time
//     value is the unit's name as a string, e.g. "SECONDS";
//   - LambdaArg(body) for a lambda whose body has type body. Call LambdaParams
//     first to learn the types of the lambda's parameters.
//
// Overload choice follows ksqlDB's UdfIndex: exact matches first, then implicit
// widening; a fixed-arity overload beats a variadic one, more parameters beat
// fewer, fewer generic parameters win; a tie is an ambiguity error. Error
// messages that ksqlDB users (and ksqlDB's own tests) match keep ksqlDB's
// wording, capital letter and final period included, e.g. "Function 'ABS' does
// not accept parameters (STRING)." followed by the valid alternatives.
//
// Files: registry.go, param.go, resolve.go, markers.go (the machinery);
// entry.go (helpers for entries); values.go, dec.go, widen.go, codec.go,
// cache.go (shared helpers); one file per category for the functions
// (math*.go, string*.go, regexp.go, bytes.go, array*.go, map.go, lambda.go,
// nulls.go, json*.go, datetime*.go, dtpattern.go, dtparse.go, zones.go,
// url.go, table.go, agg_*.go).
package funcs
