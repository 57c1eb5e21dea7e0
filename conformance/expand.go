package conformance

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Test is one runnable variant of a case: the case with one of its formats
// and one of its config values substituted.
type Test struct {
	ID         string // <file-stem> - <name>[ - <FORMAT>][ - <prop>=<config>]
	File       *File
	Case       *Case
	Format     string         // "" when the case has no format list
	Statements []string       // {FORMAT} substituted
	Properties map[string]any // {CONFIG} substituted
	Skip       string         // non-empty: why the test is not run
}

// Expand turns the cases of files into tests, one per format and config
// variant. Disabled cases (enabled: false) produce no test at all: they are
// neither run nor counted, as upstream does not run them either.
func Expand(files []*File) []*Test {
	var tests []*Test
	for _, f := range files {
		for _, c := range f.Cases {
			if c.Enabled != nil && !*c.Enabled {
				continue
			}
			tests = append(tests, expandCase(f, c)...)
		}
	}
	return tests
}

func expandCase(f *File, c *Case) []*Test {
	formats := c.Format
	if len(formats) == 0 {
		formats = []string{""}
	}
	prop := configProperty(c.Properties)
	configs := c.Config
	if len(configs) == 0 || prop == "" {
		configs = []string{""}
	}
	var tests []*Test
	for _, format := range formats {
		for _, cfg := range configs {
			tests = append(tests, newTest(f, c, format, prop, cfg))
		}
	}
	return tests
}

func newTest(f *File, c *Case, format, prop, cfg string) *Test {
	t := &Test{File: f, Case: c, Format: format}
	t.ID = f.Stem + " - " + c.Name
	if format != "" {
		t.ID += " - " + format
	}
	t.Statements = slices.Clone(c.Statements)
	if format != "" {
		for i, s := range t.Statements {
			t.Statements[i] = strings.ReplaceAll(s, "{FORMAT}", format)
		}
	}
	t.Properties = make(map[string]any, len(c.Properties))
	for k, v := range c.Properties {
		t.Properties[k] = v
	}
	if cfg != "" {
		t.ID += " - " + prop + "=" + cfg
		t.Properties[prop] = cfg
	}
	t.Skip = skipReason(f, c, format, t.Statements)
	return t
}

// configProperty names the property whose value is "{CONFIG}", or "".
func configProperty(props map[string]any) string {
	var names []string
	for k, v := range props {
		if s, ok := v.(string); ok && s == "{CONFIG}" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// registryFormats need a schema registry (or protobuf, which the corpus
// README also excludes); tests using them are skipped.
var registryFormats = []string{"AVRO", "PROTOBUF", "PROTOBUF_NOSR", "JSON_SR"}

var (
	registryFormatRE = regexp.MustCompile(`(?i)format\s*=\s*'(AVRO|PROTOBUF|PROTOBUF_NOSR|JSON_SR)'`)
	// testUDFRE finds functions that exist only on ksqlDB's test classpath;
	// used when no index.json says so.
	testUDFRE = regexp.MustCompile(`(?i)\b(test_udf|test_udtf|test_udaf|bad_udf|throwing_udtf|mid_var_arg|multi_arg|four_arg|five_arg|tostruct|whencondition|whenresult)\s*\(`)
)

// skipReason says why a test cannot run here, or "".
func skipReason(f *File, c *Case, format string, stmts []string) string {
	e := f.lookup(c.Name)
	if e != nil && e.NeedsTestUdf {
		return "needs a test-only UDF"
	}
	if e == nil && testUDFRE.MatchString(strings.Join(stmts, "\n")) {
		return "needs a test-only UDF"
	}
	if format != "" {
		runnable := !slices.Contains(registryFormats, strings.ToUpper(format))
		if e != nil && e.RunnableFormatVariants != nil {
			runnable = slices.Contains(e.RunnableFormatVariants, format)
		}
		if !runnable {
			return fmt.Sprintf("format %s needs a schema registry", format)
		}
	}
	if m := registryFormatRE.FindStringSubmatch(strings.Join(stmts, "\n")); m != nil {
		return fmt.Sprintf("format %s needs a schema registry", strings.ToUpper(m[1]))
	}
	return ""
}

// stringProps renders property values as strings for the test driver.
func stringProps(props map[string]any) map[string]string {
	out := make(map[string]string, len(props))
	for k, v := range props {
		switch v := v.(type) {
		case string:
			out[k] = v
		case nil:
			out[k] = ""
		default:
			b, _ := json.Marshal(v)
			out[k] = string(b)
		}
	}
	return out
}

var (
	createSourceRE = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(SOURCE\s+)?(STREAM|TABLE)\b`)
	asSelectRE     = regexp.MustCompile(`(?is)\bAS\s+SELECT\b`)
	kafkaTopicRE   = regexp.MustCompile(`(?i)\bkafka_topic\s*=\s*'((?:[^']|'')*)'`)
	partitionsRE   = regexp.MustCompile(`(?i)\bpartitions\s*=\s*(\d+)`)
)

// Partition counts upstream gives to the topics it creates before a test.
const (
	inferredPartitions = 4 // topics named by statements, inputs, outputs
	declaredPartitions = 1 // "topics" entries without "partitions"
)

// topicPlan lists the topics to create before a test runs, as upstream's
// harness does: the case's "topics", the kafka_topic of each CREATE STREAM or
// TABLE that is not AS SELECT, then each topic named by inputs and outputs.
func topicPlan(t *Test) []TopicSpec {
	seen := map[string]bool{}
	var plan []TopicSpec
	add := func(name string, partitions int) {
		if name != "" && !seen[name] {
			seen[name] = true
			plan = append(plan, TopicSpec{Name: name, Partitions: &partitions})
		}
	}
	for _, ts := range t.Case.Topics {
		n := declaredPartitions
		if ts.Partitions != nil {
			n = *ts.Partitions
		}
		add(ts.Name, n)
	}
	for _, s := range t.Statements {
		if !createSourceRE.MatchString(s) || asSelectRE.MatchString(s) {
			continue
		}
		if m := kafkaTopicRE.FindStringSubmatch(s); m != nil {
			// A statement's PARTITIONS sizes the topic it names, as upstream.
			n := inferredPartitions
			if p := partitionsRE.FindStringSubmatch(s); p != nil {
				n, _ = strconv.Atoi(p[1])
			}
			add(strings.ReplaceAll(m[1], "''", "'"), n)
		}
	}
	for _, r := range t.Case.Inputs {
		add(r.Topic, inferredPartitions)
	}
	for _, r := range t.Case.Outputs {
		add(r.Topic, inferredPartitions)
	}
	return plan
}
