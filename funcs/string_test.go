package funcs

import (
	"testing"

	"github.com/streamsql/streamsql/types"
)

var nullStr = null(types.StringType)

func TestStrings(t *testing.T) {
	runCases(t, []evalCase{
		{"UCASE", []any{"abc"}, "ABC"},
		{"LCASE", []any{nullStr}, nil},
		{"TRIM", []any{"  a b \t"}, "a b"},
		{"INITCAP", []any{"hello wORLD  foo"}, "Hello World  Foo"},
		{"LEN", []any{"ABC"}, int32(3)},
		{"LEN", []any{[]byte("abc")}, int32(3)},
		{"LEN", []any{nullStr}, nil},
		{"CONCAT", []any{"prefix-", nullStr, "-postfix"}, "prefix--postfix"},
		{"CONCAT", []any{[]byte("yes"), null(types.BytesType), []byte("no")}, []byte("yesno")},
		{"CONCAT_WS", []any{"SEP", "foo", nullStr, "baz", "literal"}, "fooSEPbazSEPliteral"},
		{"CONCAT_WS", []any{nullStr, "foo"}, nil},
		{"CONCAT_WS", []any{"SEP", nullStr, nullStr}, ""},
		{"REPLACE", []any{"abcabc", "b", "XY"}, "aXYcaXYc"},
		{"REPLACE", []any{"abc", nullStr, "x"}, nil},
		{"SUBSTRING", []any{"stream", int32(1), int32(4)}, "stre"},
		{"SUBSTRING", []any{"stream", int32(-3)}, "eam"},
		{"SUBSTRING", []any{"stream", int32(0), int32(2)}, "st"},
		{"SUBSTRING", []any{"stream", int32(10)}, ""},
		{"SUBSTRING", []any{"stream", int32(2), int32(-1)}, ""},
		{"SUBSTRING", []any{[]byte("stream"), int32(2), int32(3)}, []byte("tre")},
		{"SUBSTRING", []any{"stream", null(types.IntType)}, nil},
		{"INSTR", []any{"corporate floor", "or"}, int32(2)},
		{"INSTR", []any{"corporate floor", "or", int32(4)}, int32(5)},
		{"INSTR", []any{"corporate floor", "or", int32(4), int32(2)}, int32(14)},
		{"INSTR", []any{"corporate floor", "or", int32(-4)}, int32(5)},
		{"INSTR", []any{"corporate floor", "or", int32(-4), int32(2)}, int32(2)},
		{"INSTR", []any{"short", "or", int32(4)}, int32(0)},
		{"INSTR", []any{nullStr, "or"}, int32(0)},
		{"ELT", []any{int32(2), "ignored", "something"}, "something"},
		{"ELT", []any{int32(3), "a", "b"}, nil},
		{"FIELD", []any{"hello", nullStr, "hello"}, int32(2)},
		{"FIELD", []any{nullStr, "a"}, int32(0)},
		{"CHR", []any{int32(75)}, "K"},
		{"CHR", []any{"\\u597d"}, "好"},
		{"CHR", []any{"\\ud83d\\ude00"}, "😀"},
		{"CHR", []any{"abc"}, nil},
		{"MD5", []any{"r1"}, "7c92cf1eee8d99cc85f8355a3d6e4b86"},
		{"MD5", []any{""}, "d41d8cd98f00b204e9800998ecf8427e"},
	})
}

func TestPadSplit(t *testing.T) {
	runCases(t, []evalCase{
		{"LPAD", []any{"foo", int32(7), "Bar"}, "BarBfoo"},
		{"LPAD", []any{"foo", int32(2), "Bar"}, "fo"},
		{"LPAD", []any{"foo", int32(-1), "Bar"}, nil},
		{"LPAD", []any{"foo", int32(7), ""}, nil},
		{"LPAD", []any{"", int32(7), "Bar"}, "BarBarB"},
		{"RPAD", []any{"foo", int32(7), "Bar"}, "fooBarB"},
		{"RPAD", []any{[]byte("yes"), int32(8), []byte("no")}, []byte("yesnonon")},
		{"LPAD", []any{[]byte("yes"), int32(0), []byte("no")}, []byte{}},
		{"SPLIT", []any{".abc.", "."}, arr("", "abc", "")},
		{"SPLIT", []any{"abc", ""}, arr("a", "b", "c")},
		{"SPLIT", []any{"", ""}, arr("")},
		{"SPLIT", []any{[]byte("a.b"), []byte(".")}, arr([]byte("a"), []byte("b"))},
		{"SPLIT", []any{"a", nullStr}, nil},
		{"SPLIT_TO_MAP", []any{"apple:green//banana:yellow/", "/", ":"}, mapv("apple", "green", "banana", "yellow")},
		{"SPLIT_TO_MAP", []any{"apple:green/banana:yellow", "&&", ":"}, mapv("apple", "green/banana")},
		{"SPLIT_TO_MAP", []any{"a:b", "", ":"}, nil},
		{"SPLIT_TO_MAP", []any{"", "/", ":"}, mapv()},
	})
}

