package conformance

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Protobuf wire types.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

type wireValue struct {
	typ int
	num uint64 // varint and fixed values
	raw []byte // length-delimited values
}

// readWire splits an encoded message into its values by field number.
func readWire(data []byte) (map[int][]wireValue, error) {
	out := map[int][]wireValue{}
	for len(data) > 0 {
		tag, n := binary.Uvarint(data)
		if n <= 0 {
			return nil, fmt.Errorf("bad tag")
		}
		data = data[n:]
		v := wireValue{typ: int(tag & 7)}
		switch v.typ {
		case wireVarint:
			v.num, n = binary.Uvarint(data)
		case wireFixed64:
			n = 8
			if len(data) >= n {
				v.num = binary.LittleEndian.Uint64(data)
			}
		case wireFixed32:
			n = 4
			if len(data) >= n {
				v.num = uint64(binary.LittleEndian.Uint32(data))
			}
		case wireBytes:
			size, m := binary.Uvarint(data)
			if m <= 0 || uint64(len(data)-m) < size {
				return nil, fmt.Errorf("bad length")
			}
			v.raw, n = data[m:m+int(size)], m+int(size)
		default:
			return nil, fmt.Errorf("unsupported wire type %d", v.typ)
		}
		if n <= 0 || n > len(data) {
			return nil, fmt.Errorf("truncated field %d", tag>>3)
		}
		data = data[n:]
		out[int(tag>>3)] = append(out[int(tag>>3)], v)
	}
	return out, nil
}

// format prints an encoded message of type m in protobuf text format, as
// Java's TextFormat does: fields by number, "NAME: value" or "NAME {...}",
// proto3 scalars with default values left out.
func (s *protoSchema) format(sb *strings.Builder, m *protoMessage, data []byte, indent string) error {
	values, err := readWire(data)
	if err != nil {
		return err
	}
	nums := make([]int, 0, len(values))
	for n := range values {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		f := m.fields[n]
		if f == nil {
			f = &protoField{name: strconv.Itoa(n), typ: "unknown", num: n, repeated: true}
		}
		vals := values[n]
		if !f.repeated {
			vals = vals[len(vals)-1:]
		}
		for _, v := range vals {
			if err := s.formatField(sb, f, v, indent); err != nil {
				return fmt.Errorf("field %s: %w", f.name, err)
			}
		}
	}
	return nil
}

func (s *protoSchema) formatField(sb *strings.Builder, f *protoField, v wireValue, indent string) error {
	if sub := s.fieldMessage(f); sub != nil {
		if v.typ != wireBytes {
			return fmt.Errorf("message with wire type %d", v.typ)
		}
		sb.WriteString(indent + f.name + " {\n")
		if err := s.format(sb, sub, v.raw, indent+"  "); err != nil {
			return err
		}
		sb.WriteString(indent + "}\n")
		return nil
	}
	texts, err := scalarTexts(f.typ, v)
	if err != nil {
		return err
	}
	for _, t := range texts {
		if !f.repeated && isDefaultText(t) {
			continue
		}
		sb.WriteString(indent + f.name + ": " + t + "\n")
	}
	return nil
}

// fieldMessage returns the message type of f, synthesizing map entries.
func (s *protoSchema) fieldMessage(f *protoField) *protoMessage {
	if k, v, ok := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(f.typ, "map<"), ">"), ","); ok && strings.HasPrefix(f.typ, "map<") {
		return &protoMessage{name: f.typ, fields: map[int]*protoField{
			1: {name: "key", typ: k, num: 1},
			2: {name: "value", typ: v, num: 2},
		}}
	}
	return s.messages[f.typ]
}

func isDefaultText(t string) bool {
	return t == "0" || t == "0.0" || t == "false" || t == `""`
}

// scalarTexts prints a scalar value; packed repeated values give several.
func scalarTexts(typ string, v wireValue) ([]string, error) {
	if v.typ == wireBytes && typ != "string" && typ != "bytes" {
		return packedTexts(typ, v.raw)
	}
	switch typ {
	case "string", "bytes":
		return []string{quoteProto(v.raw)}, nil
	case "double":
		return []string{javaFloat(math.Float64frombits(v.num), 64)}, nil
	case "float":
		return []string{javaFloat(float64(math.Float32frombits(uint32(v.num))), 32)}, nil
	case "int32", "sfixed32":
		return []string{strconv.FormatInt(int64(int32(v.num)), 10)}, nil
	case "int64", "sfixed64":
		return []string{strconv.FormatInt(int64(v.num), 10)}, nil
	case "sint32", "sint64":
		return []string{strconv.FormatInt(int64(v.num>>1)^-int64(v.num&1), 10)}, nil
	case "bool":
		return []string{strconv.FormatBool(v.num != 0)}, nil
	}
	return []string{strconv.FormatUint(v.num, 10)}, nil
}

// packedTexts prints a packed run of varints, fixed32s or fixed64s.
func packedTexts(typ string, raw []byte) ([]string, error) {
	var out []string
	for len(raw) > 0 {
		v := wireValue{typ: wireVarint}
		n := 0
		switch typ {
		case "double", "fixed64", "sfixed64":
			v.typ, n = wireFixed64, 8
		case "float", "fixed32", "sfixed32":
			v.typ, n = wireFixed32, 4
		}
		switch {
		case n == 0:
			v.num, n = binary.Uvarint(raw)
		case len(raw) < n:
			n = 0
		case n == 8:
			v.num = binary.LittleEndian.Uint64(raw)
		default:
			v.num = uint64(binary.LittleEndian.Uint32(raw))
		}
		if n <= 0 {
			return nil, fmt.Errorf("bad packed %s", typ)
		}
		raw = raw[n:]
		t, err := scalarTexts(typ, v)
		if err != nil {
			return nil, err
		}
		out = append(out, t...)
	}
	return out, nil
}

// quoteProto quotes bytes as Java's TextFormat.escapeBytes does.
func quoteProto(b []byte) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, c := range b {
		switch c {
		case '\a':
			sb.WriteString(`\a`)
		case '\b':
			sb.WriteString(`\b`)
		case '\f':
			sb.WriteString(`\f`)
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		case '\v':
			sb.WriteString(`\v`)
		case '\\', '\'', '"':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		default:
			if c >= 0x20 && c < 0x7f {
				sb.WriteByte(c)
			} else {
				fmt.Fprintf(&sb, `\%03o`, c)
			}
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// javaFloat prints f as Java's Double.toString (bits 64) or Float.toString.
func javaFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	if a := math.Abs(f); a == 0 || (a >= 1e-3 && a < 1e7) {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, bits) // d.ddde±XX
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}
