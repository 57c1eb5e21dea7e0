package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/types"
)

// The protobuf response format (Accept: application/vnd.ksql.v1+protobuf)
// describes result rows with a proto3 schema generated as ksqlDB generates it
// (Confluent's ProtobufData over the columns' Connect schema, printed as a
// canonical ProtobufSchema):
//
//   - the row is message ConnectDefault1, one field per column numbered from 1;
//   - INTEGER int32, BIGINT int64, DOUBLE double, BOOLEAN bool, STRING string,
//     BYTES bytes;
//   - DECIMAL confluent.type.Decimal (precision and scale as field metadata),
//     TIMESTAMP google.protobuf.Timestamp, DATE google.type.Date, TIME
//     google.type.TimeOfDay, each importing its .proto file;
//   - ARRAY<T> a repeated T field (arrays of arrays have no representation);
//   - STRUCT a nested message ConnectDefaultN, MAP a repeated nested message
//     ConnectDefaultNEntry {key = 1; value = 2}, with N counted in the order
//     the types are met, depth first.

// protoMessage is one generated message definition.
type protoMessage struct {
	name   string
	fields []protoField
	nested []*protoMessage
}

// protoField is one field of a generated message.
type protoField struct {
	repeated bool
	typ      string // a scalar type name or a message name
	name     string
	num      int
	params   [][2]string // confluent.field_meta params, as (key, value)
}

// Well-known message types and the files that define them.
var protoLogicalTypes = map[types.Kind][2]string{
	types.Decimal:   {"confluent.type.Decimal", "confluent/type/decimal.proto"},
	types.Timestamp: {"google.protobuf.Timestamp", "google/protobuf/timestamp.proto"},
	types.Date:      {"google.type.Date", "google/type/date.proto"},
	types.Time:      {"google.type.TimeOfDay", "google/type/timeofday.proto"},
}

var protoScalarTypes = map[types.Kind]string{
	types.Boolean: "bool", types.Int: "int32", types.BigInt: "int64",
	types.Double: "double", types.String: "string", types.Bytes: "bytes",
}

// protoSchemaBuilder names messages and collects imports while a schema is
// generated.
type protoSchemaBuilder struct {
	names   int      // default message names used so far
	imports []string // in the order first needed
}

// protoSchemaText returns the proto3 schema of rows with these columns, as
// the protoSchema of ksqlDB's /query header.
func protoSchemaText(cols []engine.Column) (string, error) {
	b := &protoSchemaBuilder{}
	fields := make([]types.Field, len(cols))
	for i, c := range cols {
		fields[i] = types.Field{Name: c.Name, Type: c.Type}
	}
	root, err := b.message(b.nextName(), fields)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString("syntax = \"proto3\";\n")
	if len(b.imports) > 0 {
		sb.WriteString("\n")
		for _, imp := range b.imports {
			sb.WriteString("import \"" + imp + "\";\n")
		}
	}
	sb.WriteString("\n")
	root.write(&sb)
	return sb.String(), nil
}

func (b *protoSchemaBuilder) nextName() string {
	b.names++
	return "ConnectDefault" + strconv.Itoa(b.names)
}

// message generates a message with one field per struct field.
func (b *protoSchemaBuilder) message(name string, fields []types.Field) (*protoMessage, error) {
	m := &protoMessage{name: name}
	for i, f := range fields {
		if err := b.field(m, f.Name, i+1, f.Type); err != nil {
			return nil, fmt.Errorf("`%s`: %w", f.Name, err)
		}
	}
	return m, nil
}

