package funcs

import (
	"hash/fnv"
	"math"
	"math/bits"
	"sort"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		&Func{Name: "COUNT_DISTINCT", Kind: Aggregate, Category: CatAgg,
			Description: "The approximate number of distinct non-NULL values (exact below 4096 values, " +
				"HyperLogLog beyond).",
			Overloads: []*Overload{{Params: ps(p("col1", tT)), Returns: tBigInt,
				NewAgg:       func(AggInit) (Aggregator, error) { return &distinctAgg{}, nil },
				Intermediate: func([]*types.Type) *types.Type { return types.ArrayOf(types.IntType) }}}},
		&Func{Name: "ATTR", Kind: Aggregate, Category: CatAgg, Undoable: true,
			Description: "The value of the column when every row of the group has the same value (NULL included), " +
				"else NULL.",
			Overloads: []*Overload{{Params: ps(p("col1", tT)), Returns: tT,
				NewAgg: func(in AggInit) (Aggregator, error) { return &attrAgg{t: in.arg(0)}, nil }}}},
	)
}

const (
	hllExactMax = 4096 // distinct hashes kept exactly before switching to registers
	hllP        = 12
	hllM        = 1 << hllP
)

// distinctAgg counts distinct values: exactly through a sorted set of 64-bit
// hashes while small, then with HyperLogLog registers.
type distinctAgg struct {
	noUndo
	hashes []uint64 // sorted, while regs == nil
	regs   []byte
}

func hashValue(v types.Value) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(valueKey(v)))
	x := h.Sum64()
	// splitmix64 finaliser, so that the register index bits are well mixed
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (a *distinctAgg) Add(args []types.Value) error {
	if args[0] != nil {
		a.addHash(hashValue(args[0]))
	}
	return nil
}

func (a *distinctAgg) addHash(h uint64) {
	if a.regs != nil {
		a.setRegister(h)
		return
	}
	i := sort.Search(len(a.hashes), func(i int) bool { return a.hashes[i] >= h })
	if i < len(a.hashes) && a.hashes[i] == h {
		return
	}
	a.hashes = append(a.hashes, 0)
	copy(a.hashes[i+1:], a.hashes[i:])
	a.hashes[i] = h
	if len(a.hashes) > hllExactMax {
		a.regs = make([]byte, hllM)
		for _, x := range a.hashes {
			a.setRegister(x)
		}
		a.hashes = nil
	}
}

func (a *distinctAgg) setRegister(h uint64) {
	idx := h >> (64 - hllP)
	rank := byte(bits.LeadingZeros64(h<<hllP|1<<(hllP-1)) + 1)
	if rank > a.regs[idx] {
		a.regs[idx] = rank
	}
}

func (a *distinctAgg) Merge(o Aggregator) error {
	b, ok := o.(*distinctAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	for _, h := range b.hashes {
		a.addHash(h)
	}
	if b.regs != nil {
		if a.regs == nil {
			a.regs = make([]byte, hllM)
			for _, h := range a.hashes {
				a.setRegister(h)
			}
			a.hashes = nil
		}
		for i, r := range b.regs {
			a.regs[i] = max(a.regs[i], r)
		}
	}
	return nil
}

func (a *distinctAgg) Result() types.Value {
	if a.regs == nil {
		return int64(len(a.hashes))
	}
	sum, zeros := 0.0, 0
	for _, r := range a.regs {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	m := float64(hllM)
	est := 0.7213 / (1 + 1.079/m) * m * m / sum
	if est <= 2.5*m && zeros > 0 {
		est = m * math.Log(m/float64(zeros))
	}
	return int64(math.Round(est))
}

func (a *distinctAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	e.bool(a.regs != nil)
	if a.regs != nil {
		e.bytes(a.regs)
		return e.buf, nil
	}
	e.uvarint(uint64(len(a.hashes)))
	for _, h := range a.hashes {
		e.uvarint(h)
	}
	return e.buf, nil
}

func (a *distinctAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.hashes, a.regs = nil, nil
	if d.bool() {
		if a.regs = d.bytes(); len(a.regs) != hllM {
			d.fail()
		}
		return d.done()
	}
	n := d.uvarint()
	for i := uint64(0); i < n && d.err == nil; i++ {
		a.hashes = append(a.hashes, d.uvarint())
	}
	return d.done()
}

// attrAgg counts the rows of each distinct value; ATTR is the value when
// there is exactly one.
type attrAgg struct {
	t      *types.Type
	keys   []string
	vals   map[string]types.Value
	counts map[string]int64
}

func (a *attrAgg) Add(args []types.Value) error {
	if a.vals == nil {
		a.vals, a.counts = map[string]types.Value{}, map[string]int64{}
	}
	k := valueKey(args[0])
	if _, ok := a.vals[k]; !ok {
		a.keys = append(a.keys, k)
		a.vals[k] = args[0]
	}
	a.counts[k]++
	return nil
}

func (a *attrAgg) Remove(args []types.Value) error {
	k := valueKey(args[0])
	if a.counts[k] == 0 {
		return nil
	}
	if a.counts[k]--; a.counts[k] == 0 {
		delete(a.counts, k)
		delete(a.vals, k)
		for i, key := range a.keys {
			if key == k {
				a.keys = append(a.keys[:i], a.keys[i+1:]...)
				break
			}
		}
	}
	return nil
}

func (a *attrAgg) Merge(o Aggregator) error {
	b, ok := o.(*attrAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	for _, k := range b.keys {
		_ = a.Add([]types.Value{b.vals[k]})
		a.counts[k] += b.counts[k] - 1
	}
	return nil
}

func (a *attrAgg) Result() types.Value {
	if len(a.keys) != 1 {
		return nil
	}
	return a.vals[a.keys[0]]
}

func (a *attrAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	e.uvarint(uint64(len(a.keys)))
	for _, k := range a.keys {
		e.value(a.vals[k], a.t)
		e.varint(a.counts[k])
	}
	return e.buf, nil
}

func (a *attrAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	n := d.uvarint()
	a.keys, a.vals, a.counts = nil, nil, nil
	for i := uint64(0); i < n && d.err == nil; i++ {
		v := d.value(a.t)
		_ = a.Add([]types.Value{v})
		a.counts[valueKey(v)] = d.varint()
	}
	return d.done()
}
