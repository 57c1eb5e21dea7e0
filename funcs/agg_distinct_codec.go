package funcs

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"

	"github.com/streamsql/streamsql/types"
)

// hashValue is COUNT_DISTINCT's 64-bit hash of a value: FNV-1a of the
// value's valueKey text, then the splitmix64 finaliser, so that the
// register index bits are well mixed. Saved COUNT_DISTINCT state holds these
// hashes: the function must not change.
//
// For the common scalar types the text is hashed as it is produced, without
// building it: "int64:" digits ";" for a BIGINT, "int32:" digits ";" for an
// INT, "bool:true;" or "bool:false;" for a BOOLEAN, "s" length ":" text for
// a STRING (what valueKey's fmt formats write). Other types hash valueKey.
func hashValue(v types.Value) uint64 {
	var x uint64
	switch v := v.(type) {
	case int64:
		x = fnvString(fnvOffset, "int64:")
		x = fnvInt(x, v)
		x = fnvByte(x, ';')
	case int32:
		x = fnvString(fnvOffset, "int32:")
		x = fnvInt(x, int64(v))
		x = fnvByte(x, ';')
	case string:
		x = fnvByte(fnvOffset, 's')
		x = fnvInt(x, int64(len(v)))
		x = fnvByte(x, ':')
		x = fnvString(x, v)
	case bool:
		x = fnvString(fnvOffset, "bool:"+strconv.FormatBool(v)+";")
	default:
		x = fnvString(fnvOffset, valueKey(v))
	}
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// FNV-1a, 64 bits (hash/fnv's New64a).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvByte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// fnvInt hashes v's decimal digits, as strconv writes them.
func fnvInt(h uint64, v int64) uint64 {
	var buf [20]byte
	for _, b := range strconv.AppendInt(buf[:0], v, 10) {
		h = (h ^ uint64(b)) * fnvPrime
	}
	return h
}

// Marshal writes COUNT_DISTINCT's saved state: a flag byte, then either the
// 4096 registers as length-prefixed bytes, or the count of hashes and the
// sorted hashes, all as uvarints. Saved state holds it: it must not change.
func (a *distinctAgg) Marshal() ([]byte, error) {
	n := a.stateSize()
	return a.appendState(make([]byte, 0, n+1), n), nil
}

// AppendState appends the length of Marshal's bytes as a uvarint, then the
// bytes, sized in advance so that nothing moves.
func (a *distinctAgg) AppendState(dst []byte) ([]byte, error) {
	n := a.stateSize()
	dst = slices.Grow(dst, binary.MaxVarintLen64+n)
	dst = binary.AppendUvarint(dst, uint64(n))
	return a.appendState(dst, n), nil
}

// stateSize is the length of Marshal's bytes.
func (a *distinctAgg) stateSize() int {
	if a.regs != nil {
		return 1 + uvarintLen(uint64(len(a.regs))) + len(a.regs)
	}
	n := 1 + uvarintLen(uint64(len(a.hashes)))
	for _, h := range a.hashes {
		n += uvarintLen(h)
	}
	return n
}

// appendState appends Marshal's n bytes: a flag, then the registers, or
// the count and the hashes as uvarints.
func (a *distinctAgg) appendState(dst []byte, n int) []byte {
	if a.regs != nil {
		dst = append(dst, 1)
		dst = binary.AppendUvarint(dst, uint64(len(a.regs)))
		return append(dst, a.regs...)
	}
	off := len(dst)
	dst = slices.Grow(dst, n+1)[:off+n+1] // a spare byte for putHash
	buf := dst[off:]
	buf[0] = 0
	w := 1 + binary.PutUvarint(buf[1:], uint64(len(a.hashes)))
	for _, h := range a.hashes {
		w += putHash(buf[w:], h)
	}
	return dst[:off+n]
}

func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// putHash is binary.PutUvarint for the usual hash of 57 bits or more (9 or
// 10 bytes), without a loop or a branch on the length; it may write a byte
// past those it returns.
func putHash(b []byte, x uint64) int {
	if x < 1<<56 {
		return binary.PutUvarint(b, x)
	}
	_ = b[9]
	b[0] = byte(x) | 0x80
	b[1] = byte(x>>7) | 0x80
	b[2] = byte(x>>14) | 0x80
	b[3] = byte(x>>21) | 0x80
	b[4] = byte(x>>28) | 0x80
	b[5] = byte(x>>35) | 0x80
	b[6] = byte(x>>42) | 0x80
	b[7] = byte(x>>49) | 0x80
	top := x >> 63 // 1: ten bytes
	b[8] = byte(x>>56) | byte(top<<7)
	b[9] = byte(top)
	return 9 + int(top)
}

func (a *distinctAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.hashes, a.regs = nil, nil
	if d.bool() {
		if a.regs = d.bytes(); len(a.regs) != hllM {
			d.fail()
		}
		a.reindex()
		return d.done()
	}
	n := d.uvarint()
	for i := uint64(0); i < n && d.err == nil; i++ {
		a.hashes = append(a.hashes, d.uvarint())
	}
	return d.done()
}
