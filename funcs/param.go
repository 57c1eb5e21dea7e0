package funcs

import (
	"strings"

	"github.com/streamsql/streamsql/types"
)

type ptKind uint8

const (
	ptConcrete ptKind = iota // a primitive type; DECIMAL of any precision
	ptVar                    // a generic type variable such as T
	ptArray
	ptMap
	ptStruct // any STRUCT
	ptLambda
	ptUnit // a bare time unit such as SECONDS
)

// ParamType is what a parameter accepts: a primitive type, a generic variable
// (T, K, V…), a container of those, any STRUCT, a lambda, or a time unit.
// ParamTypes are immutable.
type ParamType struct {
	kind ptKind
	typ  *types.Type  // ptConcrete
	name string       // ptVar
	elem *ParamType   // ptArray element, ptMap value, ptLambda result
	key  *ParamType   // ptMap key
	ins  []*ParamType // ptLambda inputs
}

// Parameter types used by the function entries.
var (
	tBool      = &ParamType{kind: ptConcrete, typ: types.BooleanType}
	tInt       = &ParamType{kind: ptConcrete, typ: types.IntType}
	tBigInt    = &ParamType{kind: ptConcrete, typ: types.BigIntType}
	tDouble    = &ParamType{kind: ptConcrete, typ: types.DoubleType}
	tDecimal   = &ParamType{kind: ptConcrete, typ: &types.Type{Kind: types.Decimal}}
	tString    = &ParamType{kind: ptConcrete, typ: types.StringType}
	tBytes     = &ParamType{kind: ptConcrete, typ: types.BytesType}
	tDate      = &ParamType{kind: ptConcrete, typ: types.DateType}
	tTime      = &ParamType{kind: ptConcrete, typ: types.TimeType}
	tTimestamp = &ParamType{kind: ptConcrete, typ: types.TimestampType}
	tStruct    = &ParamType{kind: ptStruct}
	tUnit      = &ParamType{kind: ptUnit}
	tT         = tvar("T")
	tK         = tvar("K")
	tV         = tvar("V")
	tS         = tvar("S")
	tU         = tvar("U")
)

func tvar(name string) *ParamType { return &ParamType{kind: ptVar, name: name} }

func tArray(elem *ParamType) *ParamType { return &ParamType{kind: ptArray, elem: elem} }

func tMap(key, val *ParamType) *ParamType { return &ParamType{kind: ptMap, key: key, elem: val} }

// tLambda is a lambda taking ins and returning ret.
func tLambda(ret *ParamType, ins ...*ParamType) *ParamType {
	return &ParamType{kind: ptLambda, elem: ret, ins: ins}
}

// String renders p as DESCRIBE FUNCTION shows it, e.g. ARRAY<T> or DECIMAL.
func (p *ParamType) String() string {
	switch p.kind {
	case ptConcrete:
		if p.typ.Kind == types.Decimal {
			return "DECIMAL"
		}
		return p.typ.String()
	case ptVar:
		return p.name
	case ptArray:
		return "ARRAY<" + p.elem.String() + ">"
	case ptMap:
		return "MAP<" + p.key.String() + ", " + p.elem.String() + ">"
	case ptStruct:
		return "STRUCT"
	case ptLambda:
		ins := make([]string, len(p.ins))
		for i, in := range p.ins {
			ins[i] = in.String()
		}
		return "LAMBDA (" + strings.Join(ins, ", ") + ") => " + p.elem.String()
	case ptUnit:
		return "INTERVALUNIT"
	}
	return "?"
}

// generic reports whether p mentions a type variable.
func (p *ParamType) generic() bool {
	switch p.kind {
	case ptVar:
		return true
	case ptArray:
		return p.elem.generic()
	case ptMap:
		return p.key.generic() || p.elem.generic()
	case ptLambda:
		for _, in := range p.ins {
			if in.generic() {
				return true
			}
		}
		return p.elem.generic()
	}
	return false
}

