package funcs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/streamsql/streamsql/types"
)

// A small type-directed binary codec for aggregator state. Values are
// written with their SQL type known to both sides, so only a NULL flag and
// the payload are stored.

var errCorrupt = errors.New("funcs: corrupt aggregate state")

type encoder struct{ buf []byte }

func (e *encoder) uvarint(u uint64) { e.buf = binary.AppendUvarint(e.buf, u) }
func (e *encoder) varint(i int64)   { e.buf = binary.AppendVarint(e.buf, i) }

func (e *encoder) bytes(b []byte) {
	e.uvarint(uint64(len(b)))
	e.buf = append(e.buf, b...)
}

func (e *encoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

func (e *encoder) float(f float64) { e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(f)) }

// value writes v, a value of type t or NULL.
func (e *encoder) value(v types.Value, t *types.Type) {
	e.bool(v != nil)
	if v != nil {
		e.payload(v, t)
	}
}

func (e *encoder) payload(v types.Value, t *types.Type) {
	switch x := v.(type) {
	case bool:
		e.bool(x)
	case int32:
		e.varint(int64(x))
	case int64:
		e.varint(x)
	case float64:
		e.float(x)
	case types.Dec:
		e.varint(int64(x.Scale))
		e.bytes(signedBytes(ubig(x)))
	case string:
		e.bytes([]byte(x))
	case []byte:
		e.bytes(x)
	case types.TimestampValue:
		e.varint(int64(x))
	case types.DateValue:
		e.varint(int64(x))
	case types.TimeValue:
		e.varint(int64(x))
	case []types.Value:
		e.values(x, t.Elem)
	case *types.MapValue:
		e.values(x.Keys, t.Key)
		e.values(x.Vals, t.Elem)
	case *types.StructValue:
		for i, f := range t.Fields {
			e.value(x.Fields[i], f.Type)
		}
	default:
		panic(fmt.Sprintf("funcs: cannot encode %T", v))
	}
}

func (e *encoder) values(vs []types.Value, t *types.Type) {
	e.uvarint(uint64(len(vs)))
	for _, v := range vs {
		e.value(v, t)
	}
}

func signedBytes(i *big.Int) []byte {
	b := i.Bytes()
	if i.Sign() < 0 {
		return append([]byte{1}, b...)
	}
	return append([]byte{0}, b...)
}

type decoder struct {
	buf []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.buf = nil
}

func (d *decoder) uvarint() uint64 {
	u, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.buf = d.buf[n:]
	return u
}

func (d *decoder) varint() int64 {
	i, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.buf = d.buf[n:]
	return i
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.buf)) {
		d.fail()
		return nil
	}
	b := append([]byte(nil), d.buf[:n]...)
	d.buf = d.buf[n:]
	return b
}

func (d *decoder) bool() bool {
	if len(d.buf) == 0 {
		d.fail()
		return false
	}
	b := d.buf[0] != 0
	d.buf = d.buf[1:]
	return b
}

func (d *decoder) float() float64 {
	if len(d.buf) < 8 {
		d.fail()
		return 0
	}
	f := math.Float64frombits(binary.BigEndian.Uint64(d.buf))
	d.buf = d.buf[8:]
	return f
}

func (d *decoder) value(t *types.Type) types.Value {
	if !d.bool() || d.err != nil {
		return nil
	}
	return d.payload(t)
}

func (d *decoder) payload(t *types.Type) types.Value {
	switch t.Kind {
	case types.Boolean:
		return d.bool()
	case types.Int:
		return int32(d.varint())
	case types.BigInt:
		return d.varint()
	case types.Double:
		return d.float()
	case types.Decimal:
		scale := int32(d.varint())
		return types.Dec{Unscaled: bigFromSigned(d.bytes()), Scale: scale}
	case types.String:
		return string(d.bytes())
	case types.Bytes:
		return d.bytes()
	case types.Timestamp:
		return types.TimestampValue(d.varint())
	case types.Date:
		return types.DateValue(d.varint())
	case types.Time:
		return types.TimeValue(d.varint())
	case types.Array:
		return d.values(t.Elem)
	case types.Map:
		m := &types.MapValue{Keys: d.values(t.Key)}
		m.Vals = d.values(t.Elem)
		if len(m.Keys) != len(m.Vals) {
			d.fail()
		}
		return m
	case types.Struct:
		s := &types.StructValue{Type: t, Fields: make([]types.Value, len(t.Fields))}
		for i, f := range t.Fields {
			s.Fields[i] = d.value(f.Type)
		}
		return s
	}
	d.fail()
	return nil
}

func (d *decoder) values(t *types.Type) []types.Value {
	n := d.uvarint()
	if n > uint64(len(d.buf)) {
		d.fail()
		return nil
	}
	vs := make([]types.Value, 0, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		vs = append(vs, d.value(t))
	}
	return vs
}

// done reports a decoding error, or trailing bytes.
func (d *decoder) done() error {
	if d.err == nil && len(d.buf) != 0 {
		return errCorrupt
	}
	return d.err
}

func bigFromSigned(b []byte) *big.Int {
	if len(b) == 0 {
		return new(big.Int)
	}
	i := new(big.Int).SetBytes(b[1:])
	if b[0] == 1 {
		i.Neg(i)
	}
	return i
}
