package exec

import (
	"fmt"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

func compileSubscript(e *planner.Subscript) (Evaluator, error) {
	base, idx, err := compile2(e.Base, e.Index)
	if err != nil {
		return nil, err
	}
	switch k := e.Base.Type().Kind; k {
	case types.Array:
		return func(row types.Row, s *Scope) (types.Value, error) {
			b, i, err := eval2(base, idx, row, s)
			if err != nil || b == nil || i == nil {
				return nil, err
			}
			return arrayAt(b.([]types.Value), i)
		}, nil
	case types.Map:
		return func(row types.Row, s *Scope) (types.Value, error) {
			b, k, err := eval2(base, idx, row, s)
			if err != nil || b == nil || k == nil {
				return nil, err
			}
			v, _ := b.(*types.MapValue).Lookup(k)
			return v, nil
		}, nil
	default:
		return nil, fmt.Errorf("exec: cannot subscript a value of type %s", e.Base.Type())
	}
}

// arrayAt returns element index of arr: 1-based, negative from the end, NULL
// when out of range.
func arrayAt(arr []types.Value, index types.Value) (types.Value, error) {
	var i int64
	switch x := index.(type) {
	case int32:
		i = int64(x)
	case int64:
		i = x
	default:
		return nil, fmt.Errorf("array index must be an integer, not %T", index)
	}
	n := int64(len(arr))
	if i < 0 {
		i += n
	} else {
		i--
	}
	if i < 0 || i >= n {
		return nil, nil
	}
	return arr[i], nil
}

func compileDeref(e *planner.Deref) (Evaluator, error) {
	base, err := Compile(e.Base)
	if err != nil {
		return nil, err
	}
	field, name := e.Field, e.Name
	return func(row types.Row, s *Scope) (types.Value, error) {
		b, err := base(row, s)
		if err != nil || b == nil {
			return nil, err
		}
		sv := b.(*types.StructValue)
		if field < 0 || field >= len(sv.Fields) {
			return nil, fmt.Errorf("struct has no field %s", name)
		}
		return sv.Fields[field], nil
	}, nil
}

func compileArray(e *planner.ArrayCtor) (Evaluator, error) {
	elems, err := compileAllOrNull(e.Elems)
	if err != nil {
		return nil, err
	}
	return func(row types.Row, s *Scope) (types.Value, error) {
		arr := make([]types.Value, len(elems))
		for i, el := range elems {
			v, err := el(row, s)
			if err != nil {
				return nil, err
			}
			arr[i] = v
		}
		return arr, nil
	}, nil
}

func compileMap(e *planner.MapCtor) (Evaluator, error) {
	if len(e.Keys) != len(e.Vals) {
		return nil, fmt.Errorf("exec: map constructor has %d keys but %d values", len(e.Keys), len(e.Vals))
	}
	keys, err := compileAllOrNull(e.Keys)
	if err != nil {
		return nil, err
	}
	vals, err := compileAllOrNull(e.Vals)
	if err != nil {
		return nil, err
	}
	return func(row types.Row, s *Scope) (types.Value, error) {
		m := &types.MapValue{Keys: make([]types.Value, 0, len(keys)), Vals: make([]types.Value, 0, len(keys))}
		for i := range keys {
			k, v, err := eval2(keys[i], vals[i], row, s)
			if err != nil {
				return nil, err
			}
			m.Put(k, v) // a NULL key is kept, as in ksqlDB
		}
		return m, nil
	}, nil
}

func compileStruct(e *planner.StructCtor) (Evaluator, error) {
	if len(e.Fields) != len(e.T.Fields) {
		return nil, fmt.Errorf("exec: struct constructor has %d values for %d fields", len(e.Fields), len(e.T.Fields))
	}
	fields, err := compileAllOrNull(e.Fields)
	if err != nil {
		return nil, err
	}
	t := e.T
	return func(row types.Row, s *Scope) (types.Value, error) {
		sv := &types.StructValue{Type: t, Fields: make([]types.Value, len(fields))}
		for i, f := range fields {
			v, err := f(row, s)
			if err != nil {
				return nil, err
			}
			sv.Fields[i] = v
		}
		return sv, nil
	}, nil
}
