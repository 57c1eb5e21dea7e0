package funcs

import (
	"math"
	"math/bits"
	"slices"

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
	// hllFix is the scale of the registers' running sum: 2^-r for a rank r
	// up to hllFix is a whole number of 2^-hllFix, and 4096 of them add up
	// to at most 2^52, so the running sum is an exact uint64 that converts
	// exactly to a float64.
	hllFix = 40
)

// distinctAgg counts distinct values: exactly through a sorted set of 64-bit
// hashes while small, then with HyperLogLog registers.
//
// With registers, the estimate needs the sum of 2^-r over the registers. It
// is kept up to date as registers rise (sum, zeros), so that Result costs
// no pass over the 4096 registers. While no rank exceeds hllFix (a rank
// above 40 comes with odds of 2^-40 per value), every partial sum of the
// plain loop over the registers is a multiple of 2^-40 below 2^13, exact in
// a float64, so the kept sum is bit for bit what that loop computes; beyond,
// Result runs the loop.
type distinctAgg struct {
	noUndo
	hashes []uint64 // sorted, while regs == nil
	regs   []byte
	sum    uint64 // with regs: Σ 2^(hllFix-r) over the registers of rank r <= hllFix
	zeros  int    // with regs: registers at zero
	top    byte   // with regs: the highest rank
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
	i, found := searchHash(a.hashes, h)
	if found {
		return
	}
	a.hashes = slices.Insert(a.hashes, i, h)
	if len(a.hashes) > hllExactMax {
		a.toRegisters()
	}
}

// searchHash finds h in the sorted hashes as slices.BinarySearch does.
// Hashes are spread evenly over the 64-bit range, so h's rank is close to
// h/2^64 of the way through: it brackets h by steps doubling from there,
// then searches the bracket, touching a few cache lines where a binary
// search over thousands of hashes would take a dozen scattered probes.
func searchHash(a []uint64, h uint64) (int, bool) {
	n := len(a)
	if n < 64 {
		return slices.BinarySearch(a, h)
	}
	g, _ := bits.Mul64(h, uint64(n)) // < n
	i := int(g)
	lo, hi := 0, n // the answer (the first index of a value >= h) is in [lo, hi]
	if a[i] < h {
		lo = i + 1
		for step := 16; i+step < n; step *= 2 {
			if j := i + step; a[j] >= h {
				hi = j
				break
			} else {
				lo = j + 1
			}
		}
	} else {
		hi = i
		for step := 16; i-step >= 0; step *= 2 {
			if j := i - step; a[j] < h {
				lo = j + 1
				break
			} else {
				hi = j
			}
		}
	}
	k, found := slices.BinarySearch(a[lo:min(hi+1, n)], h)
	return lo + k, found
}

// toRegisters switches from the exact set to registers.
func (a *distinctAgg) toRegisters() {
	a.regs = make([]byte, hllM)
	a.sum, a.zeros, a.top = hllM<<hllFix, hllM, 0
	for _, x := range a.hashes {
		a.setRegister(x)
	}
	a.hashes = nil
}

func (a *distinctAgg) setRegister(h uint64) {
	idx := h >> (64 - hllP)
	rank := byte(bits.LeadingZeros64(h<<hllP|1<<(hllP-1)) + 1)
	old := a.regs[idx]
	if rank <= old {
		return
	}
	a.regs[idx] = rank
	if old == 0 {
		a.zeros--
	}
	a.sum += rankTerm(rank) - rankTerm(old)
	a.top = max(a.top, rank)
}

// rankTerm is 2^-r in units of 2^-hllFix (0 beyond hllFix, where Result
// does not use the sum).
func rankTerm(r byte) uint64 {
	if r > hllFix {
		return 0
	}
	return 1 << (hllFix - r)
}

// reindex recomputes sum, zeros and top from the registers.
func (a *distinctAgg) reindex() {
	a.sum, a.zeros, a.top = 0, 0, 0
	for _, r := range a.regs {
		a.sum += rankTerm(r)
		if r == 0 {
			a.zeros++
		}
		a.top = max(a.top, r)
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
			a.toRegisters()
		}
		for i, r := range b.regs {
			a.regs[i] = max(a.regs[i], r)
		}
		a.reindex()
	}
	return nil
}

func (a *distinctAgg) Result() types.Value { return a.count() }

func (a *distinctAgg) ResultIn(s *types.Slab) types.Value { return s.Int64(a.count()) }

func (a *distinctAgg) count() int64 {
	if a.regs == nil {
		return int64(len(a.hashes))
	}
	var sum float64
	if a.top <= hllFix {
		sum = math.Ldexp(float64(a.sum), -hllFix)
	} else {
		for _, r := range a.regs {
			sum += math.Ldexp(1, -int(r))
		}
	}
	m := float64(hllM)
	est := 0.7213 / (1 + 1.079/m) * m * m / sum
	if est <= 2.5*m && a.zeros > 0 {
		est = m * math.Log(m/float64(a.zeros))
	}
	return int64(math.Round(est))
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
