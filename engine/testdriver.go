package engine

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/streamsql/streamsql/exec"
	"github.com/streamsql/streamsql/exec/serde"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// Window is the window of a windowed record key.
type Window struct {
	Start, End int64
	Session    bool
}

// TestRecord is a record as the conformance tests write it: Key and Value are
// JSON-decoded (with json.Number), encoded per the topic's registered formats.
type TestRecord struct {
	Topic     string
	Key       any // nil: no key
	Value     any // nil: tombstone
	Timestamp int64
	Window    *Window
	Headers   []exec.Header
}

// SourceInfo describes a registered stream or table (for post-conditions).
type SourceInfo struct {
	Name        string
	Table       bool
	Schema      string // e.g. "`ID` INTEGER KEY, `NAME` STRING"
	Topic       string
	KeyFormat   string
	ValueFormat string
	WindowType  string // "", TUMBLING, HOPPING, SESSION
}

// TestDriver runs an engine with in-memory topics: every piped record is
// processed synchronously by every query reading its topic, in order.
type TestDriver struct {
	eng *Engine
	mem *memBackend
}

// NewTestDriver returns a driver with the given ksql/streams properties.
func NewTestDriver(props map[string]string) (*TestDriver, error) {
	p := map[string]string{"auto.offset.reset": "earliest"}
	for k, v := range props {
		p[k] = v
	}
	e, err := New(Config{ServiceID: "default_", Properties: p})
	if err != nil {
		return nil, err
	}
	return &TestDriver{eng: e, mem: e.be.(*memBackend)}, nil
}

// Engine returns the driver's engine, e.g. to serve REST handlers over it.
func (d *TestDriver) Engine() *Engine { return d.eng }

// CreateTopic pre-creates a topic.
func (d *TestDriver) CreateTopic(name string, partitions int) error {
	_, err := d.mem.ensureTopic(context.Background(), name, partitions)
	return err
}

// Pipe feeds one input record and processes it (and anything it causes) to completion.
func (d *TestDriver) Pipe(r TestRecord) error {
	key, value, err := d.encode(r)
	if err != nil {
		return err
	}
	d.mem.mu.Lock()
	defer d.mem.mu.Unlock()
	d.mem.append(&exec.OutRecord{Topic: r.Topic, Timestamp: r.Timestamp, Key: key, Value: value, Headers: r.Headers})
	return nil
}

// source returns the first registered source on a topic, preferring the one
// that writes it.
func (d *TestDriver) source(topic string) *planner.Source {
	d.eng.mu.Lock()
	defer d.eng.mu.Unlock()
	srcs := d.eng.cat.SourcesOnTopic(topic)
	for _, s := range srcs {
		if s.QueryID != "" {
			return s
		}
	}
	if len(srcs) > 0 {
		return srcs[0]
	}
	return nil
}

func (d *TestDriver) encode(r TestRecord) (key, value []byte, err error) {
	src := d.source(r.Topic)
	if key, err = encodePart(r.Key, src, true); err != nil {
		return nil, nil, fmt.Errorf("encoding the key of a record for %s: %w", r.Topic, err)
	}
	if r.Window != nil && src != nil && src.Windowed != "" {
		if src.Windowed == "SESSION" {
			key = binary.BigEndian.AppendUint64(key, uint64(r.Window.End))
		}
		key = binary.BigEndian.AppendUint64(key, uint64(r.Window.Start))
	}
	if value, err = encodePart(r.Value, src, false); err != nil {
		return nil, nil, fmt.Errorf("encoding the value of a record for %s: %w", r.Topic, err)
	}
	return key, value, nil
}

// partOf returns the format and columns of a source's key or value.
func partOf(src *planner.Source, key bool) (planner.Format, []serde.Column) {
	f := src.ValueFormat
	if key {
		f = src.KeyFormat
	}
	var cols []serde.Column
	for _, c := range src.Columns {
		if (c.Role == planner.KeyColumn) == key && c.Role != planner.HeaderColumn {
			cols = append(cols, serde.Column{Name: c.Name, Type: c.Type})
		}
	}
	return f, cols
}

func serdeOptions(f planner.Format) (serde.Options, error) {
	fm, err := serde.ParseFormat(f.Name)
	if err != nil {
		return serde.Options{}, err
	}
	return serde.Options{Format: fm, Delimiter: f.Delimiter, Unwrapped: f.Unwrapped}, nil
}

