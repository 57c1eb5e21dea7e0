package funcs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(extractJSONFieldFunc, isJSONStringFunc, jsonArrayLengthFunc, jsonKeysFunc, jsonRecordsFunc,
		jsonItemsFunc, jsonConcatFunc, jsonArrayContainsFunc)
}

var extractJSONFieldFunc = &Func{
	Name: "EXTRACTJSONFIELD", Category: CatJSON,
	Description: "The value at a JSONPath ($.a.b[0]) in a JSON string, as a STRING (JSON text for non-strings); " +
		"NULL when the path does not exist.",
	Overloads: []*Overload{{Params: ps(p("input", tString), p("path", tString)), Returns: tString,
		Eval: strict(func(a []types.Value) (types.Value, error) {
			path, err := jsonPath(a[1].(string))
			if err != nil {
				return nil, err
			}
			n, err := parseJSON(a[0].(string))
			if err != nil {
				return nil, fmt.Errorf("Invalid JSON format:%s", a[0])
			}
			for _, tok := range path {
				if n = n.child(tok); n == nil {
					return nil, nil
				}
			}
			if n.kind == jString {
				return n.text, nil
			}
			return n.String(), nil
		})}},
}

// child steps into an array by index or an object by key; nil when absent.
func (n *jnode) child(tok string) *jnode {
	switch n.kind {
	case jArray:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(n.elem) {
			return nil
		}
		return n.elem[i]
	case jObject:
		return n.get(tok)
	}
	return nil
}

// jsonPath splits a JSONPath such as $.a.b[0]['c d'] into its steps.
func jsonPath(path string) ([]string, error) {
	bad := fmt.Errorf("invalid JSON path '%s'", path)
	if !strings.HasPrefix(path, "$") {
		return nil, bad
	}
	var toks []string
	for s := path[1:]; s != ""; {
		switch s[0] {
		case '.':
			end := strings.IndexAny(s[1:], ".[")
			if end < 0 {
				end = len(s) - 1
			}
			if end == 0 {
				return nil, bad
			}
			toks, s = append(toks, s[1:1+end]), s[1+end:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, bad
			}
			tok := strings.TrimSpace(s[1:end])
			if len(tok) >= 2 && (tok[0] == '\'' || tok[0] == '"') && tok[len(tok)-1] == tok[0] {
				tok = tok[1 : len(tok)-1]
			}
			toks, s = append(toks, tok), s[end+1:]
		default:
			return nil, bad
		}
	}
	return toks, nil
}

var isJSONStringFunc = &Func{
	Name: "IS_JSON_STRING", Category: CatJSON,
	Description: "Whether a string parses as a JSON value; false for NULL.",
	Overloads: []*Overload{{Params: ps(p("json", tString)), Returns: tBool,
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return false
			}
			_, err := parseJSON(a[0].(string))
			return err == nil
		})}},
}

// parseJSONKind parses s and returns it if it is of the wanted kind.
func parseJSONKind(s types.Value, want jkind) *jnode {
	n, err := parseJSON(s.(string))
	if err != nil || n.kind != want {
		return nil
	}
	return n
}

var jsonArrayLengthFunc = &Func{
	Name: "JSON_ARRAY_LENGTH", Category: CatJSON,
	Description: "The length of the top-level JSON array in a string, or NULL when it is not one.",
	Overloads: []*Overload{{Params: ps(p("json", tString)), Returns: tInt,
		Eval: strictPure(func(a []types.Value) types.Value {
			if n := parseJSONKind(a[0], jArray); n != nil {
				return int32(len(n.elem))
			}
			return nil
		})}},
}

var jsonKeysFunc = &Func{
	Name: "JSON_KEYS", Category: CatJSON,
	Description: "The top-level keys of the JSON object in a string, or NULL when it is not one.",
	Overloads: []*Overload{{Params: ps(p("json", tString)), Returns: tArray(tString),
		Eval: strictPure(func(a []types.Value) types.Value {
			if n := parseJSONKind(a[0], jObject); n != nil {
				return stringValues(n.keys)
			}
			return nil
		})}},
}

