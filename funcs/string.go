package funcs

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/streamsql/streamsql/types"
)

// String functions count characters as Unicode code points.

func init() {
	register(
		strFunc("UCASE", "Converts a string to upper case.", strings.ToUpper),
		strFunc("LCASE", "Converts a string to lower case.", strings.ToLower),
		strFunc("TRIM", "Removes spaces and control characters from both ends of a string.", javaTrim),
		strFunc("INITCAP", "Capitalizes the first letter of each whitespace-delimited word and lower-cases the rest.", initCap),
		lenFunc, concatFunc, concatWSFunc, replaceFunc, instrFunc, eltFunc, fieldFunc, chrFunc, md5Func, uuidFunc,
	)
}

func strFunc(name, desc string, f func(string) string) *Func {
	return &Func{Name: name, Category: CatString, Description: desc, Overloads: []*Overload{{
		Params: ps(p("input", tString)), Returns: tString,
		Eval: strictPure(func(a []types.Value) types.Value { return f(a[0].(string)) }),
	}}}
}

// javaTrim is Java's String.trim: it strips characters up to U+0020.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

func initCap(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			start = true
			b.WriteRune(r)
		case start:
			b.WriteRune(unicode.ToTitle(r))
			start = false
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

var lenFunc = &Func{
	Name: "LEN", Category: CatString, Description: "The length of a string in characters, or of bytes in bytes.",
	Overloads: []*Overload{
		{Params: ps(p("input", tString)), Returns: tInt, Eval: strictPure(func(a []types.Value) types.Value {
			return int32(utf8.RuneCountInString(a[0].(string)))
		})},
		{Params: ps(p("input", tBytes)), Returns: tInt, Eval: strictPure(func(a []types.Value) types.Value {
			return int32(len(a[0].([]byte)))
		})},
	},
}

var concatFunc = &Func{
	Name: "CONCAT", Category: CatString, Description: "Concatenates strings or bytes; NULL arguments count as empty.",
	Overloads: []*Overload{
		{Params: ps(p("inputs", tString)), Variadic: true, Returns: tString, Eval: pure(func(a []types.Value) types.Value {
			var b strings.Builder
			for _, v := range a {
				if v != nil {
					b.WriteString(v.(string))
				}
			}
			return b.String()
		})},
		{Params: ps(p("inputs", tBytes)), Variadic: true, Returns: tBytes, Eval: pure(func(a []types.Value) types.Value {
			out := []byte{}
			for _, v := range a {
				if v != nil {
					out = append(out, v.([]byte)...)
				}
			}
			return out
		})},
	},
}

var concatWSFunc = &Func{
	Name: "CONCAT_WS", Category: CatString,
	Description: "Concatenates strings or bytes with a separator, skipping NULL arguments; NULL for a NULL separator.",
	Overloads: []*Overload{
		{Params: ps(p("separator", tString), p("inputs", tString)), Variadic: true, Returns: tString,
			Eval: pure(func(a []types.Value) types.Value {
				if a[0] == nil {
					return nil
				}
				var parts []string
				for _, v := range a[1:] {
					if v != nil {
						parts = append(parts, v.(string))
					}
				}
				return strings.Join(parts, a[0].(string))
			})},
		{Params: ps(p("separator", tBytes), p("inputs", tBytes)), Variadic: true, Returns: tBytes,
			Eval: pure(func(a []types.Value) types.Value {
				if a[0] == nil {
					return nil
				}
				parts := [][]byte{}
				for _, v := range a[1:] {
					if v != nil {
						parts = append(parts, v.([]byte))
					}
				}
				return bytes.Join(parts, a[0].([]byte))
			})},
	},
}

var replaceFunc = &Func{
	Name: "REPLACE", Category: CatString, Description: "Replaces every occurrence of a substring with another string.",
	Overloads: []*Overload{{
		Params: ps(p("input", tString), p("target", tString), p("replacement", tString)), Returns: tString,
		Eval: strictPure(func(a []types.Value) types.Value {
			return strings.ReplaceAll(a[0].(string), a[1].(string), a[2].(string))
		}),
	}},
}

var instrFunc = func() *Func {
	str, sub := p("str", tString), p("substring", tString)
	return &Func{
		Name: "INSTR", Category: CatString,
		Description: "The 1-based position of the n-th occurrence of a substring, searching from a position " +
			"(backwards from the end when negative); 0 when not found.",
		Overloads: []*Overload{
			{Params: ps(str, sub), Returns: tInt, Eval: instrEval},
			{Params: ps(str, sub, p("position", tInt)), Returns: tInt, Eval: instrEval},
			{Params: ps(str, sub, p("position", tInt), p("occurrence", tInt)), Returns: tInt, Eval: instrEval},
		},
	}
}()

func instrEval(a []types.Value) (types.Value, error) {
	pos, occ := int32(1), int32(1)
	if len(a) > 2 {
		if a[2] == nil {
			return nil, nil
		}
		pos = a[2].(int32)
	}
	if len(a) > 3 {
		if a[3] == nil {
			return nil, nil
		}
		occ = a[3].(int32)
	}
	if a[0] == nil || a[1] == nil {
		return int32(0), nil
	}
	return int32(instr([]rune(a[0].(string)), []rune(a[1].(string)), int(pos), int(occ))), nil
}

// instr finds the occ-th occurrence of sub in s starting at 1-based pos, or
// ending no later than position len+pos+1 when pos is negative.
func instr(s, sub []rune, pos, occ int) int {
	if abs(pos) > len(s) || occ < 1 {
		return 0
	}
	match := func(i int) bool { return i >= 0 && i+len(sub) <= len(s) && string(s[i:i+len(sub)]) == string(sub) }
	if pos >= 0 {
		for i := max(pos-1, 0); i+len(sub) <= len(s); i++ {
			if match(i) {
				if occ--; occ == 0 {
					return i + 1
				}
			}
		}
		return 0
	}
	for i := len(s) + pos - len(sub) + 1; i >= 0; i-- {
		if match(i) {
			if occ--; occ == 0 {
				return i + 1
			}
		}
	}
	return 0
}

var eltFunc = &Func{
	Name: "ELT", Category: CatString,
	Description: "The n-th (1-based) of the string arguments, or NULL when n is out of range.",
	Overloads: []*Overload{{
		Params: ps(p("n", tInt), p("args", tString)), Variadic: true, Returns: tString,
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			n := int(a[0].(int32))
			if n < 1 || n >= len(a) {
				return nil
			}
			return a[n]
		}),
	}},
}

