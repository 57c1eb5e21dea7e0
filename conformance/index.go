package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

const indexName = "index.json"

// index is a parsed index.json: per case, which format variants may run and
// whether it needs a UDF that exists only on ksqlDB's test classpath.
type index struct {
	dir     string
	entries map[indexKey]*indexEntry
}

type indexKey struct{ file, name string }

type indexEntry struct {
	File                   string   `json:"file"`
	Kind                   string   `json:"kind"`
	Name                   string   `json:"name"`
	RunnableFormatVariants []string `json:"runnableFormatVariants"`
	NeedsTestUdf           bool     `json:"needsTestUdf"`
}

// lookup returns the entry for case name of f, or nil.
func (f *File) lookup(name string) *indexEntry {
	if f.index == nil {
		return nil
	}
	return f.index.entries[indexKey{f.rel, name}]
}

// indexCache finds and parses each index.json once.
type indexCache map[string]*index // by directory; nil: none there

// attach finds the index.json in f's directory or one of its two parents,
// and sets f's kind from it when it lists the file.
func (c indexCache) attach(f *File) error {
	dir := filepath.Dir(f.Path)
	for range 3 {
		ix, err := c.load(dir)
		if err != nil {
			return err
		}
		if ix != nil {
			rel, err := filepath.Rel(dir, f.Path)
			if err != nil {
				return fmt.Errorf("conformance: %w", err)
			}
			f.index, f.rel = ix, filepath.ToSlash(rel)
			f.applyIndexKind()
			return nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return nil
}

func (f *File) applyIndexKind() {
	for _, c := range f.Cases {
		if e := f.lookup(c.Name); e != nil {
			switch e.Kind {
			case "RQTT":
				f.Kind = RQTT
			case "QTT":
				f.Kind = QTT
			}
			return
		}
	}
}

// load parses dir/index.json, or returns nil if there is none.
func (c indexCache) load(dir string) (*index, error) {
	if ix, ok := c[dir]; ok {
		return ix, nil
	}
	data, err := os.ReadFile(filepath.Join(dir, indexName))
	if errors.Is(err, fs.ErrNotExist) {
		c[dir] = nil
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	var entries []*indexEntry
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", filepath.Join(dir, indexName), err)
	}
	ix := &index{dir: dir, entries: make(map[indexKey]*indexEntry, len(entries))}
	for _, e := range entries {
		ix.entries[indexKey{e.File, e.Name}] = e
	}
	c[dir] = ix
	return ix, nil
}
