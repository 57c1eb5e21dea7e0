package serde

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// Conversions between typed values and the generic values of encoding/json
// (nil, bool, json.Number, string, []any, map[string]any), for the REST API and
// the conformance runner. They apply the same rules as the JSON format.

// FromJSON converts v, as decoded by encoding/json with UseNumber, to a value
// of type t using the JSON format's coercions (e.g. "12" into an INT, 10 into
// a DECIMAL(4, 2) as 10.00). float64 and Go integers are accepted too, but a
// float64 may already have lost digits. Objects read into a STRUCT match
// member names exactly first, then upper-cased.
func FromJSON(v any, t *types.Type) (types.Value, error) {
	val, err := fromGo(v, t)
	if err != nil {
		err = decodeFailure(err, "")
		if de, ok := err.(*DecodeError); ok {
			de.Field = strings.TrimPrefix(de.Field, ".")
		}
		return nil, err
	}
	return val, nil
}

func fromGo(v any, t *types.Type) (types.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case bool:
		return result(coerceBool(x, t))
	case string:
		return result(coerceString(x, t))
	case json.Number:
		return numberFromGo(string(x), t)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			if t.Kind == types.Double {
				return x, nil
			}
			return nil, mismatch(t, "number "+strconv.FormatFloat(x, 'g', -1, 64))
		}
		return numberFromGo(strconv.FormatFloat(x, 'g', -1, 64), t)
	case int:
		return numberFromGo(strconv.Itoa(x), t)
	case int32:
		return numberFromGo(strconv.FormatInt(int64(x), 10), t)
	case int64:
		return numberFromGo(strconv.FormatInt(x, 10), t)
	case []any:
		return arrayFromGo(x, t)
	case map[string]any:
		return objectFromGo(x, t)
	}
	return nil, &convError{msg: fmt.Sprintf("unsupported Go type %T for %s", v, t)}
}

func numberFromGo(lit string, t *types.Type) (types.Value, error) {
	s := scanner{b: []byte(lit)}
	b, isInt, err := s.number()
	if err != nil || s.pos != len(lit) {
		return nil, &convError{msg: fmt.Sprintf("invalid JSON number %s", snippet(lit))}
	}
	return result(coerceNumber(b, isInt, t))
}

func arrayFromGo(a []any, t *types.Type) (types.Value, error) {
	switch t.Kind {
	case types.Array:
		out := make([]types.Value, len(a))
		for i, e := range a {
			v, err := fromGo(e, t.Elem)
			if err != nil {
				return nil, atPath(err, "["+strconv.Itoa(i)+"]")
			}
			out[i] = v
		}
		return out, nil
	case types.String:
		parts := make([]string, len(a))
		for i, e := range a {
			v, err := fromGo(e, types.StringType)
			if err != nil {
				return nil, err
			}
			if parts[i] = "null"; v != nil {
				parts[i] = v.(string)
			}
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	return nil, mismatch(t, "array")
}

func objectFromGo(m map[string]any, t *types.Type) (types.Value, error) {
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
	switch t.Kind {
	case types.Struct:
		vals := make([]types.Value, len(t.Fields))
		for i, f := range t.Fields {
			raw, ok := m[f.Name]
			for _, k := range keys {
				if !ok && strings.ToUpper(k) == f.Name {
					raw, ok = m[k], true
				}
			}
			v, err := fromGo(raw, f.Type)
			if err != nil {
				return nil, atPath(err, "."+f.Name)
			}
			vals[i] = v
		}
		return &types.StructValue{Type: t, Fields: vals}, nil
	case types.Map:
		var mb mapBuilder
		for _, k := range keys {
			key, ce := coerceString(k, t.Key)
			if ce != nil {
				return nil, ce.at("." + k)
			}
			v, err := fromGo(m[k], t.Elem)
			if err != nil {
				return nil, atPath(err, "."+k)
			}
			mb.put(key, v)
		}
		return mb.value(), nil
	case types.String:
		return string(renderGo(nil, m)), nil
	}
	return nil, mismatch(t, "object")
}

// renderGo writes a generic JSON value compactly, objects with sorted keys.
func renderGo(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		return strconv.AppendBool(dst, x)
	case string:
		return appendJSONString(dst, x)
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = renderGo(dst, e)
		}
		return append(dst, ']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = renderGo(append(appendJSONString(dst, k), ':'), x[k])
		}
		return append(dst, '}')
	}
	if s, err := fromGo(v, types.StringType); err == nil && s != nil {
		return append(dst, s.(string)...)
	}
	return append(dst, "null"...)
}

// ToJSON converts v, of type t, to a value for encoding/json that marshals as
// ksqlDB writes v in a JSON record: numbers as json.Number (decimals exact,
// doubles in Java's form), BYTES base64, times as numbers, MAP and STRUCT as
// map[string]any. A Go value that does not match t is returned unchanged.
func ToJSON(v types.Value, t *types.Type) any { return toGo(v, t, false) }

// ToRESTJSON is ToJSON as ksqlDB's REST API renders rows: TIMESTAMP, DATE and
// TIME become strings such as "2021-01-31T10:00:00.000", "2021-01-31" and
// "10:00:05"; map keys of other types become their text.
func ToRESTJSON(v types.Value, t *types.Type) any { return toGo(v, t, true) }

func toGo(v types.Value, t *types.Type, rest bool) any {
	if v == nil {
		return nil
	}
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return x
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return string(appendJavaDouble(nil, x))
		}
	case []types.Value:
		if t.Kind != types.Array {
			return v
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toGo(e, t.Elem, rest)
		}
		return out
	case *types.MapValue:
		if t.Kind != types.Map {
			return v
		}
		out := make(map[string]any, len(x.Keys))
		for i, k := range x.Keys {
			ks, ok := k.(string)
			if !ok {
				ks = fmt.Sprint(toGo(k, t.Key, rest))
			}
			out[ks] = toGo(x.Vals[i], t.Elem, rest)
		}
		return out
	case *types.StructValue:
		if t.Kind != types.Struct || len(x.Fields) != len(t.Fields) {
			return v
		}
		out := make(map[string]any, len(t.Fields))
		for i, f := range t.Fields {
			out[f.Name] = toGo(x.Fields[i], f.Type, rest)
		}
		return out
	}
	if rest {
		if s, ok := restTime(v, t); ok {
			return s
		}
	}
	if b, err := appendScalar(nil, v, t); err == nil {
		return json.Number(b)
	}
	return v
}
