package exec

import (
	"context"
	"fmt"

	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// topicSinkOp serialises rows to a topic through the task's Producer. The
// record timestamp is the row's event time, or the sink's TIMESTAMP column.
// A tombstone row is written with a nil value. Rows whose key, value or
// timestamp cannot be written are logged and skipped.
type topicSinkOp struct {
	passWatermark
	pl       *procLog
	node     *planner.TopicSink
	producer Producer
	keyEnc   serde.Encoder // nil: no key columns, the key is nil
	valEnc   serde.Encoder
	keyBuf   types.Row // scratch, reused per record
	valBuf   types.Row
	out      outBlock // where records are encoded
	ts       *timestampColumn
	rec      OutRecord
}

func newTopicSink(pl *procLog, n *planner.TopicSink, p Producer) (*topicSinkOp, error) {
	if p == nil {
		return nil, fmt.Errorf("exec: sink to topic %s needs a producer", n.Topic)
	}
	in := n.Input.Schema()
	s := &topicSinkOp{pl: pl, node: n, producer: p,
		keyBuf: make(types.Row, len(n.KeyColumns)), valBuf: make(types.Row, len(n.ValueColumns))}
	var err error
	if s.keyEnc, err = newEncoder(n, n.KeyFormat, in, n.KeyColumns, true); err != nil {
		return nil, err
	}
	if s.valEnc, err = newEncoder(n, n.ValueFormat, in, n.ValueColumns, false); err != nil {
		return nil, err
	}
	if s.valEnc == nil {
		return nil, fmt.Errorf("exec: sink to topic %s has no value columns", n.Topic)
	}
	if n.TimestampColumn >= 0 {
		c := in.Columns[n.TimestampColumn]
		if s.ts, err = newTimestampColumn(n.TimestampColumn, c.Name, c.Type, n.TimestampFormat); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func newEncoder(n *planner.TopicSink, f planner.Format, s *planner.Schema, cols []int, key bool) (serde.Encoder, error) {
	if len(cols) == 0 {
		return nil, nil
	}
	opts, err := serdeOptions(f, key)
	if err != nil {
		return nil, fmt.Errorf("exec: sink to topic %s: %w", n.Topic, err)
	}
	enc, err := serde.NewEncoder(opts, serdeColumns(s, cols))
	if err != nil {
		return nil, fmt.Errorf("exec: sink to topic %s: %w", n.Topic, err)
	}
	return enc, nil
}

func (s *topicSinkOp) Open(context.Context, Emitter) error { return nil }

func (s *topicSinkOp) Process(_ context.Context, _ int, b *Batch) error {
	for i, row := range b.Rows {
		if err := s.write(b, i, row); err != nil {
			s.pl.logRecord(b, i, "%v", err)
		}
	}
	return nil
}

// write serialises row i of b and hands it to the producer.
func (s *topicSinkOp) write(b *Batch, i int, row types.Row) error {
	ts := b.Times[i]
	if s.ts != nil && !b.Tombstone[i] {
		t, err := s.ts.read(row)
		if err != nil {
			return fmt.Errorf("cannot write to topic %s: %w", s.node.Topic, err)
		}
		ts = t
	}
	var key, value []byte
	var err error
	if s.keyEnc != nil {
		pick(s.keyBuf, row, s.node.KeyColumns)
		// A key of NULLs is a null key, except that JSON writes a multi-column
		// key as an object of NULLs, as ksqlDB does.
		if !allNull(s.keyBuf) || (len(s.keyBuf) > 1 && s.node.KeyFormat.Name == "JSON") {
			key, err = s.encode(s.keyEnc, s.keyBuf)
		}
		clear(s.keyBuf)
		if err != nil {
			return fmt.Errorf("failed to serialize key for topic %s: %w", s.node.Topic, err)
		}
	}
	if s.node.WindowType != "" {
		key = appendWindow(key, s.node.WindowType, row, s.node.WindowStart, s.node.WindowEnd)
	}
	if !b.Tombstone[i] {
		pick(s.valBuf, row, s.node.ValueColumns)
		value, err = s.encode(s.valEnc, s.valBuf)
		clear(s.valBuf)
		if err != nil {
			return fmt.Errorf("failed to serialize value for topic %s: %w", s.node.Topic, err)
		}
	}
	s.rec = OutRecord{Topic: s.node.Topic, Partition: -1, Timestamp: ts, Key: key, Value: value}
	s.producer.Produce(&s.rec)
	return nil
}

// encode encodes r with enc into the output block; nil when r encodes to a
// null record.
func (s *topicSinkOp) encode(enc serde.Encoder, r types.Row) ([]byte, error) {
	s.out.reserve()
	b, ok, err := serde.AppendEncode(enc, s.out.block, r)
	if !ok || err != nil {
		return nil, err
	}
	return s.out.take(b), nil
}

// outBlockSize is the size of the blocks records are encoded into.
const outBlockSize = 32 << 10

// outBlock holds the bytes of encoded records, written one after the other
// into blocks shared by many records: one allocation per block instead of
// one per record. Bytes once handed out are never written again, so each
// record's bytes stay valid for as long as anyone keeps them (a retained
// record keeps its block alive).
type outBlock struct {
	block   []byte
	largest int // the longest record so far
}

// reserve starts a new block unless the current one has room for twice the
// longest record so far (a longer one makes append move the block).
func (o *outBlock) reserve() {
	if o.block == nil || cap(o.block)-len(o.block) < 2*o.largest+64 {
		o.block = make([]byte, 0, max(outBlockSize, 4*o.largest))
	}
}

// take hands out what was appended to the block since reserve: b is the
// block with the new record at its end. The slice returned has a capacity
// of its length, so that appending to it cannot reach its neighbours.
func (o *outBlock) take(b []byte) []byte {
	start := len(o.block) // also where the record is if append moved the block
	o.block = b
	o.largest = max(o.largest, len(b)-start)
	return b[start:len(b):len(b)]
}

// pick copies the values of row at positions cols into dst.
func pick(dst, row types.Row, cols []int) {
	for i, c := range cols {
		dst[i] = row[c]
	}
}

func allNull(r types.Row) bool {
	for _, v := range r {
		if v != nil {
			return false
		}
	}
	return true
}
