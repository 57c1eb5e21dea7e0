package funcs

import "github.com/streamsql/streamsql/types"

func init() {
	register(
		&Func{Name: "COALESCE", Category: CatNulls,
			Description: "The first argument that is not NULL.",
			Overloads: []*Overload{{Params: ps(p("first", tT), p("others", tT)), Variadic: true, Returns: tT,
				Eval: pure(func(a []types.Value) types.Value {
					for _, v := range a {
						if v != nil {
							return v
						}
					}
					return nil
				})}}},
		&Func{Name: "IFNULL", Category: CatNulls,
			Description: "The first argument, or the second when the first is NULL.",
			Overloads: []*Overload{{Params: ps(p("expression", tT), p("altValue", tT)), Returns: tT,
				Eval: pure(func(a []types.Value) types.Value {
					if a[0] == nil {
						return a[1]
					}
					return a[0]
				})}}},
		&Func{Name: "NULLIF", Category: CatNulls,
			Description: "NULL when both arguments are equal, else the first.",
			Overloads: []*Overload{{Params: ps(p("expression1", tT), p("expression2", tT)), Returns: tT,
				Eval: pure(func(a []types.Value) types.Value {
					if a[0] != nil && valueEqual(a[0], a[1]) {
						return nil
					}
					return a[0]
				})}}},
		&Func{Name: "AS_VALUE", Category: CatOther,
			Description: "Copies a key column into the value of the result.",
			Overloads: []*Overload{{Params: ps(p("keyColumn", tT)), Returns: tT,
				Eval: pure(func(a []types.Value) types.Value { return a[0] })}}},
	)
}
