package serde

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fuzzCols is a column list with every scalar type and nested containers.
const fuzzCols = "ID BIGINT, I INT, D DOUBLE, S STRING, B BOOLEAN, DE DECIMAL(6, 2), BT BYTES, " +
	"TS TIMESTAMP, DT DATE, TM TIME, ARR ARRAY<STRUCT<X DOUBLE, Y ARRAY<INT>>>, " +
	"M MAP<STRING, ARRAY<BIGINT>>, ST STRUCT<A INT, B STRUCT<C STRING, D MAP<STRING, DOUBLE>>>"

// FuzzDecode checks that no record bytes make a JSON, DELIMITED or KAFKA
// decoder panic or take over a second, and that what decodes has one value
// per column.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"json_decode", "delimited", "kafka"} {
		addRecordSeeds(f, filepath.Join("testdata", name))
	}
	f.Add([]byte(strings.Repeat("[", 10000)))
	f.Add([]byte(`{"ARR": [{"X": 1e400, "Y": [1, "2", 3.5]}], "DE": "1234.567", "S": "\xff\xfe"}`))
	all := parseCols(f, fuzzCols)
	scalars := parseCols(f, "ID BIGINT, I INT, D DOUBLE, S STRING, B BOOLEAN, DE DECIMAL(6, 2), BT BYTES, TS TIMESTAMP")
	var decs []Decoder
	var widths []int
	for _, o := range []Options{
		{Format: JSON}, {Format: JSON, Unwrapped: true}, {Format: Delimited}, {Format: Delimited, Delimiter: "TAB"},
	} {
		cols := all
		if o.Format == Delimited {
			cols = scalars
		}
		if o.Unwrapped {
			cols = all[len(all)-1:]
		}
		decs = append(decs, mustDecoder(f, o, cols))
		widths = append(widths, len(cols))
	}
	for _, c := range scalars {
		if c.Type.String() != "BOOLEAN" && Validate(Options{Format: Kafka}, []Column{c}) == nil {
			decs = append(decs, mustDecoder(f, Options{Format: Kafka}, []Column{c}))
			widths = append(widths, 1)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i, dec := range decs {
			if msg := decodeWithin(dec, widths[i], b); msg != "" {
				t.Fatalf("decoder %d, input %q: %s", i, b, msg)
			}
		}
	})
}

func mustDecoder(t testing.TB, o Options, cols []Column) Decoder {
	d, err := NewDecoder(o, cols)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// decodeWithin decodes b, returning a description of what went wrong: a
// panic, a run over a second, or a row of the wrong width.
func decodeWithin(dec Decoder, width int, b []byte) string {
	done := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
			}
		}()
		row, err := dec.Decode(b)
		if err != nil {
			if _, ok := err.(*DecodeError); !ok {
				done <- fmt.Sprintf("error of type %T: %v", err, err)
				return
			}
		}
		if err == nil && row != nil && len(row) != width {
			done <- fmt.Sprintf("decoded %d values for %d columns", len(row), width)
			return
		}
		done <- ""
	}()
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	select {
	case msg := <-done:
		return msg
	case <-timer.C:
		return "took over 1s"
	}
}

// addRecordSeeds adds the record lines of every datadriven block in path,
// undoing the q: (Go-quoted) and hex: notations.
func addRecordSeeds(f *testing.F, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	for _, block := range strings.Split(string(data), "\n\n") {
		in := strings.SplitN(block, "\n----", 2)[0]
		for _, line := range strings.Split(in, "\n") {
			switch {
			case strings.HasPrefix(line, "#"), strings.HasPrefix(line, "decode"), strings.HasPrefix(line, "cols:"), line == "<nil>":
			case strings.HasPrefix(line, "q:"):
				if s, err := strconv.Unquote(line[2:]); err == nil {
					f.Add([]byte(s))
				}
			case strings.HasPrefix(line, "hex:"):
				if b, err := hex.DecodeString(line[4:]); err == nil {
					f.Add(b)
				}
			default:
				f.Add([]byte(line))
			}
		}
	}
}
