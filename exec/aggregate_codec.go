package exec

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/types"
)

// groupFormat marks the binary form of a saved group. The first save format
// was a JSON object, which starts with '{'; groups saved that way still load.
const groupFormat = 0x01

// appendGroup appends the stored form of g: the format byte, start, end, max
// time and sequence as varints, the final flag, then each key value as JSON
// and each aggregate's own bytes, all length-prefixed. It is the hot path of
// every commit of an aggregation, so it avoids reflection.
func (a *aggregateOp) appendGroup(dst []byte, g *aggGroup) ([]byte, error) {
	dst = append(dst, groupFormat)
	dst = binary.AppendVarint(dst, g.start)
	dst = binary.AppendVarint(dst, g.end)
	dst = binary.AppendVarint(dst, g.maxTime)
	dst = binary.AppendVarint(dst, g.seq)
	final := byte(0)
	if g.final {
		final = 1
	}
	dst = append(dst, final)
	dst = binary.AppendUvarint(dst, uint64(len(g.key)))
	var err error
	for i, v := range g.key {
		mark := len(dst)
		if dst, err = serde.AppendJSON(dst, v, a.node.Out.Columns[i].Type); err != nil {
			return nil, err
		}
		dst = prefixLength(dst, mark)
	}
	dst = binary.AppendUvarint(dst, uint64(len(g.aggs)))
	for _, agg := range g.aggs {
		if m, ok := agg.(funcs.StateAppender); ok {
			if dst, err = m.AppendState(dst); err != nil {
				return nil, err
			}
			continue
		}
		bs, err := agg.Marshal()
		if err != nil {
			return nil, err
		}
		dst = binary.AppendUvarint(dst, uint64(len(bs)))
		dst = append(dst, bs...)
	}
	return dst, nil
}

// prefixLength inserts the length of dst[mark:] as a uvarint at mark.
func prefixLength(dst []byte, mark int) []byte {
	var n [binary.MaxVarintLen64]byte
	l := binary.PutUvarint(n[:], uint64(len(dst)-mark))
	dst = append(dst, n[:l]...)
	copy(dst[mark+l:], dst[mark:len(dst)-l])
	copy(dst[mark:], n[:l])
	return dst
}

var errShortGroup = errors.New("exec: saved aggregate group is truncated")

// groupReader reads the binary form appendGroup writes.
type groupReader struct {
	b   []byte
	err error
}

func (r *groupReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShortGroup
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *groupReader) bytes() []byte {
	l, n := binary.Uvarint(r.b)
	if n <= 0 || uint64(len(r.b)-n) < l {
		r.err = errShortGroup
		return nil
	}
	out := r.b[n : n+int(l)]
	r.b = r.b[n+int(l):]
	return out
}

func (r *groupReader) count() int {
	l, n := binary.Uvarint(r.b)
	if n <= 0 || l > uint64(len(r.b)) {
		r.err = errShortGroup
		return 0
	}
	r.b = r.b[n:]
	return int(l)
}

// decodeGroup reads a saved group in either format.
func (a *aggregateOp) decodeGroup(v []byte) (savedGroup, error) {
	var sg savedGroup
	if len(v) == 0 || v[0] != groupFormat {
		err := decodeJSON(v, &sg)
		return sg, err
	}
	r := &groupReader{b: v[1:]}
	sg.Start, sg.End, sg.MaxTime, sg.Seq = r.varint(), r.varint(), r.varint(), r.varint()
	if r.err == nil && len(r.b) > 0 {
		sg.Final, r.b = r.b[0] == 1, r.b[1:]
	}
	for range r.count() {
		var kv any
		if raw := r.bytes(); r.err == nil {
			if err := decodeJSON(raw, &kv); err != nil {
				return sg, fmt.Errorf("exec: saved group key: %w", err)
			}
		}
		sg.Key = append(sg.Key, kv)
	}
	for range r.count() {
		sg.Aggs = append(sg.Aggs, append([]byte(nil), r.bytes()...))
	}
	return sg, r.err
}

// keyValues converts a saved group's JSON key values to typed values.
func (a *aggregateOp) keyValues(sg savedGroup) (types.Row, error) {
	var key types.Row
	for i, kv := range sg.Key {
		val, err := serde.FromJSON(kv, a.node.Out.Columns[i].Type)
		if err != nil {
			return nil, err
		}
		key = append(key, val)
	}
	return key, nil
}
