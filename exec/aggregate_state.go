package exec

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/state"
	"github.com/streamsql/streamsql/types"
)

// savedGroup is the stored form of an aggGroup.
type savedGroup struct {
	Key     []any    `json:"k"`
	Start   int64    `json:"s"`
	End     int64    `json:"e"`
	MaxTime int64    `json:"m"`
	Seq     int64    `json:"q"`
	Final   bool     `json:"f,omitempty"`
	Aggs    [][]byte `json:"a"`
}

// savedPrev is the stored form of a table row's contribution.
type savedPrev struct {
	Group string  `json:"g"`
	Args  [][]any `json:"a"`
}

// markGroup records that group id changed (g nil: deleted) since the last
// save. A group in the set is marked, so that its later updates skip the set.
func (a *aggregateOp) markGroup(id string, g *aggGroup) {
	if a.dirty != nil {
		a.dirty[id] = g
		if g != nil {
			g.marked = true
		}
	}
}

func (a *aggregateOp) markPrev(sk string) {
	if a.prevDirty != nil {
		a.prevDirty[sk] = true
	}
}

func (a *aggregateOp) saveState(b *state.Batch, prefix []byte) error {
	var buf []byte
	for id, g := range a.dirty {
		key := append(append(append([]byte(nil), prefix...), 'g', '/'), id...)
		if g == nil {
			b.Delete(key)
			continue
		}
		var err error
		if buf, err = a.appendGroup(buf[:0], g); err != nil {
			return err
		}
		b.Set(key, buf) // Set copies
	}
	for sk := range a.prevDirty {
		key := append(append(append([]byte(nil), prefix...), 'p', '/'), sk...)
		p, ok := a.prev[sk]
		if !ok {
			b.Delete(key)
			continue
		}
		sp := savedPrev{Group: p.group}
		for j, args := range p.args {
			var row []any
			for k, v := range args {
				row = append(row, serde.ToJSON(v, a.node.Aggs[j].Args[k].Type()))
			}
			sp.Args = append(sp.Args, row)
		}
		v, err := json.Marshal(sp)
		if err != nil {
			return err
		}
		b.Set(key, v)
	}
	if a.windows != nil {
		t, _ := json.Marshal(a.windows.streamTime)
		b.Set(append(append([]byte(nil), prefix...), 't'), t)
	}
	for _, g := range a.dirty {
		if g != nil {
			g.marked = false
		}
	}
	clear(a.dirty)
	clear(a.prevDirty)
	return nil
}

func (a *aggregateOp) loadState(db *state.DB, prefix []byte) error {
	a.dirty, a.prevDirty = map[string]*aggGroup{}, map[string]bool{}
	gp := append(append([]byte(nil), prefix...), 'g', '/')
	err := db.Scan(gp, func(k, v []byte) error {
		sg, err := a.decodeGroup(v)
		if err != nil {
			return err
		}
		g := &aggGroup{start: sg.Start, end: sg.End, maxTime: sg.MaxTime, seq: sg.Seq, final: sg.Final}
		if g.key, err = a.keyValues(sg); err != nil {
			return err
		}
		for j, c := range a.node.Aggs {
			agg, err := c.Overload.NewAgg(c.Init)
			if err != nil {
				return err
			}
			if j < len(sg.Aggs) {
				if err := agg.Unmarshal(sg.Aggs[j]); err != nil {
					return fmt.Errorf("%s: %w", c.Name, err)
				}
			}
			g.aggs = append(g.aggs, agg)
		}
		id := string(k[len(gp):])
		g.id = id
		a.groups[id] = g
		a.seq = max(a.seq, g.seq)
		if a.windows != nil && a.windows.spec.Kind == "SESSION" {
			kid := encodeKey(g.key)
			a.windows.sessions[kid] = append(a.windows.sessions[kid], id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	pp := append(append([]byte(nil), prefix...), 'p', '/')
	err = db.Scan(pp, func(k, v []byte) error {
		var sp savedPrev
		if err := decodeJSON(v, &sp); err != nil {
			return err
		}
		p := prevRow{group: sp.Group}
		for j, row := range sp.Args {
			var args []types.Value
			for i, av := range row {
				val, err := serde.FromJSON(av, a.node.Aggs[j].Args[i].Type())
				if err != nil {
					return err
				}
				args = append(args, val)
			}
			p.args = append(p.args, args)
		}
		a.prev[string(k[len(pp):])] = p
		return nil
	})
	if err != nil || a.windows == nil {
		return err
	}
	if v, ok, err := db.Get(append(append([]byte(nil), prefix...), 't')); err != nil {
		return err
	} else if ok {
		return json.Unmarshal(v, &a.windows.streamTime)
	}
	return nil
}

func decodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}
