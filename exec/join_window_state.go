package exec

import (
	"container/heap"
	"fmt"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/state"
)

// windowTimes is the stored form of a stream-stream join's times.
type windowTimes struct {
	Stream int64    `json:"t"`
	Set    bool     `json:"s"`
	Newest [2]int64 `json:"n"`
	Seen   [2]bool  `json:"e"`
}

func (j *windowJoin) saveState(b *state.Batch, prefix []byte) error {
	wt := windowTimes{Stream: j.streamTime, Set: j.timeSet}
	codecs := j.sideCodecs()
	for side, w := range j.sides {
		wt.Newest[side], wt.Seen[side] = w.newest, w.seen
		for id := range w.dirty {
			k := stateKey(prefix, "w"+strconv.Itoa(side)+"/", id)
			list := w.rows[id]
			if len(list) == 0 {
				b.Delete(k)
				continue
			}
			saved := make([]savedRow, len(list))
			for i, r := range list {
				saved[i] = savedRow{Row: codecs[side].encode(r.row), Time: r.time}
			}
			if err := putJSON(b, k, saved); err != nil {
				return err
			}
		}
		clear(w.dirty)
	}
	if err := j.saveWaiting(b, prefix, codecs); err != nil {
		return err
	}
	return putJSON(b, stateKey(prefix, "m"), wt)
}

func (j *windowJoin) saveWaiting(b *state.Batch, prefix []byte, codecs [2]codec) error {
	o := j.waiting
	for k := range o.dirty {
		sk := stateKey(prefix, "o/", fmt.Sprintf("%d/%d/", k.time, k.side), k.id)
		r := o.rows[k]
		if r == nil {
			b.Delete(sk)
			continue
		}
		s := savedRow{Key: j.keyCodec().encode(r.key), Row: codecs[r.side].encode(r.row), Time: r.time, Close: r.close}
		if err := putJSON(b, sk, s); err != nil {
			return err
		}
	}
	clear(o.dirty)
	return nil
}

func (j *windowJoin) loadState(db *state.DB, prefix []byte) error {
	codecs := j.sideCodecs()
	for side, w := range j.sides {
		w.dirty = map[string]bool{}
		p := stateKey(prefix, "w"+strconv.Itoa(side)+"/")
		err := db.Scan(p, func(k, v []byte) error {
			var saved []savedRow
			if err := decodeJSON(v, &saved); err != nil {
				return err
			}
			id := string(k[len(p):])
			for _, s := range saved {
				row, err := codecs[side].decode(s.Row)
				if err != nil {
					return err
				}
				w.rows[id] = append(w.rows[id], bufferedRow{row: row, time: s.Time})
				heap.Push(&w.expiry, expiryEntry{time: s.Time, id: id})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := j.loadWaiting(db, prefix, codecs); err != nil {
		return err
	}
	v, ok, err := db.Get(stateKey(prefix, "m"))
	if err != nil || !ok {
		return err
	}
	var wt windowTimes
	if err := decodeJSON(v, &wt); err != nil {
		return err
	}
	j.streamTime, j.timeSet = wt.Stream, wt.Set
	for side, w := range j.sides {
		w.newest, w.seen = wt.Newest[side], wt.Seen[side]
	}
	return nil
}

func (j *windowJoin) loadWaiting(db *state.DB, prefix []byte, codecs [2]codec) error {
	o := j.waiting
	o.dirty = map[outerKey]bool{}
	p := stateKey(prefix, "o/")
	return scanRows(db, p, func(rest string, s *savedRow) error {
		parts := strings.SplitN(rest, "/", 3)
		if len(parts) != 3 {
			return fmt.Errorf("bad join state key %q", rest)
		}
		side, err := strconv.Atoi(parts[1])
		if err != nil || side < 0 || side > 1 {
			return fmt.Errorf("bad join state key %q", rest)
		}
		key, err := j.keyCodec().decode(s.Key)
		if err != nil {
			return err
		}
		row, err := codecs[side].decode(s.Row)
		if err != nil {
			return err
		}
		r := &outerRow{time: s.Time, side: side, id: parts[2], key: key, row: row, close: s.Close}
		o.rows[outerKey{r.time, r.side, r.id}] = r
		heap.Push(&o.closes, closeEntry{at: s.Close, row: r})
		return nil
	})
}
