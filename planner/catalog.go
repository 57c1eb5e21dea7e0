package planner

import (
	"sort"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// Source is a registered stream or table.
type Source struct {
	Name            string
	Table           bool
	Topic           string
	KeyFormat       Format
	ValueFormat     Format
	Columns         []Column // key columns first, then value and header columns; no pseudo columns
	TimestampColumn string   // "" when ROWTIME is the record timestamp
	TimestampFormat string
	Partitions      int
	SQL             string // the statement that created it
	IsSource        bool   // CREATE SOURCE: read-only
	QueryID         string // the persistent query that writes it, if any
	Windowed        string // TUMBLING, HOPPING or SESSION for windowed keys; "" otherwise
	WindowSize      int64  // ms, for TUMBLING and HOPPING keys
}

// Kind is "STREAM" or "TABLE".
func (s *Source) Kind() string {
	if s.Table {
		return "TABLE"
	}
	return "STREAM"
}

// KeyColumns returns the key columns in order.
func (s *Source) KeyColumns() []Column {
	var out []Column
	for _, c := range s.Columns {
		if c.Role == KeyColumn {
			out = append(out, c)
		}
	}
	return out
}

// SchemaString renders the columns as ksqlDB does in post-conditions and
// DESCRIBE, e.g. "`ID` INTEGER KEY, `NAME` STRING".
func (s *Source) SchemaString() string {
	var b strings.Builder
	for i, c := range s.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + c.Name + "` " + c.Type.String())
		switch c.Role {
		case KeyColumn:
			if s.Table {
				b.WriteString(" PRIMARY KEY")
			} else {
				b.WriteString(" KEY")
			}
		case HeaderColumn:
			if c.HeaderKey != "" {
				b.WriteString(" HEADER('" + c.HeaderKey + "')")
			} else {
				b.WriteString(" HEADERS")
			}
		}
	}
	return b.String()
}

// Catalog holds the sources and custom types. It is not safe for concurrent
// use; the engine serialises statements.
type Catalog struct {
	sources map[string]*Source
	types   map[string]*types.Type
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{sources: map[string]*Source{}, types: map[string]*types.Type{}}
}

// Source returns the source named name.
func (c *Catalog) Source(name string) (*Source, bool) {
	s, ok := c.sources[name]
	return s, ok
}

// Put registers or replaces a source.
func (c *Catalog) Put(s *Source) { c.sources[s.Name] = s }

// Remove drops a source.
func (c *Catalog) Remove(name string) { delete(c.sources, name) }

// Sources lists all sources sorted by name.
func (c *Catalog) Sources() []*Source {
	out := make([]*Source, 0, len(c.sources))
	for _, s := range c.sources {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// SourcesOnTopic lists the sources reading or writing topic.
func (c *Catalog) SourcesOnTopic(topic string) []*Source {
	var out []*Source
	for _, s := range c.Sources() {
		if s.Topic == topic {
			out = append(out, s)
		}
	}
	return out
}

// Type returns the custom type named name.
func (c *Catalog) Type(name string) (*types.Type, bool) {
	t, ok := c.types[name]
	return t, ok
}

// PutType registers a custom type.
func (c *Catalog) PutType(name string, t *types.Type) { c.types[name] = t }

// RemoveType drops a custom type.
func (c *Catalog) RemoveType(name string) { delete(c.types, name) }

// TypeNames lists the custom types sorted by name.
func (c *Catalog) TypeNames() []string {
	out := make([]string, 0, len(c.types))
	for n := range c.types {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
