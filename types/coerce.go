package types

// CommonType returns the type that values of types a and b both convert to,
// for CASE/COALESCE branches, IN lists, ARRAY/MAP constructors and comparison
// operands, following ksqlDB's (strict) coercion rules:
//   - NULL (Unknown) takes the other type;
//   - numbers widen: INT and BIGINT give BIGINT; anything with DOUBLE gives
//     DOUBLE; a DECIMAL with an integer or DECIMAL gives the narrowest DECIMAL
//     holding both (INT as DECIMAL(10, 0), BIGINT as DECIMAL(19, 0));
//   - STRING with TIMESTAMP, DATE, TIME or BYTES gives the latter (the string
//     is parsed); DATE with TIMESTAMP gives TIMESTAMP;
//   - arrays and maps combine element-wise; structs combine into the union of
//     their fields (a's first, matched by exact name), shared fields combined.
//
// Other pairs of different types have no common type. String literals next to
// numbers or booleans are the caller's business (see CoerceString).
func CommonType(a, b *Type) (*Type, bool) {
	switch {
	case a == nil || a.Kind == Unknown:
		return b, b != nil
	case b == nil || b.Kind == Unknown:
		return a, true
	case a.Equal(b):
		return a, true
	case a.IsNumeric() && b.IsNumeric():
		return commonNumeric(a, b), true
	}
	switch a.Kind {
	case String:
		if stringCoercible(b.Kind) {
			return b, true
		}
	case Timestamp, Date, Time, Bytes:
		if b.Kind == String {
			return a, true
		}
		if a.Kind == Timestamp && b.Kind == Date || a.Kind == Date && b.Kind == Timestamp {
			return TimestampType, true
		}
	case Array:
		if b.Kind == Array {
			e, ok := CommonType(a.Elem, b.Elem)
			return ArrayOf(e), ok
		}
	case Map:
		if b.Kind == Map {
			k, kok := CommonType(a.Key, b.Key)
			v, vok := CommonType(a.Elem, b.Elem)
			return MapOf(k, v), kok && vok
		}
	case Struct:
		if b.Kind == Struct {
			return commonStruct(a, b)
		}
	}
	return nil, false
}

// stringCoercible reports whether a STRING converts implicitly to kind k.
func stringCoercible(k Kind) bool {
	switch k {
	case Timestamp, Date, Time, Bytes:
		return true
	}
	return false
}

func commonNumeric(a, b *Type) *Type {
	switch {
	case a.Kind == Double || b.Kind == Double:
		return DoubleType
	case a.Kind == Decimal || b.Kind == Decimal:
		return WidenDecimal(a, b)
	case a.Kind == BigInt || b.Kind == BigInt:
		return BigIntType
	}
	return IntType
}

// WidenDecimal returns the narrowest DECIMAL that holds every value of the
// INT, BIGINT or DECIMAL types a and b (ksqlDB's DecimalUtil.widen).
func WidenDecimal(a, b *Type) *Type {
	a, b = asDecimal(a), asDecimal(b)
	scale := max(a.Scale, b.Scale)
	return DecimalOf(max(a.Precision-a.Scale, b.Precision-b.Scale)+scale, scale)
}

func commonStruct(a, b *Type) (*Type, bool) {
	fields := make([]Field, 0, len(a.Fields)+len(b.Fields))
	for _, f := range a.Fields {
		if j := exactField(b, f.Name); j >= 0 {
			t, ok := CommonType(f.Type, b.Fields[j].Type)
			if !ok {
				return nil, false
			}
			f = Field{Name: f.Name, Type: t}
		}
		fields = append(fields, f)
	}
	for _, f := range b.Fields {
		if exactField(a, f.Name) < 0 {
			fields = append(fields, f)
		}
	}
	return StructOf(fields...), true
}

// CanImplicitlyCast reports whether a value of type from may be passed where
// to is expected (a function argument, an INSERT column) with an implicit
// conversion, as ksqlDB allows: NULL to anything; a number to a wider numeric
// kind (INT < BIGINT < DECIMAL < DOUBLE) where a DECIMAL target must keep
// every digit (INT counts as DECIMAL(10, 0), BIGINT as DECIMAL(19, 0)); a
// STRING to TIMESTAMP, DATE, TIME or BYTES (by parsing); arrays, maps and
// structs (same field names in the same order) part by part.
func CanImplicitlyCast(from, to *Type) bool {
	switch {
	case from == nil || from.Kind == Unknown || from.Equal(to):
		return true
	case from.IsNumeric() && to.IsNumeric():
		if numericRank(from.Kind) > numericRank(to.Kind) {
			return false
		}
		if to.Kind != Decimal {
			return true
		}
		f := asDecimal(from)
		return f.Scale <= to.Scale && f.Precision-f.Scale <= to.Precision-to.Scale
	case from.Kind == String:
		return stringCoercible(to.Kind)
	case from.Kind != to.Kind:
		return false
	case from.Kind == Array:
		return CanImplicitlyCast(from.Elem, to.Elem)
	case from.Kind == Map:
		return CanImplicitlyCast(from.Key, to.Key) && CanImplicitlyCast(from.Elem, to.Elem)
	case from.Kind == Struct:
		if len(from.Fields) != len(to.Fields) {
			return false
		}
		for i, f := range from.Fields {
			if f.Name != to.Fields[i].Name || !CanImplicitlyCast(f.Type, to.Fields[i].Type) {
				return false
			}
		}
		return true
	}
	return false
}

// CanCompare reports whether l and r may be compared, as ksqlDB's
// ComparisonUtil allows; ordering is true for < <= > >= (and BETWEEN), false
// for = <> and IS [NOT] DISTINCT FROM. Numbers compare with numbers, strings
// with strings and with time kinds, TIMESTAMP and DATE with each other and
// with strings, TIME with TIME and strings, bytes with bytes. BOOLEAN, ARRAY,
// MAP and STRUCT compare for equality only, with their own kind. NULL
// (Unknown) compares with nothing: ksqlDB asks for IS [NOT] NULL instead.
func CanCompare(l, r *Type, ordering bool) bool {
	switch {
	case l.Kind == Unknown || r.Kind == Unknown:
		return false
	case l.IsNumeric():
		return r.IsNumeric()
	}
	switch l.Kind {
	case String:
		return r.Kind == String || r.Kind == Timestamp || r.Kind == Date || r.Kind == Time
	case Timestamp, Date:
		return r.Kind == Timestamp || r.Kind == Date || r.Kind == String
	case Time:
		return r.Kind == Time || r.Kind == String
	case Bytes:
		return r.Kind == Bytes
	case Boolean, Array, Map, Struct:
		return r.Kind == l.Kind && !ordering
	}
	return false
}
