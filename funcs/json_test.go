package funcs

import (
	"math"
	"testing"

	"github.com/streamsql/streamsql/types"
)

func TestJSON(t *testing.T) {
	doc := `{"log": {"cloud": "gcp836Csd", "instance": 4, "tags": ["a", {"k": 1.50}], "n": null}}`
	runCases(t, []evalCase{
		{"EXTRACTJSONFIELD", []any{doc, "$.log.cloud"}, "gcp836Csd"},
		{"EXTRACTJSONFIELD", []any{doc, "$.log.instance"}, "4"},
		{"EXTRACTJSONFIELD", []any{doc, "$.log.tags[1]"}, `{"k":1.50}`},
		{"EXTRACTJSONFIELD", []any{doc, "$['log'].tags[0]"}, "a"},
		{"EXTRACTJSONFIELD", []any{doc, "$.log.n"}, "null"},
		{"EXTRACTJSONFIELD", []any{doc, "$.log.missing"}, nil},
		{"EXTRACTJSONFIELD", []any{doc, "$.log.tags[7]"}, nil},
		{"EXTRACTJSONFIELD", []any{nullStr, "$.a"}, nil},
		{"IS_JSON_STRING", []any{"[1, 2, 3]"}, true},
		{"IS_JSON_STRING", []any{`"abc"`}, true},
		{"IS_JSON_STRING", []any{"null"}, true},
		{"IS_JSON_STRING", []any{""}, false},
		{"IS_JSON_STRING", []any{"abc"}, false},
		{"IS_JSON_STRING", []any{nullStr}, false},
		{"JSON_ARRAY_LENGTH", []any{"[1, [1, [2]], 3]"}, int32(3)},
		{"JSON_ARRAY_LENGTH", []any{"{}"}, nil},
		{"JSON_ARRAY_LENGTH", []any{"abc"}, nil},
		{"JSON_KEYS", []any{`{"a": "abc", "b": { "c": "a" }, "d": 1}`}, arr("a", "b", "d")},
		{"JSON_KEYS", []any{"[]"}, nil},
		{"JSON_RECORDS", []any{`{"a": "abc", "b": { "c": "a" }, "d": 1}`}, mapv("a", `"abc"`, "b", `{"c":"a"}`, "d", "1")},
		{"JSON_RECORDS", []any{"123"}, nil},
		{"JSON_ITEMS", []any{`[{"type": "A"}, {"type": "B"}]`}, arr(`{"type":"A"}`, `{"type":"B"}`)},
		{"JSON_ITEMS", []any{`[{"type": "A"}, 1]`}, nil},
		{"JSON_CONCAT", []any{`{"a": 1}`, `{"b": 2}`}, `{"a":1,"b":2}`},
		{"JSON_CONCAT", []any{`{"a": {"5": 6}}`, `{"a": {"3": 4}}`}, `{"a":{"3":4}}`},
		{"JSON_CONCAT", []any{`[1, [2]]`, `[[[3]], [[[4]]]]`}, `[1,[2],[[3]],[[[4]]]]`},
		{"JSON_CONCAT", []any{"null", "null"}, "[null,null]"},
		{"JSON_CONCAT", []any{"[1, 2]", `{"a": 1}`}, `[1,2,{"a":1}]`},
		{"JSON_CONCAT", []any{"1", "2"}, "[1,2]"},
		{"JSON_CONCAT", []any{"abc", "[1]"}, nil},
		{"JSON_CONCAT", []any{nullStr, "[1]"}, nil},
		{"JSON_ARRAY_CONTAINS", []any{`["Pink", null]`, "Pink"}, true},
		{"JSON_ARRAY_CONTAINS", []any{`[1, 2, 3]`, int32(3)}, true},
		{"JSON_ARRAY_CONTAINS", []any{`[1.5, 2]`, 1.5}, true},
		{"JSON_ARRAY_CONTAINS", []any{`[1, 2]`, 2.0}, false},
		{"JSON_ARRAY_CONTAINS", []any{`{"a": 1}`, int32(1)}, false},
		{"JSON_ARRAY_CONTAINS", []any{nullStr, "x"}, false},
	})
	if _, err := eval(t, "EXTRACTJSONFIELD", "{bad", "$.a"); err == nil {
		t.Error("EXTRACTJSONFIELD of invalid JSON must fail")
	}
}

