package sql

import (
	"fmt"
	"reflect"
	"strings"
)

// Dump renders a syntax tree as an indented outline, one field per line,
// for tests and debugging. src is the text the tree was parsed from and
// is used to show node spans as line:col ranges. Zero-valued fields
// (false, nil, empty lists, NoPos) are left out.
func Dump(src string, n any) string {
	d := &dumper{src: src}
	d.value(reflect.ValueOf(n), 0)
	return d.b.String()
}

type dumper struct {
	src string
	b   strings.Builder
}

var (
	spanType     = reflect.TypeOf(Span{})
	identType    = reflect.TypeOf(&Ident{})
	durationType = reflect.TypeOf(Duration{})
	posType      = reflect.TypeOf(Pos(0))
	stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
)

// value writes v, which starts on the current line, at indent depth.
func (d *dumper) value(v reflect.Value, depth int) {
	switch {
	case v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer && v.Type() != identType:
		if v.IsNil() {
			d.b.WriteString("nil\n")
			return
		}
		d.value(v.Elem(), depth)
	case v.Kind() == reflect.Struct && v.CanAddr() && d.leaf(v.Addr().Interface()):
	case v.Type() == identType:
		d.b.WriteString(d.ident(v.Interface().(*Ident)) + "\n")
	case v.Type() == durationType:
		du := v.Interface().(Duration)
		fmt.Fprintf(&d.b, "%d %s (%dms)\n", du.Value, du.Unit, du.Millis)
	case v.Type().Implements(stringerType) && v.Kind() != reflect.Struct:
		d.b.WriteString(v.Interface().(fmt.Stringer).String() + "\n")
	case v.Kind() == reflect.Slice:
		d.slice(v, depth)
	case v.Kind() == reflect.Struct:
		d.node(v, depth)
	case v.Kind() == reflect.String:
		fmt.Fprintf(&d.b, "%q\n", v.String())
	default:
		fmt.Fprintf(&d.b, "%v\n", v.Interface())
	}
}

// leaf writes the nodes shown on one line (literals and column
// references), reporting whether n was one.
func (d *dumper) leaf(n any) bool {
	var text string
	switch n := n.(type) {
	case *NullLit, *BoolLit:
		text = FormatExpr(n.(Expr))
	case *StringLit:
		text = "StringLit " + quoteString(n.Value)
	case *IntegerLit:
		text = "IntegerLit " + n.Text
	case *DecimalLit:
		text = "DecimalLit " + n.Text
	case *DoubleLit:
		text = "DoubleLit " + n.Text
	case *ScalarType:
		text = "ScalarType " + n.Kind.String()
	case *IntervalUnit:
		text = "IntervalUnit " + n.Unit.String()
	case *ColumnRef:
		text = "ColumnRef " + d.name(n.Name)
		if n.Source != nil {
			text = "ColumnRef " + d.name(n.Source) + "." + d.name(n.Name)
		}
	default:
		return false
	}
	d.b.WriteString(text + " " + d.span(n.(Node).Pos(), n.(Node).End()) + "\n")
	return true
}

func (d *dumper) name(id *Ident) string {
	if id.Quoted {
		return "`" + id.Name + "`"
	}
	return id.Name
}

func (d *dumper) ident(id *Ident) string {
	return d.name(id) + " " + d.span(id.Start, id.Stop)
}

func (d *dumper) span(start, end Pos) string {
	l1, c1 := start.LineCol(d.src)
	l2, c2 := end.LineCol(d.src)
	return fmt.Sprintf("@%d:%d-%d:%d", l1, c1, l2, c2)
}

func (d *dumper) slice(v reflect.Value, depth int) {
	d.b.WriteString("\n")
	for i := 0; i < v.Len(); i++ {
		d.indent(depth + 1)
		fmt.Fprintf(&d.b, "%d: ", i)
		d.value(v.Index(i), depth+1)
	}
}

// node writes a struct: its type and span, then its non-zero fields.
func (d *dumper) node(v reflect.Value, depth int) {
	d.b.WriteString(v.Type().Name())
	if f := v.FieldByName("Span"); f.IsValid() && f.Type() == spanType {
		sp := f.Interface().(Span)
		d.b.WriteString(" " + d.span(sp.Start, sp.Stop))
	}
	d.b.WriteString("\n")
	for i := 0; i < v.NumField(); i++ {
		f, sf := v.Field(i), v.Type().Field(i)
		if sf.Type == spanType || sf.Type == posType || f.IsZero() || f.Kind() == reflect.Slice && f.Len() == 0 {
			continue
		}
		d.indent(depth + 1)
		d.b.WriteString(sf.Name + ":")
		if f.Kind() != reflect.Slice {
			d.b.WriteString(" ")
		}
		d.value(f, depth+1)
	}
}

func (d *dumper) indent(depth int) { d.b.WriteString(strings.Repeat("  ", depth)) }
