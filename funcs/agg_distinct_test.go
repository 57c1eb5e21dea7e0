package funcs

import (
	"bytes"
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/streamsql/streamsql/types"
)

// refDistinct is COUNT_DISTINCT as first written: the hash built from
// valueKey's text with hash/fnv, a sorted set, registers summed on every
// Result. The tests below check that the faster distinctAgg computes the
// same hashes, results and saved state.
type refDistinct struct {
	hashes []uint64
	regs   []byte
}

func refHash(v types.Value) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(valueKey(v)))
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (a *refDistinct) add(v types.Value) {
	if v != nil {
		a.addHash(refHash(v))
	}
}

func (a *refDistinct) addHash(h uint64) {
	if a.regs != nil {
		a.set(h)
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
			a.set(x)
		}
		a.hashes = nil
	}
}

func (a *refDistinct) set(h uint64) {
	idx := h >> (64 - hllP)
	rank := byte(bits.LeadingZeros64(h<<hllP|1<<(hllP-1)) + 1)
	a.regs[idx] = max(a.regs[idx], rank)
}

func (a *refDistinct) result() int64 {
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

func (a *refDistinct) marshal() []byte {
	e := &encoder{}
	e.bool(a.regs != nil)
	if a.regs != nil {
		e.bytes(a.regs)
		return e.buf
	}
	e.uvarint(uint64(len(a.hashes)))
	for _, h := range a.hashes {
		e.uvarint(h)
	}
	return e.buf
}

func TestDistinctHashMatchesValueKey(t *testing.T) {
	vals := []types.Value{int64(0), int64(-1), int64(255), int64(256), int64(math.MaxInt64), int64(math.MinInt64),
		int32(0), int32(-7), int32(math.MaxInt32), int32(math.MinInt32), "", "a", "héllo wörld", "x\x00y",
		true, false, 1.5, 0.0, -2e300, dec("12.340"), types.TimestampValue(1234), types.DateValue(3),
		[]byte{1, 2}, []types.Value{int64(1), "a"}}
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		vals = append(vals, r.Int64()>>r.IntN(64), int32(r.Int32()), strconv.Itoa(r.IntN(1e6))+"ü")
	}
	for _, v := range vals {
		if got, want := hashValue(v), refHash(v); got != want {
			t.Fatalf("hashValue(%#v) = %x, want %x", v, got, want)
		}
	}
}

func TestDistinctMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		n    int
		gen  func() types.Value
	}{
		{"few ints", 3000, func() types.Value { return r.Int64N(500) }},
		{"many ints", 20_000, func() types.Value { return r.Int64N(15_000) }},
		{"strings", 10_000, func() types.Value { return "bidder-" + strconv.Itoa(r.IntN(8_000)) }},
		{"with nulls", 12_000, func() types.Value {
			if r.IntN(3) == 0 {
				return nil
			}
			return int32(r.IntN(9000))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, ref := &distinctAgg{}, &refDistinct{}
			for i := range tc.n {
				v := tc.gen()
				if err := a.Add([]types.Value{v}); err != nil {
					t.Fatal(err)
				}
				ref.add(v)
				if got, want := a.Result(), ref.result(); got != want {
					t.Fatalf("after %d values: %v, want %v", i+1, got, want)
				}
				if i%997 == 0 {
					checkDistinctState(t, a, ref)
				}
			}
			checkDistinctState(t, a, ref)
		})
	}
}

// checkDistinctState checks that a saves what ref saves, and that a copy
// restored from it goes on with the same results.
func checkDistinctState(t *testing.T, a *distinctAgg, ref *refDistinct) {
	t.Helper()
	data, err := a.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, ref.marshal()) {
		t.Fatal("saved state differs from the reference's")
	}
	b := &distinctAgg{}
	if err := b.Unmarshal(data); err != nil {
		t.Fatal(err)
	}
	if got, want := b.Result(), ref.result(); got != want {
		t.Fatalf("restored: %v, want %v", got, want)
	}
	var s types.Slab = types.NewSlab(1)
	if got := b.ResultIn(&s); got != b.Result() {
		t.Fatalf("ResultIn = %v, Result = %v", got, b.Result())
	}
}

func TestDistinctMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, sizes := range [][2]int{{100, 200}, {100, 9000}, {9000, 100}, {9000, 20000}} {
		a, b := &distinctAgg{}, &distinctAgg{}
		ra, rb := &refDistinct{}, &refDistinct{}
		for range sizes[0] {
			v := r.Int64N(30_000)
			_ = a.Add([]types.Value{v})
			ra.add(v)
		}
		for range sizes[1] {
			v := r.Int64N(30_000)
			_ = b.Add([]types.Value{v})
			rb.add(v)
		}
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		for _, h := range rb.hashes {
			ra.addHash(h)
		}
		if rb.regs != nil {
			if ra.regs == nil {
				ra.regs = make([]byte, hllM)
				for _, h := range ra.hashes {
					ra.set(h)
				}
				ra.hashes = nil
			}
			for i, x := range rb.regs {
				ra.regs[i] = max(ra.regs[i], x)
			}
		}
		if got, want := a.Result(), ra.result(); got != want {
			t.Errorf("merge of %v: %v, want %v", sizes, got, want)
		}
		v := int64(123_456_789)
		_ = a.Add([]types.Value{v})
		ra.add(v)
		if got, want := a.Result(), ra.result(); got != want {
			t.Errorf("merge of %v, then a value: %v, want %v", sizes, got, want)
		}
	}
}

// TestDistinctHighRanks covers registers above the running sum's exact
// range (ranks above 40): Result then sums the registers as before.
func TestDistinctHighRanks(t *testing.T) {
	ref := &refDistinct{regs: make([]byte, hllM)}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range ref.regs {
		ref.regs[i] = byte(r.IntN(12))
	}
	ref.regs[17], ref.regs[4000] = 41, 53
	a := &distinctAgg{}
	if err := a.Unmarshal(ref.marshal()); err != nil {
		t.Fatal(err)
	}
	if got, want := a.Result(), ref.result(); got != want {
		t.Fatalf("%v, want %v", got, want)
	}
	ref.regs[17], ref.regs[4000] = 40, 40
	if err := a.Unmarshal(ref.marshal()); err != nil {
		t.Fatal(err)
	}
	if got, want := a.Result(), ref.result(); got != want || a.top != 40 {
		t.Fatalf("%v, want %v (top %d)", got, want, a.top)
	}
}

func BenchmarkCountDistinct(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	vals := make([]types.Value, 1<<16)
	for i := range vals {
		vals[i] = 1000 + r.Int64N(20_000)
	}
	a := &distinctAgg{}
	args := make([]types.Value, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		args[0] = vals[i&(len(vals)-1)]
		_ = a.Add(args)
		_ = a.Result()
	}
}

func TestSearchHash(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 1, 63, 64, 65, 100, 1000, 4096} {
		for _, skew := range []uint{0, 20, 50} { // skewed sets: the guess is far off
			set := make([]uint64, n)
			for i := range set {
				set[i] = r.Uint64() >> skew
			}
			slices.Sort(set)
			probes := []uint64{0, math.MaxUint64, 1 << 63}
			for range 300 {
				probes = append(probes, r.Uint64()>>skew)
				if n > 0 {
					probes = append(probes, set[r.IntN(n)], set[r.IntN(n)]+1, set[r.IntN(n)]-1)
				}
			}
			for _, h := range probes {
				gi, gf := searchHash(set, h)
				wi, wf := slices.BinarySearch(set, h)
				if gi != wi || gf != wf {
					t.Fatalf("n=%d skew=%d: searchHash(%x) = %d, %v; want %d, %v", n, skew, h, gi, gf, wi, wf)
				}
			}
		}
	}
}

func TestDistinctAppendState(t *testing.T) {
	for _, n := range []int{0, 1, 300, 4096, 5000} {
		a := &distinctAgg{}
		for i := range n {
			_ = a.Add([]types.Value{int64(i)})
		}
		data, _ := a.Marshal()
		if len(data) != a.stateSize() {
			t.Fatalf("%d values: Marshal wrote %d bytes, stateSize %d", n, len(data), a.stateSize())
		}
		got, _ := a.AppendState([]byte("x"))
		want := binary.AppendUvarint([]byte("x"), uint64(len(data)))
		if want = append(want, data...); !bytes.Equal(got, want) {
			t.Fatalf("%d values: AppendState differs from Marshal", n)
		}
	}
	for _, x := range []uint64{0, 1, 127, 128, 1<<14 - 1, 1 << 14, 1<<56 - 1, 1 << 56, 1<<63 - 1, 1 << 63, math.MaxUint64} {
		want := binary.AppendUvarint(nil, x)
		if got := uvarintLen(x); got != len(want) {
			t.Errorf("uvarintLen(%d) = %d, want %d", x, got, len(want))
		}
		var buf [11]byte
		if n := putHash(buf[:], x); !bytes.Equal(buf[:n], want) {
			t.Errorf("putHash(%d) = %x, want %x", x, buf[:n], want)
		}
	}
}

func BenchmarkDistinctMarshal(b *testing.B) {
	a := &distinctAgg{}
	for i := range 4000 {
		_ = a.Add([]types.Value{int64(i)})
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = a.AppendState(buf[:0])
	}
}
