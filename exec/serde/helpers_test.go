package serde

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/types"
)

// typeParser reads the column lists used in tests, e.g.
// "A INT, B ARRAY<STRUCT<X DOUBLE>>, C DECIMAL(4, 2), D MAP<STRING, INT>".
type typeParser struct {
	s   string
	pos int
}

func parseCols(t testing.TB, s string) []Column {
	t.Helper()
	p := &typeParser{s: s}
	var cols []Column
	for p.skip(); p.pos < len(p.s); p.skip() {
		name := p.word()
		cols = append(cols, Column{Name: name, Type: p.typ()})
		if p.skip(); p.pos < len(p.s) && p.s[p.pos] == ',' {
			p.pos++
		}
	}
	return cols
}

func (p *typeParser) skip() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}

func (p *typeParser) word() string {
	p.skip()
	start := p.pos
	if p.pos < len(p.s) && p.s[p.pos] == '`' {
		end := strings.IndexByte(p.s[p.pos+1:], '`')
		p.pos += end + 2
		return p.s[start+1 : p.pos-1]
	}
	for p.pos < len(p.s) && strings.IndexByte(" ,<>()", p.s[p.pos]) < 0 {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *typeParser) expect(c byte) {
	p.skip()
	if p.pos >= len(p.s) || p.s[p.pos] != c {
		panic(fmt.Sprintf("type syntax: expected %q at %d in %q", c, p.pos, p.s))
	}
	p.pos++
}

func (p *typeParser) typ() *types.Type {
	switch w := strings.ToUpper(p.word()); w {
	case "BOOLEAN":
		return types.BooleanType
	case "INT", "INTEGER":
		return types.IntType
	case "BIGINT":
		return types.BigIntType
	case "DOUBLE":
		return types.DoubleType
	case "STRING", "VARCHAR":
		return types.StringType
	case "BYTES":
		return types.BytesType
	case "TIMESTAMP":
		return types.TimestampType
	case "DATE":
		return types.DateType
	case "TIME":
		return types.TimeType
	case "DECIMAL":
		p.expect('(')
		prec, _ := strconv.Atoi(p.word())
		p.expect(',')
		scale, _ := strconv.Atoi(p.word())
		p.expect(')')
		return types.DecimalOf(prec, scale)
	case "ARRAY":
		p.expect('<')
		elem := p.typ()
		p.expect('>')
		return types.ArrayOf(elem)
	case "MAP":
		p.expect('<')
		k := p.typ()
		p.expect(',')
		v := p.typ()
		p.expect('>')
		return types.MapOf(k, v)
	case "STRUCT":
		p.expect('<')
		var fields []types.Field
		for {
			name := p.word()
			fields = append(fields, types.Field{Name: name, Type: p.typ()})
			if p.skip(); p.s[p.pos] == '>' {
				p.pos++
				return types.StructOf(fields...)
			}
			p.expect(',')
		}
	default:
		panic(fmt.Sprintf("type syntax: unknown type %q in %q", w, p.s))
	}
}

// optionsFrom reads a test directive's format, unwrapped, delim and key arguments.
func optionsFrom(t *testing.T, d *datadriven.TestData) Options {
	var o Options
	var name string
	d.ScanArgs(t, "format", &name)
	f, err := ParseFormat(name)
	if err != nil {
		t.Fatal(err)
	}
	o.Format = f
	o.Unwrapped = d.HasArg("unwrapped")
	o.Key = d.HasArg("key")
	if d.HasArg("delim") {
		d.ScanArgs(t, "delim", &o.Delimiter)
	}
	return o
}

// renderRow shows a decoded row, each value as a JSON record would hold it,
// so the Go representation is checked too (AppendJSON rejects wrong Go types).
func renderRow(t *testing.T, cols []Column, row types.Row) string {
	if row == nil {
		return "<nil row>"
	}
	parts := make([]string, len(row))
	for i, v := range row {
		b, err := AppendJSON(nil, v, cols[i].Type)
		if err != nil {
			t.Fatalf("column %s: %v", cols[i].Name, err)
		}
		parts[i] = string(b)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
