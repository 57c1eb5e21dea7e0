package e2e

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
)

// aggState is a group's aggregate after some of its records.
type aggState struct{ cnt, total, lo, hi int64 }

// tableWant holds, per group (a key, or a key and window), the aggregate
// after each of its input records in input order: [c-1] is after c records.
type tableWant map[string][]aggState

// wantAgg models `GROUP BY id` COUNT/SUM/MIN/MAX over in (partition/offset
// order: a key's records are all in one partition, in the order the engine
// reads them).
func wantAgg(in []eosIn) tableWant { return prefixes(in, func(r eosIn) string { return r.key }) }

// wantWindow models the tumbling window of eosWindowMs: group key@start.
func wantWindow(in []eosIn) tableWant {
	return prefixes(in, func(r eosIn) string { return windowGroup(r.key, r.ts-r.ts%eosWindowMs) })
}

func windowGroup(key string, start int64) string { return fmt.Sprintf("%s@%d", key, start) }

func prefixes(in []eosIn, group func(eosIn) string) tableWant {
	w := tableWant{}
	for _, r := range in {
		g := group(r)
		p := w[g]
		s := aggState{cnt: 1, total: r.v, lo: r.v, hi: r.v}
		if n := len(p); n > 0 {
			l := p[n-1]
			s = aggState{l.cnt + 1, l.total + r.v, min(l.lo, r.v), max(l.hi, r.v)}
		}
		w[g] = append(p, s)
	}
	return w
}

// tableUpdate is one record of a table's sink, decoded.
type tableUpdate struct {
	group   string
	s       aggState
	hasLoHi bool // the sink has LO and HI (EOS_AGG), not only CNT and TOTAL
}

// parseAggUpdate decodes EOS_AGG: key id, value {CNT,TOTAL,LO,HI}.
func parseAggUpdate(r kRec) (tableUpdate, error) {
	s, err := parseAggValue(r.value, true)
	return tableUpdate{group: string(r.key), s: s, hasLoHi: true}, err
}

// parseWindowUpdate decodes EOS_WIN: key id plus the window start (8 bytes,
// big-endian ms), value {CNT,TOTAL}.
func parseWindowUpdate(r kRec) (tableUpdate, error) {
	if len(r.key) < 9 {
		return tableUpdate{}, fmt.Errorf("windowed key %q is shorter than 9 bytes", r.key)
	}
	n := len(r.key) - 8
	start := int64(binary.BigEndian.Uint64(r.key[n:]))
	s, err := parseAggValue(r.value, false)
	return tableUpdate{group: windowGroup(string(r.key[:n]), start), s: s}, err
}

func parseAggValue(b []byte, loHi bool) (aggState, error) {
	if b == nil {
		return aggState{}, fmt.Errorf("tombstone")
	}
	v, err := decodeObject(b)
	if err != nil {
		return aggState{}, err
	}
	names, want := []string{"CNT", "TOTAL"}, 2
	if loHi {
		names, want = append(names, "LO", "HI"), 4
	}
	vals := make([]int64, 4)
	for i, name := range names {
		n, ok := intField(v, name)
		if !ok {
			return aggState{}, fmt.Errorf("value %s has no integer %s", b, name)
		}
		vals[i] = n
	}
	if len(v) != want {
		return aggState{}, fmt.Errorf("value %s: want exactly the columns %v", b, names)
	}
	return aggState{vals[0], vals[1], vals[2], vals[3]}, nil
}

// tableCheck compares a table query's sink with its model.
type tableCheck struct {
	name                      string
	in, updates, rows         int   // input records, sink records, groups expected
	missing, extra, wrongRows int   // groups (final value per group)
	over, under               int64 // final CNT above / below the model, summed
	// Every update must follow from exactly one more input: its CNT above the
	// group's previous one and its other columns those of the first CNT inputs.
	repeated, decreased, inconsistent int
	vis                               visibility
	problems                          problemList
}

// checkTable compares got (read_committed, partition/offset order) with want.
func checkTable(name string, want tableWant, got []kRec, parse func(kRec) (tableUpdate, error)) tableCheck {
	c := tableCheck{name: name, updates: len(got), rows: len(want)}
	for _, p := range want {
		c.in += len(p)
	}
	final := map[string]tableUpdate{}
	for _, r := range got {
		u, err := parse(r)
		if err != nil {
			c.inconsistent++
			c.problems.add("%s/%d@%d key %q: %v", name, r.part, r.off, r.key, err)
			continue
		}
		if want[u.group] != nil { // else extra, below
			c.checkUpdate(u, final[u.group], want[u.group])
		}
		final[u.group] = u
	}
	for _, g := range slices.Sorted(maps.Keys(want)) {
		c.checkFinal(g, final[g], want[g])
	}
	for g, u := range final {
		if want[g] == nil {
			c.extra++
			c.problems.add("%s: group %s (CNT %d) has no input", name, g, u.s.cnt)
		}
	}
	return c
}

func (c *tableCheck) checkUpdate(u, prev tableUpdate, prefix []aggState) {
	switch {
	case prev.group != "" && u.s.cnt == prev.s.cnt:
		c.repeated++
		c.problems.add("%s: group %s CNT %d repeated (%v after %v)", c.name, u.group, u.s.cnt, u.s, prev.s)
	case prev.group != "" && u.s.cnt < prev.s.cnt:
		c.decreased++
		c.problems.add("%s: group %s CNT went down from %d to %d", c.name, u.group, prev.s.cnt, u.s.cnt)
	}
	if u.s.cnt < 1 || u.s.cnt > int64(len(prefix)) {
		c.inconsistent++
		c.problems.add("%s: group %s update CNT %d, but the input holds %d records for it", c.name, u.group, u.s.cnt, len(prefix))
		return
	}
	if w := prefix[u.s.cnt-1]; !sameAgg(u, w) {
		c.inconsistent++
		c.problems.add("%s: group %s update %v does not aggregate its first CNT inputs: want %v", c.name, u.group, u.s, w)
	}
}

func (c *tableCheck) checkFinal(g string, got tableUpdate, prefix []aggState) {
	w := prefix[len(prefix)-1]
	if got.group == "" {
		c.missing++
		c.under += w.cnt
		c.problems.add("%s: group %s missing (want %v)", c.name, g, w)
		return
	}
	if sameAgg(got, w) {
		return
	}
	c.wrongRows++
	if d := got.s.cnt - w.cnt; d > 0 {
		c.over += d
	} else {
		c.under -= d
	}
	c.problems.add("%s: group %s final %v, want %v", c.name, g, got.s, w)
}

func sameAgg(u tableUpdate, w aggState) bool {
	if !u.hasLoHi {
		w.lo, w.hi = u.s.lo, u.s.hi
	}
	return u.s == w
}

// failed: exactly-once allows no difference at all; at-least-once no group
// missing or unexpected and no final CNT below the model.
func (c tableCheck) failed(guarantee string) bool {
	if c.missing > 0 || c.extra > 0 || c.under > 0 {
		return true
	}
	return guarantee == guaranteeEOS && c.wrongRows+c.repeated+c.decreased+c.inconsistent > 0
}
