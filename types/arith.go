package types

import (
	"fmt"
	"math"
)

// numericRank orders the numeric kinds by ksqlDB's implicit widening:
// INT < BIGINT < DECIMAL < DOUBLE. Non-numeric kinds rank 0.
func numericRank(k Kind) int {
	switch k {
	case Int:
		return 1
	case BigInt:
		return 2
	case Decimal:
		return 3
	case Double:
		return 4
	}
	return 0
}

// Upcasts of the integer types to the decimals that hold every value exactly.
var (
	intAsDecimal    = DecimalOf(10, 0)
	bigIntAsDecimal = DecimalOf(19, 0)
)

// asDecimal returns the decimal type that holds every value of the INT, BIGINT
// or DECIMAL type t.
func asDecimal(t *Type) *Type {
	switch t.Kind {
	case Int:
		return intAsDecimal
	case BigInt:
		return bigIntAsDecimal
	}
	return t
}

// ArithType returns the result type of l op r for op one of + - * / %, as
// ksqlDB types it: the wider numeric operand type (INT < BIGINT < DECIMAL <
// DOUBLE), with INT and BIGINT read as DECIMAL(10, 0) and DECIMAL(19, 0) next
// to a decimal, and STRING + STRING as concatenation. Decimal precision is not
// capped (ksqlDB does not cap it either). A NULL (Unknown) operand is an error,
// as in ksqlDB; the message is ksqlDB's, so callers can prefix their context.
func ArithType(op byte, l, r *Type) (*Type, error) {
	if !isArithOp(op) {
		return nil, fmt.Errorf("unknown arithmetic operator %q", op)
	}
	if op == '+' && l.Kind == String && r.Kind == String {
		return StringType, nil
	}
	lr, rr := numericRank(l.Kind), numericRank(r.Kind)
	switch {
	case lr == 0 || rr == 0:
		return nil, fmt.Errorf("Arithmetic on types %s and %s are not supported.", arithName(l), arithName(r))
	case lr <= rr && r.Kind != Decimal:
		return r, nil
	case rr < lr && l.Kind != Decimal:
		return l, nil
	}
	return DecimalArithType(op, asDecimal(l), asDecimal(r)), nil
}

func isArithOp(op byte) bool {
	switch op {
	case '+', '-', '*', '/', '%':
		return true
	}
	return false
}

func arithName(t *Type) string {
	if t.Kind == Unknown {
		return "null"
	}
	return t.String()
}

// DecimalArithType returns the type of l op r for two decimals by ksqlDB's
// rules (SqlDecimal), with s and p the result's scale and precision:
//
//	add, subtract  s = max(s1, s2)          p = max(p1-s1, p2-s2) + s + 1
//	multiply       s = s1 + s2              p = p1 + p2 + 1
//	divide         s = max(6, s1 + p2 + 1)  p = p1 - s1 + s2 + s
//	modulus        s = max(s1, s2)          p = min(p1-s1, p2-s2) + s
func DecimalArithType(op byte, l, r *Type) *Type {
	p1, s1, p2, s2 := l.Precision, l.Scale, r.Precision, r.Scale
	switch op {
	case '*':
		return DecimalOf(p1+p2+1, s1+s2)
	case '/':
		s := max(6, s1+p2+1)
		return DecimalOf(p1-s1+s2+s, s)
	case '%':
		s := max(s1, s2)
		return DecimalOf(min(p1-s1, p2-s2)+s, s)
	}
	s := max(s1, s2)
	return DecimalOf(max(p1-s1, p2-s2)+s+1, s)
}

// Arith evaluates l op r in the result type t (from ArithType). Operands of a
// narrower numeric kind are widened to t's. NULL in gives NULL out. INT and
// BIGINT overflow wraps as in Java; integer division or modulus by zero and
// decimal division or modulus by zero return ErrDivisionByZero (ksqlDB logs
// the error and yields NULL); DOUBLE follows IEEE-754 (1/0.0 is +Inf). A
// decimal quotient is rounded HALF_UP to t's scale (ksqlDB instead fails when
// the quotient is not exact); a result that does not fit t is an error.
func Arith(op byte, l, r Value, t *Type) (Value, error) {
	if l == nil || r == nil {
		return nil, nil
	}
	switch t.Kind {
	case String:
		ls, lok := l.(string)
		rs, rok := r.(string)
		if op == '+' && lok && rok {
			return ls + rs, nil
		}
	case Int:
		a, aok := toInt64(l)
		b, bok := toInt64(r)
		if aok && bok {
			v, err := intArith(op, int32(a), int32(b))
			return v, err
		}
	case BigInt:
		a, aok := toInt64(l)
		b, bok := toInt64(r)
		if aok && bok {
			v, err := intArith(op, a, b)
			return v, err
		}
	case Double:
		a, aok := toFloat64(l)
		b, bok := toFloat64(r)
		if aok && bok {
			return floatArith(op, a, b), nil
		}
	case Decimal:
		a, aok := toDec(l)
		b, bok := toDec(r)
		if aok && bok {
			return decArith(op, a, b, t)
		}
	}
	return nil, fmt.Errorf("types: cannot evaluate %T %c %T as %s", l, op, r, t)
}

func intArith[T int32 | int64](op byte, a, b T) (T, error) {
	switch op {
	case '+':
		return a + b, nil
	case '-':
		return a - b, nil
	case '*':
		return a * b, nil
	}
	if b == 0 {
		return 0, ErrDivisionByZero
	}
	if op == '/' {
		return a / b, nil // MinInt / -1 wraps to MinInt, as in Java
	}
	return a % b, nil
}

func floatArith(op byte, a, b float64) float64 {
	switch op {
	case '+':
		return a + b
	case '-':
		return a - b
	case '*':
		return a * b
	case '/':
		return a / b
	}
	return math.Mod(a, b) // sign of the dividend, NaN for x % 0, as Java's %
}

func decArith(op byte, a, b Dec, t *Type) (Value, error) {
	if v, ok := decArithSmall(op, a, b, t); ok {
		return v, nil
	}
	var r Dec
	var err error
	switch op {
	case '+':
		r = a.Add(b)
	case '-':
		r = a.Sub(b)
	case '*':
		r = a.Mul(b)
	case '/':
		r, err = a.Div(b, int32(t.Scale))
	default:
		r, err = a.Mod(b)
	}
	if err != nil {
		return nil, err
	}
	return r.Fit(t.Precision, t.Scale)
}

// Negate returns -v for a numeric v (INT and BIGINT wrap as in Java); NULL
// gives NULL.
func Negate(v Value) (Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int32:
		return -x, nil
	case int64:
		return -x, nil
	case float64:
		return -x, nil
	case Dec:
		return x.Neg(), nil
	}
	return nil, fmt.Errorf("types: cannot negate %T", v)
}

func toInt64(v Value) (int64, bool) {
	switch x := v.(type) {
	case int32:
		return int64(x), true
	case int64:
		return x, true
	}
	return 0, false
}

func toFloat64(v Value) (float64, bool) {
	switch x := v.(type) {
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case Dec:
		return x.Float64(), true
	}
	return 0, false
}

func toDec(v Value) (Dec, bool) {
	switch x := v.(type) {
	case int32:
		return DecFromInt64(int64(x)), true
	case int64:
		return DecFromInt64(x), true
	case Dec:
		return x, true
	}
	return Dec{}, false
}
