package engine

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// InsertRow writes one row into the stream or table target, as POST
// /inserts-stream does for each line after the first. row maps column names
// (matched exactly, then case-insensitively) to JSON values as decoded by
// encoding/json with UseNumber; they are coerced to the column types with the
// JSON format's rules. ROWTIME, when present, sets the record timestamp in
// epoch milliseconds; otherwise the record gets the current time. Columns
// missing from row are NULL. Errors are *Error with code 40000 (bad row),
// 40400 (unknown target) or 50000 (the write failed).
func (e *Engine) InsertRow(ctx context.Context, target string, row map[string]any) error {
	src, err := e.insertTarget(target)
	if err != nil {
		return err
	}
	vals, ts, err := rowValues(src, row)
	if err != nil {
		return Errorf(CodeBadRequest, "Failed to insert values into '%s'. %v", src.Name, err)
	}
	key, value, err := encodeRow(src, vals)
	if err != nil {
		return Errorf(CodeBadRequest, "Failed to insert values into '%s'. %v", src.Name, err)
	}
	rec := &exec.OutRecord{Topic: src.Topic, Partition: -1, Timestamp: ts, Key: key, Value: value}
	if err := e.be.produce(ctx, rec); err != nil {
		return Errorf(CodeServerError, "Failed to insert values into '%s': %v", src.Name, err)
	}
	return nil
}

// insertTarget resolves target like an unquoted identifier (exact name first,
// then upper-cased) and checks that it can be written to. The returned source
// is a snapshot: its fields are not changed by later statements.
func (e *Engine) insertTarget(target string) (*planner.Source, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, Errorf(CodeNotReady, "engine: shutting down")
	}
	src, ok := e.cat.Source(target)
	if !ok {
		src, ok = e.cat.Source(strings.ToUpper(target))
	}
	if !ok {
		return nil, Errorf(CodeNotFound, "Cannot insert into an unknown stream/table: %s", target)
	}
	if src.IsSource {
		return nil, Errorf(CodeBadRequest, "Cannot insert values into read-only %s: %s", strings.ToLower(src.Kind()), src.Name)
	}
	snap := *src
	snap.Columns = append([]planner.Column(nil), src.Columns...)
	return &snap, nil
}

// rowValues lays row out as src.Columns and extracts ROWTIME.
func rowValues(src *planner.Source, row map[string]any) (types.Row, int64, error) {
	index := make(map[string]int, len(src.Columns))
	for i, c := range src.Columns {
		if c.Role != planner.HeaderColumn {
			index[c.Name] = i
		}
	}
	vals := make(types.Row, len(src.Columns))
	ts := time.Now().UnixMilli()
	names := make([]string, 0, len(row))
	for name := range row {
		names = append(names, name)
	}
	sort.Strings(names) // deterministic error for several bad columns
	for _, name := range names {
		if strings.EqualFold(name, "ROWTIME") {
			v, err := serde.FromJSON(row[name], types.BigIntType)
			if err != nil {
				return nil, 0, fmt.Errorf("column ROWTIME: %v", err)
			}
			if v != nil {
				ts = v.(int64)
			}
			continue
		}
		i, ok := index[name]
		if !ok {
			i, ok = index[strings.ToUpper(name)]
		}
		if !ok {
			return nil, 0, fmt.Errorf("column name %s does not exist", name)
		}
		v, err := serde.FromJSON(row[name], src.Columns[i].Type)
		if err != nil {
			return nil, 0, fmt.Errorf("column %s: %v", src.Columns[i].Name, err)
		}
		vals[i] = v
	}
	return vals, ts, nil
}

// CheckInsertTarget reports, as InsertRow would, whether target names a
// stream or table that rows can be inserted into.
func (e *Engine) CheckInsertTarget(target string) error {
	_, err := e.insertTarget(target)
	return err
}
