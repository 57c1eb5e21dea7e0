package serde

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/streamsql/streamsql/types"
)

// jsonDecoder decodes JSON records straight into typed rows, driven by the
// column types: no intermediate map or tree is built. It holds only data
// computed once in NewDecoder, so it is safe for concurrent use.
type jsonDecoder struct {
	cols      []Column
	top       *fieldSet
	sets      map[*types.Type]*fieldSet // every STRUCT type reachable from cols
	unwrapped bool
	slab      int    // the size of the per-record slab values are boxed from (box.go)
	discard   []bool // columns only checked, see Options.Discard; nil: none
}

func newJSONDecoder(o Options, cols []Column) *jsonDecoder {
	d := &jsonDecoder{cols: cols, unwrapped: o.Unwrapped, sets: map[*types.Type]*fieldSet{}}
	names := make([]string, len(cols))
	ts := make([]*types.Type, len(cols))
	for i, c := range cols {
		names[i], ts[i] = c.Name, c.Type
		d.collectStructs(c.Type)
	}
	d.top = newFieldSet(names, ts)
	d.slab = slabSize(cols)
	if len(o.Discard) == len(cols) && !o.Unwrapped && slices.Contains(o.Discard, true) {
		d.discard = slices.Clone(o.Discard)
		for i, c := range cols {
			if d.discard[i] && isScalar(c.Type.Kind) {
				d.slab--
			}
		}
	}
	return d
}

func (d *jsonDecoder) collectStructs(t *types.Type) {
	switch t.Kind {
	case types.Array, types.Map:
		d.collectStructs(t.Elem)
	case types.Struct:
		if d.sets[t] != nil {
			return
		}
		d.sets[t] = structFieldSet(t)
		for _, f := range t.Fields {
			d.collectStructs(f.Type)
		}
	}
}

func (d *jsonDecoder) Decode(b []byte) (types.Row, error) {
	row := make(types.Row, len(d.cols))
	ok, err := d.DecodeInto(row, b)
	if !ok || err != nil {
		return nil, err
	}
	return row, nil
}

func (d *jsonDecoder) DecodeInto(dst types.Row, b []byte) (bool, error) {
	if b == nil {
		return false, nil
	}
	if len(dst) != len(d.cols) {
		return false, &DecodeError{Msg: fmt.Sprintf("cannot deserialize into a row of %d values: the format has %d columns", len(dst), len(d.cols))}
	}
	s := scanner{b: b, sets: d.sets}
	s.skipBOM()
	if s.peek() == 0 {
		return false, &DecodeError{Msg: "invalid JSON: empty input"}
	}
	s.slab = types.NewSlab(d.slab)
	if d.unwrapped {
		v, err := s.value(d.cols[0].Type)
		if err != nil {
			return false, decodeFailure(err, d.cols[0].Name)
		}
		dst[0] = v
		return true, nil
	}
	switch s.peek() {
	case 'n':
		if _, err := s.literal(); err != nil {
			return false, decodeFailure(err, "")
		}
		return false, nil // JSON null: a null record, like a tombstone
	case '{':
		for i := range dst {
			if dst[i] != nil { // usually fresh: avoid the write barriers of clear
				dst[i] = nil
			}
		}
		idx, err := s.members(d.top, dst, d.discard)
		if err != nil {
			return false, decodeFailure(err, d.colName(idx))
		}
		return true, nil
	}
	got, err := s.describe()
	if err != nil {
		return false, decodeFailure(err, "")
	}
	return false, &DecodeError{Msg: "cannot deserialize value: expected a JSON object, got " + got}
}

func (d *jsonDecoder) colName(i int) string {
	if i < 0 {
		return ""
	}
	return d.cols[i].Name
}

// decodeFailure turns an internal error into a *DecodeError naming field.
func decodeFailure(err error, field string) error {
	if ce, ok := err.(*convError); ok {
		return &DecodeError{Field: field + ce.field(), Msg: ce.msg}
	}
	return &DecodeError{Msg: err.Error()}
}

