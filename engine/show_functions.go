package engine

import (
	"sort"
	"strings"

	"github.com/streamsql/streamsql/funcs"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// SHOW FUNCTIONS, DESCRIBE FUNCTION, SHOW TYPES and SHOW VARIABLES.

// SimpleFunctionInfo is one row of SHOW FUNCTIONS.
type SimpleFunctionInfo struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // SCALAR, AGGREGATE or TABLE
	Category string `json:"category"`
}

// FunctionNameList is the result of SHOW FUNCTIONS.
type FunctionNameList struct {
	Type          string               `json:"@type"`
	StatementText string               `json:"statementText"`
	Functions     []SimpleFunctionInfo `json:"functions"`
	Warnings      []Warning            `json:"warnings"`
}

// ArgumentInfo is one parameter of a function overload.
type ArgumentInfo struct {
	Name        string `json:"name"`
	Type        string `json:"type"` // the element type for a variadic parameter
	Description string `json:"description"`
	IsVariadic  bool   `json:"isVariadic"`
}

// FunctionInfo is one overload in DESCRIBE FUNCTION.
type FunctionInfo struct {
	Arguments     []ArgumentInfo `json:"arguments"`
	ArgumentTypes []string       `json:"argumentTypes"` // kept by ksqlDB for old clients
	ReturnType    string         `json:"returnType"`
	Description   string         `json:"description"`
}

// FunctionDescriptionList is the result of DESCRIBE FUNCTION.
type FunctionDescriptionList struct {
	Type          string         `json:"@type"`
	StatementText string         `json:"statementText"`
	Name          string         `json:"name"`
	Description   string         `json:"description"`
	Author        string         `json:"author"`
	Version       string         `json:"version"`
	Path          string         `json:"path"`
	Functions     []FunctionInfo `json:"functions"`
	Kind          string         `json:"type"` // SCALAR, AGGREGATE or TABLE
	Warnings      []Warning      `json:"warnings"`
}

// TypeList is the result of SHOW TYPES: custom type name → schema.
type TypeList struct {
	Type          string                 `json:"@type"`
	StatementText string                 `json:"statementText"`
	Types         map[string]FieldSchema `json:"types"`
	Warnings      []Warning              `json:"warnings"`
}

// Variable is one session variable.
type Variable struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// VariablesList is the result of SHOW VARIABLES.
type VariablesList struct {
	Type          string     `json:"@type"`
	StatementText string     `json:"statementText"`
	Variables     []Variable `json:"variables"`
	Warnings      []Warning  `json:"warnings"`
}

func (*FunctionNameList) entityType() string        { return "function_names" }
func (*FunctionDescriptionList) entityType() string { return "describe_function" }
func (*TypeList) entityType() string                { return "type_list" }
func (*VariablesList) entityType() string           { return "variables" }

func showFunctions(st sql.Statement) *FunctionNameList {
	all := funcs.All()
	list := make([]SimpleFunctionInfo, len(all))
	for i, f := range all {
		list[i] = SimpleFunctionInfo{Name: f.Name, Type: f.Kind.String(), Category: f.Category}
	}
	return &FunctionNameList{Type: "function_names", StatementText: st.Text, Functions: list, Warnings: []Warning{}}
}

func describeFunction(st sql.Statement, n *sql.DescribeFunction) (Entity, error) {
	f, ok := funcs.Lookup(n.Name.Name)
	if !ok {
		return nil, planner.Errorf(n.Name.Pos(), "Can't find any functions with the name '%s'", n.Name.Name)
	}
	d := &FunctionDescriptionList{Type: "describe_function", StatementText: st.Text, Name: f.Name,
		Description: f.Description, Author: "streamsql", Version: Version, Path: "internal",
		Functions: make([]FunctionInfo, len(f.Overloads)), Kind: f.Kind.String(), Warnings: []Warning{}}
	for i, o := range f.Overloads {
		d.Functions[i] = overloadInfo(o)
	}
	return d, nil
}

func overloadInfo(o *funcs.Overload) FunctionInfo {
	fi := FunctionInfo{Arguments: make([]ArgumentInfo, len(o.Params)), ArgumentTypes: make([]string, len(o.Params)),
		ReturnType: o.Returns.String(), Description: o.Description}
	for i, p := range o.Params {
		t := p.Type.String()
		fi.Arguments[i] = ArgumentInfo{Name: p.Name, Type: t, IsVariadic: o.Variadic && i == len(o.Params)-1}
		fi.ArgumentTypes[i] = t
	}
	return fi
}

func (e *Engine) showTypes(st sql.Statement) *TypeList {
	types := map[string]FieldSchema{}
	for _, name := range e.cat.TypeNames() {
		if t, ok := e.cat.Type(name); ok {
			types[name] = SchemaOf(t)
		}
	}
	return &TypeList{Type: "type_list", StatementText: st.Text, Types: types, Warnings: []Warning{}}
}

// undefine removes a variable; names are case-insensitive.
func (s *session) undefine(name string) {
	for k := range s.vars {
		if strings.EqualFold(k, name) {
			delete(s.vars, k)
		}
	}
}

// showVariables lists the session's variables. A request's sessionVariables
// are stored under their name and its upper-case form (for lookups); the
// upper-case copy is listed only when it is the only spelling.
func showVariables(s *session, st sql.Statement) *VariablesList {
	spellings := map[string]int{}
	for name := range s.vars {
		spellings[strings.ToUpper(name)]++
	}
	list := []Variable{}
	for name, v := range s.vars {
		if name == strings.ToUpper(name) && spellings[name] > 1 {
			continue
		}
		list = append(list, Variable{Name: name, Value: v})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return &VariablesList{Type: "variables", StatementText: st.Text, Variables: list, Warnings: []Warning{}}
}
