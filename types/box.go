package types

import (
	"math"
	"math/big"
	"math/bits"
	"unsafe"
)

// Boxing values without an allocation per value.
//
// Storing an int64, float64, string or Dec in a Value (an interface) makes
// the runtime allocate a copy of it. On a hot path that is most of the
// allocations per record. A Slab instead writes the value into a slot of
// memory allocated once for many values, and builds the interface around
// that slot. The result is an ordinary Value: type switches, assertions, ==
// and reflection see no difference, and because values are immutable
// nothing ever writes through the slot again. The one difference is
// lifetime: a retained value keeps its whole slab alive, so callers size
// slabs to what may be retained together (a record, a batch).

// eface is the runtime layout of an empty interface: a type word and a
// pointer to the value (for every type boxed here: none is pointer-shaped).
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// typeWord returns the type word of v's dynamic type.
func typeWord(v any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&v)).typ }

var (
	int64Type     = typeWord(int64(0))
	int32Type     = typeWord(int32(0))
	float64Type   = typeWord(float64(0))
	stringType    = typeWord("")
	timestampType = typeWord(TimestampValue(0))
	dateType      = typeWord(DateValue(0))
	decType       = typeWord(Dec{})
)

// pack builds a Value of the type typ whose value is at data.
func pack(typ, data unsafe.Pointer) (v Value) {
	e := (*eface)(unsafe.Pointer(&v))
	e.typ, e.data = typ, data
	return v
}

// Slab boxes values into slots allocated together, for a record or a
// batch: one allocation for many values. When the slots run out, values are
// boxed the ordinary way; the zero Slab boxes everything the ordinary way.
type Slab struct {
	slots []slot
}

// slot holds one boxed value. Its layout is a string header's, a pointer
// then a word, so that the garbage collector scans a string's pointer and
// never mistakes a scalar (kept in w, with p nil) for one.
type slot struct {
	p unsafe.Pointer
	w uint64
}

// NewSlab returns a Slab with room for n values. It allocates nothing when
// n is 0.
func NewSlab(n int) Slab {
	if n <= 0 {
		return Slab{}
	}
	return Slab{slots: make([]slot, 0, n)}
}

// Len returns the number of values boxed into the slab's slots.
func (s *Slab) Len() int { return len(s.slots) }

// next returns the next free slot, or nil when there is none.
func (s *Slab) next() *slot {
	if len(s.slots) == cap(s.slots) {
		return nil
	}
	s.slots = s.slots[:len(s.slots)+1]
	return &s.slots[len(s.slots)-1]
}

// word returns the scalar word of the next free slot, or nil.
func (s *Slab) word() unsafe.Pointer {
	if sl := s.next(); sl != nil {
		return unsafe.Pointer(&sl.w)
	}
	return nil
}

// Int64 boxes a BIGINT.
func (s *Slab) Int64(v int64) Value {
	if uint64(v) < 256 { // the runtime boxes these without allocating
		return v
	}
	p := s.word()
	if p == nil {
		return v
	}
	*(*int64)(p) = v
	return pack(int64Type, p)
}

// Int32 boxes an INT.
func (s *Slab) Int32(v int32) Value {
	if uint32(v) < 256 {
		return v
	}
	p := s.word()
	if p == nil {
		return v
	}
	*(*int32)(p) = v
	return pack(int32Type, p)
}

// Float64 boxes a DOUBLE.
func (s *Slab) Float64(v float64) Value {
	if math.Float64bits(v) == 0 {
		return v
	}
	p := s.word()
	if p == nil {
		return v
	}
	*(*float64)(p) = v
	return pack(float64Type, p)
}

// Timestamp boxes a TIMESTAMP.
func (s *Slab) Timestamp(v TimestampValue) Value {
	p := s.word()
	if p == nil {
		return v
	}
	*(*TimestampValue)(p) = v
	return pack(timestampType, p)
}

// Date boxes a DATE.
func (s *Slab) Date(v DateValue) Value {
	p := s.word()
	if p == nil {
		return v
	}
	*(*DateValue)(p) = v
	return pack(dateType, p)
}

// String boxes a STRING.
func (s *Slab) String(v string) Value {
	if len(v) == 0 {
		return v
	}
	sl := s.next()
	if sl == nil {
		return v
	}
	sl.p, sl.w = unsafe.Pointer(unsafe.StringData(v)), uint64(len(v))
	return pack(stringType, unsafe.Pointer(sl))
}

// smallDecBox is a boxed Dec whose unscaled value fits one machine word,
// laid out with its big.Int and the Int's digits: one allocation in all.
type smallDecBox struct {
	d Dec
	i big.Int
	w [1]big.Word
}

// smallDec returns unscaled × 10^-scale as a Value, in one allocation where
// Dec{Unscaled: big.NewInt(unscaled), Scale: scale} boxed would take three.
func smallDec(unscaled int64, scale int32) Value {
	if bits.UintSize != 64 {
		return Dec{Unscaled: big.NewInt(unscaled), Scale: scale}
	}
	b := new(smallDecBox)
	u := uint64(unscaled)
	if unscaled < 0 {
		u = -u
	}
	if u != 0 {
		b.w[0] = big.Word(u)
		b.i.SetBits(b.w[:])
		if unscaled < 0 {
			b.i.Neg(&b.i)
		}
	}
	b.d = Dec{Unscaled: &b.i, Scale: scale}
	return pack(decType, unsafe.Pointer(&b.d))
}
