package exec

import (
	"fmt"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/types"
)

// compileCall compiles a scalar function call. Arguments are evaluated into a
// scratch slice owned by the call site and reused for every row; functions
// must not keep it (funcs: "functions never modify their inputs" and return
// new values).
func compileCall(e *planner.Call) (Evaluator, error) {
	eval := e.Eval
	if eval == nil && e.Overload != nil {
		eval = e.Overload.Eval
	}
	if eval == nil {
		return nil, fmt.Errorf("exec: function %s has no scalar implementation", e.Name)
	}
	args, err := compileAll(e.Args)
	if err != nil {
		return nil, err
	}
	for i, a := range e.Args {
		switch a.(type) {
		case *planner.Call, *planner.Deref:
			args[i] = orNull(args[i])
		}
	}
	name := e.Name
	buf := make([]types.Value, len(args))
	return func(row types.Row, s *Scope) (types.Value, error) {
		for i, a := range args {
			v, err := a(row, s)
			if err != nil {
				clear(buf)
				return nil, err
			}
			buf[i] = v
		}
		v, err := eval(buf)
		clear(buf) // drop references to this row's values
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return v, nil
	}, nil
}

// compileLambda compiles a lambda argument. Its value is a funcs.Lambda bound
// to the current row and scope; calling it evaluates the body in a new scope
// holding the call's arguments.
func compileLambda(e *planner.Lambda) (Evaluator, error) {
	body, err := Compile(e.Body)
	if err != nil {
		return nil, err
	}
	n := len(e.Params)
	return func(row types.Row, outer *Scope) (types.Value, error) {
		return funcs.Lambda(func(args ...types.Value) (types.Value, error) {
			if len(args) != n {
				return nil, fmt.Errorf("lambda takes %d arguments, got %d", n, len(args))
			}
			return body(row, &Scope{Args: args, Outer: outer})
		}), nil
	}, nil
}
