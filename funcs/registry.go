package funcs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// Kind says how a function is called: once per row, once per group, or once
// per row producing many rows.
type Kind uint8

// Function kinds.
const (
	Scalar Kind = iota
	Aggregate
	Table
)

func (k Kind) String() string {
	switch k {
	case Aggregate:
		return "AGGREGATE"
	case Table:
		return "TABLE"
	}
	return "SCALAR"
}

// Function categories, as SHOW FUNCTIONS prints them.
const (
	CatMath     = "MATHEMATICAL"
	CatString   = "STRING"
	CatRegexp   = "REGULAR EXPRESSION"
	CatJSON     = "JSON"
	CatArray    = "ARRAY"
	CatMap      = "MAP"
	CatDateTime = "DATE / TIME"
	CatURL      = "URL"
	CatLambda   = "LAMBDA"
	CatConvert  = "CONVERSIONS"
	CatNulls    = "NULLS"
	CatOther    = "OTHER"
	CatAgg      = "AGGREGATE"
	CatTable    = "TABLE"
)

// Func is one named function with its overloads.
type Func struct {
	Name        string // upper case
	Kind        Kind
	Category    string
	Description string
	Overloads   []*Overload
	// Volatile functions may return different results for equal arguments
	// (RANDOM, UUID, UNIX_TIMESTAMP()); the planner must not fold them.
	Volatile bool
	// Undoable aggregates implement Aggregator.Remove, so they may aggregate
	// a table (whose updates retract earlier rows).
	Undoable bool
}

// Param is one declared parameter.
type Param struct {
	Name string
	Type *ParamType
	// Literal parameters of aggregates must be constants (TOPK's k). Their
	// values go to NewAgg; Aggregator.Add does not see them.
	Literal bool
}

// Overload is one signature of a function and its implementation.
type Overload struct {
	Params []Param
	// Variadic: the last parameter repeats zero or more times.
	Variadic    bool
	Description string
	// Returns is the declared result type, as DESCRIBE FUNCTION shows it.
	Returns *ParamType
	// Return computes the result type from the argument types after
	// coercion. Entries may leave it nil; register derives it from Returns.
	Return func(args []*types.Type) (*types.Type, error)
	// Coerce, when set, may rewrite the cast targets that Resolve computed
	// before Return sees them (GREATEST casts its DECIMAL arguments to their
	// common type).
	Coerce func(targets []*types.Type)

	// Eval runs a scalar function on one row.
	Eval func(args []types.Value) (types.Value, error)
	// Bind, when set, specialises Eval for the resolved argument and result
	// types (ENTRIES builds STRUCT values of its result type). Callers use
	// Resolved.Evaluator, which picks Bind or Eval.
	Bind func(args []*types.Type, ret *types.Type) func(args []types.Value) (types.Value, error)
	// NewAgg starts an aggregation for one group. It fails on bad literal
	// arguments (TOPK's k < 1); call it once at planning time to report that.
	NewAgg func(in AggInit) (Aggregator, error)
	// Intermediate is the type of an aggregate's stored state as ksqlDB
	// declares it (STRUCT for AVG, ARRAY for TOPK…), for formats that must
	// be able to hold it; nil means the result type.
	Intermediate func(args []*types.Type) *types.Type
	// Explode runs a table function: one output value per produced row.
	Explode func(args []types.Value) ([]types.Value, error)
}

// Signature renders the overload as "NAME(INT a, STRING... b)".
func (o *Overload) Signature(name string) string {
	parts := make([]string, len(o.Params))
	for i, p := range o.Params {
		s := p.Type.String()
		if o.Variadic && i == len(o.Params)-1 {
			s += "..."
		}
		if p.Name != "" {
			s += " " + p.Name
		}
		parts[i] = s
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

var registry = map[string]*Func{}

// Lookup finds the function called name, ignoring case.
func Lookup(name string) (*Func, bool) {
	f, ok := registry[strings.ToUpper(name)]
	return f, ok
}

// All returns every function, sorted by name.
func All() []*Func {
	fs := make([]*Func, 0, len(registry))
	for _, f := range registry {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	return fs
}

// register adds functions to the registry; it is called from init functions.
// It panics on a malformed entry, so mistakes fail every test at once.
func register(fs ...*Func) {
	for _, f := range fs {
		f.Name = strings.ToUpper(f.Name)
		if _, dup := registry[f.Name]; dup {
			panic(fmt.Sprintf("funcs: %s registered twice", f.Name))
		}
		for _, o := range f.Overloads {
			checkOverload(f, o)
		}
		registry[f.Name] = f
	}
}

func checkOverload(f *Func, o *Overload) {
	if o.Returns == nil {
		panic(fmt.Sprintf("funcs: %s has an overload without Returns", f.Name))
	}
	if o.Return == nil {
		o.Return = returnFrom(o)
	}
	impl := map[Kind]bool{Scalar: o.Eval != nil, Aggregate: o.NewAgg != nil, Table: o.Explode != nil}
	if !impl[f.Kind] {
		panic(fmt.Sprintf("funcs: %s has an overload without an implementation", f.Name))
	}
}

// returnFrom derives Return from the declared Returns by binding the
// overload's type variables against the argument types.
func returnFrom(o *Overload) func(args []*types.Type) (*types.Type, error) {
	return func(args []*types.Type) (*types.Type, error) {
		b := bindings{}
		for i, a := range args {
			o.param(i).Type.accept(a, b, true)
		}
		t, ok := o.Returns.instantiate(b)
		if !ok {
			return nil, fmt.Errorf("cannot infer the result type %s from NULL arguments", o.Returns)
		}
		return t, nil
	}
}

// param returns the parameter that argument i binds to.
func (o *Overload) param(i int) Param {
	if i >= len(o.Params) {
		return o.Params[len(o.Params)-1]
	}
	return o.Params[i]
}

// fits reports whether the overload takes n arguments.
func (o *Overload) fits(n int) bool {
	if o.Variadic {
		return n >= len(o.Params)-1
	}
	return n == len(o.Params)
}
