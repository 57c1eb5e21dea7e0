// Package types is the shared vocabulary of SQL types and runtime values used by
// the planner (type checking) and exec (evaluation and serialisation).
//
// Contract:
//   - A *Type is immutable once built; share it freely. Compare with Equal, never ==.
//   - A Value is one of a closed set of Go representations, listed on Value. NULL is
//     always the untyped nil; no other representation stands for NULL.
//   - Decimal arithmetic is exact: no float64 on the DECIMAL path.
//
// The package imports only the standard library so that every layer may use it.
package types
