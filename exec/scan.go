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
	keyPart rowPart
	valPart rowPart
	ts      *timestampColumn
	fillers []func(row types.Row, r *SourceRecord, eventTime int64)
	// box holds the boxed pseudo and window column values of a batch: one
	// allocation per batch rather than one per value. boxed is the number of
	// such columns.
	box   types.Slab
	boxed int
	arena rowArena
	batch Batch
	seen  bool      // some row has been emitted
	wm    Watermark // max event time emitted so far
	// window of the record being decoded, for windowed sources
	winStart, winEnd int64
}

// newScan builds the scan of n. used, when not nil, flags the columns that
// are read downstream: the others are decoded only to be checked.
func newScan(pl *procLog, n *planner.Scan, used []bool) (*scanOp, error) {
	s := &scanOp{pl: pl, node: n, arena: rowArena{width: len(n.Out.Columns)}}
	var err error
	if s.keyDec, err = newDecoder(n, n.KeyFormat, n.KeyColumns, true, nil); err != nil {
		return nil, err
	}
	if s.valDec, err = newDecoder(n, n.ValueFormat, n.ValueColumns, false, discarded(n, used)); err != nil {
		return nil, err
	}
	s.keyPart, s.valPart = newRowPart(n.KeyColumns), newRowPart(n.ValueColumns)
	if n.TimestampColumn >= 0 {
		c := n.Out.Columns[n.TimestampColumn]
		if s.ts, err = newTimestampColumn(n.TimestampColumn, c.Name, c.Type, n.TimestampFormat); err != nil {
			return nil, err
		}
	}
	for i, c := range n.Out.Columns {
		var f func(types.Row, *SourceRecord, int64)
		if c.Role == planner.PseudoColumn && (c.Name == "WINDOWSTART" || c.Name == "WINDOWEND") {
			f = s.windowFiller(i, c.Name == "WINDOWSTART")
		} else if f, err = pseudoFiller(i, c, &s.box); err != nil {
			return nil, fmt.Errorf("exec: scan of %s: %w", n.Source, err)
		}
		if f == nil || used != nil && !used[i] { // nobody reads it: leave it NULL
			continue
		}
		s.fillers = append(s.fillers, f)
		if c.Role == planner.PseudoColumn {
			s.boxed++
		}
	}
	return s, nil
}

// discarded flags the value columns nobody reads (see usedColumns): all
// but those flagged in used and the timestamp column. nil when used is nil.
func discarded(n *planner.Scan, used []bool) []bool {
	if used == nil {
		return nil
	}
	out := make([]bool, len(n.ValueColumns))
	for i, c := range n.ValueColumns {
		out[i] = c < len(used) && !used[c] && c != n.TimestampColumn
	}
	return out
}

// newDecoder builds the decoder for the columns at positions cols, or nil when
// there are none. discard is serde.Options.Discard.
func newDecoder(n *planner.Scan, f planner.Format, cols []int, key bool, discard []bool) (serde.Decoder, error) {
	if len(cols) == 0 {
		return nil, nil
	}
	opts, err := serdeOptions(f, key)
	if err != nil {
		return nil, fmt.Errorf("exec: scan of %s: %w", n.Source, err)
	}
	opts.Discard = discard
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
	s.box = types.NewSlab(s.boxed * len(recs))
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
	if err := s.keyPart.decode(row, key, s.keyDec); err != nil {
		s.pl.deserializeFailed(r.Topic, r.Partition, r.Offset, "failed to deserialize key from topic %s: %v", r.Topic, err)
		return
	}
	if s.node.Table && key == nil && len(s.node.KeyColumns) > 0 {
		// A table row needs its primary key.
		s.pl.logAt(r.Topic, r.Partition, r.Offset, "a record of table %s has a null key: skipped", s.node.Source)
		return
	}
	tombstone := r.Value == nil
	if err := s.valPart.decode(row, r.Value, s.valDec); err != nil {
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

// rowPart is where a decoder's columns go in a scan's rows: the positions
// cols, a contiguous run of them in the usual case (decoded in place), or
// scattered through scratch.
type rowPart struct {
	cols    []int
	lo      int       // first position of a contiguous run; -1 when scattered
	scratch types.Row // scattered parts only, reused per record
}

func newRowPart(cols []int) rowPart {
	p := rowPart{cols: cols, lo: -1}
	if len(cols) == 0 {
		return p
	}
	for i, c := range cols {
		if c != cols[0]+i {
			p.scratch = make(types.Row, len(cols))
			return p
		}
	}
	p.lo = cols[0]
	return p
}

// decode decodes data into the row's positions; nil data leaves them NULL.
func (p *rowPart) decode(row types.Row, data []byte, dec serde.Decoder) error {
	if dec == nil || data == nil {
		return nil
	}
	dst := p.scratch
	if p.lo >= 0 {
		dst = row[p.lo : p.lo+len(p.cols)]
	}
	ok, err := serde.DecodeInto(dec, dst, data)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("decoded 0 columns, expected %d", len(p.cols))
	}
	if p.lo < 0 {
		for i, c := range p.cols {
			row[c] = dst[i]
		}
		clear(dst)
	}
	return nil
}

// windowFiller fills WINDOWSTART or WINDOWEND from the record's windowed key.
func (s *scanOp) windowFiller(i int, start bool) func(types.Row, *SourceRecord, int64) {
	return func(row types.Row, _ *SourceRecord, _ int64) {
		if start {
			row[i] = s.box.Int64(s.winStart)
		} else {
			row[i] = s.box.Int64(s.winEnd)
		}
	}
}
