package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/types"
)

// Format detection for PRINT, as ksqlDB's RecordFormatter does it: keys and
// values each keep a list of candidate formats in preference order; a format
// that fails on any record seen is dropped, and each record is rendered with
// the first candidate left. Without a schema registry the candidates are
// JSON, KAFKA_INT, KAFKA_BIGINT, KAFKA_DOUBLE and KAFKA_STRING; bytes no
// format accepts are shown escaped (\xNN).
//
// ksqlDB also tries windowed variants of every key format, which turns any
// key of eight bytes or more into a bogus window (ksqlDB issue 5514); here the
// windowed variants are tried only for the window types of the sources
// registered on the topic.

// noDataYet is what ksqlDB reports as the format before it saw a non-null
// key (or value).
const noDataYet = "¯\\_(ツ)_/¯ - no data processed"

const unrecognisedBytes = "UNRECOGNISED_BYTES"

// deserializer renders bytes as text, or reports that it cannot.
type deserializer struct {
	name   string
	render func(b []byte) (string, bool)
}

var baseFormats = []deserializer{
	{"JSON", renderJSON},
	{"KAFKA_INT", fixedWidth(4, func(b []byte) string { return strconv.Itoa(int(int32(binary.BigEndian.Uint32(b)))) })},
	{"KAFKA_BIGINT", fixedWidth(8, func(b []byte) string { return strconv.FormatInt(int64(binary.BigEndian.Uint64(b)), 10) })},
	{"KAFKA_DOUBLE", fixedWidth(8, func(b []byte) string { return types.FormatDouble(math.Float64frombits(binary.BigEndian.Uint64(b))) })},
	{"KAFKA_STRING", renderString},
}

// candidates is the list of formats still possible for keys or values.
type candidates struct {
	list []deserializer
	seen bool // a non-null key (value) was formatted
}

// format renders b with the first format that accepts it, dropping the
// formats that do not.
func (c *candidates) format(b []byte) string {
	if b == nil {
		return "<null>"
	}
	c.seen = true
	first, found := "", false
	kept := c.list[:0]
	for _, d := range c.list {
		s, ok := d.render(b)
		if !ok {
			continue
		}
		if !found {
			first, found = s, true
		}
		kept = append(kept, d)
	}
	c.list = kept
	if !found {
		return "<Failed to deserialize>"
	}
	return first
}

// names lists the formats still possible, as the "Key format:" line shows them.
func (c *candidates) names() []string {
	if !c.seen {
		return []string{noDataYet}
	}
	out := []string{}
	for _, d := range c.list {
		if d.name != unrecognisedBytes {
			out = append(out, d.name)
		}
	}
	return out
}

func (c *candidates) active() string {
	if n := c.names(); len(n) > 0 {
		return n[0]
	}
	return ""
}

func (c *candidates) has(name string) bool {
	for _, n := range c.names() {
		if n == name {
			return true
		}
	}
	return false
}

// recordFormatter renders records as PRINT lines.
type recordFormatter struct {
	key, value candidates
}

// newRecordFormatter tries windowed key formats for the given window types
// (TUMBLING, HOPPING, SESSION), before the plain format they wrap.
func newRecordFormatter(windows []string) *recordFormatter {
	f := &recordFormatter{}
	for _, base := range baseFormats {
		for _, kind := range []string{"SESSION", "HOPPING", "TUMBLING"} {
			if containsString(windows, kind) {
				f.key.list = append(f.key.list, windowed(kind, base))
			}
		}
		f.key.list = append(f.key.list, base)
		f.value.list = append(f.value.list, base)
	}
	raw := deserializer{unrecognisedBytes, func(b []byte) (string, bool) { return escapeBytes(b), true }}
	f.key.list = append(f.key.list, raw)
	f.value.list = append(f.value.list, raw)
	return f
}

// formatBatch renders a batch. The batch refines the formats; if that
// dropped the format in use, the batch is rendered again with the new one, so
// a batch never mixes renderings.
func (f *recordFormatter) formatBatch(batch []exec.SourceRecord) []string {
	key, value := f.key.active(), f.value.active()
	lines := f.formatAll(batch)
	if f.key.has(key) && f.value.has(value) {
		return lines
	}
	return f.formatAll(batch)
}

func (f *recordFormatter) formatAll(batch []exec.SourceRecord) []string {
	out := make([]string, len(batch))
	for i, r := range batch {
		out[i] = "rowtime: " + formatRowtime(r.Timestamp) + ", key: " + f.key.format(r.Key) +
			", value: " + f.value.format(r.Value) + ", partition: " + strconv.Itoa(int(r.Partition))
	}
	return out
}

// formatRowtime renders a record timestamp as ksqlDB's PRINT does, in UTC;
// -1 (no timestamp) is N/A.
func formatRowtime(ms int64) string {
	if ms == -1 {
		return "N/A"
	}
	return time.UnixMilli(ms).UTC().Format("2006/01/02 15:04:05.000") + " Z"
}

// renderJSON accepts UTF-8 text that starts with a JSON value (trailing
// content is ignored, as Jackson does) and returns the text as is.
func renderJSON(b []byte) (string, bool) {
	s, ok := renderString(b)
	if !ok {
		return "", false
	}
	var v any
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&v); err != nil {
		return "", false
	}
	return s, true
}

// renderString accepts non-empty UTF-8 text.
func renderString(b []byte) (string, bool) {
	if len(b) == 0 || !utf8.Valid(b) {
		return "", false
	}
	s := string(b)
	if strings.ContainsRune(s, utf8.RuneError) {
		return "", false // ksqlDB cannot tell it from a decoding failure
	}
	return s, true
}

func fixedWidth(n int, render func([]byte) string) func([]byte) (string, bool) {
	return func(b []byte) (string, bool) {
		if len(b) != n {
			return "", false
		}
		return render(b), true
	}
}

// windowed wraps a key format in a window: Kafka Streams appends the window
// start (time windows) or the end and start (session windows) as 8-byte
// big-endian milliseconds. Time windows show no end, as ksqlDB does.
func windowed(kind string, inner deserializer) deserializer {
	return deserializer{kind + "(" + inner.name + ")", func(b []byte) (string, bool) {
		key, start, end, ok := exec.SplitWindowedKey(b, kind, 0)
		if !ok {
			return "", false
		}
		s, ok := inner.render(key)
		if !ok {
			return "", false
		}
		bound := "-"
		if kind == "SESSION" {
			bound = strconv.FormatInt(end, 10)
		}
		return "[" + s + "@" + strconv.FormatInt(start, 10) + "/" + bound + "]", true
	}}
}

// escapeBytes renders bytes as Kafka's Bytes.toString: printable ASCII as is
// (except the backslash), anything else as \xNN.
func escapeBytes(b []byte) string {
	const hex = "0123456789ABCDEF"
	var sb strings.Builder
	for _, c := range b {
		if c >= ' ' && c <= '~' && c != '\\' {
			sb.WriteByte(c)
			continue
		}
		sb.WriteString(`\x`)
		sb.WriteByte(hex[c>>4])
		sb.WriteByte(hex[c&0xF])
	}
	return sb.String()
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
