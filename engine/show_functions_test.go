package engine

import (
	"context"
	"sort"
	"testing"

	"github.com/streamsql/streamsql/funcs"
)

func TestShowFunctions(t *testing.T) {
	d, err := NewTestDriver(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ents, err := d.Engine().Execute(context.Background(), Request{SQL: "SHOW FUNCTIONS; LIST FUNCTIONS;"})
	if err != nil || len(ents) != 2 {
		t.Fatalf("%v %v", ents, err)
	}
	list := ents[0].(*FunctionNameList)
	if list.Type != "function_names" || len(list.Functions) != len(funcs.All()) {
		t.Fatalf("%s: %d functions, want %d", list.Type, len(list.Functions), len(funcs.All()))
	}
	if !sort.SliceIsSorted(list.Functions, func(i, j int) bool { return list.Functions[i].Name < list.Functions[j].Name }) {
		t.Fatal("functions not sorted by name")
	}
	kinds := map[string]string{}
	for _, f := range list.Functions {
		kinds[f.Name] = f.Type
		if f.Category == "" {
			t.Errorf("%s has no category", f.Name)
		}
	}
	for name, kind := range map[string]string{"ABS": "SCALAR", "SUM": "AGGREGATE", "EXPLODE": "TABLE"} {
		if kinds[name] != kind {
			t.Errorf("%s is %q, want %s", name, kinds[name], kind)
		}
	}
}
