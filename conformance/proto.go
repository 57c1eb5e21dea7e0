package conformance

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// matchProtoRows checks a protobuf /query response as upstream does: the
// header's protoSchema must equal the expected one, the finalMessage too, and
// each row's protobufBytes, decoded with that schema and printed in protobuf
// text format, must equal an expected row string (in order if ordered, else
// as sorted lists).
func matchProtoRows(path string, act, exp []map[string]any, ordered bool) error {
	var schema *protoSchema
	for i, a := range act {
		e := exp[i]
		if !ordered {
			e = firstWith(exp, a)
		}
		switch {
		case a["header"] != nil:
			text, _ := field(a, "header", "protoSchema").(string)
			want, _ := field(e, "header", "protoSchema").(string)
			if text != want {
				return fmt.Errorf("%s[%d]: protoSchema: expected %q, got %q", path, i, want, text)
			}
			s, err := parseProtoSchema(text)
			if err != nil {
				return fmt.Errorf("%s[%d]: %w", path, i, err)
			}
			schema = s
		case a["finalMessage"] != nil:
			if d := diffValue(fmt.Sprintf("%s[%d].finalMessage", path, i), e["finalMessage"], a["finalMessage"]); d != "" {
				return fmt.Errorf("%s", d)
			}
		}
	}
	got, err := protoRowTexts(path, act, schema)
	if err != nil {
		return err
	}
	var want []string
	for _, e := range exp {
		if e["header"] == nil && e["finalMessage"] == nil {
			s, _ := e["row"].(string)
			want = append(want, s)
		}
	}
	if !ordered {
		sort.Strings(got)
		sort.Strings(want)
	}
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		return fmt.Errorf("%s: rows: expected %q, got %q", path, want, got)
	}
	return nil
}

// firstWith returns the first expected element with the same kind as a.
func firstWith(exp []map[string]any, a map[string]any) map[string]any {
	for _, k := range []string{"header", "finalMessage"} {
		if a[k] != nil {
			for _, e := range exp {
				if e[k] != nil {
					return e
				}
			}
		}
	}
	return nil
}

// field follows keys through nested objects.
func field(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[k]
	}
	return v
}

// protoRowTexts decodes each row's protobufBytes to text format.
func protoRowTexts(path string, act []map[string]any, schema *protoSchema) ([]string, error) {
	var out []string
	for i, a := range act {
		if a["header"] != nil || a["finalMessage"] != nil {
			continue
		}
		b64, ok := field(a, "row", "protobufBytes").(string)
		if !ok {
			return nil, fmt.Errorf("%s[%d]: no row.protobufBytes in %s", path, i, render(a))
		}
		if schema == nil {
			return nil, fmt.Errorf("%s[%d]: row before any header with a protoSchema", path, i)
		}
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: protobufBytes: %w", path, i, err)
		}
		var sb strings.Builder
		if err := schema.format(&sb, schema.root, data, ""); err != nil {
			return nil, fmt.Errorf("%s[%d]: decoding protobuf row: %w", path, i, err)
		}
		out = append(out, sb.String())
	}
	return out, nil
}

// protoSchema is the subset of a .proto file that ksqlDB row schemas use:
// messages (nested ones too) with scalar, message, repeated and map fields.
type protoSchema struct {
	messages map[string]*protoMessage
	root     *protoMessage // the first top-level message
}

type protoMessage struct {
	name   string
	fields map[int]*protoField
}

type protoField struct {
	name     string
	typ      string // scalar type name, or a message name
	num      int
	repeated bool
}

// parseProtoSchema reads message definitions from proto3 text.
func parseProtoSchema(text string) (*protoSchema, error) {
	s := &protoSchema{messages: map[string]*protoMessage{}}
	toks := protoTokens(text)
	for i := 0; i < len(toks); {
		if toks[i] != "message" {
			i++
			continue
		}
		m, next, err := s.parseMessage(toks, i)
		if err != nil {
			return nil, err
		}
		if s.root == nil {
			s.root = m
		}
		i = next
	}
	if s.root == nil {
		return nil, fmt.Errorf("protoSchema has no message")
	}
	return s, nil
}

// parseMessage parses "message NAME { ... }" at toks[i].
func (s *protoSchema) parseMessage(toks []string, i int) (*protoMessage, int, error) {
	if i+2 >= len(toks) || toks[i+2] != "{" {
		return nil, 0, fmt.Errorf("protoSchema: bad message definition")
	}
	m := &protoMessage{name: toks[i+1], fields: map[int]*protoField{}}
	s.messages[m.name] = m
	i += 3
	for i < len(toks) && toks[i] != "}" {
		if toks[i] == "message" {
			_, next, err := s.parseMessage(toks, i)
			if err != nil {
				return nil, 0, err
			}
			i = next
			continue
		}
		f, next, err := parseProtoField(toks, i)
		if err != nil {
			return nil, 0, fmt.Errorf("protoSchema: message %s: %w", m.name, err)
		}
		m.fields[f.num] = f
		i = next
	}
	return m, i + 1, nil
}

// parseProtoField parses "[repeated|optional] TYPE NAME = N;" or
// "map<K, V> NAME = N;" at toks[i].
func parseProtoField(toks []string, i int) (*protoField, int, error) {
	f := &protoField{}
	end := i
	for end < len(toks) && toks[end] != ";" {
		end++
	}
	t := toks[i:end]
	if len(t) > 0 && (t[0] == "repeated" || t[0] == "optional") {
		f.repeated = t[0] == "repeated"
		t = t[1:]
	}
	if len(t) >= 6 && t[0] == "map" && t[1] == "<" {
		f.typ, f.repeated = "map<"+t[2]+","+t[4]+">", true
		t = append([]string{f.typ}, t[6:]...)
	}
	if len(t) < 4 || t[2] != "=" {
		return nil, 0, fmt.Errorf("bad field %q", strings.Join(toks[i:end], " "))
	}
	f.typ, f.name = t[0], t[1]
	n, err := strconv.Atoi(t[3])
	if err != nil {
		return nil, 0, fmt.Errorf("bad field number %q", t[3])
	}
	f.num = n
	return f, end + 1, nil
}

// protoTokens splits proto text into words, punctuation and quoted strings.
func protoTokens(text string) []string {
	var toks []string
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.IndexByte("{}<>=;,", c) >= 0:
			toks = append(toks, string(c))
			i++
		case c == '"':
			j := i + 1
			for j < len(text) && text[j] != '"' {
				j++
			}
			toks = append(toks, text[i:min(j+1, len(text))])
			i = j + 1
		default:
			j := i
			for j < len(text) && strings.IndexByte(" \t\r\n{}<>=;,\"", text[j]) < 0 {
				j++
			}
			toks = append(toks, text[i:j])
			i = j
		}
	}
	return toks
}
