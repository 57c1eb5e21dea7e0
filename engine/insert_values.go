package engine

import (
	"context"
	"strings"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// insertValues evaluates INSERT INTO ... VALUES and produces one record.
func (e *Engine) insertValues(ctx context.Context, st sql.Statement, n *sql.InsertValues) (Entity, error) {
	if src, ok := e.cat.Source(n.Target.Name); ok && src.IsSource {
		return nil, planner.Errorf(n.Target.Pos(), "Cannot insert values into read-only %s: %s", strings.ToLower(src.Kind()), src.Name)
	}
	p, err := planner.BuildInsertValues(n, e.cat)
	if err != nil {
		return nil, err
	}
	row := make(types.Row, len(p.Values))
	for i, x := range p.Values {
		if x == nil {
			continue
		}
		if row[i], err = evalConstant(x); err != nil {
			return nil, Errorf(CodeBadStatement, "Failed to insert values into '%s'. %v", p.Target.Name, err)
		}
	}
	ts := time.Now().UnixMilli()
	if p.Rowtime != nil {
		v, err := evalConstant(p.Rowtime)
		if err != nil {
			return nil, Errorf(CodeBadStatement, "Failed to insert values into '%s'. %v", p.Target.Name, err)
		}
		if v != nil {
			ts = v.(int64)
		}
	}
	key, value, err := encodeRow(p.Target, row)
	if err != nil {
		return nil, Errorf(CodeBadStatement, "Failed to insert values into '%s'. %v", p.Target.Name, err)
	}
	rec := &exec.OutRecord{Topic: p.Target.Topic, Partition: -1, Timestamp: ts, Key: key, Value: value}
	if err := e.be.produce(ctx, rec); err != nil {
		return nil, Errorf(CodeServerError, "Failed to insert values into '%s': %v", p.Target.Name, err)
	}
	return nil, nil
}

func evalConstant(x planner.Expr) (types.Value, error) {
	ev, err := exec.Compile(x)
	if err != nil {
		return nil, err
	}
	return ev(nil, nil)
}

// encodeRow serialises a row laid out as src.Columns into key and value bytes.
func encodeRow(src *planner.Source, row types.Row) (key, value []byte, err error) {
	for _, isKey := range []bool{true, false} {
		f, cols := partOf(src, isKey)
		var vals types.Row
		for i, c := range src.Columns {
			if (c.Role == planner.KeyColumn) == isKey && c.Role != planner.HeaderColumn {
				vals = append(vals, row[i])
			}
		}
		opts, err := serdeOptions(f)
		if err != nil {
			return nil, nil, err
		}
		enc, err := serde.NewEncoder(opts, cols)
		if err != nil {
			return nil, nil, err
		}
		var b []byte
		if len(cols) > 0 && !(isKey && allNil(vals)) {
			if b, err = enc.Encode(vals); err != nil {
				return nil, nil, err
			}
		}
		if isKey {
			key = b
		} else {
			value = b
		}
	}
	return key, value, nil
}

func allNil(r types.Row) bool {
	for _, v := range r {
		if v != nil {
			return false
		}
	}
	return true
}
