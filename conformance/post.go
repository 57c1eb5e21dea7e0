package conformance

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// verifyPost checks post-conditions: each listed source exists with the
// given type, schema, key format (and window type) and value format; no topic
// matches the blacklist; each listed topic exists. Partitions and formats of
// listed topics are not checked (the driver does not report them).
func verifyPost(post *Post, d Driver) error {
	for _, want := range post.Sources {
		if err := verifySource(want, d); err != nil {
			return fmt.Errorf("post: source %s: %w", want.Name, err)
		}
	}
	if post.Topics == nil {
		return nil
	}
	names := d.TopicNames()
	if bl := post.Topics.Blacklist; bl != "" {
		re, err := regexp.Compile(bl)
		if err != nil {
			return fmt.Errorf("post: blacklist %q is not a valid pattern: %w", bl, err)
		}
		for _, n := range names {
			if re.MatchString(n) {
				return fmt.Errorf("post: topic %s exists but matches blacklist %q", n, bl)
			}
		}
	}
	for _, want := range post.Topics.Topics {
		if !slices.Contains(names, want.Name) {
			return fmt.Errorf("post: topic %s does not exist", want.Name)
		}
	}
	return nil
}

func verifySource(want PostSource, d Driver) error {
	got, ok := d.Source(want.Name)
	if !ok {
		return fmt.Errorf("not found")
	}
	gotType := "stream"
	if got.Table {
		gotType = "table"
	}
	if !strings.EqualFold(want.Type, gotType) {
		return fmt.Errorf("type: expected %s, got %s", strings.ToLower(want.Type), gotType)
	}
	if want.Schema != nil && normSchema(*want.Schema) != normSchema(got.Schema) {
		return fmt.Errorf("schema: expected %q, got %q", *want.Schema, got.Schema)
	}
	if kf := want.KeyFormat; kf != nil {
		if kf.Format != "" && !strings.EqualFold(kf.Format, got.KeyFormat) {
			return fmt.Errorf("key format: expected %s, got %s", kf.Format, got.KeyFormat)
		}
		if !strings.EqualFold(kf.WindowType, got.WindowType) {
			return fmt.Errorf("window type: expected %q, got %q", kf.WindowType, got.WindowType)
		}
	}
	if vf := want.ValueFormat; vf != nil && !strings.EqualFold(*vf, got.ValueFormat) {
		return fmt.Errorf("value format: expected %s, got %s", *vf, got.ValueFormat)
	}
	return nil
}

var (
	spaceRE      = regexp.MustCompile(`\s+`)
	punctSpaceRE = regexp.MustCompile(` ?([<>(),]) ?`)
	synonyms     = strings.NewReplacer("VARCHAR", "STRING", "INTEGER", "INT", "PRIMARY KEY", "KEY")
)

// normSchema makes schema texts comparable: no backquotes, upper case, one
// space between words and none around punctuation, type synonyms unified.
func normSchema(s string) string {
	s = strings.ToUpper(strings.ReplaceAll(s, "`", ""))
	s = spaceRE.ReplaceAllString(strings.TrimSpace(s), " ")
	s = punctSpaceRE.ReplaceAllString(s, "$1")
	return synonyms.Replace(s)
}
