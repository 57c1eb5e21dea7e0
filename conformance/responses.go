package conformance

import (
	"fmt"
	"strings"
)

// verifyResponses compares expected responses with the actual ones, in
// order: there may be more actual responses than expected, not fewer.
func verifyResponses(actual []response, expected []map[string]any, stmts []string, ordered bool) error {
	if len(actual) < len(expected) {
		return fmt.Errorf("%d responses, want %d", len(actual), len(expected))
	}
	for i, exp := range expected {
		if len(exp) != 1 {
			return fmt.Errorf("invalid test: responses[%d] must have exactly one key", i)
		}
		stmt := ""
		if i < len(stmts) {
			stmt = stmts[i]
		}
		for kind, payload := range exp {
			if err := verifyResponse(fmt.Sprintf("responses[%d]", i), kind, payload, actual[i], stmt, ordered); err != nil {
				return err
			}
		}
	}
	return nil
}

func verifyResponse(path, kind string, payload any, act response, stmt string, ordered bool) error {
	if act.kind != kind {
		return fmt.Errorf("%s: expected a %s response, got a %s response", path, kind, act.kind)
	}
	path += "." + kind
	switch kind {
	case "admin":
		m, ok := payload.(map[string]any)
		if !ok {
			return fmt.Errorf("invalid test: %s is not an object", path)
		}
		return matchFields(path, act.entity, m, stmt)
	case "query", "queryProto":
		list, ok := payload.([]any)
		if !ok {
			return fmt.Errorf("invalid test: %s is not an array", path)
		}
		exp := make([]map[string]any, len(list))
		for i, e := range list {
			if exp[i], ok = e.(map[string]any); !ok {
				return fmt.Errorf("invalid test: %s[%d] is not an object", path, i)
			}
		}
		if len(act.rows) != len(exp) {
			return fmt.Errorf("%s: %d rows, want %d; got %s", path, len(act.rows), len(exp), renderRows(act.rows))
		}
		if kind == "queryProto" {
			return matchProtoRows(path, act.rows, exp, ordered)
		}
		return matchRows(path, act.rows, exp, stmt, ordered)
	}
	return fmt.Errorf("invalid test: unknown response kind %q", kind)
}

// matchFields checks the fields of exp, and only those, in act. Objects are
// matched recursively; a key "name|starts_with" matches a string prefix;
// "{STATEMENT}" in an expected string stands for the statement.
func matchFields(path string, act, exp map[string]any, stmt string) error {
	for _, k := range sortedKeys(exp) {
		key, op, _ := strings.Cut(k, "|")
		av, ok := act[key]
		if !ok {
			return fmt.Errorf("%s: missing %s in %s", path, key, render(act))
		}
		p := path + "." + key
		ev := exp[k]
		if s, ok := ev.(string); ok && stmt != "" {
			ev = strings.ReplaceAll(s, "{STATEMENT}", stmt)
		}
		switch e := ev.(type) {
		case map[string]any:
			a, ok := av.(map[string]any)
			if !ok {
				return fmt.Errorf("%s: expected an object, got %s", p, render(av))
			}
			if err := matchFields(p, a, e, stmt); err != nil {
				return err
			}
		default:
			if err := matchLeaf(p, op, ev, av); err != nil {
				return err
			}
		}
	}
	return nil
}

func matchLeaf(path, op string, exp, act any) error {
	switch strings.ToUpper(op) {
	case "":
		if d := diffValue(path, exp, act); d != "" {
			return fmt.Errorf("%s", d)
		}
	case "STARTS_WITH":
		e, eok := exp.(string)
		a, aok := act.(string)
		if !eok || !aok || !strings.HasPrefix(a, e) {
			return fmt.Errorf("%s: expected a string starting with %s, got %s", path, render(exp), render(act))
		}
	default:
		return fmt.Errorf("invalid test: unknown match operator %q at %s", op, path)
	}
	return nil
}

// matchRows matches query response elements one by one; unless ordered, the
// row columns are compared as a multiset instead, as upstream does.
func matchRows(path string, act, exp []map[string]any, stmt string, ordered bool) error {
	var actCols, expCols []any
	for i := range exp {
		a, e := act[i], exp[i]
		if !ordered {
			if ac, ec, a2, e2, ok := splitColumns(a, e); ok {
				actCols, expCols = append(actCols, ac), append(expCols, ec)
				a, e = a2, e2
			}
		}
		if err := matchFields(fmt.Sprintf("%s[%d]", path, i), a, e, stmt); err != nil {
			return err
		}
	}
	return matchMultiset(path, actCols, expCols)
}

// splitColumns takes row.columns out of an expected and an actual element.
func splitColumns(act, exp map[string]any) (ac, ec any, act2, exp2 map[string]any, ok bool) {
	er, eok := exp["row"].(map[string]any)
	ar, aok := act["row"].(map[string]any)
	if !eok || !aok {
		return nil, nil, nil, nil, false
	}
	ec, eok = er["columns"]
	ac, aok = ar["columns"]
	if !eok || !aok {
		return nil, nil, nil, nil, false
	}
	return ac, ec, withRow(act, ar), withRow(exp, er), true
}

// withRow copies m with its row object minus columns.
func withRow(m, row map[string]any) map[string]any {
	r := make(map[string]any, len(row))
	for k, v := range row {
		if k != "columns" {
			r[k] = v
		}
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	out["row"] = r
	return out
}

// matchMultiset pairs each actual row with an equal expected one.
func matchMultiset(path string, act, exp []any) error {
	used := make([]bool, len(exp))
	for _, a := range act {
		found := false
		for j, e := range exp {
			if !used[j] && diffValue("", e, a) == "" {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return fmt.Errorf("%s: unexpected row %s; expected rows %s", path, render(a), render(exp))
		}
	}
	for j, e := range exp {
		if !used[j] {
			return fmt.Errorf("%s: missing row %s; got rows %s", path, render(e), render(act))
		}
	}
	return nil
}

func renderRows(rows []map[string]any) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = render(r)
	}
	s := "[" + strings.Join(parts, ", ") + "]"
	if len(s) > 4*maxRender {
		s = s[:4*maxRender] + "…"
	}
	return s
}
