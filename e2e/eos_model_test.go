package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// eosIn is one input record as read back from topic events.
type eosIn struct {
	eosEvent
	part int32
	off  int64
}

// parseEvents decodes topic events (in partition, offset order); bad counts
// records that are not {"seq":n,"v":n}.
func parseEvents(recs []kRec) (in []eosIn, bad int) {
	for _, r := range recs {
		v, err := decodeObject(r.value)
		seq, ok1 := intField(v, "seq")
		val, ok2 := intField(v, "v")
		if err != nil || !ok1 || !ok2 {
			bad++
			continue
		}
		in = append(in, eosIn{eosEvent{key: string(r.key), seq: seq, v: val, ts: r.ts}, r.part, r.off})
	}
	return in, bad
}

// eosDim is one row of table dims.
type eosDim struct {
	region string
	weight int64
}

// parseDims is the table topic dims describes (the latest row per key).
func parseDims(recs []kRec) map[string]eosDim {
	out := map[string]eosDim{}
	for _, r := range recs {
		v, err := decodeObject(r.value)
		w, ok := intField(v, "weight")
		region, isStr := v["region"].(string)
		if err == nil && ok && isStr {
			out[string(r.key)] = eosDim{region, w}
		}
	}
	return out
}

// decodeObject decodes a JSON object keeping numbers as json.Number.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("not an object: %s", b)
	}
	return v, nil
}

func intField(v map[string]any, name string) (int64, bool) {
	n, ok := v[name].(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// canon renders a decoded object with sorted keys: "K=v;K=v".
func canon(v map[string]any) string {
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(v)) {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, "%s=%v", k, v[k])
	}
	return b.String()
}

// streamWant is what a stream query's sink must hold: for every input record
// the query keeps, its value (canon) as many times as the input holds it.
type streamWant map[eosID]wantOut

type wantOut struct {
	n     int
	canon string
}

// wantPass is the sink of `SELECT id, seq, v FROM events [WHERE keep]`.
func wantPass(in []eosIn, keep func(eosIn) bool) streamWant {
	w := streamWant{}
	for _, r := range in {
		if keep == nil || keep(r) {
			o := w[eosID{r.key, r.seq}]
			w[eosID{r.key, r.seq}] = wantOut{o.n + 1, fmt.Sprintf("SEQ=%d;V=%d", r.seq, r.v)}
		}
	}
	return w
}

// wantJoin is the sink of events JOIN dims: records without a dims row drop.
func wantJoin(in []eosIn, dims map[string]eosDim) streamWant {
	w := streamWant{}
	for _, r := range in {
		d, ok := dims[r.key]
		if !ok {
			continue
		}
		o := w[eosID{r.key, r.seq}]
		w[eosID{r.key, r.seq}] = wantOut{o.n + 1, fmt.Sprintf("REGION=%s;SEQ=%d;V=%d;WEIGHT=%d", d.region, r.seq, r.v, d.weight)}
	}
	return w
}

// streamCheck compares a stream query's sink with its model.
type streamCheck struct {
	name          string
	want, got     int        // records
	lost, dup     int        // records missing, records beyond the expected number
	wrong         int        // records with an unexpected (key, seq) or value
	gaps, gapKeys int        // (key, seq) never in the sink; keys with one
	reordered     int        // records whose seq is below the key's previous one
	vis           visibility // records visible read_uncommitted, not read_committed
	problems      problemList
}

// checkStream compares got (read_committed, partition/offset order) with want.
func checkStream(name string, want streamWant, got []kRec) streamCheck {
	c := streamCheck{name: name, got: len(got)}
	seen := map[eosID]map[string]int{}
	last := map[string]int64{}
	for _, r := range got {
		v, err := decodeObject(r.value)
		seq, ok := intField(v, "SEQ")
		if err != nil || !ok {
			c.wrong++
			c.note("%s/%d@%d key %s: value %s is not an object with SEQ", name, r.part, r.off, r.key, r.value)
			continue
		}
		id := eosID{string(r.key), seq}
		if seen[id] == nil {
			seen[id] = map[string]int{}
		}
		seen[id][canon(v)]++
		if seq < last[id.key] {
			c.reordered++
		}
		last[id.key] = seq
	}
	for _, id := range sortedIDs(want) {
		w := want[id]
		c.want += w.n
		right := seen[id][w.canon]
		c.lost += max(0, w.n-right)
		c.dup += max(0, right-w.n)
		if right > w.n {
			c.note("%s: key %s seq %d written %d times, input holds it %d times", name, id.key, id.seq, right, w.n)
		}
		if right == 0 {
			c.note("%s: key %s seq %d missing (want %s)", name, id.key, id.seq, w.canon)
		}
		for v, n := range seen[id] {
			if v != w.canon {
				c.wrong += n
				c.note("%s: key %s seq %d has value %s, want %s", name, id.key, id.seq, v, w.canon)
			}
		}
	}
	for id, vals := range seen {
		if _, ok := want[id]; !ok {
			for v, n := range vals {
				c.wrong += n
				c.note("%s: key %s seq %d (value %s) is not in the input", name, id.key, id.seq, v)
			}
		}
	}
	c.gaps, c.gapKeys = seqGaps(want, seen)
	return c
}

// seqGaps counts the (key, seq) of want that got never holds, and their keys.
func seqGaps(want streamWant, seen map[eosID]map[string]int) (gaps, keys int) {
	gapKeys := map[string]bool{}
	for id := range want {
		if len(seen[id]) == 0 {
			gaps++
			gapKeys[id.key] = true
		}
	}
	return gaps, len(gapKeys)
}

func sortedIDs(w streamWant) []eosID {
	return slices.SortedFunc(maps.Keys(w), func(a, b eosID) int {
		if a.key != b.key {
			return strings.Compare(a.key, b.key)
		}
		return int(a.seq - b.seq)
	})
}

func (c *streamCheck) note(format string, args ...any) { c.problems.add(format, args...) }

// problemList keeps the first examples of each kind of problem (the format
// names the kind) for the report.
type problemList struct {
	list  []string
	kinds map[string]int
}

// maxProblemsPerKind bounds the examples kept of each kind.
const maxProblemsPerKind = 2

func (p *problemList) add(format string, args ...any) {
	if p.kinds == nil {
		p.kinds = map[string]int{}
	}
	if p.kinds[format]++; p.kinds[format] <= maxProblemsPerKind {
		p.list = append(p.list, fmt.Sprintf(format, args...))
	}
}

// failed reports whether the check fails under guarantee: exactly-once
// allows no lost, duplicated or wrong record; at-least-once no lost or wrong.
func (c streamCheck) failed(guarantee string) bool {
	if c.lost > 0 || c.wrong > 0 || c.gaps > 0 {
		return true
	}
	return guarantee == guaranteeEOS && c.dup > 0
}
