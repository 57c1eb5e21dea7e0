package server

import (
	"fmt"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/types"
)

// appendRow appends the row's values as a JSON array, each rendered as
// ksqlDB's REST API renders its column's type (serde.AppendRESTJSON).
func appendRow(b []byte, cols []engine.Column, vals []types.Value) ([]byte, error) {
	if len(vals) != len(cols) {
		return b, fmt.Errorf("row has %d values for %d columns", len(vals), len(cols))
	}
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		if cols[i].Type == nil {
			return b, fmt.Errorf("column %s has no type", cols[i].Name)
		}
		var err error
		if b, err = serde.AppendRESTJSON(b, v, cols[i].Type); err != nil {
			return b, fmt.Errorf("column %s: %w", cols[i].Name, err)
		}
	}
	return append(b, ']'), nil
}
