package funcs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// Resolved is the outcome of type-checking one call.
type Resolved struct {
	Func     *Func
	Overload *Overload
	// Args holds, per argument, the type to cast it to before Eval. It is the
	// argument's own type when no cast is needed. A lambda whose body must be
	// cast holds LambdaArg(target).
	Args   []*types.Type
	Return *types.Type
}

// Evaluator returns the scalar implementation of the call, specialised to its
// types when the overload needs them. Call it once per call site.
func (r *Resolved) Evaluator() func(args []types.Value) (types.Value, error) {
	if r.Overload.Bind != nil {
		return r.Overload.Bind(r.Args, r.Return)
	}
	return r.Overload.Eval
}

// Resolve picks the overload of the function called name for arguments of
// the given types, following ksqlDB: an exact match first, then implicit
// widening (INT → BIGINT → DECIMAL → DOUBLE, string literal → DATE, TIME,
// TIMESTAMP). Among several matches a fixed-arity overload beats a variadic
// one, then more declared parameters win, then fewer generic ones; a tie is
// an ambiguity error. name is echoed in errors as the user wrote it.
func Resolve(name string, args []*types.Type) (*Resolved, error) {
	f, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("Can't find any functions with the name '%s'", name)
	}
	o, b, err := f.choose(name, args)
	if err != nil {
		return nil, err
	}
	targets := make([]*types.Type, len(args))
	for i, a := range args {
		targets[i] = o.param(i).Type.target(a, b)
	}
	if o.Coerce != nil {
		o.Coerce(targets)
	}
	ret, err := o.Return(targets)
	if err != nil {
		return nil, fmt.Errorf("function '%s': %w", name, err)
	}
	return &Resolved{Func: f, Overload: o, Args: targets, Return: ret}, nil
}

// LambdaParams returns the types of the parameters of the lambda passed as
// argument lambdaIndex, so that the planner can type the lambda's body. args
// holds the argument types known so far: earlier lambdas as LambdaArg, later
// lambdas as nil. For REDUCE the state type comes from the initial value.
func LambdaParams(name string, args []*types.Type, lambdaIndex int) ([]*types.Type, error) {
	f, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("Can't find any functions with the name '%s'", name)
	}
	for _, cast := range []bool{false, true} {
		for _, o := range f.Overloads {
			p := o.param(lambdaIndex).Type
			if !o.fits(len(args)) || p.kind != ptLambda {
				continue
			}
			b, ok := o.bind(args, cast)
			if !ok {
				continue
			}
			return lambdaInputs(name, p, b)
		}
	}
	return nil, f.noMatch(name, args)
}

func lambdaInputs(name string, p *ParamType, b bindings) ([]*types.Type, error) {
	ins := make([]*types.Type, len(p.ins))
	for i, in := range p.ins {
		t, ok := in.instantiate(b)
		if !ok {
			return nil, fmt.Errorf("function '%s': cannot infer the type of lambda parameter %d from NULL arguments", name, i+1)
		}
		ins[i] = t
	}
	return ins, nil
}

// bind matches args against the overload's parameters.
func (o *Overload) bind(args []*types.Type, cast bool) (bindings, bool) {
	b := bindings{}
	for i, a := range args {
		if !o.param(i).Type.accept(a, b, cast) {
			return nil, false
		}
	}
	return b, true
}

type candidate struct {
	o *Overload
	b bindings
}

func (f *Func) choose(name string, args []*types.Type) (*Overload, bindings, error) {
	for _, cast := range []bool{false, true} {
		var cs []candidate
		for _, o := range f.Overloads {
			if !o.fits(len(args)) {
				continue
			}
			if b, ok := o.bind(args, cast); ok {
				cs = append(cs, candidate{o, b})
			}
		}
		if len(cs) == 0 {
			continue
		}
		sort.SliceStable(cs, func(i, j int) bool { return rank(cs[i].o, cs[j].o) > 0 })
		if len(cs) > 1 && rank(cs[0].o, cs[1].o) == 0 {
			return nil, nil, f.ambiguous(name, args)
		}
		return cs[0].o, cs[0].b, nil
	}
	return nil, nil, f.noMatch(name, args)
}

// rank orders overloads by preference: positive when a beats b.
func rank(a, b *Overload) int {
	if a.Variadic != b.Variadic {
		if b.Variadic {
			return 1
		}
		return -1
	}
	if len(a.Params) != len(b.Params) {
		return len(a.Params) - len(b.Params)
	}
	return countGeneric(b) - countGeneric(a)
}

func countGeneric(o *Overload) int {
	n := 0
	for _, p := range o.Params {
		if p.Type.generic() {
			n++
		}
	}
	return n
}

func (f *Func) noMatch(name string, args []*types.Type) error {
	return fmt.Errorf("Function '%s' does not accept parameters %s.\nValid alternatives are:\n%s\n%s",
		name, argList(args), f.signatures(), describeHint)
}

func (f *Func) ambiguous(name string, args []*types.Type) error {
	return fmt.Errorf("Function '%s' cannot be resolved due to ambiguous method parameters %s.\n"+
		"Use CAST() to explicitly cast your parameters to one of the supported function calls.\n"+
		"Valid function calls are:\n%s\n%s", name, argList(args), f.signatures(), describeHint)
}

const describeHint = "For detailed information on a function run: DESCRIBE FUNCTION <Function-Name>;"

func (f *Func) signatures() string {
	lines := make([]string, len(f.Overloads))
	for i, o := range f.Overloads {
		lines[i] = o.Signature(f.Name)
	}
	return strings.Join(lines, "\n")
}

// argList renders argument types as ksqlDB does in errors: "(INTEGER, null)".
func argList(args []*types.Type) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = argString(a)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func argString(t *types.Type) string {
	if isNull(t) {
		return "null"
	}
	if t == IntervalUnit {
		return "INTERVALUNIT"
	}
	if body, ok := LambdaBody(t); ok {
		return "LAMBDA => " + argString(body)
	}
	switch t.Kind {
	case types.Array:
		return "ARRAY<" + argString(t.Elem) + ">"
	case types.Map:
		return "MAP<" + argString(t.Key) + ", " + argString(t.Elem) + ">"
	case types.Struct:
		fs := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			fs[i] = f.Name + " " + argString(f.Type)
		}
		return "STRUCT<" + strings.Join(fs, ", ") + ">"
	}
	return t.String()
}
