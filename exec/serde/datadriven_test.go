package serde

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/types"
)

// TestDataDriven runs the golden files in testdata/ (rewrite them with
// `go test ./exec/serde -rewrite`).
//
// Directives take format=NAME and optionally unwrapped, key and delim=X. The
// input starts with a "cols: A INT, B STRING" line; every further line is one
// record:
//
//	decode     lines are record bytes; prints the row or the error
//	encode     lines are JSON arrays of column values; prints the bytes
//	roundtrip  lines are record bytes; decodes and re-encodes them
//	validate   no records; prints ok or Validate's error
//
// Record bytes are written raw, as q:"Go-quoted", as hex:0a0b, or as <nil>.
// Printed bytes are Go-quoted.
func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			o := optionsFrom(t, d)
			cols, lines := splitInput(t, d.Input)
			switch d.Cmd {
			case "validate":
				if err := Validate(o, cols); err != nil {
					return "error: " + err.Error() + "\n"
				}
				return "ok\n"
			case "decode", "roundtrip":
				return runDecode(t, o, cols, lines, d.Cmd == "roundtrip")
			case "encode":
				return runEncode(t, o, cols, lines)
			}
			d.Fatalf(t, "unknown command %q", d.Cmd)
			return ""
		})
	})
}

func splitInput(t *testing.T, input string) ([]Column, []string) {
	lines := strings.Split(input, "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "cols:") {
		t.Fatalf("input must start with a cols: line")
	}
	return parseCols(t, strings.TrimPrefix(lines[0], "cols:")), lines[1:]
}

func recordBytes(t *testing.T, line string) []byte {
	switch {
	case line == "<nil>":
		return nil
	case strings.HasPrefix(line, "q:"):
		s, err := strconv.Unquote(line[2:])
		if err != nil {
			t.Fatalf("bad quoted record %s: %v", line, err)
		}
		return []byte(s)
	case strings.HasPrefix(line, "hex:"):
		b, err := hex.DecodeString(line[4:])
		if err != nil {
			t.Fatalf("bad hex record %s: %v", line, err)
		}
		return b
	}
	return []byte(line)
}

func showBytes(b []byte) string {
	if b == nil {
		return "<nil>"
	}
	return strconv.Quote(string(b))
}

func runDecode(t *testing.T, o Options, cols []Column, lines []string, again bool) string {
	dec, err := NewDecoder(o, cols)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	enc, err := NewEncoder(o, cols)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, line := range lines {
		row, err := dec.Decode(recordBytes(t, line))
		switch {
		case err != nil:
			fmt.Fprintf(&out, "error: %v\n", err)
		case again:
			b, err := enc.Encode(row)
			if err != nil {
				t.Fatalf("re-encoding %s: %v", line, err)
			}
			fmt.Fprintf(&out, "%s\n", showBytes(b))
		default:
			fmt.Fprintf(&out, "%s\n", renderRow(t, cols, row))
		}
	}
	return out.String()
}

func runEncode(t *testing.T, o Options, cols []Column, lines []string) string {
	enc, err := NewEncoder(o, cols)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	var out strings.Builder
	for _, line := range lines {
		row := rowFromJSON(t, cols, line)
		b, err := enc.Encode(row)
		if err != nil {
			fmt.Fprintf(&out, "error: %v\n", err)
			continue
		}
		fmt.Fprintf(&out, "%s\n", showBytes(b))
	}
	return out.String()
}

// rowFromJSON builds a row from a JSON array of column values, or nil for <nil>.
func rowFromJSON(t *testing.T, cols []Column, line string) types.Row {
	if line == "<nil>" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(line)))
	dec.UseNumber()
	var vals []any
	if err := dec.Decode(&vals); err != nil || len(vals) != len(cols) {
		t.Fatalf("bad row %s: %v", line, err)
	}
	row := make(types.Row, len(vals))
	for i, v := range vals {
		var err error
		if row[i], err = FromJSON(v, cols[i].Type); err != nil {
			t.Fatalf("bad row %s: %v", line, err)
		}
	}
	return row
}