func TestToJSONString(t *testing.T) {
	st := types.StructOf(types.Field{Name: "NAME", Type: types.StringType}, types.Field{Name: "ID", Type: types.IntType})
	runCases(t, []evalCase{
		{"TO_JSON_STRING", []any{int32(1)}, "1"},
		{"TO_JSON_STRING", []any{null(types.IntType)}, "null"},
		{"TO_JSON_STRING", []any{"a\"b\n"}, `"a\"b\n"`},
		{"TO_JSON_STRING", []any{123.456}, "123.456"},
		{"TO_JSON_STRING", []any{1e10}, "1.0E10"},
		{"TO_JSON_STRING", []any{math.NaN()}, `"NaN"`},
		{"TO_JSON_STRING", []any{dec("123.450")}, "123.450"},
		{"TO_JSON_STRING", []any{[]byte("!")}, `"IQ=="`},
		{"TO_JSON_STRING", []any{types.TimeValue(60220000)}, `"16:43:40"`},
		{"TO_JSON_STRING", []any{types.DateValue(1000)}, `"1972-09-27"`},
		{"TO_JSON_STRING", []any{types.TimestampValue(60220000000)}, `"1971-11-28T23:46:40.000"`},
		{"TO_JSON_STRING", []any{arr(int32(1), nil)}, "[1,null]"},
		{"TO_JSON_STRING", []any{&types.StructValue{Type: st, Fields: []types.Value{"A", int32(1)}}}, `{"ID":1,"NAME":"A"}`},
		{"TO_JSON_STRING", []any{mapv("d", arr(int32(1)), "c", int32(2))}, `{"c":2,"d":[1]}`},
	})
}

func TestURL(t *testing.T) {
	runCases(t, []evalCase{
		{"URL_ENCODE_PARAM", []any{"?foo $bar"}, "%3Ffoo+%24bar"},
		{"URL_ENCODE_PARAM", []any{"a*b~"}, "a*b%7E"},
		{"URL_DECODE_PARAM", []any{"%3Ffoo+%24bar"}, "?foo $bar"},
		{"URL_EXTRACT_FRAGMENT", []any{"http://www.test.com/?query#fragment"}, "fragment"},
		{"URL_EXTRACT_FRAGMENT", []any{"http://test.com#frag%20space"}, "frag space"},
		{"URL_EXTRACT_FRAGMENT", []any{"http://www.nofragment.com"}, nil},
		{"URL_EXTRACT_HOST", []any{"http://test@confluent.io:8080"}, "confluent.io"},
		{"URL_EXTRACT_PARAMETER", []any{"http://www.test.com/?one=a&two=b&three", "two"}, "b"},
		{"URL_EXTRACT_PARAMETER", []any{"http://www.test.com/?one=a&two=b&three", "three"}, nil},
		{"URL_EXTRACT_PARAMETER", []any{"http://test.com?a%20b=c%20d", "a b"}, "c d"},
		{"URL_EXTRACT_PATH", []any{"http://www.test.com?query#fragment"}, ""},
		{"URL_EXTRACT_PATH", []any{"http://test@confluent.io:8080/nested/path?query&jobs"}, "/nested/path"},
		{"URL_EXTRACT_PORT", []any{"http://test@confluent.io"}, nil},
		{"URL_EXTRACT_PORT", []any{"http://test@confluent.io:8080/nested"}, int32(8080)},
		{"URL_EXTRACT_PROTOCOL", []any{"https://test@confluent.io:8080/"}, "https"},
		{"URL_EXTRACT_PROTOCOL", []any{"www.confluent.io"}, nil},
		{"URL_EXTRACT_QUERY", []any{"http://test.com?a=foo%20bar&b=baz"}, "a=foo bar&b=baz"},
		{"URL_EXTRACT_QUERY", []any{"http://test@confluent.io:8080/path"}, nil},
		{"URL_EXTRACT_HOST", []any{nullStr}, nil},
	})
}

func TestTableFunctions(t *testing.T) {
	explode := func(name string, arg any) []types.Value {
		r, vs, err := resolveArgs(name, []any{arg})
		if err != nil {
			t.Fatal(err)
		}
		if r.Func.Kind != Table {
			t.Fatalf("%s is %v", name, r.Func.Kind)
		}
		out, err := r.Overload.Explode(vs)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := explode("EXPLODE", arr(int32(1), nil, int32(3))); !sliceEqual(got, arr(int32(1), nil, int32(3))) {
		t.Errorf("EXPLODE = %v", got)
	}
	if got := explode("EXPLODE", nullIntArray); len(got) != 0 {
		t.Errorf("EXPLODE(NULL) = %v", got)
	}
	got := explode("CUBE_EXPLODE", arr(int32(1), nil))
	if want := arr(arr(nil, nil), arr(int32(1), nil)); !sliceEqual(got, want) {
		t.Errorf("CUBE_EXPLODE = %v, want %v", got, want)
	}
	got = explode("CUBE_EXPLODE", arr("one", "two", "three"))
	if len(got) != 8 || !valueEqual(got[1], arr(nil, nil, "three")) || !valueEqual(got[7], arr("one", "two", "three")) {
		t.Errorf("CUBE_EXPLODE = %v", got)
	}
}

func sliceEqual(a, b []types.Value) bool { return valueEqual(a, b) }
