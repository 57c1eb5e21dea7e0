package planner

import (
	"strings"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// call binds a scalar function call. Lambda arguments are bound after the
// other arguments, once the registry tells their parameter types.
func (b *binder) call(e *sql.FuncCall) (Expr, error) {
	name := e.Name.Name
	f, ok := funcs.Lookup(name)
	if !ok {
		return nil, errorf(e.Name.Pos(), "Can't find any functions with the name '%s'", name)
	}
	switch f.Kind {
	case funcs.Aggregate:
		return nil, errorf(e.Pos(), "aggregate function %s is not supported here yet: aggregations need GROUP BY, which is not supported yet", name)
	case funcs.Table:
		return nil, errorf(e.Pos(), "table function %s is not supported yet", name)
	}
	// f(*) passes no arguments to a scalar function.
	name = declaredName(f)
	args := make([]Expr, len(e.Args))
	argTypes := make([]*types.Type, len(e.Args))
	for i, a := range e.Args {
		switch a := a.(type) {
		case *sql.Lambda:
			continue
		case *sql.IntervalUnit:
			args[i] = &Literal{Value: a.Unit.String(), T: types.StringType}
			argTypes[i] = funcs.IntervalUnit
		default:
			x, err := b.expr(a)
			if err != nil {
				return nil, err
			}
			args[i], argTypes[i] = x, x.Type()
			if l, ok := x.(*Literal); ok && l.T.Kind == types.String {
				argTypes[i] = funcs.StringLiteral
			}
		}
	}
	for i, a := range e.Args {
		lam, ok := a.(*sql.Lambda)
		if !ok {
			continue
		}
		x, err := b.lambda(name, lam, argTypes, i)
		if err != nil {
			return nil, err
		}
		args[i], argTypes[i] = x, funcs.LambdaArg(x.Body.Type())
	}
	r, err := funcs.Resolve(name, argTypes)
	if err != nil {
		return nil, errorf(e.Pos(), "%s", err)
	}
	for i, t := range r.Args {
		if lam, ok := args[i].(*Lambda); ok {
			if bt, ok := funcs.LambdaBody(t); ok && bt.Kind != types.Unknown {
				lam.Body = coerce(lam.Body, bt)
			}
			continue
		}
		if t != funcs.IntervalUnit && t != funcs.StringLiteral {
			args[i] = coerce(args[i], t)
		}
	}
	return &Call{Name: f.Name, Overload: r.Overload, Eval: r.Evaluator(), Args: args, T: r.Return}, nil
}

// declaredName is a function's name as ksqlDB declares it, which its
// resolution errors print: lower case for most built-in functions
// ("Function 'least' does not accept parameters ()."), upper case for the
// few the engine refers to by name.
func declaredName(f *funcs.Func) string {
	if upperCaseNames[f.Name] {
		return f.Name
	}
	return strings.ToLower(f.Name)
}

var upperCaseNames = map[string]bool{"COALESCE": true, "IFNULL": true, "NULLIF": true, "AS_VALUE": true}

// lambda binds a lambda argument with parameter types from the registry.
func (b *binder) lambda(fn string, lam *sql.Lambda, argTypes []*types.Type, idx int) (*Lambda, error) {
	ptypes, err := funcs.LambdaParams(fn, argTypes, idx)
	if err != nil {
		return nil, errorf(lam.Pos(), "%s", err)
	}
	if len(ptypes) != len(lam.Params) {
		return nil, errorf(lam.Pos(), "the lambda passed to %s takes %d parameters, found %d", fn, len(ptypes), len(lam.Params))
	}
	names := make([]string, len(lam.Params))
	for i, p := range lam.Params {
		names[i] = p.Name
	}
	b.sc.lambda = append(b.sc.lambda, names)
	b.sc.ltypes = append(b.sc.ltypes, ptypes)
	defer func() {
		b.sc.lambda = b.sc.lambda[:len(b.sc.lambda)-1]
		b.sc.ltypes = b.sc.ltypes[:len(b.sc.ltypes)-1]
	}()
	body, err := b.expr(lam.Body)
	if err != nil {
		return nil, err
	}
	return &Lambda{Params: names, Body: body}, nil
}
