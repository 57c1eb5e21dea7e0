package serde

import "github.com/streamsql/streamsql/types"

// Decoding the members of an object into the values of a row or STRUCT.

// objectState is what decoding one object's members into vals tracks: how
// each member was set (0 unset, 1 from an upper-cased key, 2 from an exact
// key), and the conversion error of each member, allocated on the first one.
type objectState struct {
	f       *fieldSet
	vals    []types.Value
	discard []bool // members only checked (Options.Discard); nil: none
	errs    []*convError
	small   [16]uint8 // rank, for up to 16 members (the struct stays on the stack)
	large   []uint8   // rank, for more
}

func (o *objectState) rank() []uint8 {
	if o.large != nil {
		return o.large
	}
	return o.small[:len(o.vals)]
}

// members decodes the object at the current '{' into vals (one per member of
// f). Missing members stay NULL, unknown ones are skipped. When a member cannot
// be converted, the object is still scanned to its end; the conversion error
// is returned with idx naming the member.
func (s *scanner) members(f *fieldSet, vals []types.Value, discard []bool) (idx int, err error) {
	o := objectState{f: f, vals: vals, discard: discard}
	if len(vals) > len(o.small) {
		o.large = make([]uint8, len(vals))
	}
	if err := s.enter(); err != nil {
		return -1, err
	}
	if err := s.eachMemberOf(&o); err != nil {
		return -1, err
	}
	s.leave()
	for i, ce := range o.errs {
		if ce != nil {
			return i, ce
		}
	}
	return -1, nil
}

// eachMemberOf is eachMember for a known set of members, without the
// indirection of a callback: the loop every record goes through. The first
// object decoded with a set leaves its keys as the set's hints.
func (s *scanner) eachMemberOf(o *objectState) error {
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	var hints, learn []memberHint
	if p := o.f.hints.Load(); p != nil {
		hints = *p
	} else {
		learn = make([]memberHint, 0, len(o.vals)+2)
	}
	for k := 0; ; k++ {
		key, flags, off, err := s.memberKey()
		if err != nil {
			return err
		}
		exact, upper, ok := o.f.hinted(hints, k, key, flags)
		if !ok {
			if exact, upper, err = o.f.match(key, flags, off); err != nil {
				return err
			}
		}
		if learn != nil && flags == 0 && len(learn) == k && k < maxHints {
			learn = append(learn, memberHint{key: string(key), exact: exact, upper: upper})
		}
		if err := s.member(o, exact, upper); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			if learn != nil {
				o.f.learn(learn)
			}
			return nil
		default:
			return s.unexpected("',' or '}'")
		}
	}
}

// member decodes the current value into the slot(s) its key feeds (see
// fieldSet.match), or skips it.
func (s *scanner) member(o *objectState, exact, upper int) error {
	if upper >= 0 && o.rank()[upper] == 2 {
		upper = -1 // an exact match elsewhere in the object wins
	}
	switch {
	case exact >= 0 && upper >= 0: // rare: one key feeds two members
		start := s.pos
		if err := s.decodeMember(o, exact, 2); err != nil {
			return err
		}
		again := scanner{b: s.b[:s.pos], pos: start, depth: s.depth, sets: s.sets}
		return again.decodeMember(o, upper, 1)
	case exact >= 0:
		return s.decodeMember(o, exact, 2)
	case upper >= 0:
		return s.decodeMember(o, upper, 1)
	}
	return s.skip()
}

// decodeMember decodes the current value into member i, set with rank r
// unless a better-ranked key set it already.
func (s *scanner) decodeMember(o *objectState, i int, r uint8) error {
	var v types.Value
	var err error
	if o.discard != nil && o.discard[i] {
		err = s.check(o.f.types[i])
	} else {
		v, err = s.value(o.f.types[i])
	}
	ce, isConv := err.(*convError)
	if err != nil && !isConv {
		return err
	}
	rank := o.rank()
	if r < rank[i] {
		return nil
	}
	rank[i], o.vals[i] = r, v
	if ce != nil || o.errs != nil {
		if o.errs == nil {
			o.errs = make([]*convError, len(o.vals))
		}
		o.errs[i] = ce
	}
	return nil
}
