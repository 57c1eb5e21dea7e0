package exec

import (
	"encoding/binary"

	"github.com/streamsql/streamsql/types"
)

// appendWindow serialises a windowed key as Kafka Streams does: time windows
// append the 8-byte big-endian window start; session windows append the end,
// then the start.
func appendWindow(key []byte, kind string, row types.Row, startCol, endCol int) []byte {
	start, end := windowBound(row, startCol), windowBound(row, endCol)
	out := make([]byte, 0, len(key)+16)
	out = append(out, key...)
	if kind == "SESSION" {
		out = binary.BigEndian.AppendUint64(out, uint64(end))
	}
	return binary.BigEndian.AppendUint64(out, uint64(start))
}

func windowBound(row types.Row, col int) int64 {
	if col < 0 || col >= len(row) {
		return 0
	}
	if v, ok := row[col].(int64); ok {
		return v
	}
	return 0
}

// SplitWindowedKey undoes appendWindow: it returns the key bytes and the
// window bounds (end is start+size for time windows).
func SplitWindowedKey(b []byte, kind string, size int64) (key []byte, start, end int64, ok bool) {
	n := 8
	if kind == "SESSION" {
		n = 16
	}
	if len(b) < n {
		return nil, 0, 0, false
	}
	key = b[:len(b)-n]
	if kind == "SESSION" {
		end = int64(binary.BigEndian.Uint64(b[len(b)-16:]))
		start = int64(binary.BigEndian.Uint64(b[len(b)-8:]))
		return key, start, end, true
	}
	start = int64(binary.BigEndian.Uint64(b[len(b)-8:]))
	return key, start, start + size, true
}
