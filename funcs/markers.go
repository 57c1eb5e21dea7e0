package funcs

import "github.com/streamsql/streamsql/types"

// Lambda is the run-time value of a lambda argument: it evaluates the lambda
// body with its parameters bound to args.
type Lambda func(args ...types.Value) (types.Value, error)

// Argument markers for Resolve (see the package documentation). They are
// compared by identity; never modify them.
var (
	// StringLiteral stands for a string literal argument. It behaves as
	// STRING, and may also be coerced to DATE, TIME or TIMESTAMP.
	StringLiteral = &types.Type{Kind: types.String}
	// IntervalUnit stands for a bare time unit (DAYS, SECONDS…). At run time
	// the argument's value is the unit's name as a string.
	IntervalUnit = &types.Type{Kind: types.String}
)

const lambdaField = "$lambda"

// LambdaArg is the argument type Resolve expects for a lambda whose body has
// type body (nil for a NULL body).
func LambdaArg(body *types.Type) *types.Type {
	if body == nil {
		body = types.UnknownType
	}
	return types.StructOf(types.Field{Name: lambdaField, Type: body})
}

// LambdaBody reports whether t was made by LambdaArg, and the body type.
// In Resolved.Args, a lambda whose body must be cast carries the target type.
func LambdaBody(t *types.Type) (*types.Type, bool) {
	if t == nil || t.Kind != types.Struct || len(t.Fields) != 1 || t.Fields[0].Name != lambdaField {
		return nil, false
	}
	return t.Fields[0].Type, true
}
