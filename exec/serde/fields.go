package serde

import (
	"strings"
	"sync/atomic"

	"github.com/streamsql/streamsql/types"
)

// fieldSet finds the members of a row or STRUCT by JSON key, implementing
// ksqlDB's rule in one hash probe: a key matches the member of the same name,
// or else the member named like the key upper-cased. Members are hashed by
// their ASCII-upper-cased name, so both candidates share a bucket.
type fieldSet struct {
	names []string
	types []*types.Type
	slots []int32 // open addressing: member index + 1, 0 when empty
	mask  uint32
	// hints are the keys of the first object decoded with the set, in order,
	// with what they matched. Records of a topic usually share one layout: a
	// key equal to the hint at its position skips the hash probe. Set once,
	// then only read, so the set stays safe for concurrent use.
	hints atomic.Pointer[[]memberHint]
}

// memberHint is one key of a typical object and the members it feeds.
type memberHint struct {
	key          string
	exact, upper int
}

// maxHints bounds the hints kept for one set.
const maxHints = 64

// learn sets the hints, unless they are set already.
func (f *fieldSet) learn(hints []memberHint) {
	f.hints.CompareAndSwap(nil, &hints)
}

// hinted returns what the key at position k of an object matches, if the
// hints know it.
func (f *fieldSet) hinted(hints []memberHint, k int, raw []byte, flags strFlags) (exact, upper int, ok bool) {
	if k < len(hints) && flags == 0 && hints[k].key == string(raw) {
		return hints[k].exact, hints[k].upper, true
	}
	return 0, 0, false
}

func newFieldSet(names []string, ts []*types.Type) *fieldSet {
	size := 8
	for size < 2*len(names) {
		size *= 2
	}
	f := &fieldSet{names: names, types: ts, slots: make([]int32, size), mask: uint32(size - 1)}
	for i, n := range names {
		j := foldHash([]byte(n)) & f.mask
		for f.slots[j] != 0 {
			j = (j + 1) & f.mask
		}
		f.slots[j] = int32(i + 1)
	}
	return f
}

func structFieldSet(t *types.Type) *fieldSet {
	names := make([]string, len(t.Fields))
	ts := make([]*types.Type, len(t.Fields))
	for i, f := range t.Fields {
		names[i], ts[i] = f.Name, f.Type
	}
	return newFieldSet(names, ts)
}

// foldHash is FNV-1a over the ASCII-upper-cased bytes of b.
func foldHash(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// match returns the members a JSON key feeds: exact is the member named key,
// upper the member named key upper-cased (used by ksqlDB when no member has
// the key's exact name). Either is -1 when absent.
func (f *fieldSet) match(raw []byte, flags strFlags, off int) (exact, upper int, err error) {
	if flags != 0 {
		return f.matchSlow(raw, flags, off)
	}
	exact, upper = -1, -1
	for j := foldHash(raw) & f.mask; f.slots[j] != 0; j = (j + 1) & f.mask {
		i := int(f.slots[j] - 1)
		name := f.names[i]
		switch {
		case len(name) != len(raw):
		case name == string(raw):
			exact = i
		case upperEquals(raw, name):
			upper = i
		}
	}
	return exact, upper, nil
}

// upperEquals reports whether raw, ASCII-upper-cased, equals name.
func upperEquals(raw []byte, name string) bool {
	for i, c := range raw {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}

// matchSlow handles keys with escapes or non-ASCII text, upper-casing with
// full Unicode rules as Java's toUpperCase does.
func (f *fieldSet) matchSlow(raw []byte, flags strFlags, off int) (exact, upper int, err error) {
	key, err := decodeString(raw, flags, off)
	if err != nil {
		return -1, -1, err
	}
	exact, upper = -1, -1
	up := strings.ToUpper(key)
	for i, n := range f.names {
		switch n {
		case key:
			exact = i
		case up:
			upper = i
		}
	}
	return exact, upper, nil
}

// mapBuilder collects map entries; a repeated key keeps its first position and
// takes the last value, as a Java map would.
type mapBuilder struct {
	m     types.MapValue
	index map[types.Value]int // built once the map grows past a few entries
}

func (b *mapBuilder) put(k, v types.Value) {
	if b.index == nil && len(b.m.Keys) < 8 {
		b.m.Put(k, v)
		return
	}
	if b.index == nil {
		b.index = make(map[types.Value]int, 16)
		for i, key := range b.m.Keys {
			b.index[key] = i
		}
	}
	if i, ok := b.index[k]; ok {
		b.m.Vals[i] = v
		return
	}
	b.index[k] = len(b.m.Keys)
	b.m.Keys = append(b.m.Keys, k)
	b.m.Vals = append(b.m.Vals, v)
}

func (b *mapBuilder) value() *types.MapValue {
	m := b.m
	if m.Keys == nil {
		m.Keys, m.Vals = []types.Value{}, []types.Value{}
	}
	return &m
}
