package exec

import (
	"encoding/json"
	"fmt"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/state"
	"github.com/streamsql/streamsql/types"
)

// A join saves its state when the task has a state store: at each
// checkpoint the entries that changed since the last one, under the
// operator's prefix:
//
//	m            stream-stream times (JSON)
//	w<side>/<id> a stream side's rows of key id (oldest first)
//	o/<t>/<side>/<id> an unmatched row waiting for its window to close
//	s<side>/<id> a table side's row of key id
//	f/<id>       a foreign-key join's left row of primary key id
//
// Rows are stored as JSON arrays of their column values. Change tracking is
// off (dirty sets nil) until the state is loaded, so tasks without a store
// pay nothing.

// savedRow is the stored form of a row of join state.
type savedRow struct {
	Key   []any  `json:"k,omitempty"`
	Row   []any  `json:"r,omitempty"`
	Time  int64  `json:"t"`
	Close int64  `json:"c,omitempty"`
	FK    string `json:"f,omitempty"`
}

// codec converts rows of fixed column types to and from stored JSON.
type codec []*types.Type

func schemaCodec(s *planner.Schema) codec {
	c := make(codec, len(s.Columns))
	for i, col := range s.Columns {
		c[i] = col.Type
	}
	return c
}

func exprCodec(es []planner.Expr) codec {
	c := make(codec, len(es))
	for i, e := range es {
		c[i] = e.Type()
	}
	return c
}

func (c codec) encode(r types.Row) []any {
	out := make([]any, len(r))
	for i, v := range r {
		out[i] = serde.ToJSON(v, c[i])
	}
	return out
}

func (c codec) decode(vs []any) (types.Row, error) {
	if len(vs) != len(c) {
		return nil, fmt.Errorf("stored row has %d columns, want %d", len(vs), len(c))
	}
	r := make(types.Row, len(vs))
	for i, v := range vs {
		val, err := serde.FromJSON(v, c[i])
		if err != nil {
			return nil, err
		}
		r[i] = val
	}
	return r, nil
}

// sideCodecs returns the codecs of each side's rows.
func (c *joinCore) sideCodecs() [2]codec {
	return [2]codec{schemaCodec(c.node.Left.Schema()), schemaCodec(c.node.Right.Schema())}
}

// keyCodec returns the codec of the join key.
func (c *joinCore) keyCodec() codec { return exprCodec(c.node.RightKey) }

func (j *joinOp) saveState(b *state.Batch, prefix []byte) error {
	if s, ok := j.impl.(stateful); ok {
		return s.saveState(b, prefix)
	}
	return nil
}

func (j *joinOp) loadState(db *state.DB, prefix []byte) error {
	if s, ok := j.impl.(stateful); ok {
		return s.loadState(db, prefix)
	}
	return nil
}

func stateKey(prefix []byte, parts ...string) []byte {
	k := append([]byte(nil), prefix...)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

// putJSON stores v at key.
func putJSON(b *state.Batch, key []byte, v any) error {
	bs, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b.Set(key, bs)
	return nil
}

// scanRows calls fn with the id and stored row of each entry under p.
func scanRows(db *state.DB, p []byte, fn func(id string, r *savedRow) error) error {
	return db.Scan(p, func(k, v []byte) error {
		var r savedRow
		if err := decodeJSON(v, &r); err != nil {
			return err
		}
		return fn(string(k[len(p):]), &r)
	})
}

// saveTable stores the changed rows of a table side.
func saveTable(b *state.Batch, prefix []byte, name string, rows map[string]*tableRow, dirty map[string]bool, key, row codec) error {
	for id := range dirty {
		k := stateKey(prefix, name, id)
		r := rows[id]
		if r == nil {
			b.Delete(k)
			continue
		}
		if err := putJSON(b, k, savedRow{Key: key.encode(r.key), Row: row.encode(r.row), Time: r.time}); err != nil {
			return err
		}
	}
	clear(dirty)
	return nil
}

// loadTable reads a table side's rows.
func loadTable(db *state.DB, prefix []byte, name string, rows map[string]*tableRow, key, row codec) error {
	return scanRows(db, stateKey(prefix, name), func(id string, s *savedRow) error {
		k, err := key.decode(s.Key)
		if err != nil {
			return err
		}
		r, err := row.decode(s.Row)
		if err != nil {
			return err
		}
		rows[id] = &tableRow{key: k, row: r, time: s.Time}
		return nil
	})
}

func (j *lookupJoin) saveState(b *state.Batch, prefix []byte) error {
	return saveTable(b, prefix, "s1/", j.table, j.dirty, j.keyCodec(), j.sideCodecs()[rightPort])
}

func (j *lookupJoin) loadState(db *state.DB, prefix []byte) error {
	j.dirty = map[string]bool{}
	return loadTable(db, prefix, "s1/", j.table, j.keyCodec(), j.sideCodecs()[rightPort])
}

func (j *tableJoin) saveState(b *state.Batch, prefix []byte) error {
	codecs := j.sideCodecs()
	for side, name := range []string{"s0/", "s1/"} {
		if err := saveTable(b, prefix, name, j.sides[side], j.dirty[side], j.keyCodec(), codecs[side]); err != nil {
			return err
		}
	}
	return nil
}

func (j *tableJoin) loadState(db *state.DB, prefix []byte) error {
	codecs := j.sideCodecs()
	for side, name := range []string{"s0/", "s1/"} {
		j.dirty[side] = map[string]bool{}
		if err := loadTable(db, prefix, name, j.sides[side], j.keyCodec(), codecs[side]); err != nil {
			return err
		}
	}
	return nil
}

func (j *foreignJoin) saveState(b *state.Batch, prefix []byte) error {
	pk, left := j.pkCodec(), j.sideCodecs()[leftPort]
	for id := range j.leftDirty {
		k := stateKey(prefix, "f/", id)
		l := j.lefts[id]
		if l == nil {
			b.Delete(k)
			continue
		}
		if err := putJSON(b, k, savedRow{Key: pk.encode(l.pk), Row: left.encode(l.row), FK: l.fk}); err != nil {
			return err
		}
	}
	clear(j.leftDirty)
	return saveTable(b, prefix, "s1/", j.rights, j.rightDirty, j.keyCodec(), j.sideCodecs()[rightPort])
}

func (j *foreignJoin) loadState(db *state.DB, prefix []byte) error {
	j.leftDirty, j.rightDirty = map[string]bool{}, map[string]bool{}
	pk, left := j.pkCodec(), j.sideCodecs()[leftPort]
	err := scanRows(db, stateKey(prefix, "f/"), func(id string, s *savedRow) error {
		k, err := pk.decode(s.Key)
		if err != nil {
			return err
		}
		r, err := left.decode(s.Row)
		if err != nil {
			return err
		}
		l := &fkLeft{pk: k, pkID: id, row: r, fk: s.FK}
		j.lefts[id] = l
		if l.fk != "" {
			j.subscribe(l)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return loadTable(db, prefix, "s1/", j.rights, j.keyCodec(), j.sideCodecs()[rightPort])
}

func (j *foreignJoin) pkCodec() codec {
	c := make(codec, len(j.primary))
	for i, p := range j.primary {
		c[i] = j.node.Left.Schema().Columns[p].Type
	}
	return c
}
