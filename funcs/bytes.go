package funcs

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(encodeFunc, toBytesFunc, fromBytesFunc,
		fromBytesNum("INT_FROM_BYTES", tInt, 4, func(b []byte, o binary.ByteOrder) types.Value { return int32(o.Uint32(b)) }),
		fromBytesNum("BIGINT_FROM_BYTES", tBigInt, 8, func(b []byte, o binary.ByteOrder) types.Value { return int64(o.Uint64(b)) }),
		fromBytesNum("DOUBLE_FROM_BYTES", tDouble, 8, func(b []byte, o binary.ByteOrder) types.Value {
			return math.Float64frombits(o.Uint64(b))
		}),
	)
}

var encodeFunc = &Func{
	Name: "ENCODE", Category: CatString,
	Description: "Re-encodes a string from one encoding to another; encodings are hex, utf8, ascii and base64. " +
		"NULL when the input cannot be decoded or an encoding is unknown.",
	Overloads: []*Overload{{
		Params:  ps(p("input", tString), p("inputEncoding", tString), p("outputEncoding", tString)),
		Returns: tString,
		Eval: strictPure(func(a []types.Value) types.Value {
			b, ok := decodeString(a[0].(string), a[1].(string))
			if !ok {
				return nil
			}
			s, ok := encodeBytes(b, a[2].(string))
			if !ok {
				return nil
			}
			return s
		}),
	}},
}

var toBytesFunc = &Func{
	Name: "TO_BYTES", Category: CatConvert,
	Description: "Converts a string in an encoding (hex, utf8, ascii, base64) to BYTES.",
	Overloads: []*Overload{{
		Params: ps(p("input", tString), p("encoding", tString)), Returns: tBytes,
		Eval: strictPure(func(a []types.Value) types.Value {
			if b, ok := decodeString(a[0].(string), a[1].(string)); ok {
				return b
			}
			return nil
		}),
	}},
}

var fromBytesFunc = &Func{
	Name: "FROM_BYTES", Category: CatConvert,
	Description: "Converts BYTES to a string in an encoding (hex, utf8, ascii, base64).",
	Overloads: []*Overload{{
		Params: ps(p("input", tBytes), p("encoding", tString)), Returns: tString,
		Eval: strictPure(func(a []types.Value) types.Value {
			if s, ok := encodeBytes(a[0].([]byte), a[1].(string)); ok {
				return s
			}
			return nil
		}),
	}},
}

// decodeString turns text in encoding enc into bytes.
func decodeString(s, enc string) ([]byte, bool) {
	switch strings.ToLower(enc) {
	case "hex":
		return decodeHex(s)
	case "utf8":
		return []byte(s), true
	case "ascii":
		out := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 127 {
				r = '?'
			}
			out = append(out, byte(r))
		}
		return out, true
	case "base64":
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
		return b, err == nil
	}
	return nil, false
}

// decodeHex accepts 0x-prefixed hex (an odd length gets a leading zero, as
// Java's BigInteger-style parsing does), X'..' literals and plain hex (both
// of even length).
func decodeHex(s string) ([]byte, bool) {
	switch {
	case strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X"):
		s = s[2:]
		if len(s)%2 == 1 {
			s = "0" + s
		}
	case len(s) >= 3 && (s[0] == 'x' || s[0] == 'X') && s[1] == '\'' && s[len(s)-1] == '\'':
		s = s[2 : len(s)-1]
	}
	b, err := hex.DecodeString(s)
	return b, err == nil
}

// encodeBytes renders bytes as text in encoding enc. Undecodable bytes
// become U+FFFD, as Java's decoders do.
func encodeBytes(b []byte, enc string) (string, bool) {
	switch strings.ToLower(enc) {
	case "hex":
		return hex.EncodeToString(b), true
	case "utf8":
		return decodeUTF8(b), true
	case "ascii":
		var sb strings.Builder
		for _, c := range b {
			if c > 127 {
				sb.WriteRune(utf8.RuneError)
			} else {
				sb.WriteByte(c)
			}
		}
		return sb.String(), true
	case "base64":
		return base64.StdEncoding.EncodeToString(b), true
	}
	return "", false
}

func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// fromBytesNum builds INT_FROM_BYTES and friends: size bytes in big-endian
// (default) or little-endian order; NULL for a wrong length or order.
func fromBytesNum(name string, ret *ParamType, size int, conv func([]byte, binary.ByteOrder) types.Value) *Func {
	eval := strictPure(func(a []types.Value) types.Value {
		b := a[0].([]byte)
		var order binary.ByteOrder = binary.BigEndian
		if len(a) == 2 {
			switch strings.ToUpper(a[1].(string)) {
			case "BIG_ENDIAN":
			case "LITTLE_ENDIAN":
				order = binary.LittleEndian
			default:
				return nil
			}
		}
		if len(b) != size {
			return nil
		}
		return conv(b, order)
	})
	return &Func{Name: name, Category: CatConvert,
		Description: "Converts " + strconv.Itoa(size) + " BYTES to " + ret.String() + " in BIG_ENDIAN (default) or LITTLE_ENDIAN order.",
		Overloads: []*Overload{
			{Params: ps(p("bytes", tBytes)), Returns: ret, Eval: eval},
			{Params: ps(p("bytes", tBytes), p("byteOrder", tString)), Returns: ret, Eval: eval},
		}}
}
