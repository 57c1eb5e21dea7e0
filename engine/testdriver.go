package engine

import "github.com/streamsql/streamsql/exec"

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
	Schema      string // e.g. "ID INT KEY, NAME STRING"
	Topic       string
	KeyFormat   string
	ValueFormat string
	WindowType  string // "", TUMBLING, HOPPING, SESSION
}

// TestDriver runs an engine with in-memory topics: every piped record is
// processed synchronously by every query reading its topic, in order.
type TestDriver struct{ eng *Engine }

// NewTestDriver returns a driver with the given ksql/streams properties.
func NewTestDriver(props map[string]string) (*TestDriver, error) {
	e, err := New(Config{ServiceID: "default_", Properties: props})
	if err != nil {
		return nil, err
	}
	return &TestDriver{eng: e}, nil
}

// Engine returns the driver's engine, e.g. to serve REST handlers over it.
func (d *TestDriver) Engine() *Engine { return d.eng }

// CreateTopic pre-creates a topic.
func (d *TestDriver) CreateTopic(name string, partitions int) error { return errNotBuilt }

// Pipe feeds one input record and processes it (and anything it causes) to completion.
func (d *TestDriver) Pipe(r TestRecord) error { return errNotBuilt }

// Output returns every record written to topic so far, in order, decoded per the
// formats of the source registered on it.
func (d *TestDriver) Output(topic string) []TestRecord { return nil }

// Source describes a registered source by name.
func (d *TestDriver) Source(name string) (SourceInfo, bool) { return SourceInfo{}, false }

// TopicNames lists the topics that exist.
func (d *TestDriver) TopicNames() []string { return nil }

// Close stops all queries.
func (d *TestDriver) Close() error { return d.eng.Close() }
