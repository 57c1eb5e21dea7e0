package planner

// WalkExpr calls fn for e and every expression below it, parents first.
func WalkExpr(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	for _, c := range children(e) {
		WalkExpr(c, fn)
	}
}

func children(e Expr) []Expr {
	switch e := e.(type) {
	case *Cast:
		return []Expr{e.Arg}
	case *Binary:
		return []Expr{e.Left, e.Right}
	case *Not:
		return []Expr{e.Arg}
	case *Negate:
		return []Expr{e.Arg}
	case *IsNull:
		return []Expr{e.Arg}
	case *DistinctFrom:
		return []Expr{e.Left, e.Right}
	case *Like:
		return []Expr{e.Arg, e.Pattern}
	case *Between:
		return []Expr{e.Arg, e.Lo, e.Hi}
	case *In:
		return append([]Expr{e.Arg}, e.List...)
	case *Case:
		var out []Expr
		for _, w := range e.Whens {
			out = append(out, w.Cond, w.Result)
		}
		if e.Else != nil {
			out = append(out, e.Else)
		}
		return out
	case *Subscript:
		return []Expr{e.Base, e.Index}
	case *Deref:
		return []Expr{e.Base}
	case *ArrayCtor:
		return e.Elems
	case *MapCtor:
		return append(append([]Expr{}, e.Keys...), e.Vals...)
	case *StructCtor:
		return e.Fields
	case *Lambda:
		return []Expr{e.Body}
	case *Call:
		return e.Args
	}
	return nil
}
