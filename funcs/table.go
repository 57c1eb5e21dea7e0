package funcs

import "github.com/streamsql/streamsql/types"

// maxCubeColumns bounds CUBE_EXPLODE, which emits 2^n rows.
const maxCubeColumns = 16

func init() {
	register(
		&Func{Name: "EXPLODE", Kind: Table, Category: CatTable,
			Description: "One row per element of an array; no rows for a NULL or empty array.",
			Overloads: []*Overload{{Params: ps(p("array", tArray(tT))), Returns: tT,
				Explode: func(a []types.Value) ([]types.Value, error) {
					if a[0] == nil {
						return nil, nil
					}
					return a[0].([]types.Value), nil
				}}}},
		&Func{Name: "CUBE_EXPLODE", Kind: Table, Category: CatTable,
			Description: "One row per distinct combination of the array's elements with some replaced by NULL " +
				"(the grouping sets of a CUBE).",
			Overloads: []*Overload{{Params: ps(p("array", tArray(tT))), Returns: tArray(tT), Explode: cubeExplode}}},
	)
}

func cubeExplode(a []types.Value) ([]types.Value, error) {
	if a[0] == nil {
		return nil, nil
	}
	in := a[0].([]types.Value)
	n := len(in)
	if n > maxCubeColumns {
		return nil, errorf("CUBE_EXPLODE supports at most %d elements, got %d", maxCubeColumns, n)
	}
	seen := map[string]bool{}
	var out []types.Value
	for mask := 0; mask < 1<<n; mask++ {
		combo := make([]types.Value, n)
		for i := range in {
			if mask&(1<<(n-1-i)) != 0 {
				combo[i] = in[i]
			}
		}
		if k := valueKey(combo); !seen[k] {
			seen[k] = true
			out = append(out, combo)
		}
	}
	return out, nil
}