// value decodes one value of type t.
func (s *scanner) value(t *types.Type) (types.Value, error) {
	switch c := s.peek(); {
	case c == '"':
		return s.stringAs(t)
	case c == '{':
		switch t.Kind {
		case types.Struct:
			return s.structValue(t)
		case types.Map:
			return s.mapValue(t)
		case types.String:
			b, err := s.render(nil)
			return string(b), err
		}
		return nil, s.skipMismatch(t, "object")
	case c == '[':
		switch t.Kind {
		case types.Array:
			return s.arrayValue(t)
		case types.String:
			return s.arrayAsString()
		}
		return nil, s.skipMismatch(t, "array")
	case c == 't' || c == 'f' || c == 'n':
		word, err := s.literal()
		if err != nil || word == "null" {
			return nil, err
		}
		return result(coerceBool(word == "true", t))
	case c == '-' || isDigit(c):
		if isIntKind(t.Kind) {
			start := s.pos
			if n, ok := s.plainInt(); ok {
				if v, ok := s.boxInt(n, t.Kind); ok {
					return v, nil
				}
				return result(coerceNumber(s.b[start:s.pos], true, t))
			}
		}
		lit, isInt, err := s.number()
		if err != nil {
			return nil, err
		}
		if t.Kind == types.Double {
			if f, err := strconv.ParseFloat(viewString(lit), 64); err == nil {
				return s.slab.Float64(f), nil
			}
		}
		return result(coerceNumber(lit, isInt, t))
	}
	return nil, s.unexpected("a value")
}

// result converts a coercion result, avoiding a typed-nil error.
func result(v types.Value, ce *convError) (types.Value, error) {
	if ce != nil {
		return nil, ce
	}
	return v, nil
}

func (s *scanner) skipMismatch(t *types.Type, got string) error {
	if err := s.skip(); err != nil {
		return err
	}
	return mismatch(t, got)
}

func (s *scanner) stringAs(t *types.Type) (types.Value, error) {
	off := s.pos
	raw, flags, err := s.rawString()
	if err != nil {
		return nil, err
	}
	if t.Kind == types.String && flags == 0 {
		return s.slab.String(s.keep(raw)), nil
	}
	if t.Kind == types.String || flags != 0 {
		str, err := decodeString(raw, flags, off)
		if err != nil {
			return nil, err
		}
		return result(coerceString(str, t))
	}
	// Parsing a number or base64 from the string: no copy needed, coerceString
	// retains nothing of its input for non-STRING types.
	return result(coerceString(viewString(raw), t))
}

func (s *scanner) structValue(t *types.Type) (types.Value, error) {
	f := s.sets[t]
	if f == nil {
		f = structFieldSet(t)
	}
	vals := make([]types.Value, len(t.Fields))
	idx, err := s.members(f, vals, nil)
	if ce, ok := err.(*convError); ok {
		return nil, ce.at("." + f.names[idx])
	}
	if err != nil {
		return nil, err
	}
	return &types.StructValue{Type: t, Fields: vals}, nil
}

func (s *scanner) mapValue(t *types.Type) (types.Value, error) {
	var m mapBuilder
	var failed *convError
	err := s.eachMember(func(raw []byte, flags strFlags, off int) error {
		if failed != nil {
			return s.skip()
		}
		var k string
		if flags == 0 {
			k = s.keep(raw)
		} else {
			var err error
			if k, err = decodeString(raw, flags, off); err != nil {
				return err
			}
		}
		key, ce := coerceString(k, t.Key)
		if ce != nil {
			failed = ce.at("." + k)
			return s.skip()
		}
		v, err := s.value(t.Elem)
		if ce, ok := err.(*convError); ok {
			failed = ce.at("." + k)
			return nil
		}
		if err == nil {
			m.put(key, v)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if failed != nil {
		return nil, failed
	}
	return m.value(), nil
}

func (s *scanner) arrayValue(t *types.Type) (types.Value, error) {
	out := []types.Value{}
	var failed *convError
	err := s.eachElem(func(i int) error {
		if failed != nil {
			return s.skip()
		}
		v, err := s.value(t.Elem)
		if ce, ok := err.(*convError); ok {
			failed = ce.at("[" + strconv.Itoa(i) + "]")
			return nil
		}
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	if failed != nil {
		return nil, failed
	}
	return out, nil
}
