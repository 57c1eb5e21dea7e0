package planner

import (
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

var scalarTypes = map[sql.ScalarKind]*types.Type{
	sql.TypeBoolean:   types.BooleanType,
	sql.TypeInt:       types.IntType,
	sql.TypeBigint:    types.BigIntType,
	sql.TypeDouble:    types.DoubleType,
	sql.TypeString:    types.StringType,
	sql.TypeBytes:     types.BytesType,
	sql.TypeTimestamp: types.TimestampType,
	sql.TypeDate:      types.DateType,
	sql.TypeTime:      types.TimeType,
}

// ResolveType converts a type node, looking custom types up in cat.
func ResolveType(t sql.Type, cat *Catalog) (*types.Type, error) {
	switch t := t.(type) {
	case *sql.ScalarType:
		if st, ok := scalarTypes[t.Kind]; ok {
			return st, nil
		}
		return nil, errorf(t.Pos(), "unsupported type %s", t.Kind)
	case *sql.DecimalType:
		// As ksqlDB, no upper bound on the precision.
		switch {
		case t.Precision < 1:
			return nil, errorf(t.Pos(), "DECIMAL precision must be >= 1: DECIMAL(%d,%d)", t.Precision, t.Scale)
		case t.Scale < 0:
			return nil, errorf(t.Pos(), "DECIMAL scale must be >= 0: DECIMAL(%d,%d)", t.Precision, t.Scale)
		case t.Scale > t.Precision:
			return nil, errorf(t.Pos(), "DECIMAL precision must be >= scale: DECIMAL(%d,%d)", t.Precision, t.Scale)
		}
		return types.DecimalOf(t.Precision, t.Scale), nil
	case *sql.ArrayType:
		e, err := ResolveType(t.Elem, cat)
		if err != nil {
			return nil, err
		}
		return types.ArrayOf(e), nil
	case *sql.MapType:
		k, err := ResolveType(t.Key, cat)
		if err != nil {
			return nil, err
		}
		v, err := ResolveType(t.Value, cat)
		if err != nil {
			return nil, err
		}
		return types.MapOf(k, v), nil
	case *sql.StructType:
		fields := make([]types.Field, len(t.Fields))
		for i, f := range t.Fields {
			ft, err := ResolveType(f.Type, cat)
			if err != nil {
				return nil, err
			}
			fields[i] = types.Field{Name: f.Name.Name, Type: ft}
		}
		return types.StructOf(fields...), nil
	case *sql.NamedType:
		if ct, ok := cat.Type(t.Name.Name); ok {
			return ct, nil
		}
		return nil, errorf(t.Pos(), "unknown type %s", t.Name.Name)
	}
	return nil, errorf(t.Pos(), "unsupported type node %T", t)
}
