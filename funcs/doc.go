// Package funcs is the registry of built-in SQL functions: scalar functions,
// aggregates and table functions, described as data.
//
// The planner type-checks a call with Resolve (and LambdaParams for lambda
// arguments); exec runs the chosen Overload's Eval, NewAgg or Explode. SHOW
// FUNCTIONS and DESCRIBE FUNCTION render from All and Lookup. Adding a
// function is one entry in the file of its category: a Func literal passed to
// register from an init function.
//
// Contract:
//   - Names are case-insensitive. Registration happens in init functions only;
//     after init the registry is read-only and safe for concurrent use.
//   - Every Overload has a Return. Return receives the argument types after
//     coercion (Resolved.Args) and returns the result type, or an error worded
//     for the user.
//   - Eval receives one Value per argument, already cast to Resolved.Args
//     (variadic arguments flattened). A nil Value is SQL NULL. A lambda argument
//     arrives as a Lambda. Eval returns an error only for failures that ksqlDB
//     reports for the row (the caller logs the row and skips it); most NULL or
//     malformed inputs yield a NULL result instead, as in ksqlDB.
//   - Values built by a function are new; functions never modify their inputs.
//   - Aggregator state survives Marshal/Unmarshal on an Aggregator built by the
//     same NewAgg with the same argument types and literals.
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
// Error messages that ksqlDB users (and ksqlDB's own tests) match on keep
// ksqlDB's wording, e.g. "Function 'ABS' does not accept parameters (STRING).".
package funcs