// field adds field name of type t to m, and the nested messages it needs.
func (b *protoSchemaBuilder) field(m *protoMessage, name string, num int, t *types.Type) error {
	if t == nil {
		return fmt.Errorf("column has no type")
	}
	f := protoField{name: name, num: num}
	if t.Kind == types.Array {
		f.repeated, t = true, t.Elem
		if t == nil || t.Kind == types.Array {
			return fmt.Errorf("an array of arrays has no protobuf representation")
		}
	}
	switch t.Kind {
	case types.Struct:
		f.typ = b.nextName()
		if f.typ == name {
			f.typ += "Message"
		}
		nested, err := b.message(f.typ, t.Fields)
		if err != nil {
			return err
		}
		m.nested = append(m.nested, nested)
	case types.Map:
		f.repeated, f.typ = true, b.nextName()+"Entry"
		entry := &protoMessage{name: f.typ}
		if err := b.field(entry, "key", 1, t.Key); err != nil {
			return fmt.Errorf("map key: %w", err)
		}
		if err := b.field(entry, "value", 2, t.Elem); err != nil {
			return fmt.Errorf("map value: %w", err)
		}
		m.nested = append(m.nested, entry)
	default:
		if err := b.leaf(&f, t); err != nil {
			return err
		}
	}
	m.fields = append(m.fields, f)
	return nil
}

// leaf sets the type of a scalar or well-known message field.
func (b *protoSchemaBuilder) leaf(f *protoField, t *types.Type) error {
	if s, ok := protoScalarTypes[t.Kind]; ok {
		f.typ = s
		return nil
	}
	lt, ok := protoLogicalTypes[t.Kind]
	if !ok {
		return fmt.Errorf("type %s has no protobuf representation", t)
	}
	f.typ = lt[0]
	b.addImport(lt[1])
	if t.Kind == types.Decimal {
		f.params = [][2]string{{"precision", strconv.Itoa(t.Precision)}, {"scale", strconv.Itoa(t.Scale)}}
	}
	return nil
}

func (b *protoSchemaBuilder) addImport(file string) {
	for _, imp := range b.imports {
		if imp == file {
			return
		}
	}
	b.imports = append(b.imports, file)
}

// write prints m as Confluent's ProtobufSchema canonical string does: fields,
// then a blank line and the nested messages, each indented two spaces.
func (m *protoMessage) write(sb *strings.Builder) {
	sb.WriteString("message " + m.name + " {")
	if len(m.fields) > 0 {
		sb.WriteString("\n")
		for _, f := range m.fields {
			writeIndented(sb, f.String())
		}
	}
	if len(m.nested) > 0 {
		sb.WriteString("\n")
		for _, n := range m.nested {
			var inner strings.Builder
			n.write(&inner)
			writeIndented(sb, inner.String())
		}
	}
	sb.WriteString("}\n")
}

func (f protoField) String() string {
	var sb strings.Builder
	if f.repeated {
		sb.WriteString("repeated ")
	}
	fmt.Fprintf(&sb, "%s %s = %d", f.typ, f.name, f.num)
	if len(f.params) > 0 {
		sb.WriteString(" [" + fieldMetaOption(f.params) + "]")
	}
	sb.WriteString(";\n")
	return sb.String()
}

// fieldMetaOption prints the (confluent.field_meta) option carrying params.
// As upstream, each param prints its value before its key.
func fieldMetaOption(params [][2]string) string {
	var list strings.Builder
	list.WriteString("[\n")
	for i, p := range params {
		var entry strings.Builder
		entry.WriteString("{\n")
		writeIndented(&entry, "value: "+strconv.Quote(p[1])+",")
		writeIndented(&entry, "key: "+strconv.Quote(p[0]))
		entry.WriteString("}")
		if i < len(params)-1 {
			entry.WriteString(",")
		}
		writeIndented(&list, entry.String())
	}
	list.WriteString("]")
	var sb strings.Builder
	sb.WriteString("(confluent.field_meta) = {\n")
	writeIndented(&sb, "params: "+list.String())
	sb.WriteString("}")
	return sb.String()
}

// writeIndented writes each line of s indented by two spaces (blank lines
// too, as upstream does).
func writeIndented(sb *strings.Builder, s string) {
	lines := strings.Split(s, "\n")
	for len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for _, l := range lines {
		sb.WriteString("  " + l + "\n")
	}
}
