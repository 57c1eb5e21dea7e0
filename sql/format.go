package sql

import (
	"strings"
)

// A Formatter prints syntax trees back as SQL text in a canonical form:
// keywords upper case, identifiers in their canonical case, the fewest
// parentheses that keep the tree's grouping. The output parses back to
// the same tree (positions aside).
type Formatter struct {
	// QuoteAll back-quotes every identifier (`A`), as ksqlDB does in
	// schemas; otherwise only identifiers that need it are quoted.
	QuoteAll bool
}

// FormatExpr prints e with the default Formatter.
func FormatExpr(e Expr) string { return Formatter{}.Expr(e) }

// FormatType prints t with the default Formatter, using ksqlDB's type
// names (INTEGER, STRING, ...).
func FormatType(t Type) string { return Formatter{}.Type(t) }

// FormatStmt prints s with the default Formatter, without a final ';'.
func FormatStmt(s Stmt) string { return Formatter{}.Stmt(s) }

// QuoteIdent returns name as it must be written to mean the identifier
// name: unchanged when it is a valid unquoted identifier in upper case
// and not reserved, else back-quoted with ` doubled.
func QuoteIdent(name string) string {
	if plainIdent(name) {
		return name
	}
	return quoteIdent(name)
}

func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// plainIdent reports whether name reads back unchanged without quotes.
func plainIdent(name string) bool {
	if name == "" || reserved[name] || !isLetter(name[0]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || !isLetter(c) && !isDigit(c) && c != '@' {
			return false
		}
	}
	return true
}

// Ident prints an identifier.
func (f Formatter) Ident(id *Ident) string {
	if f.QuoteAll {
		return quoteIdent(id.Name)
	}
	return QuoteIdent(id.Name)
}

// quoteString writes s as a 'string' literal.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// Type prints a type.
func (f Formatter) Type(t Type) string {
	var b strings.Builder
	f.writeType(&b, t)
	return b.String()
}

func (f Formatter) writeType(b *strings.Builder, t Type) {
	switch t := t.(type) {
	case *ScalarType:
		b.WriteString(t.Kind.String())
	case *DecimalType:
		b.WriteString("DECIMAL(" + itoa(t.Precision) + ", " + itoa(t.Scale) + ")")
	case *ArrayType:
		b.WriteString("ARRAY<")
		f.writeType(b, t.Elem)
		b.WriteString(">")
	case *MapType:
		b.WriteString("MAP<")
		f.writeType(b, t.Key)
		b.WriteString(", ")
		f.writeType(b, t.Value)
		b.WriteString(">")
	case *StructType:
		b.WriteString("STRUCT<")
		for i, fld := range t.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.Ident(fld.Name) + " ")
			f.writeType(b, fld.Type)
		}
		b.WriteString(">")
	case *NamedType:
		b.WriteString(f.Ident(t.Name))
	}
}
