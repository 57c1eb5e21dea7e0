package funcs

import (
	"sort"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/types"
)

func TestRegistryEntries(t *testing.T) {
	all := All()
	if len(all) < 145 {
		t.Errorf("only %d functions registered", len(all))
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].Name < all[j].Name }) {
		t.Error("All is not sorted by name")
	}
	for _, f := range all {
		if f.Description == "" || f.Category == "" || len(f.Overloads) == 0 {
			t.Errorf("%s: missing description, category or overloads", f.Name)
		}
		if f.Name != strings.ToUpper(f.Name) {
			t.Errorf("%s: name not upper case", f.Name)
		}
		for _, o := range f.Overloads {
			if o.Return == nil || o.Returns == nil {
				t.Errorf("%s: overload %s has no Return", f.Name, o.Signature(f.Name))
			}
			for _, p := range o.Params {
				if p.Name == "" || p.Type == nil {
					t.Errorf("%s: unnamed or untyped parameter", o.Signature(f.Name))
				}
				if p.Literal && f.Kind != Aggregate {
					t.Errorf("%s: literal parameters are for aggregates", f.Name)
				}
			}
		}
	}
	if f, ok := Lookup("lAtEsT_bY_oFfSeT"); !ok || f.Kind != Aggregate {
		t.Error("Lookup is not case-insensitive")
	}
	if _, ok := Lookup("NO_SUCH_FUNCTION"); ok {
		t.Error("Lookup found a missing function")
	}
}

// sampleType is a concrete argument type for a parameter: INT for type
// variables, a small DECIMAL for DECIMAL.
func sampleType(p *ParamType) *types.Type {
	switch p.kind {
	case ptConcrete:
		if p.typ.Kind == types.Decimal {
			return types.DecimalOf(10, 2)
		}
		return p.typ
	case ptVar:
		return types.IntType
	case ptArray:
		return types.ArrayOf(sampleType(p.elem))
	case ptMap:
		return types.MapOf(sampleType(p.key), sampleType(p.elem))
	case ptStruct:
		return types.StructOf(types.Field{Name: "A", Type: types.IntType})
	case ptLambda:
		return LambdaArg(sampleType(p.elem))
	}
	return IntervalUnit
}

// TestEveryOverload resolves every overload with sample arguments, and runs
// it on NULL arguments: no implementation may panic on NULLs.
func TestEveryOverload(t *testing.T) {
	for _, f := range All() {
		for _, o := range f.Overloads {
			sig := o.Signature(f.Name)
			args := make([]*types.Type, len(o.Params))
			for i, p := range o.Params {
				args[i] = sampleType(p.Type)
			}
			r, err := Resolve(f.Name, args)
			if err != nil {
				t.Errorf("%s: %v", sig, err)
				continue
			}
			if r.Return == nil || r.Overload != o {
				t.Errorf("%s: resolved to %s returning %v", sig, r.Overload.Signature(f.Name), r.Return)
				continue
			}
			nulls := make([]types.Value, len(args))
			switch f.Kind {
			case Scalar:
				_, _ = r.Evaluator()(nulls)
			case Table:
				_, _ = o.Explode(nulls)
			case Aggregate:
				checkNullAgg(t, sig, r)
			}
		}
	}
}

func checkNullAgg(t *testing.T, sig string, r *Resolved) {
	lits := make([]types.Value, len(r.Args))
	var cols []types.Value
	for i, p := range r.Overload.Params {
		switch {
		case !p.Literal:
			cols = append(cols, nil)
		case r.Args[i].Kind == types.Boolean:
			lits[i] = true
		default:
			lits[i] = int32(2)
		}
	}
	in := AggInit{Args: r.Args, Literals: lits}
	a, err := r.Overload.NewAgg(in)
	if err != nil {
		t.Errorf("%s: %v", sig, err)
		return
	}
	if err := a.Add(cols); err != nil {
		t.Errorf("%s: Add(NULL): %v", sig, err)
	}
	before := a.Result()
	data, err := a.Marshal()
	b, _ := r.Overload.NewAgg(in)
	if err != nil || b.Unmarshal(data) != nil || !valueEqual(b.Result(), before) {
		t.Errorf("%s: state does not survive Marshal/Unmarshal", sig)
	}
	if err := b.Merge(a); err != nil {
		t.Errorf("%s: Merge: %v", sig, err)
	}
	if r.Func.Undoable {
		if err := a.Remove(cols); err != nil {
			t.Errorf("%s: Remove: %v", sig, err)
		}
	} else if err := a.Remove(cols); err != ErrNotUndoable {
		t.Errorf("%s: Remove = %v, want ErrNotUndoable", sig, err)
	}
}
