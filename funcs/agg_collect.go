package funcs

import "github.com/streamsql/streamsql/types"

func init() {
	register(
		&Func{Name: "COLLECT_LIST", Kind: Aggregate, Category: CatAgg, Undoable: true,
			Description: "An array of the values of every row (NULLs included), up to " +
				"ksql.functions.collect_list.limit entries.",
			Overloads: []*Overload{{Params: ps(p("col1", tT)), Returns: tArray(tT),
				NewAgg: func(in AggInit) (Aggregator, error) {
					return &collectAgg{t: in.arg(0), limit: limitOr(in.CollectListLimit)}, nil
				}}}},
		&Func{Name: "COLLECT_SET", Kind: Aggregate, Category: CatAgg,
			Description: "An array of the distinct values of the rows, in order of first occurrence, up to " +
				"ksql.functions.collect_set.limit entries.",
			Overloads: []*Overload{{Params: ps(p("col1", tT)), Returns: tArray(tT),
				NewAgg: func(in AggInit) (Aggregator, error) {
					return &collectAgg{t: in.arg(0), limit: limitOr(in.CollectSetLimit), set: true}, nil
				}}}},
		&Func{Name: "HISTOGRAM", Kind: Aggregate, Category: CatAgg, Undoable: true,
			Description: "A map from each distinct non-NULL string to the number of rows holding it, " +
				"for up to 1000 distinct values.",
			Overloads: []*Overload{{Params: ps(p("col1", tString)), Returns: tMap(tString, tBigInt),
				NewAgg: func(AggInit) (Aggregator, error) { return &histogramAgg{}, nil }}}},
	)
}

// collectAgg is COLLECT_LIST, or COLLECT_SET when set is true.
type collectAgg struct {
	t     *types.Type
	limit int
	set   bool
	vals  []types.Value
}

func (a *collectAgg) Add(args []types.Value) error {
	if len(a.vals) >= a.limit || a.set && indexOf(a.vals, args[0]) >= 0 {
		return nil
	}
	a.vals = append(a.vals, args[0])
	return nil
}

func (a *collectAgg) Remove(args []types.Value) error {
	if a.set {
		return ErrNotUndoable
	}
	for i := len(a.vals) - 1; i >= 0; i-- {
		if valueEqual(a.vals[i], args[0]) {
			a.vals = append(a.vals[:i], a.vals[i+1:]...)
			break
		}
	}
	return nil
}

func (a *collectAgg) Merge(o Aggregator) error {
	b, ok := o.(*collectAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	for _, v := range b.vals {
		_ = a.Add([]types.Value{v})
	}
	return nil
}

func (a *collectAgg) Result() types.Value { return append([]types.Value{}, a.vals...) }

func (a *collectAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	e.values(a.vals, a.t)
	return e.buf, nil
}

func (a *collectAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	a.vals = d.values(a.t)
	return d.done()
}

const histogramLimit = 1000

// histogramAgg counts strings, keeping first-seen order.
type histogramAgg struct {
	keys   []string
	counts map[string]int64
}

func (a *histogramAgg) Add(args []types.Value) error {
	if s, ok := args[0].(string); ok {
		a.addN(s, 1)
	}
	return nil
}

func (a *histogramAgg) addN(s string, n int64) {
	if a.counts == nil {
		a.counts = map[string]int64{}
	}
	if _, seen := a.counts[s]; !seen {
		if len(a.keys) >= histogramLimit {
			return
		}
		a.keys = append(a.keys, s)
	}
	a.counts[s] += n
}

func (a *histogramAgg) Remove(args []types.Value) error {
	s, ok := args[0].(string)
	if !ok || a.counts[s] == 0 {
		return nil
	}
	if a.counts[s]--; a.counts[s] == 0 {
		delete(a.counts, s)
		for i, k := range a.keys {
			if k == s {
				a.keys = append(a.keys[:i], a.keys[i+1:]...)
				break
			}
		}
	}
	return nil
}

func (a *histogramAgg) Merge(o Aggregator) error {
	b, ok := o.(*histogramAgg)
	if !ok {
		return mergeMismatch(a, o)
	}
	for _, k := range b.keys {
		a.addN(k, b.counts[k])
	}
	return nil
}

func (a *histogramAgg) Result() types.Value {
	m := &types.MapValue{Keys: make([]types.Value, len(a.keys)), Vals: make([]types.Value, len(a.keys))}
	for i, k := range a.keys {
		m.Keys[i], m.Vals[i] = k, a.counts[k]
	}
	return m
}

func (a *histogramAgg) Marshal() ([]byte, error) {
	e := &encoder{}
	e.uvarint(uint64(len(a.keys)))
	for _, k := range a.keys {
		e.bytes([]byte(k))
		e.varint(a.counts[k])
	}
	return e.buf, nil
}

func (a *histogramAgg) Unmarshal(data []byte) error {
	d := &decoder{buf: data}
	n := d.uvarint()
	a.keys, a.counts = nil, map[string]int64{}
	for i := uint64(0); i < n && d.err == nil; i++ {
		k := string(d.bytes())
		a.keys = append(a.keys, k)
		a.counts[k] = d.varint()
	}
	return d.done()
}