// encodePart turns a test record's key or value into bytes: JSON is written
// as given (so malformed field types reach the engine as producers send them),
// strings as their bytes, other formats through the source's serde.
func encodePart(v any, src *planner.Source, key bool) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if src == nil {
		return json.Marshal(v)
	}
	f, cols := partOf(src, key)
	if key && len(cols) == 0 {
		return nil, nil // a source without key columns ignores the record key
	}
	switch f.Name {
	case "JSON":
		return json.Marshal(v)
	case "NONE":
		return nil, nil
	}
	if s, ok := v.(string); ok && f.Name == "DELIMITED" {
		return []byte(s), nil
	}
	if len(cols) == 0 {
		return nil, nil // a source without key columns ignores the record key
	}
	if len(cols) != 1 {
		return nil, fmt.Errorf("cannot encode %v as %s with %d columns", v, f.Name, len(cols))
	}
	val, err := serde.FromJSON(v, cols[0].Type)
	if err != nil {
		return nil, err
	}
	opts, err := serdeOptions(f)
	if err != nil {
		return nil, err
	}
	enc, err := serde.NewEncoder(opts, cols)
	if err != nil {
		return nil, err
	}
	return enc.Encode(types.Row{val})
}

// decodePart is the inverse of encodePart for output records.
func decodePart(b []byte, src *planner.Source, key bool) (any, error) {
	if b == nil {
		return nil, nil
	}
	f := planner.Format{Name: "JSON"}
	var cols []serde.Column
	if src != nil {
		f, cols = partOf(src, key)
	}
	switch f.Name {
	case "JSON":
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return string(b), nil
		}
		return v, nil
	case "DELIMITED":
		return string(b), nil
	case "NONE":
		return nil, nil
	}
	opts, err := serdeOptions(f)
	if err != nil {
		return nil, err
	}
	d, err := serde.NewDecoder(opts, cols)
	if err != nil {
		return nil, err
	}
	row, err := d.Decode(b)
	if err != nil || len(row) != 1 {
		return string(b), nil
	}
	return serde.ToJSON(row[0], cols[0].Type), nil
}

// Output returns every record written to topic so far, in order, decoded per the
// formats of the source registered on it.
func (d *TestDriver) Output(topic string) []TestRecord {
	src := d.source(topic)
	d.mem.mu.Lock()
	t, ok := d.mem.topics[topic]
	var recs []exec.SourceRecord
	if ok {
		recs = append(recs, t.records...)
	}
	d.mem.mu.Unlock()
	out := make([]TestRecord, 0, len(recs))
	for _, r := range recs {
		keyBytes := r.Key
		var win *Window
		if src != nil && src.Windowed != "" && keyBytes != nil {
			if kb, start, end, ok := exec.SplitWindowedKey(keyBytes, src.Windowed, src.WindowSize); ok {
				keyBytes, win = kb, &Window{Start: start, End: end, Session: src.Windowed == "SESSION"}
			}
		}
		k, _ := decodePart(keyBytes, src, true)
		v, _ := decodePart(r.Value, src, false)
		out = append(out, TestRecord{Topic: topic, Key: k, Value: v, Timestamp: r.Timestamp, Window: win, Headers: r.Headers})
	}
	return out
}

// Source describes a registered source by name.
func (d *TestDriver) Source(name string) (SourceInfo, bool) {
	d.eng.mu.Lock()
	defer d.eng.mu.Unlock()
	s, ok := d.eng.cat.Source(name)
	if !ok {
		return SourceInfo{}, false
	}
	return SourceInfo{Name: s.Name, Table: s.Table, Schema: s.SchemaString(), Topic: s.Topic,
		KeyFormat: s.KeyFormat.Name, ValueFormat: s.ValueFormat.Name, WindowType: s.Windowed}, true
}

// TopicNames lists the topics that exist.
func (d *TestDriver) TopicNames() []string {
	d.mem.mu.Lock()
	defer d.mem.mu.Unlock()
	out := make([]string, 0, len(d.mem.topics))
	for n := range d.mem.topics {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ProcessingLog returns the entries logged so far.
func (d *TestDriver) ProcessingLog() []exec.ProcessingLogEntry {
	d.mem.plog.mu.Lock()
	defer d.mem.plog.mu.Unlock()
	return append([]exec.ProcessingLogEntry(nil), d.mem.plog.entries...)
}

// Close stops all queries.
func (d *TestDriver) Close() error { return d.eng.Close() }
