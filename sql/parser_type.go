package sql

import (
	"fmt"
	"strconv"
)

// scalarTypes maps the built-in type names to their kinds.
var scalarTypes = map[string]ScalarKind{
	"BOOLEAN": TypeBoolean, "INT": TypeInt, "INTEGER": TypeInt, "BIGINT": TypeBigint,
	"DOUBLE": TypeDouble, "STRING": TypeString, "VARCHAR": TypeString, "BYTES": TypeBytes,
	"TIMESTAMP": TypeTimestamp, "DATE": TypeDate, "TIME": TypeTime,
}

// parseType parses ARRAY<T>, MAP<K, V>, STRUCT<name T, ...>,
// DECIMAL(p, s), a built-in scalar type or a custom type name.
func (p *parser) parseType() Type {
	p.enter(p.cur().pos)
	defer p.leave()
	t := p.cur()
	if t.tok == IDENT {
		switch t.up {
		case "ARRAY":
			return p.parseArrayType()
		case "MAP":
			return p.parseMapType()
		case "STRUCT":
			return p.parseStructType()
		case "DECIMAL":
			return p.parseDecimalType()
		}
	}
	if t.tok != IDENT && t.tok != QIDENT || t.tok == IDENT && reserved[t.up] {
		p.errorExpected("type")
	}
	name := p.parseIdent()
	if kind, ok := scalarTypes[name.Name]; ok && !name.Quoted {
		if p.is(LPAREN) {
			p.failAt(p.cur().pos, fmt.Sprintf("type %s takes no parameters", name.Name))
		}
		return &ScalarType{Span: name.Span, Kind: kind}
	}
	return &NamedType{Span: name.Span, Name: name}
}

func (p *parser) parseArrayType() Type {
	start := p.expectKw("ARRAY")
	p.expect(LT)
	elem := p.parseType()
	p.expect(GT)
	return &ArrayType{Span: p.span(start), Elem: elem}
}

func (p *parser) parseMapType() Type {
	start := p.expectKw("MAP")
	p.expect(LT)
	k := p.parseType()
	p.expect(COMMA)
	v := p.parseType()
	p.expect(GT)
	return &MapType{Span: p.span(start), Key: k, Value: v}
}

func (p *parser) parseStructType() Type {
	start := p.expectKw("STRUCT")
	st := &StructType{Fields: []*StructTypeField{}}
	if p.accept(NE) { // STRUCT<> scans as STRUCT, <>
		if p.toks[p.i-1].lit != "<>" {
			p.failAt(p.toks[p.i-1].pos, "expected '<', found '!='")
		}
		st.Span = p.span(start)
		return st
	}
	p.expect(LT)
	for !p.is(GT) {
		if len(st.Fields) > 0 {
			p.expect(COMMA)
		}
		name := p.parseIdent()
		typ := p.parseType()
		st.Fields = append(st.Fields, &StructTypeField{Span: p.span(name.Pos()), Name: name, Type: typ})
	}
	p.expect(GT)
	st.Span = p.span(start)
	return st
}

func (p *parser) parseDecimalType() Type {
	start := p.expectKw("DECIMAL")
	p.expect(LPAREN)
	prec := p.parseSmallInt("precision")
	p.expect(COMMA)
	scale := p.parseSmallInt("scale")
	p.expect(RPAREN)
	return &DecimalType{Span: p.span(start), Precision: prec, Scale: scale}
}

// parseSmallInt parses a non-negative integer that fits an int32.
func (p *parser) parseSmallInt(what string) int {
	if !p.is(INT) {
		p.errorExpected(what)
	}
	t := p.next()
	v, err := strconv.ParseInt(t.lit, 10, 32)
	if err != nil {
		p.failAt(t.pos, fmt.Sprintf("%s %s is out of range", what, t.lit))
	}
	return int(v)
}