var jsonRecordsFunc = &Func{
	Name: "JSON_RECORDS", Category: CatJSON,
	Description: "The top-level entries of the JSON object in a string as a map of key to JSON text, " +
		"or NULL when it is not one.",
	Overloads: []*Overload{{Params: ps(p("json", tString)), Returns: tMap(tString, tString),
		Eval: strictPure(func(a []types.Value) types.Value {
			n := parseJSONKind(a[0], jObject)
			if n == nil {
				return nil
			}
			m := &types.MapValue{}
			for i, k := range n.keys {
				m.Put(k, n.elem[i].String())
			}
			return m
		})}},
}

var jsonItemsFunc = &Func{
	Name: "JSON_ITEMS", Category: CatJSON,
	Description: "The objects of the JSON array in a string, each as JSON text; NULL when an item is not an object.",
	Overloads: []*Overload{{Params: ps(p("json", tString)), Returns: tArray(tString),
		Eval: strict(func(a []types.Value) (types.Value, error) {
			n, err := parseJSON(a[0].(string))
			if err != nil || n.kind != jArray {
				return nil, fmt.Errorf("Invalid JSON format:%s", a[0])
			}
			out := make([]types.Value, len(n.elem))
			for i, e := range n.elem {
				if e.kind != jObject {
					return nil, nil
				}
				out[i] = e.String()
			}
			return out, nil
		})}},
}

var jsonConcatFunc = &Func{
	Name: "JSON_CONCAT", Category: CatJSON,
	Description: "Concatenates JSON strings as PostgreSQL's || does: objects merge (later keys win), " +
		"anything else concatenates as arrays. NULL when an input is NULL or not JSON.",
	Overloads: []*Overload{{Params: ps(p("json", tString)), Variadic: true, Returns: tString,
		Eval: pure(func(a []types.Value) types.Value {
			if len(a) == 0 {
				return nil
			}
			nodes := make([]*jnode, len(a))
			allObjects := true
			for i, v := range a {
				if v == nil {
					return nil
				}
				n, err := parseJSON(v.(string))
				if err != nil {
					return nil
				}
				nodes[i], allObjects = n, allObjects && n.kind == jObject
			}
			return jsonConcat(nodes, allObjects).String()
		})}},
}

func jsonConcat(nodes []*jnode, allObjects bool) *jnode {
	if allObjects {
		out := &jnode{kind: jObject}
		for _, n := range nodes {
			for i, k := range n.keys {
				out.put(k, n.elem[i])
			}
		}
		return out
	}
	out := &jnode{kind: jArray}
	for _, n := range nodes {
		if n.kind == jArray {
			out.elem = append(out.elem, n.elem...)
		} else {
			out.elem = append(out.elem, n)
		}
	}
	return out
}

var jsonArrayContainsFunc = &Func{
	Name: "JSON_ARRAY_CONTAINS", Category: CatJSON,
	Description: "Whether the top-level JSON array in a string contains a value; false when it is not an array.",
	Overloads: []*Overload{{Params: ps(p("json", tString), p("value", tT)), Returns: tBool,
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return false
			}
			n := parseJSONKind(a[0], jArray)
			if n == nil {
				return false
			}
			for _, e := range n.elem {
				if jsonMatches(e, a[1]) {
					return true
				}
			}
			return false
		})}},
}

// jsonMatches compares a JSON element with a SQL value of the matching kind:
// integers with INT/BIGINT, other numbers with DOUBLE, strings, booleans, null.
func jsonMatches(n *jnode, v types.Value) bool {
	switch n.kind {
	case jNull:
		return v == nil
	case jBool:
		b, ok := v.(bool)
		return ok && strconv.FormatBool(b) == n.text
	case jString:
		s, ok := v.(string)
		return ok && s == n.text
	case jNumber:
		if !strings.ContainsAny(n.text, ".eE") {
			i, err := strconv.ParseInt(n.text, 10, 64)
			switch x := v.(type) {
			case int32:
				return err == nil && i == int64(x)
			case int64:
				return err == nil && i == x
			}
			return false
		}
		f, err := strconv.ParseFloat(n.text, 64)
		x, ok := v.(float64)
		return ok && err == nil && f == x
	}
	return false
}
