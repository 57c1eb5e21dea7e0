package exec

import (
	"slices"
	"strconv"
)

// keyWindows is one group key's live hopping or tumbling windows, by start.
// A record finds its windows here with one lookup of its key, where the
// group map would take one lookup per window in a map of every window.
type keyWindows struct {
	kid  string // the key's encoding (appendKey): the windows' ids start with it
	wins []*aggGroup
}

// find returns the window starting at start, or nil.
func (k *keyWindows) find(start int64) *aggGroup {
	// Records mostly arrive in time order: their windows are the latest.
	for j := len(k.wins) - 1; j >= 0 && j >= len(k.wins)-8; j-- {
		if s := k.wins[j].start; s <= start {
			if s == start {
				return k.wins[j]
			}
			return nil
		}
	}
	if j, ok := k.search(start); ok {
		return k.wins[j]
	}
	return nil
}

func (k *keyWindows) search(start int64) (int, bool) {
	return slices.BinarySearchFunc(k.wins, start, func(g *aggGroup, s int64) int { return cmpInt(g.start, s) })
}

// add inserts g, a window of this key not yet held.
func (k *keyWindows) add(g *aggGroup) {
	if n := len(k.wins); n == 0 || k.wins[n-1].start < g.start {
		k.wins = append(k.wins, g)
	} else {
		j, _ := k.search(g.start)
		k.wins = slices.Insert(k.wins, j, g)
	}
	g.kw = k
}

// remove drops g.
func (k *keyWindows) remove(g *aggGroup) {
	if j, ok := k.search(g.start); ok && k.wins[j] == g {
		k.wins = slices.Delete(k.wins, j, j+1)
	}
}

// indexKey adds a time window to the index of its key.
func (w *windowState) indexKey(g *aggGroup) {
	kid := g.id[:len(g.id)-len(strconv.FormatInt(g.start, 10))]
	k := w.byKey[kid]
	if k == nil {
		k = &keyWindows{kid: kid}
		w.byKey[kid] = k
	}
	k.add(g)
}

// unindexKey removes an evicted time window from the index.
func (w *windowState) unindexKey(g *aggGroup) {
	k := g.kw
	if k == nil {
		return
	}
	k.remove(g)
	g.kw = nil
	if len(k.wins) == 0 && w.byKey[k.kid] == k {
		delete(w.byKey, k.kid)
	}
}
