package shell

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"
)

// rowPrinter prints a /query answer as a table that grows a row at a time.
type rowPrinter struct {
	w      io.Writer
	format string
	width  int // terminal width, 0 when unknown
	widths []int
	rows   int
}

func (p *rowPrinter) Header(h QueryHeader, raw json.RawMessage) {
	if p.format == formatJSON {
		fmt.Fprintf(p.w, "%s\n", raw)
		return
	}
	names := columnNames(h.Schema)
	p.widths = columnWidths(names, p.width)
	p.rule()
	p.line(names)
	p.rule()
}

func (p *rowPrinter) Row(cols []json.RawMessage, raw json.RawMessage) {
	p.rows++
	if p.format == formatJSON {
		fmt.Fprintf(p.w, "%s\n", raw)
		return
	}
	cells := make([]string, len(cols))
	for i, c := range cols {
		cells[i] = rawCell(c)
	}
	p.line(cells)
}

// end closes the table and prints the final message.
func (p *rowPrinter) end(msg string) {
	if p.format != formatJSON && p.widths != nil {
		p.rule()
	}
	if msg != "" {
		fmt.Fprintln(p.w, msg)
	}
}

func (p *rowPrinter) rule() {
	var b strings.Builder
	b.WriteByte('+')
	for _, w := range p.widths {
		b.WriteString(strings.Repeat("-", w+2))
		b.WriteByte('+')
	}
	fmt.Fprintln(p.w, b.String())
}

// line prints one row, wrapping cells wider than their column.
func (p *rowPrinter) line(cells []string) {
	wrapped := make([][]string, len(p.widths))
	height := 1
	for i, w := range p.widths {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		wrapped[i] = strings.Split(text.WrapHard(s, w), "\n")
		height = max(height, len(wrapped[i]))
	}
	for l := 0; l < height; l++ {
		var b strings.Builder
		b.WriteByte('|')
		for i, w := range p.widths {
			s := ""
			if l < len(wrapped[i]) {
				s = wrapped[i][l]
			}
			b.WriteString(" " + text.Pad(s, w, ' ') + " |")
		}
		fmt.Fprintln(p.w, b.String())
	}
}

// columnWidths shares the terminal width among the columns, never narrower
// than a column's name; without a width each column gets 20.
func columnWidths(names []string, total int) []int {
	n := max(len(names), 1)
	each := 20
	if total > 0 {
		each = max((total-1)/n-3, 8)
	}
	ws := make([]int, len(names))
	for i, name := range names {
		ws[i] = max(each, text.RuneWidthWithoutEscSequences(name))
	}
	return ws
}

// columnNames extracts the names from a header schema such as
// "`ID` STRING KEY, `M` MAP<STRING, INT>".
func columnNames(schema string) []string {
	var names []string
	depth, start := 0, 0
	for i := 0; i <= len(schema); i++ {
		if i < len(schema) {
			switch schema[i] {
			case '`':
				if j := strings.IndexByte(schema[i+1:], '`'); j >= 0 {
					i += j + 1
				}
				continue
			case '(', '<':
				depth++
				continue
			case ')', '>':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		names = append(names, columnName(strings.TrimSpace(schema[start:i])))
		start = i + 1
	}
	return names
}

func columnName(col string) string {
	if strings.HasPrefix(col, "`") {
		if j := strings.IndexByte(col[1:], '`'); j >= 0 {
			return col[1 : j+1]
		}
	}
	name, _, _ := strings.Cut(col, " ")
	return name
}

// rawCell formats a JSON value of a row: strings unquoted, the rest as sent.
func rawCell(c json.RawMessage) string {
	var s string
	if len(c) > 0 && c[0] == '"' && json.Unmarshal(c, &s) == nil {
		return s
	}
	return string(c)
}