var fieldFunc = &Func{
	Name: "FIELD", Category: CatString,
	Description: "The 1-based position of a string among the arguments, or 0 when absent or NULL.",
	Overloads: []*Overload{{
		Params: ps(p("str", tString), p("args", tString)), Variadic: true, Returns: tInt,
		Eval: pure(func(a []types.Value) types.Value {
			if a[0] == nil {
				return int32(0)
			}
			for i, v := range a[1:] {
				if v != nil && v.(string) == a[0].(string) {
					return int32(i + 1)
				}
			}
			return int32(0)
		}),
	}},
}

var chrFunc = &Func{
	Name: "CHR", Category: CatString,
	Description: "The character with a Unicode code point, given as a number or as a '\\uXXXX' string; NULL if invalid.",
	Overloads: []*Overload{
		{Params: ps(p("decimalCode", tInt)), Returns: tString, Eval: strictPure(func(a []types.Value) types.Value {
			r := rune(a[0].(int32))
			if r < 0 || r > unicode.MaxRune {
				return nil
			}
			return string(r)
		})},
		{Params: ps(p("utfString", tString)), Returns: tString, Eval: strictPure(func(a []types.Value) types.Value {
			return chrFromEscape(a[0].(string))
		})},
	},
}

// chrFromEscape decodes "\uXXXX" (or a surrogate pair of two) to a string.
func chrFromEscape(s string) types.Value {
	var units []uint16
	for len(s) > 0 {
		if len(s) < 6 || s[0] != '\\' || (s[1] != 'u' && s[1] != 'U') {
			return nil
		}
		var u uint16
		if _, err := fmt.Sscanf(s[2:6], "%04x", &u); err != nil {
			return nil
		}
		units, s = append(units, u), s[6:]
	}
	if len(units) == 0 || len(units) > 2 {
		return nil
	}
	rs := []rune{}
	for i := 0; i < len(units); i++ {
		r := rune(units[i])
		if len(units) == 2 {
			r = (rune(units[0])-0xD800)<<10 + (rune(units[1]) - 0xDC00) + 0x10000
			i++
		}
		rs = append(rs, r)
	}
	return string(rs)
}

var md5Func = &Func{
	Name: "MD5", Category: CatString, Description: "The MD5 hash of a string's UTF-8 bytes, as 32 hex digits.",
	Overloads: []*Overload{{Params: ps(p("input", tString)), Returns: tString,
		Eval: strictPure(func(a []types.Value) types.Value {
			sum := md5.Sum([]byte(a[0].(string)))
			return hex.EncodeToString(sum[:])
		})}},
}

var uuidFunc = &Func{
	Name: "UUID", Category: CatString, Volatile: true,
	Description: "A random (version 4) UUID string, or the UUID string of 16 bytes.",
	Overloads: []*Overload{
		{Returns: tString, Eval: pure(func([]types.Value) types.Value {
			var b [16]byte
			_, _ = rand.Read(b[:])
			b[6] = b[6]&0x0f | 0x40
			b[8] = b[8]&0x3f | 0x80
			return uuidString(b[:])
		})},
		{Params: ps(p("bytes", tBytes)), Returns: tString, Eval: strictPure(func(a []types.Value) types.Value {
			if b := a[0].([]byte); len(b) == 16 {
				return uuidString(b)
			}
			return nil
		})},
	},
}

func uuidString(b []byte) string {
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
