package conformance

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// diffValue compares an expected JSON value with an actual decoded one under
// upstream's rules (ExpectedRecordComparator) and returns "" when they match,
// else the first difference, prefixed with its path:
//   - objects match structs or maps with the same number of fields; each
//     expected field is looked up as written, then upper-cased;
//   - arrays match element by element;
//   - numbers compare as numberDiff says; a string matches a string, or a
//     number with the same decimal value and scale;
//   - null matches only null.
func diffValue(path string, exp, act any) string {
	act = normalize(act)
	switch e := exp.(type) {
	case nil:
		if act != nil {
			return mismatch(path, exp, act, "")
		}
	case bool:
		if a, ok := act.(bool); !ok || a != e {
			return mismatch(path, exp, act, "")
		}
	case string:
		return diffString(path, e, act)
	case json.Number:
		a, ok := asNum(act)
		if !ok {
			return mismatch(path, exp, act, "")
		}
		if why := numberDiff(e.String(), a); why != "" {
			return mismatch(path, exp, act, why)
		}
	case []any:
		return diffArray(path, e, act)
	case map[string]any:
		return diffObject(path, e, act)
	default:
		return fmt.Sprintf("%s: cannot compare expected %T", path, exp)
	}
	return ""
}

func diffString(path, exp string, act any) string {
	if a, ok := act.(string); ok && a == exp {
		return ""
	}
	if a, ok := asNum(act); ok && decimalTextDiff(exp, a) == "" {
		return ""
	}
	return mismatch(path, exp, act, "")
}

func diffArray(path string, exp []any, act any) string {
	a, ok := act.([]any)
	if !ok {
		return mismatch(path, exp, act, "")
	}
	if len(a) != len(exp) {
		return mismatch(path, exp, act, fmt.Sprintf("%d elements, want %d", len(a), len(exp)))
	}
	for i := range exp {
		if d := diffValue(fmt.Sprintf("%s[%d]", path, i), exp[i], a[i]); d != "" {
			return d
		}
	}
	return ""
}

func diffObject(path string, exp map[string]any, act any) string {
	a, ok := act.(map[string]any)
	if !ok {
		return mismatch(path, exp, act, "")
	}
	used := map[string]bool{}
	for _, k := range sortedKeys(exp) {
		name := k
		av, found := a[k]
		if !found {
			name = strings.ToUpper(k)
			av, found = a[name]
		}
		if !found && exp[k] != nil {
			return fmt.Sprintf("%s: missing field %s in %s", path, k, render(act))
		}
		used[name] = true
		if d := diffValue(path+"."+k, exp[k], av); d != "" {
			return d
		}
	}
	if len(a) != len(exp) {
		for _, k := range sortedKeys(a) {
			if !used[k] {
				return fmt.Sprintf("%s: unexpected field %s in %s", path, k, render(act))
			}
		}
		return mismatch(path, exp, act, fmt.Sprintf("%d fields, want %d", len(a), len(exp)))
	}
	return ""
}

// normalize turns values a driver might return into JSON-decoded shapes.
func normalize(v any) any {
	switch v := v.(type) {
	case []byte:
		if len(v) == 0 {
			return nil
		}
		return base64.StdEncoding.EncodeToString(v)
	case map[string]string:
		m := make(map[string]any, len(v))
		for k, s := range v {
			m[k] = s
		}
		return m
	case []string:
		a := make([]any, len(v))
		for i, s := range v {
			a[i] = s
		}
		return a
	}
	return v
}

func mismatch(path string, exp, act any, why string) string {
	if why != "" {
		why = " (" + why + ")"
	}
	return fmt.Sprintf("%s: expected %s, got %s%s", path, render(exp), render(act), why)
}

// maxRender bounds how much of a value a failure message shows.
const maxRender = 160

// render writes v as compact JSON for messages, shortened past maxRender.
func render(v any) string {
	v = normalize(v)
	if n, ok := asNum(v); ok {
		return n.text
	}
	b, err := json.Marshal(v)
	s := string(b)
	if err != nil {
		s = fmt.Sprintf("%v", v)
	}
	if len(s) > maxRender {
		s = s[:maxRender] + "…"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
