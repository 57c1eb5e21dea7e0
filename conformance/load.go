package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Kind says which runner a test file is for.
type Kind int

const (
	// QTT is a query-validation test: statements, input records, expected
	// output records, run through the engine's in-memory test driver.
	QTT Kind = iota
	// RQTT is a REST query-validation test: statements sent to /ksql and
	// /query of the REST server, expected REST responses.
	RQTT
)

func (k Kind) String() string {
	if k == RQTT {
		return "RQTT"
	}
	return "QTT"
}

// File is one loaded test file.
type File struct {
	Path  string
	Stem  string // file name without .json: the first part of every test id
	Kind  Kind
	Cases []*Case
	index *index // index.json found next to the file, or nil
	rel   string // path relative to the index's directory, slash-separated
}

// Case is one test case as written in a file (QTT and RQTT fields together).
type Case struct {
	Name              string            `json:"name"`
	Statements        []string          `json:"statements"`
	Inputs            []Record          `json:"inputs"`
	Outputs           []Record          `json:"outputs"`
	ExpectedException *ExpectedError    `json:"expectedException"`
	Post              *Post             `json:"post"`
	Properties        map[string]any    `json:"properties"`
	Format            []string          `json:"format"`
	Config            []string          `json:"config"`
	Topics            []TopicSpec       `json:"topics"`
	Enabled           *bool             `json:"enabled"`
	Responses         []map[string]any  `json:"responses"`
	ExpectedError     *ExpectedError    `json:"expectedError"`
	InputConditions   *InputConditions  `json:"inputConditions"`
	OutputConditions  *OutputConditions `json:"outputConditions"`
	TestPullWithProto bool              `json:"testPullWithProtoFormat"`
}

// Record is an input or expected output record.
type Record struct {
	Topic     string       `json:"topic"`
	Key       any          `json:"key"`   // absent or null: no key
	Value     any          `json:"value"` // null: tombstone
	Timestamp *int64       `json:"timestamp"`
	Window    *WindowSpec  `json:"window"`
	Headers   []HeaderSpec `json:"headers"`
}

// WindowSpec is the window of a windowed record key; Type is "time" or "session".
type WindowSpec struct {
	Start int64  `json:"start"`
	End   int64  `json:"end"`
	Type  string `json:"type"`
}

// HeaderSpec is one record header; Value is base64, or null.
type HeaderSpec struct {
	Key   string  `json:"KEY"`
	Value *string `json:"VALUE"`
}

// ExpectedError is QTT's expectedException or RQTT's expectedError. Type (a
// Java class name) is never compared; Message is a substring to find.
type ExpectedError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Status  int    `json:"status"`
}

// Post holds QTT post-conditions on the metastore and topics.
type Post struct {
	Sources []PostSource `json:"sources"`
	Topics  *PostTopics  `json:"topics"`
}

// PostSource is an expected stream or table after the statements ran.
type PostSource struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Schema      *string        `json:"schema"`
	KeyFormat   *PostKeyFormat `json:"keyFormat"`
	ValueFormat *string        `json:"valueFormat"`
}

// PostKeyFormat is the expected key format of a post-condition source.
type PostKeyFormat struct {
	Format     string `json:"format"`
	WindowType string `json:"windowType"`
}

// PostTopics lists topics that must exist and a pattern no topic may match.
type PostTopics struct {
	Blacklist string      `json:"blacklist"`
	Topics    []TopicSpec `json:"topics"`
}

// TopicSpec is a pre-created topic (case "topics") or an expected one (post).
type TopicSpec struct {
	Name       string `json:"name"`
	Partitions *int   `json:"partitions"`
}

// InputConditions delays producing inputs until a push query runs.
type InputConditions struct {
	WaitForActivePushQuery bool `json:"waitForActivePushQuery"`
}

// OutputConditions makes RQTT compare query rows in order.
type OutputConditions struct {
	VerifyOrder bool `json:"verifyOrder"`
}

// LoadFiles loads every *.json test file under paths (files or directories,
// searched recursively), in path order. index.json files are not test files:
// they are read as indexes for the test files below them.
func LoadFiles(paths []string) ([]*File, error) {
	var names []string
	for _, p := range paths {
		found, err := jsonFiles(p)
		if err != nil {
			return nil, err
		}
		names = append(names, found...)
	}
	idx := indexCache{}
	var files []*File
	for _, name := range names {
		f, err := loadFile(name)
		if err != nil {
			return nil, err
		}
		if err := idx.attach(f); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// jsonFiles lists the test files named by path, sorted.
func jsonFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var names []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") && d.Name() != indexName {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// loadFile reads one test file; numbers are kept as json.Number.
func loadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	var doc struct {
		Tests []*Case `json:"tests"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", path, err)
	}
	for i, c := range doc.Tests {
		if c == nil || c.Name == "" {
			return nil, fmt.Errorf("conformance: %s: test %d has no name", path, i)
		}
	}
	f := &File{
		Path:  path,
		Stem:  strings.TrimSuffix(filepath.Base(path), ".json"),
		Cases: doc.Tests,
		Kind:  guessKind(path, doc.Tests),
	}
	return f, nil
}

// guessKind decides QTT or RQTT from the directory name, else from the cases.
// An index entry, when there is one, overrides it.
func guessKind(path string, cases []*Case) Kind {
	if strings.Contains(filepath.ToSlash(path), "rest-query-validation-tests/") {
		return RQTT
	}
	for _, c := range cases {
		if c.Responses != nil || c.ExpectedError != nil {
			return RQTT
		}
	}
	return QTT
}
