package serde

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func FuzzTmpHang(f *testing.F) {
	f.Add([]byte(benchRecord))
	cols := benchCols()
	dec, _ := NewDecoder(Options{Format: JSON}, cols)
	enc, _ := NewEncoder(Options{Format: JSON}, cols)
	f.Fuzz(func(t *testing.T, b []byte) {
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				os.WriteFile("/tmp/hang_input", b, 0o644)
				fmt.Fprintf(os.Stderr, "HANG %q\n", b)
				os.Exit(3)
			}
		}()
		row, err := dec.Decode(b)
		if err == nil {
			out, _ := enc.Encode(row)
			dec.Decode(out)
		}
		close(done)
	})
}
