package funcs

import (
	"fmt"

	"github.com/streamsql/streamsql/types"
)

// Helpers that keep function entries short.

type evalFn = func(args []types.Value) (types.Value, error)

// p declares a parameter.
func p(name string, t *ParamType) Param { return Param{Name: name, Type: t} }

// lit declares a parameter that must be a literal (aggregates).
func lit(name string, t *ParamType) Param { return Param{Name: name, Type: t, Literal: true} }

// ps lists parameters.
func ps(params ...Param) []Param { return params }

// strict makes fn return NULL when any argument is NULL.
func strict(fn evalFn) evalFn {
	return func(args []types.Value) (types.Value, error) {
		for _, a := range args {
			if a == nil {
				return nil, nil
			}
		}
		return fn(args)
	}
}

// pure adapts a function that cannot fail.
func pure(fn func(args []types.Value) types.Value) evalFn {
	return func(args []types.Value) (types.Value, error) { return fn(args), nil }
}

// strictPure is strict(pure(fn)).
func strictPure(fn func(args []types.Value) types.Value) evalFn { return strict(pure(fn)) }

// sameAsArg is a Return that yields the type of argument i.
func sameAsArg(i int) func([]*types.Type) (*types.Type, error) {
	return func(args []*types.Type) (*types.Type, error) { return args[i], nil }
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
