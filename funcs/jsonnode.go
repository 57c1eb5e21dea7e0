package funcs

import (
	"errors"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// jnode is a parsed JSON value that keeps object key order and number text,
// so that re-serialising it prints what Jackson (with exact decimals) prints.
type jnode struct {
	kind jkind
	text string   // jString: the decoded string; jNumber: the literal
	elem []*jnode // jArray elements; jObject values
	keys []string // jObject keys, parallel to elem
}

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

var errBadJSON = errors.New("invalid JSON")

// parseJSON parses the first JSON value in s; trailing text is ignored, as
// Jackson's readTree does. An empty or blank s is an error.
func parseJSON(s string) (*jnode, error) {
	p := &jparser{s: s}
	p.space()
	if p.i >= len(s) {
		return nil, errBadJSON
	}
	return p.value(0)
}

type jparser struct {
	s string
	i int
}

const maxJSONDepth = 512

func (p *jparser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *jparser) value(depth int) (*jnode, error) {
	if depth > maxJSONDepth || p.i >= len(p.s) {
		return nil, errBadJSON
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		return &jnode{kind: jString, text: s}, err
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range []struct {
		word string
		node *jnode
	}{{"true", &jnode{kind: jBool, text: "true"}}, {"false", &jnode{kind: jBool, text: "false"}}, {"null", &jnode{kind: jNull}}} {
		if strings.HasPrefix(p.s[p.i:], lit.word) {
			p.i += len(lit.word)
			return lit.node, nil
		}
	}
	return nil, errBadJSON
}

func (p *jparser) object(depth int) (*jnode, error) {
	n := &jnode{kind: jObject}
	p.i++
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return n, nil
	}
	for {
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, errBadJSON
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, errBadJSON
		}
		p.i++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.put(k, v)
		if done, err := p.next('}'); done || err != nil {
			return n, err
		}
	}
}

// put sets key k, replacing an existing value in its position.
func (n *jnode) put(k string, v *jnode) {
	for i, key := range n.keys {
		if key == k {
			n.elem[i] = v
			return
		}
	}
	n.keys = append(n.keys, k)
	n.elem = append(n.elem, v)
}

func (n *jnode) get(k string) *jnode {
	for i, key := range n.keys {
		if key == k {
			return n.elem[i]
		}
	}
	return nil
}

func (p *jparser) array(depth int) (*jnode, error) {
	n := &jnode{kind: jArray}
	p.i++
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return n, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.elem = append(n.elem, v)
		if done, err := p.next(']'); done || err != nil {
			return n, err
		}
	}
}

// next consumes ',' (more to come) or the closing bracket (done).
func (p *jparser) next(closer byte) (bool, error) {
	p.space()
	if p.i >= len(p.s) {
		return false, errBadJSON
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return false, nil
	case closer:
		p.i++
		return true, nil
	}
	return false, errBadJSON
}

func (p *jparser) number() (*jnode, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if digits() == 0 {
		return nil, errBadJSON
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, errBadJSON
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, errBadJSON
		}
	}
	text := p.s[start:p.i]
	if strings.ContainsAny(text, "eE") {
		// Jackson reads exact decimals and writes them in plain notation.
		if d, err := types.ParseDec(text); err == nil {
			text = d.String()
		}
	}
	return &jnode{kind: jNumber, text: text}, nil
}

func (p *jparser) str() (string, error) {
	p.i++ // opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", errBadJSON
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", errBadJSON
}

func (p *jparser) escape(b *strings.Builder) error {
	if p.i+1 >= len(p.s) {
		return errBadJSON
	}
	c := p.s[p.i+1]
	p.i += 2
	if r, ok := map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[c]; ok {
		b.WriteByte(r)
		return nil
	}
	if c != 'u' || p.i+4 > len(p.s) {
		return errBadJSON
	}
	u, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 16)
	if err != nil {
		return errBadJSON
	}
	p.i += 4
	r := rune(u)
	if r >= 0xD800 && r < 0xDC00 && strings.HasPrefix(p.s[p.i:], "\\u") && p.i+6 <= len(p.s) {
		if lo, err := strconv.ParseUint(p.s[p.i+2:p.i+6], 16, 16); err == nil && lo >= 0xDC00 && lo < 0xE000 {
			r = (r-0xD800)<<10 + (rune(lo) - 0xDC00) + 0x10000
			p.i += 6
		}
	}
	b.WriteRune(r)
	return nil
}

// String renders n as compact JSON.
func (n *jnode) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *jnode) write(b *strings.Builder) {
	switch n.kind {
	case jNull:
		b.WriteString("null")
	case jBool, jNumber:
		b.WriteString(n.text)
	case jString:
		writeJSONString(b, n.text)
	case jArray:
		b.WriteByte('[')
		for i, e := range n.elem {
			if i > 0 {
				b.WriteByte(',')
			}
			e.write(b)
		}
		b.WriteByte(']')
	case jObject:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			n.elem[i].write(b)
		}
		b.WriteByte('}')
	}
}

// writeJSONString quotes s as Jackson does: short escapes for quote,
// backslash and \b \f \n \r \t, \u00XX for other control characters, and
// everything else (including non-ASCII) as is.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte("0123456789ABCDEF"[r>>4])
				b.WriteByte("0123456789ABCDEF"[r&15])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
