package server

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/stretchr/testify/require"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// TestProtobuf checks the protobuf response format; see testdata/protobuf/*.
// Commands:
//
//	schema          input: columns as in CREATE (NAME TYPE, ...); prints the
//	                protoSchema or the error
//	encode          input: the columns on the first line, then one JSON row a
//	                line; prints each row's base64 and the message decoded
//	                (by a decoder written from the SQL types, not the encoder)
func TestProtobuf(t *testing.T) {
	datadriven.Walk(t, "testdata/protobuf", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "schema":
				text, err := protoSchemaText(parseColumns(t, d.Input))
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				return text
			case "encode":
				lines := nonEmptyLines(d.Input)
				cols := parseColumns(t, lines[0])
				var out strings.Builder
				for _, line := range lines[1:] {
					out.WriteString(encodeForTest(t, cols, line))
				}
				return out.String()
			}
			t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
			return ""
		})
	})
}

func encodeForTest(t *testing.T, cols []engine.Column, line string) string {
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil || len(raw) != len(cols) {
		t.Fatalf("bad row %q for %d columns: %v", line, len(cols), err)
	}
	vals := make([]types.Value, len(raw))
	for i, v := range raw {
		vals[i] = jsonValue(t, v, cols[i].Type)
	}
	msg, err := appendProtoRow(nil, cols, vals)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	fields := make([]types.Field, len(cols))
	for i, c := range cols {
		fields[i] = types.Field{Name: c.Name, Type: c.Type}
	}
	var sb strings.Builder
	if len(msg) == 0 {
		return "(empty message)\n"
	}
	sb.WriteString(base64.StdEncoding.EncodeToString(msg) + "\n")
	if err := decodeForTest(&sb, msg, fields, "  "); err != nil {
		t.Fatalf("decoding %q: %v", line, err)
	}
	return sb.String()
}

func parseColumns(t *testing.T, src string) []engine.Column {
	els, err := sql.ParseSchema(strings.TrimSpace(src))
	require.NoError(t, err)
	cols := make([]engine.Column, len(els))
	for i, el := range els {
		typ, err := planner.ResolveType(el.Type, nil)
		require.NoError(t, err)
		cols[i] = engine.Column{Name: el.Name.Name, Type: typ}
	}
	return cols
}

