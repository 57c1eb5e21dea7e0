package funcs

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(
		maskFunc("MASK", "Masks a string: upper-case letters become 'X', lower-case 'x', digits 'n' and "+
			"others '-', or the given mask characters (NULL leaves that class unmasked).", nil),
		maskFunc("MASK_LEFT", "Masks the first n characters of a string.",
			func(rs []rune, n int) (int, int) { return 0, min(n, len(rs)) }),
		maskFunc("MASK_RIGHT", "Masks the last n characters of a string.",
			func(rs []rune, n int) (int, int) { return max(len(rs)-n, 0), len(rs) }),
		maskFunc("MASK_KEEP_LEFT", "Masks all but the first n characters of a string.",
			func(rs []rune, n int) (int, int) { return min(n, len(rs)), len(rs) }),
		maskFunc("MASK_KEEP_RIGHT", "Masks all but the last n characters of a string.",
			func(rs []rune, n int) (int, int) { return 0, max(len(rs)-n, 0) }),
	)
}

const noMask = -1

// maskFunc builds a MASK function. span picks the masked range [from, to)
// of the input given numChars; MASK itself (span nil) masks everything.
func maskFunc(name, desc string, span func(rs []rune, n int) (int, int)) *Func {
	eval := func(a []types.Value) (types.Value, error) {
		masks := [4]rune{'X', 'x', 'n', '-'}
		rest := a[1:]
		n := 0
		if span != nil {
			if a[1] == nil {
				return nil, nil
			}
			n, rest = int(a[1].(int32)), a[2:]
			if n < 0 {
				return nil, fmt.Errorf("function %s requires a non-negative number of characters to mask or skip",
					strings.ToLower(name))
			}
		}
		if len(rest) == 4 {
			for i, m := range rest {
				r, err := maskChar(m)
				if err != nil {
					return nil, err
				}
				masks[i] = r
			}
		}
		if a[0] == nil {
			return nil, nil
		}
		rs := []rune(a[0].(string))
		from, to := 0, len(rs)
		if span != nil {
			from, to = span(rs, n)
		}
		for i := from; i < to; i++ {
			rs[i] = maskRune(rs[i], masks)
		}
		return string(rs), nil
	}
	var lead []Param
	if span != nil {
		lead = ps(p("input", tString), p("numChars", tInt))
	} else {
		lead = ps(p("input", tString))
	}
	custom := append(append([]Param{}, lead...),
		p("upper", tString), p("lower", tString), p("digit", tString), p("other", tString))
	return &Func{Name: name, Category: CatString, Description: desc, Overloads: []*Overload{
		{Params: lead, Returns: tString, Eval: eval},
		{Params: custom, Returns: tString, Eval: eval},
	}}
}

func maskChar(v types.Value) (rune, error) {
	if v == nil {
		return noMask, nil
	}
	rs := []rune(v.(string))
	if len(rs) != 1 {
		return 0, fmt.Errorf("Invalid mask character. Must be only single character, but was '%s'", v)
	}
	return rs[0], nil
}

func maskRune(r rune, masks [4]rune) rune {
	i := 3
	switch {
	case unicode.IsUpper(r):
		i = 0
	case unicode.IsLower(r):
		i = 1
	case unicode.Is(unicode.Nd, r):
		i = 2
	}
	if masks[i] == noMask {
		return r
	}
	return masks[i]
}
