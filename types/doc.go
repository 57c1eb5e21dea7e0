// Package types is the shared vocabulary of SQL types and runtime values used by
// the planner (type checking) and exec (evaluation and serialisation).
//
// Contract:
//   - A *Type is immutable once built; share it freely. Compare with Equal, never ==.
//   - A Value is one of a closed set of Go representations, listed on Value. NULL is
//     always the untyped nil; no other representation stands for NULL.
//   - Decimal arithmetic is exact: no float64 on the DECIMAL path. Quotients
//     round HALF_UP to the result scale; results that do not fit fail.
//   - Operations never modify their arguments: Dec methods, Arith, Cast and
//     Negate return new values (an identical-type Cast returns its input).
//   - Semantics follow ksqlDB: ArithType/Arith (arithmetic), Compare/Equal/
//     CanCompare (comparison), CommonType/CanImplicitlyCast (coercion),
//     CoerceType/NumericStringType/CoerceLiteral (user-written lists),
//     CanCast/Cast/CoerceString (conversion), FormatValue (string forms).
//   - Errors are lowercase, except the two whose ksqlDB text clients match:
//     ArithType's "Arithmetic on types X and Y are not supported." and
//     CanCast's "Cast of X to Y is not supported".
//
// Slab boxes values into interfaces from memory allocated for many values at
// once (box.go), and decimals whose unscaled values fit an int64 take word
// arithmetic and one allocation (decimal_small.go); both give ordinary
// Values.
//
// The package imports only the standard library so that every layer may use it.
package types