// bindings maps type variables to the types they stand for in one call.
type bindings map[string]*types.Type

func (b bindings) clone() bindings {
	c := make(bindings, len(b))
	for k, v := range b {
		c[k] = v
	}
	return c
}

// accept reports whether an argument of type arg fits p, binding type
// variables in b. With cast, implicit widening (INT → BIGINT → DECIMAL →
// DOUBLE, string literal → DATE/TIME/TIMESTAMP) is allowed.
func (p *ParamType) accept(arg *types.Type, b bindings, cast bool) bool {
	if isNull(arg) {
		return true
	}
	if body, ok := LambdaBody(arg); ok {
		return p.kind == ptLambda && p.elem.accept(body, b, cast)
	}
	if arg == IntervalUnit || p.kind == ptUnit {
		return arg == IntervalUnit && p.kind == ptUnit
	}
	switch p.kind {
	case ptConcrete:
		return arg.Kind == p.typ.Kind || cast && canWiden(arg, p.typ.Kind)
	case ptVar:
		arg = plain(arg)
		if bound, ok := b[p.name]; ok {
			if bound.Equal(arg) {
				return true
			}
			c, ok := commonType(bound, arg)
			if cast && ok {
				b[p.name] = c
			}
			return cast && ok
		}
		b[p.name] = arg
		return true
	case ptArray:
		return arg.Kind == types.Array && p.elem.accept(arg.Elem, b, cast)
	case ptMap:
		return arg.Kind == types.Map && p.key.accept(arg.Key, b, cast) && p.elem.accept(arg.Elem, b, cast)
	case ptStruct:
		return arg.Kind == types.Struct
	}
	return false
}

// target returns the type an argument of type arg must be cast to for p,
// given the final bindings b.
func (p *ParamType) target(arg *types.Type, b bindings) *types.Type {
	if isNull(arg) {
		if t, ok := p.instantiate(b); ok {
			return t
		}
		return types.UnknownType
	}
	if body, ok := LambdaBody(arg); ok {
		if t, ok := p.elem.instantiate(b); ok && !t.Equal(body) {
			return LambdaArg(t)
		}
		return arg
	}
	if arg == IntervalUnit {
		return arg
	}
	switch p.kind {
	case ptConcrete:
		if arg.Kind == p.typ.Kind {
			return plain(arg)
		}
		return widenTo(arg, p.typ.Kind)
	case ptVar:
		return b[p.name]
	case ptArray:
		if e := p.elem.target(arg.Elem, b); !e.Equal(arg.Elem) {
			return types.ArrayOf(e)
		}
	case ptMap:
		k, v := p.key.target(arg.Key, b), p.elem.target(arg.Elem, b)
		if !k.Equal(arg.Key) || !v.Equal(arg.Elem) {
			return types.MapOf(k, v)
		}
	}
	return arg
}

// instantiate replaces the type variables of p by their bindings. It fails
// when p has an unbound variable or is not a concrete type (STRUCT, lambda).
func (p *ParamType) instantiate(b bindings) (*types.Type, bool) {
	switch p.kind {
	case ptConcrete:
		if p.typ.Kind == types.Decimal {
			return nil, false
		}
		return p.typ, true
	case ptVar:
		t, ok := b[p.name]
		return t, ok
	case ptArray:
		e, ok := p.elem.instantiate(b)
		if !ok {
			return nil, false
		}
		return types.ArrayOf(e), true
	case ptMap:
		k, ok1 := p.key.instantiate(b)
		v, ok2 := p.elem.instantiate(b)
		if !ok1 || !ok2 {
			return nil, false
		}
		return types.MapOf(k, v), true
	}
	return nil, false
}

func isNull(t *types.Type) bool { return t == nil || t.Kind == types.Unknown }

// plain maps the StringLiteral marker to STRING.
func plain(t *types.Type) *types.Type {
	if t == StringLiteral {
		return types.StringType
	}
	return t
}