func TestMask(t *testing.T) {
	runCases(t, []evalCase{
		{"MASK", []any{"My Test $123"}, "Xx-Xxxx--nnn"},
		{"MASK", []any{"My Test $123", "*", nullStr, "1", nullStr}, "*y *est $111"},
		{"MASK_KEEP_LEFT", []any{"My Test $123", int32(4)}, "My Txxx--nnn"},
		{"MASK_KEEP_RIGHT", []any{"My Test $123", int32(4)}, "Xx-Xxxx-$123"},
		{"MASK_LEFT", []any{"My Test $123", int32(4)}, "Xx-Xest $123"},
		{"MASK_RIGHT", []any{"My Test $123", int32(4)}, "My Test -nnn"},
		{"MASK_LEFT", []any{"ab", int32(10)}, "xx"},
		{"MASK", []any{nullStr}, nil},
	})
	if _, err := eval(t, "MASK_LEFT", "abc", int32(-1)); err == nil {
		t.Error("MASK_LEFT with a negative count must fail")
	}
	if _, err := eval(t, "MASK", "abc", "XX", nullStr, nullStr, nullStr); err == nil {
		t.Error("MASK with a two-character mask must fail")
	}
}

func TestRegexp(t *testing.T) {
	runCases(t, []evalCase{
		{"REGEXP_EXTRACT", []any{"test.", "some_test_string"}, "test_"},
		{"REGEXP_EXTRACT", []any{"test.", "anothertest"}, nil},
		{"REGEXP_EXTRACT", []any{"(.*) (.*)", "steven zhang", int32(2)}, "zhang"},
		{"REGEXP_EXTRACT", []any{"(.*) (.*)", "agavra", int32(2)}, nil},
		{"REGEXP_EXTRACT_ALL", []any{"test.", "some_test_string_testabab"}, arr("test_", "testa")},
		{"REGEXP_EXTRACT_ALL", []any{`(\w+) (\w*)`, "apurva mehta agavra ", int32(2)}, arr("mehta", "")},
		{"REGEXP_EXTRACT_ALL", []any{"x", "abc"}, arr()},
		{"REGEXP_REPLACE", []any{"barbaz", "ba(.)", "X$1"}, "XrXz"},
		{"REGEXP_SPLIT_TO_ARRAY", []any{"aabcda", "(ab|cd)"}, arr("a", "", "a")},
		{"REGEXP_SPLIT_TO_ARRAY", []any{"zxy", nullStr}, nil},
	})
	if _, err := eval(t, "REGEXP_EXTRACT", "(", "x"); err == nil {
		t.Error("a bad pattern must fail")
	}
}

func TestEncodings(t *testing.T) {
	runCases(t, []evalCase{
		{"ENCODE", []any{"4578616d706C6521", "hex", "ascii"}, "Example!"},
		{"ENCODE", []any{"0x4578616d706C6521", "hex", "base64"}, "RXhhbXBsZSE="},
		{"ENCODE", []any{"X'4578616d706C6521'", "hex", "utf8"}, "Example!"},
		{"ENCODE", []any{"578616d706C6521", "hex", "utf8"}, nil},
		{"ENCODE", []any{"0x578616d706C6521", "hex", "utf8"}, "\u0005xample!"},
		{"ENCODE", []any{"X''", "hex", "utf8"}, ""},
		{"ENCODE", []any{"c39c6265726d656e736368", "hex", "ascii"}, "\ufffd\ufffdbermensch"},
		{"ENCODE", []any{"Ελλάδα", "ascii", "hex"}, "3f3f3f3f3f3f"},
		{"ENCODE", []any{"zpXOu867zqzOtM6x", "base64", "utf8"}, "Ελλάδα"},
		{"ENCODE", []any{"abc", "base64", "null"}, nil},
		{"TO_BYTES", []any{"IQ==", "base64"}, []byte("!")},
		{"FROM_BYTES", []any{[]byte("hi"), "hex"}, "6869"},
		{"INT_FROM_BYTES", []any{[]byte{0, 0, 7, 0xe5}}, int32(2021)},
		{"INT_FROM_BYTES", []any{[]byte{0xe5, 7, 0, 0}, "LITTLE_ENDIAN"}, int32(2021)},
		{"INT_FROM_BYTES", []any{[]byte{1, 2}}, nil},
		{"BIGINT_FROM_BYTES", []any{[]byte{0, 0, 0, 1, 0x2a, 0x05, 0xf2, 0}}, int64(5000000000)},
		{"DOUBLE_FROM_BYTES", []any{[]byte{0x40, 0x80, 0xa6, 0xfd, 0x9b, 0xc9, 0xf5, 0x82}}, 532.8738323},
	})
}