// jsonValue converts a JSON value to a value of type typ: decimals and
// doubles as numbers, bytes as base64, structs and maps as objects (map keys
// in sorted order), TIMESTAMP/DATE/TIME as their integer encodings.
func jsonValue(t *testing.T, v any, typ *types.Type) types.Value {
	if v == nil {
		return nil
	}
	n, _ := v.(json.Number)
	switch typ.Kind {
	case types.Int:
		i, _ := n.Int64()
		return int32(i)
	case types.BigInt:
		i, _ := n.Int64()
		return i
	case types.Double:
		f, _ := n.Float64()
		return f
	case types.Decimal:
		u, _ := new(big.Int).SetString(strings.Replace(n.String(), ".", "", 1), 10)
		return types.Dec{Unscaled: u, Scale: int32(typ.Scale)}
	case types.Bytes:
		b, err := base64.StdEncoding.DecodeString(v.(string))
		require.NoError(t, err)
		return b
	case types.Timestamp, types.Date, types.Time:
		i, _ := n.Int64()
		return map[types.Kind]types.Value{types.Timestamp: types.TimestampValue(i),
			types.Date: types.DateValue(i), types.Time: types.TimeValue(i)}[typ.Kind]
	case types.Array:
		out := []types.Value{}
		for _, e := range v.([]any) {
			out = append(out, jsonValue(t, e, typ.Elem))
		}
		return out
	case types.Map:
		obj := v.(map[string]any)
		m := &types.MapValue{}
		for _, k := range sortedKeys(obj) {
			m.Put(k, jsonValue(t, obj[k], typ.Elem))
		}
		return m
	case types.Struct:
		obj := v.(map[string]any)
		s := &types.StructValue{Type: typ, Fields: make([]types.Value, len(typ.Fields))}
		for i, f := range typ.Fields {
			s.Fields[i] = jsonValue(t, obj[f.Name], f.Type)
		}
		return s
	}
	return v // bool, string
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// decodeForTest prints message data, whose fields are fields (numbered from
// 1), one field a line in wire order: "NAME: value" or "NAME {...}".
func decodeForTest(sb *strings.Builder, data []byte, fields []types.Field, indent string) error {
	for len(data) > 0 {
		tag, n := binary.Uvarint(data)
		if n <= 0 || tag>>3 < 1 || int(tag>>3) > len(fields) {
			return fmt.Errorf("bad tag %d", tag)
		}
		data = data[n:]
		f := fields[tag>>3-1]
		typ := f.Type
		if typ.Kind == types.Array {
			typ = typ.Elem
		}
		var x uint64
		var raw []byte
		switch tag & 7 {
		case 0:
			x, n = binary.Uvarint(data)
		case 1:
			x, n = binary.LittleEndian.Uint64(data), 8
		case 2:
			l, m := binary.Uvarint(data)
			raw, n = data[m:m+int(l)], m+int(l)
		default:
			return fmt.Errorf("field %s: wire type %d", f.Name, tag&7)
		}
		data = data[n:]
		if err := decodeFieldForTest(sb, f.Name, typ, tag&7, x, raw, indent); err != nil {
			return fmt.Errorf("field %s: %w", f.Name, err)
		}
	}
	return nil
}

func decodeFieldForTest(sb *strings.Builder, name string, typ *types.Type, wire, x uint64, raw []byte, indent string) error {
	if sub := subFieldsForTest(typ); sub != nil {
		sb.WriteString(indent + name + " {\n")
		if err := decodeForTest(sb, raw, sub, indent+"  "); err != nil {
			return err
		}
		sb.WriteString(indent + "}\n")
		return nil
	}
	switch {
	case typ.Kind == types.String:
		sb.WriteString(indent + name + ": " + strconv.Quote(string(raw)) + "\n")
	case typ.Kind == types.Bytes:
		fmt.Fprintf(sb, "%s%s: 0x%x\n", indent, name, raw)
	case wire == 2: // packed
		for len(raw) > 0 {
			n := 8
			if typ.Kind == types.Double {
				x = binary.LittleEndian.Uint64(raw)
			} else {
				x, n = binary.Uvarint(raw)
			}
			raw = raw[n:]
			sb.WriteString(indent + name + ": " + scalarForTest(typ, x) + "\n")
		}
	default:
		sb.WriteString(indent + name + ": " + scalarForTest(typ, x) + "\n")
	}
	return nil
}

func scalarForTest(typ *types.Type, x uint64) string {
	switch typ.Kind {
	case types.Boolean:
		return strconv.FormatBool(x != 0)
	case types.Int:
		return strconv.Itoa(int(int32(x)))
	case types.Double:
		return strconv.FormatFloat(math.Float64frombits(x), 'g', -1, 64)
	}
	return strconv.FormatInt(int64(x), 10)
}

// subFieldsForTest lists the fields of the message that represents typ, or
// nil if typ is a scalar.
func subFieldsForTest(typ *types.Type) []types.Field {
	f := func(name string, t *types.Type) types.Field { return types.Field{Name: name, Type: t} }
	switch typ.Kind {
	case types.Struct:
		return typ.Fields
	case types.Map:
		return []types.Field{f("key", typ.Key), f("value", typ.Elem)}
	case types.Decimal:
		return []types.Field{f("value", types.BytesType), f("precision", types.BigIntType), f("scale", types.IntType)}
	case types.Timestamp:
		return []types.Field{f("seconds", types.BigIntType), f("nanos", types.IntType)}
	case types.Date:
		return []types.Field{f("year", types.IntType), f("month", types.IntType), f("day", types.IntType)}
	case types.Time:
		return []types.Field{f("hours", types.IntType), f("minutes", types.IntType),
			f("seconds", types.IntType), f("nanos", types.IntType)}
	}
	return nil
}

func TestTwosComplement(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "00"}, {1, "01"}, {127, "7f"}, {128, "0080"}, {255, "00ff"}, {256, "0100"},
		{-1, "ff"}, {-128, "80"}, {-129, "ff7f"}, {-256, "ff00"}, {-32769, "ff7fff"}} {
		require.Equal(t, c.want, fmt.Sprintf("%x", twosComplement(big.NewInt(c.n))), "%d", c.n)
	}
}

// A result that protobuf cannot carry is refused with the query closed.
func TestProtobufRefusalClosesQuery(t *testing.T) {
	defer checkNoLeaks(t)
	b := newFakeBackend()
	q := newFakeQuery("transient_S_1", []engine.Column{{Name: "M", Type: types.ArrayOf(types.ArrayOf(types.IntType))}}, 1)
	b.addQuery(q)
	ts := httptest.NewServer(New(b, Options{Logger: slog.New(slog.DiscardHandler), MaxBodyBytes: 4096}))
	defer ts.Close()
	req, err := http.NewRequest("POST", ts.URL+"/query", strings.NewReader(`{"ksql":"SELECT * FROM s EMIT CHANGES;"}`))
	require.NoError(t, err)
	req.Header.Set("Accept", mediaProtobuf)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.True(t, q.isClosed())
}
