package conformance

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// protoEnc builds wire-format bytes for tests.
type protoEnc []byte

func (e protoEnc) varint(field int, v uint64) protoEnc {
	e = binary.AppendUvarint(e, uint64(field)<<3|wireVarint)
	return binary.AppendUvarint(e, v)
}

func (e protoEnc) bytes(field int, b []byte) protoEnc {
	e = binary.AppendUvarint(e, uint64(field)<<3|wireBytes)
	e = binary.AppendUvarint(e, uint64(len(b)))
	return append(e, b...)
}

func (e protoEnc) double(field int, f float64) protoEnc {
	e = binary.AppendUvarint(e, uint64(field)<<3|wireFixed64)
	return binary.LittleEndian.AppendUint64(e, math.Float64bits(f))
}

func TestProtoText(t *testing.T) {
	schema := "syntax = \"proto3\";\n\nmessage ConnectDefault1 {\n  int32 ID = 1;\n  double LAT = 2;\n" +
		"  repeated ConnectDefault2 HDRS = 3;\n  string NAME = 4;\n  repeated int64 NUMS = 5;\n  bool FLAG = 6;\n" +
		"  sint64 DELTA = 7;\n  map<string, int32> M = 8;\n\n  message ConnectDefault2 {\n    string KEY = 1;\n    bytes VALUE = 2;\n  }\n}\n"
	s, err := parseProtoSchema(schema)
	if err != nil {
		t.Fatal(err)
	}
	hdr := protoEnc(nil).bytes(1, []byte("abc")).bytes(2, []byte{'!', 0x01})
	packed := binary.AppendUvarint(binary.AppendUvarint(nil, 1), 300)
	entry := protoEnc(nil).bytes(1, []byte("k")).varint(2, 7)
	neg := int32(-5)
	msg := protoEnc(nil).
		varint(1, uint64(int64(neg))).
		double(2, 37.3952).
		bytes(3, hdr).
		bytes(4, []byte("a\"b\né")).
		bytes(5, packed).
		varint(6, 0). // a default value: not printed
		varint(7, 3). // zigzag for -2
		bytes(8, entry)
	var sb strings.Builder
	if err := s.format(&sb, s.root, msg, ""); err != nil {
		t.Fatal(err)
	}
	want := "ID: -5\nLAT: 37.3952\nHDRS {\n  KEY: \"abc\"\n  VALUE: \"!\\001\"\n}\n" +
		"NAME: \"a\\\"b\\n\\303\\251\"\nNUMS: 1\nNUMS: 300\nDELTA: -2\nM {\n  key: \"k\"\n  value: 7\n}\n"
	if got := sb.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestJavaFloat(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0.0", 1: "1.0", -122.0813: "-122.0813", 1e7: "1.0E7", 1.5e-4: "1.5E-4",
		0.001: "0.001", 123456.789: "123456.789", 1.2345e21: "1.2345E21", math.Inf(-1): "-Infinity",
	} {
		if got := javaFloat(f, 64); got != want {
			t.Errorf("javaFloat(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestProtoSchemaErrors(t *testing.T) {
	for _, text := range []string{"syntax = \"proto3\";", "message M { int32 X = ; }", "message { }"} {
		if _, err := parseProtoSchema(text); err == nil {
			t.Errorf("parseProtoSchema(%q) did not fail", text)
		}
	}
}
