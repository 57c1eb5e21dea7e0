package funcs

import (
	"bytes"
	"strings"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(substringFunc, padFunc("LPAD", true), padFunc("RPAD", false), splitFunc, splitToMapFunc)
}

var substringFunc = func() *Func {
	fn := &Func{Name: "SUBSTRING", Category: CatString,
		Description: "The part of a string or bytes starting at a 1-based position (from the end when negative), " +
			"optionally limited to a length."}
	for _, t := range []*ParamType{tString, tBytes} {
		fn.Overloads = append(fn.Overloads,
			&Overload{Params: ps(p("input", t), p("pos", tInt)), Returns: t, Eval: strictPure(substring)},
			&Overload{Params: ps(p("input", t), p("pos", tInt), p("length", tInt)), Returns: t, Eval: strictPure(substring)})
	}
	return fn
}()

func substring(a []types.Value) types.Value {
	var n int
	var rs []rune
	switch x := a[0].(type) {
	case string:
		rs = []rune(x)
		n = len(rs)
	case []byte:
		n = len(x)
	}
	start := substringStart(n, int(a[1].(int32)))
	end := n
	if len(a) == 3 {
		end = max(min(start+int(a[2].(int32)), n), start)
	}
	if b, ok := a[0].([]byte); ok {
		return append([]byte{}, b[start:end]...)
	}
	return string(rs[start:end])
}

func substringStart(n, pos int) int {
	if pos < 0 {
		return max(n+pos, 0)
	}
	return max(min(pos-1, n), 0)
}

// padFunc builds LPAD and RPAD for strings and bytes: the input is padded
// (cycling through padding) or truncated to length; NULL for a negative
// length or empty padding.
func padFunc(name string, left bool) *Func {
	side := "end"
	if left {
		side = "start"
	}
	fn := &Func{Name: name, Category: CatString,
		Description: "Pads a string or bytes at the " + side + " with a padding of the same type up to a length, " +
			"or truncates it to that length."}
	for _, t := range []*ParamType{tString, tBytes} {
		fn.Overloads = append(fn.Overloads, &Overload{
			Params: ps(p("input", t), p("length", tInt), p("padding", t)), Returns: t,
			Eval: strictPure(func(a []types.Value) types.Value { return pad3(a, left) }),
		})
	}
	return fn
}

func pad3(a []types.Value, left bool) types.Value {
	n := int(a[1].(int32))
	if n < 0 {
		return nil
	}
	if s, ok := a[0].(string); ok {
		in, padding := []rune(s), []rune(a[2].(string))
		if len(padding) == 0 {
			return nil
		}
		return string(padRunes(in, padding, n, left))
	}
	in, padding := a[0].([]byte), a[2].([]byte)
	if len(padding) == 0 {
		return nil
	}
	return padBytes(in, padding, n, left)
}

func padRunes(in, padding []rune, n int, left bool) []rune {
	if len(in) >= n {
		return in[:n]
	}
	fill := make([]rune, n-len(in))
	for i := range fill {
		fill[i] = padding[i%len(padding)]
	}
	if left {
		return append(fill, in...)
	}
	return append(append([]rune{}, in...), fill...)
}

func padBytes(in, padding []byte, n int, left bool) []byte {
	if len(in) >= n {
		return append([]byte{}, in[:n]...)
	}
	fill := make([]byte, n-len(in))
	for i := range fill {
		fill[i] = padding[i%len(padding)]
	}
	if left {
		return append(fill, in...)
	}
	return append(append([]byte{}, in...), fill...)
}

var splitFunc = &Func{
	Name: "SPLIT", Category: CatString,
	Description: "Splits a string or bytes on a delimiter, keeping empty parts; an empty delimiter splits " +
		"every character or byte.",
	Overloads: []*Overload{
		{Params: ps(p("input", tString), p("delimiter", tString)), Returns: tArray(tString),
			Eval: strictPure(func(a []types.Value) types.Value {
				s, d := a[0].(string), a[1].(string)
				var parts []string
				if s == "" {
					parts = []string{""}
				} else {
					parts = strings.Split(s, d)
				}
				return stringValues(parts)
			})},
		{Params: ps(p("input", tBytes), p("delimiter", tBytes)), Returns: tArray(tBytes),
			Eval: strictPure(func(a []types.Value) types.Value {
				s, d := a[0].([]byte), a[1].([]byte)
				var parts [][]byte
				switch {
				case len(s) == 0:
					parts = [][]byte{{}} // as for strings: one empty element
				case len(d) == 0:
					for i := range s {
						parts = append(parts, s[i:i+1])
					}
				default:
					parts = bytes.Split(s, d)
				}
				out := make([]types.Value, len(parts))
				for i, part := range parts {
					out[i] = append([]byte{}, part...)
				}
				return out
			})},
	},
}

func stringValues(ss []string) []types.Value {
	out := make([]types.Value, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

var splitToMapFunc = &Func{
	Name: "SPLIT_TO_MAP", Category: CatString,
	Description: "Splits a string into key-value pairs on an entry delimiter and a key-value delimiter; " +
		"later keys win. NULL when a delimiter is NULL or empty.",
	Overloads: []*Overload{{
		Params:  ps(p("input", tString), p("entryDelimiter", tString), p("kvDelimiter", tString)),
		Returns: tMap(tString, tString),
		Eval: strictPure(func(a []types.Value) types.Value {
			entryDelim, kvDelim := a[1].(string), a[2].(string)
			if entryDelim == "" || kvDelim == "" {
				return nil
			}
			m := &types.MapValue{}
			for _, entry := range strings.Split(a[0].(string), entryDelim) {
				if entry == "" {
					continue
				}
				if kv := strings.Split(entry, kvDelim); len(kv) >= 2 {
					m.Put(kv[0], kv[1])
				}
			}
			return m
		}),
	}},
}
