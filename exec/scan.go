package exec

import (
	"context"
	"fmt"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// scanOp decodes the records of one topic into rows laid out as the Scan's
// schema: key columns, value columns, pseudo columns and headers. It is the
// source of a pipeline; the task hands it SourceRecords.
type scanOp struct {
	pl      *procLog
	node    *planner.Scan
	out     Emitter
	keyDec  serde.Decoder // nil: no key columns
	valDec  serde.Decoder // nil: no value columns
	ts      *timestampColumn
	fillers []func(row types.Row, r *SourceRecord, eventTime int64)
	arena   rowArena
	batch   Batch
	seen    bool      // some row has been emitted
	wm      Watermark // max event time emitted so far
	// window of the record being decoded, for windowed sources
	winStart, winEnd int64
}

func newScan(pl *procLog, n *planner.Scan) (*scanOp, error) {
	s := &scanOp{pl: pl, node: n, arena: rowArena{width: len(n.Out.Columns)}}
	var err error
	if s.keyDec, err = newDecoder(n, n.KeyFormat, n.KeyColumns, true); err != nil {
		return nil, err
	}
	if s.valDec, err = newDecoder(n, n.ValueFormat, n.ValueColumns, false); err != nil {
		return nil, err
	}
	if n.TimestampColumn >= 0 {
		c := n.Out.Columns[n.TimestampColumn]
		if s.ts, err = newTimestampColumn(n.TimestampColumn, c.Name, c.Type, n.TimestampFormat); err != nil {
			return nil, err
		}
	}
	for i, c := range n.Out.Columns {
		if c.Role == planner.PseudoColumn && (c.Name == "WINDOWSTART" || c.Name == "WINDOWEND") {
			s.fillers = append(s.fillers, s.windowFiller(i, c.Name == "WINDOWSTART"))
			continue
		}
		f, err := pseudoFiller(i, c)
		if err != nil {
			return nil, fmt.Errorf("exec: scan of %s: %w", n.Source, err)
		}
		if f != nil {
			s.fillers = append(s.fillers, f)
		}
	}
	return s, nil
}

// newDecoder builds the decoder for the columns at positions cols, or nil when
// there are none.
func newDecoder(n *planner.Scan, f planner.Format, cols []int, key bool) (serde.Decoder, error) {
	if len(cols) == 0 {
		return nil, nil
	}
	opts, err := serdeOptions(f, key)
	if err != nil {
		return nil, fmt.Errorf("exec: scan of %s: %w", n.Source, err)
	}
	dec, err := serde.NewDecoder(opts, serdeColumns(n.Out, cols))
	if err != nil {
		return nil, fmt.Errorf("exec: scan of %s: %w", n.Source, err)
	}
	return dec, nil
}

// serdeOptions converts a plan format to serde options.
func serdeOptions(f planner.Format, key bool) (serde.Options, error) {
	format, err := serde.ParseFormat(f.Name)
	if err != nil {
		return serde.Options{}, err
	}
	return serde.Options{Format: format, Delimiter: f.Delimiter, Unwrapped: f.Unwrapped, Key: key}, nil
}

// serdeColumns lists the columns of s at positions cols.
func serdeColumns(s *planner.Schema, cols []int) []serde.Column {
	out := make([]serde.Column, len(cols))
	for i, c := range cols {
		out[i] = serde.Column{Name: s.Columns[c].Name, Type: s.Columns[c].Type}
	}
	return out
}

func (s *scanOp) open(out Emitter) { s.out = out }

// consume decodes recs (one topic-partition, in offset order) and pushes the
// rows downstream, followed by the new stream time when it rose.
func (s *scanOp) consume(ctx context.Context, recs []SourceRecord) error {
	s.batch.Reset(recs[0].Topic, recs[0].Partition)
	s.arena.start(len(recs))
	for i := range recs {
		s.decode(&recs[i])
	}
	if s.pl.fatal != nil {
		return s.pl.fatal
	}
	if s.batch.Len() == 0 {
		return nil
	}
	maxTime := s.batch.Times[0]
	for _, t := range s.batch.Times {
		maxTime = max(maxTime, t)
	}
	if err := s.out.Emit(ctx, &s.batch); err != nil {
		return err
	}
	if wm := Watermark(maxTime); !s.seen || wm > s.wm {
		s.seen, s.wm = true, wm
		return s.out.EmitWatermark(ctx, wm)
	}
	return nil
}

// decode turns one record into a row of the batch, or logs why it cannot.
func (s *scanOp) decode(r *SourceRecord) {
	row := s.arena.next()
	key := r.Key
	if s.node.WindowType != "" && key != nil {
		k, start, end, ok := SplitWindowedKey(key, s.node.WindowType, s.node.WindowSize)
		if !ok {
			s.pl.deserializeFailed(r.Topic, r.Partition, r.Offset, "failed to deserialize key from topic %s: a %s windowed key needs at least 8 bytes of window", r.Topic, s.node.WindowType)
			return
		}
		key, s.winStart, s.winEnd = k, start, end
	}
	if err := s.decodePart(row, key, s.keyDec, s.node.KeyColumns); err != nil {
		s.pl.deserializeFailed(r.Topic, r.Partition, r.Offset, "failed to deserialize key from topic %s: %v", r.Topic, err)
		return
	}
	if s.node.Table && key == nil && len(s.node.KeyColumns) > 0 {
		// A table row needs its primary key.
		s.pl.logAt(r.Topic, r.Partition, r.Offset, "a record of table %s has a null key: skipped", s.node.Source)
		return
	}
	tombstone := r.Value == nil
	if err := s.decodePart(row, r.Value, s.valDec, s.node.ValueColumns); err != nil {
		s.pl.deserializeFailed(r.Topic, r.Partition, r.Offset, "failed to deserialize value from topic %s: %v", r.Topic, err)
		return
	}
	eventTime := r.Timestamp
	if s.ts != nil && !tombstone { // a tombstone has no value columns: keep the record time
		t, err := s.ts.read(row)
		if err != nil {
			s.pl.logAt(r.Topic, r.Partition, r.Offset, "cannot extract event time: %v", err)
			return
		}
		eventTime = t
	}
	if eventTime < 0 {
		s.pl.logAt(r.Topic, r.Partition, r.Offset, "record timestamp is negative: %d", eventTime)
		return
	}
	for _, f := range s.fillers {
		f(row, r, eventTime)
	}
	s.batch.Append(row, eventTime, r.Offset, tombstone)
}

// decodePart decodes data into the row positions cols; nil data leaves them
// NULL.
func (s *scanOp) decodePart(row types.Row, data []byte, dec serde.Decoder, cols []int) error {
	if dec == nil || data == nil {
		return nil
	}
	vals, err := dec.Decode(data)
	if err != nil {
		return err
	}
	if len(vals) != len(cols) {
		return fmt.Errorf("decoded %d columns, expected %d", len(vals), len(cols))
	}
	for i, c := range cols {
		row[c] = vals[i]
	}
	return nil
}

// windowFiller fills WINDOWSTART or WINDOWEND from the record's windowed key.
func (s *scanOp) windowFiller(i int, start bool) func(types.Row, *SourceRecord, int64) {
	return func(row types.Row, _ *SourceRecord, _ int64) {
		if start {
			row[i] = s.winStart
		} else {
			row[i] = s.winEnd
		}
	}
}
