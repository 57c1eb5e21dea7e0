package serde

// Boxing values from a per-record slab (types.Slab).
//
// Storing an int64, float64 or string in an interface (types.Value) makes the
// runtime allocate a copy of it, once per value: for a record of seven
// columns that is most of the decoder's allocations. The decoder instead
// boxes the top-level values of a record from one slab per record. A
// retained value keeps its record's slab alive (16 bytes per top-level
// column), and a retained string also the record's string arena (at most
// arenaMax bytes).

// slabSize counts the top-level columns whose values are boxed from the slab.
func slabSize(cols []Column) int {
	n := 0
	for _, c := range cols {
		if isScalar(c.Type.Kind) {
			n++
		}
	}
	return n
}
