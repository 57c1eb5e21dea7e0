package shell

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// keywords are completed in the case the user types.
var keywords = strings.Fields(`SELECT FROM WHERE GROUP BY HAVING EMIT CHANGES FINAL LIMIT PARTITION
AS AND OR NOT NULL IS IN BETWEEN LIKE CASE WHEN THEN ELSE END CAST TRUE FALSE
CREATE STREAM TABLE STREAMS TABLES INSERT INTO VALUES DROP DELETE TOPIC IF EXISTS
SHOW LIST DESCRIBE EXTENDED EXPLAIN TERMINATE QUERIES TOPICS PROPERTIES FUNCTIONS
VARIABLES TYPES CONNECTORS PRINT WITH KEY PRIMARY WINDOW TUMBLING HOPPING SESSION SIZE
ADVANCE GRACE PERIOD JOIN LEFT RIGHT FULL OUTER INNER ON WITHIN DEFINE UNDEFINE SET
UNSET RUN SCRIPT ALTER ADD COLUMN STRUCT ARRAY MAP STRING VARCHAR INT INTEGER BIGINT
DOUBLE DECIMAL BOOLEAN TIMESTAMP DATE TIME BYTES KAFKA_TOPIC VALUE_FORMAT KEY_FORMAT
FORMAT PARTITIONS REPLICAS COUNT SUM MIN MAX AVG LATEST_BY_OFFSET EARLIEST_BY_OFFSET
HELP EXIT QUIT VERSION OUTPUT SERVER SPOOL JSON TABULAR`)

// completer completes keywords and the names of streams, tables and their
// columns, fetched from the server when a statement may have changed them.
type completer struct {
	fetch func(context.Context) ([]string, error)

	mu    sync.Mutex
	names []string
	stale bool
}

func newCompleter(fetch func(context.Context) ([]string, error)) *completer {
	return &completer{fetch: fetch, stale: true}
}

func (c *completer) invalidate() {
	c.mu.Lock()
	c.stale = true
	c.mu.Unlock()
}

// candidates returns the completions of prefix (case-insensitive), sorted.
func (c *completer) candidates(prefix string) []string {
	c.mu.Lock()
	if c.stale && c.fetch != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if names, err := c.fetch(ctx); err == nil {
			c.names, c.stale = names, false
		}
		cancel()
	}
	names := c.names
	c.mu.Unlock()
	if prefix == "" {
		return nil
	}
	lower := prefix == strings.ToLower(prefix)
	seen := map[string]bool{}
	var out []string
	for _, list := range [][]string{keywords, names} {
		for _, w := range list {
			if len(w) < len(prefix) || !strings.EqualFold(w[:len(prefix)], prefix) {
				continue
			}
			if lower {
				w = strings.ToLower(w)
			}
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Do implements readline.AutoCompleter: the suffixes that complete the
// word before pos.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	start := pos
	for start > 0 && isWordRune(line[start-1]) {
		start--
	}
	prefix := string(line[start:pos])
	var out [][]rune
	for _, cand := range c.candidates(prefix) {
		out = append(out, []rune(cand[len(prefix):]))
	}
	return out, len([]rune(prefix))
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// fetchNames lists the streams and tables and the columns of each.
func (s *Shell) fetchNames(ctx context.Context) ([]string, error) {
	var names []string
	for _, what := range []string{"STREAMS", "TABLES"} {
		ents, err := s.client.Ksql(ctx, "SHOW "+what+";", nil)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			var list struct {
				Streams []struct{ Name string } `json:"streams"`
				Tables  []struct{ Name string } `json:"tables"`
			}
			if json.Unmarshal(e, &list) != nil {
				continue
			}
			for _, x := range append(list.Streams, list.Tables...) {
				names = append(names, x.Name)
			}
		}
	}
	sources := len(names)
	for _, src := range names[:min(sources, 50)] {
		names = append(names, s.columns(ctx, src)...)
	}
	return names, nil
}

// columns lists the columns of source, or none if DESCRIBE fails.
func (s *Shell) columns(ctx context.Context, source string) []string {
	ents, err := s.client.Ksql(ctx, "DESCRIBE `"+source+"`;", nil)
	if err != nil || len(ents) == 0 {
		return nil
	}
	var d struct {
		SourceDescription struct {
			Fields []struct{ Name string } `json:"fields"`
		} `json:"sourceDescription"`
	}
	if json.Unmarshal(ents[0], &d) != nil {
		return nil
	}
	cols := make([]string, len(d.SourceDescription.Fields))
	for i, f := range d.SourceDescription.Fields {
		cols[i] = f.Name
	}
	return cols
}

// Complete lists the completions of the word prefix: keywords and the names
// of the streams and tables and of their columns.
func (s *Shell) Complete(prefix string) []string { return s.comp.candidates(prefix) }
