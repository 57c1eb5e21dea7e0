package funcs

import "github.com/streamsql/streamsql/types"

// canWiden reports whether ksqlDB converts a value of type from to kind to
// implicitly when calling a function.
func canWiden(from *types.Type, to types.Kind) bool {
	if from == StringLiteral {
		return to == types.Date || to == types.Time || to == types.Timestamp
	}
	switch from.Kind {
	case types.Int:
		return to == types.BigInt || to == types.Decimal || to == types.Double
	case types.BigInt:
		return to == types.Decimal || to == types.Double
	case types.Decimal:
		return to == types.Double
	}
	return false
}

// widenTo returns the type of kind that a value of type from widens to.
func widenTo(from *types.Type, to types.Kind) *types.Type {
	switch to {
	case types.Decimal:
		return decimalFor(from)
	case types.BigInt:
		return types.BigIntType
	case types.Double:
		return types.DoubleType
	case types.Date:
		return types.DateType
	case types.Time:
		return types.TimeType
	case types.Timestamp:
		return types.TimestampType
	}
	return from
}

// decimalFor is the DECIMAL type that holds every value of numeric type t.
func decimalFor(t *types.Type) *types.Type {
	switch t.Kind {
	case types.Int:
		return types.DecimalOf(10, 0)
	case types.BigInt:
		return types.DecimalOf(19, 0)
	case types.Decimal:
		return t
	}
	return types.DecimalOf(38, 16)
}

// commonType is the narrowest type both a and b widen to, for generic
// parameters bound by several arguments (COALESCE(i, 2.5)).
func commonType(a, b *types.Type) (*types.Type, bool) {
	if a == StringLiteral && canWiden(a, b.Kind) {
		return b, true
	}
	if b == StringLiteral && canWiden(b, a.Kind) {
		return a, true
	}
	a, b = plain(a), plain(b)
	if a.Equal(b) {
		return a, true
	}
	if a.IsNumeric() && b.IsNumeric() {
		return commonNumeric(a, b), true
	}
	return nil, false
}

func commonNumeric(a, b *types.Type) *types.Type {
	switch {
	case a.Kind == types.Double || b.Kind == types.Double:
		return types.DoubleType
	case a.Kind == types.Decimal || b.Kind == types.Decimal:
		return widenDecimal(decimalFor(a), decimalFor(b))
	case a.Kind == types.BigInt || b.Kind == types.BigInt:
		return types.BigIntType
	}
	return types.IntType
}

// widenDecimal is the DECIMAL that holds every value of both a and b.
func widenDecimal(a, b *types.Type) *types.Type {
	scale := max(a.Scale, b.Scale)
	digits := max(a.Precision-a.Scale, b.Precision-b.Scale)
	return types.DecimalOf(min(digits+scale, 38), scale)
}
