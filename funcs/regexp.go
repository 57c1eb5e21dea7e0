package funcs

import (
	"fmt"
	"regexp"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(regexpExtractFunc, regexpExtractAllFunc, regexpReplaceFunc, regexpSplitFunc)
}

// Patterns use Go's RE2 syntax, which covers the Java syntax users write
// except backreferences and lookaround.

var regexpCache = newCache[*regexp.Regexp](1000)

func compileRegexp(pattern string) (*regexp.Regexp, error) {
	return regexpCache.get(pattern, func(p string) (*regexp.Regexp, error) {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("invalid regular expression pattern '%s': %w", p, err)
		}
		return re, nil
	})
}

var regexpExtractFunc = &Func{
	Name: "REGEXP_EXTRACT", Category: CatRegexp,
	Description: "The first substring matching a pattern, or the given capturing group of that match; " +
		"NULL when nothing matches.",
	Overloads: []*Overload{
		{Params: ps(p("pattern", tString), p("input", tString)), Returns: tString, Eval: strict(regexpExtract)},
		{Params: ps(p("pattern", tString), p("input", tString), p("group", tInt)), Returns: tString, Eval: strict(regexpExtract)},
	},
}

func regexpExtract(a []types.Value) (types.Value, error) {
	re, err := compileRegexp(a[0].(string))
	if err != nil {
		return nil, err
	}
	group := groupArg(a)
	m := re.FindStringSubmatchIndex(a[1].(string))
	if m == nil || 2*group+1 >= len(m) || m[2*group] < 0 {
		return nil, nil
	}
	return a[1].(string)[m[2*group]:m[2*group+1]], nil
}

func groupArg(a []types.Value) int {
	if len(a) == 3 {
		return int(a[2].(int32))
	}
	return 0
}

var regexpExtractAllFunc = &Func{
	Name: "REGEXP_EXTRACT_ALL", Category: CatRegexp,
	Description: "Every substring matching a pattern, or the given capturing group of each match.",
	Overloads: []*Overload{
		{Params: ps(p("pattern", tString), p("input", tString)), Returns: tArray(tString), Eval: strict(regexpExtractAll)},
		{Params: ps(p("pattern", tString), p("input", tString), p("group", tInt)), Returns: tArray(tString), Eval: strict(regexpExtractAll)},
	},
}

func regexpExtractAll(a []types.Value) (types.Value, error) {
	re, err := compileRegexp(a[0].(string))
	if err != nil {
		return nil, err
	}
	group, s := groupArg(a), a[1].(string)
	out := []types.Value{}
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		if 2*group+1 >= len(m) {
			return nil, fmt.Errorf("no group %d in pattern '%s'", group, a[0])
		}
		if m[2*group] < 0 {
			out = append(out, nil)
		} else {
			out = append(out, s[m[2*group]:m[2*group+1]])
		}
	}
	return out, nil
}

var regexpReplaceFunc = &Func{
	Name: "REGEXP_REPLACE", Category: CatRegexp,
	Description: "Replaces every match of a pattern with a replacement ($1 refers to a group).",
	Overloads: []*Overload{{
		Params: ps(p("input", tString), p("pattern", tString), p("replacement", tString)), Returns: tString,
		Eval: strict(func(a []types.Value) (types.Value, error) {
			re, err := compileRegexp(a[1].(string))
			if err != nil {
				return nil, err
			}
			return re.ReplaceAllString(a[0].(string), a[2].(string)), nil
		}),
	}},
}

var regexpSplitFunc = &Func{
	Name: "REGEXP_SPLIT_TO_ARRAY", Category: CatRegexp,
	Description: "Splits a string on matches of a pattern, keeping empty parts; an empty pattern splits " +
		"every character.",
	Overloads: []*Overload{{
		Params: ps(p("input", tString), p("pattern", tString)), Returns: tArray(tString),
		Eval: strict(func(a []types.Value) (types.Value, error) {
			re, err := compileRegexp(a[1].(string))
			if err != nil {
				return nil, err
			}
			return stringValues(re.Split(a[0].(string), -1)), nil
		}),
	}},
}
