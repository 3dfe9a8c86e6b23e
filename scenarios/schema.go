package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// nodeBudget bounds how many nodes a scenario may expand to once aliases
// are followed, so a small file cannot expand into gigabytes.
const nodeBudget = 1 << 20

// maxProblems bounds how many problems one check reports; past that a
// researcher learns nothing new from the list.
const maxProblems = 50

// walker checks a YAML tree against the Go type it will be decoded into,
// reporting unknown fields, duplicate keys and values of the wrong type
// with their lines. It returns a clean copy of the tree with aliases
// followed, and, when lines is not nil, records the line of every field.
type walker struct {
	file     string
	noLines  bool
	lines    map[string]int
	budget   int
	problems []Problem
}

func newWalker(file string) *walker {
	return &walker{file: file, budget: nodeBudget}
}

// problem records a mistake at node n.
func (w *walker) problem(n *yaml.Node, path, format string, args ...any) {
	switch {
	case len(w.problems) > maxProblems:
		return
	case len(w.problems) == maxProblems:
		w.problems = append(w.problems, Problem{File: w.file,
			Message: "too many problems; fix these and load again"})
		return
	}
	p := Problem{File: w.file, Path: path, Message: fmt.Sprintf(format, args...)}
	if n != nil && !w.noLines {
		p.Line = n.Line
	}
	w.problems = append(w.problems, p)
}

// walk checks node n against type t and returns its clean copy.
func (w *walker) walk(n *yaml.Node, t reflect.Type, path string) *yaml.Node {
	n = w.follow(n, path)
	if n == nil {
		return nil
	}
	if w.budget--; w.budget < 0 {
		if w.budget == -1 {
			w.problem(n, path, "too many values once aliases are expanded")
		}
		return nil
	}
	if isNull(n) {
		return clone(n, nil)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		return w.structure(n, t, path)
	case reflect.Map:
		return w.mapping(n, t, path)
	case reflect.Slice:
		return w.sequence(n, t, path)
	}
	return w.scalar(n, t, path)
}

// follow resolves an alias to the node it names.
func (w *walker) follow(n *yaml.Node, path string) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if n.Alias == nil || depth > 100 {
			w.problem(n, path, "alias *%s names no anchor", n.Value)
			return nil
		}
		n = n.Alias
	}
	return n
}

// structure checks a mapping whose keys are the yaml tags of struct t.
func (w *walker) structure(n *yaml.Node, t reflect.Type, path string) *yaml.Node {
	fields := fieldsOf(t)
	if n.Kind != yaml.MappingNode {
		w.problem(n, path, "got %s, want a mapping with keys: %s",
			describe(n), allowed(fields))
		return nil
	}
	return w.entries(n, path, func(key *yaml.Node, p string) (reflect.Type, bool) {
		f, ok := fieldByName(fields, key.Value)
		if !ok {
			w.problem(key, p, "unknown field; allowed: %s", allowed(fields))
		}
		return f.typ, ok
	})
}

// mapping checks a mapping with free string keys and values of t.Elem().
func (w *walker) mapping(n *yaml.Node, t reflect.Type, path string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		w.problem(n, path, "got %s, want a mapping of names to values", describe(n))
		return nil
	}
	return w.entries(n, path, func(*yaml.Node, string) (reflect.Type, bool) {
		return t.Elem(), true
	})
}

// entries checks the keys of mapping n and, through typeOf, the type of
// each value.
func (w *walker) entries(n *yaml.Node, path string,
	typeOf func(key *yaml.Node, path string) (reflect.Type, bool)) *yaml.Node {
	out := clone(n, nil)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := w.follow(n.Content[i], path)
		if key == nil {
			continue
		}
		p := join(path, key.Value)
		if !w.goodKey(key, path, p, seen) {
			continue
		}
		t, ok := typeOf(key, p)
		if !ok {
			continue
		}
		v := w.walk(n.Content[i+1], t, p)
		if v == nil {
			continue
		}
		w.record(p, key.Line)
		out.Content = append(out.Content, clone(key, nil), v)
	}
	return out
}

// goodKey reports whether key is a plain, first-seen mapping key.
func (w *walker) goodKey(key *yaml.Node, path, p string, seen map[string]int) bool {
	switch {
	case key.Kind != yaml.ScalarNode:
		w.problem(key, path, "got %s as a key, want a name", describe(key))
		return false
	case key.Tag == "!!merge":
		w.problem(key, path, "merge keys (<<) are not supported; write the fields out")
		return false
	}
	if line, dup := seen[key.Value]; dup {
		w.problem(key, p, "set twice; first set on line %d", line)
		return false
	}
	seen[key.Value] = key.Line
	return true
}

// sequence checks a list whose items are of t.Elem().
func (w *walker) sequence(n *yaml.Node, t reflect.Type, path string) *yaml.Node {
	if n.Kind != yaml.SequenceNode {
		w.problem(n, path, "got %s, want a list", describe(n))
		return nil
	}
	out := clone(n, nil)
	for i, item := range n.Content {
		p := join(path, strconv.Itoa(i))
		v := w.walk(item, t.Elem(), p)
		if v == nil {
			continue
		}
		w.record(p, item.Line)
		out.Content = append(out.Content, v)
	}
	return out
}

// scalar checks that n decodes into a value of type t.
func (w *walker) scalar(n *yaml.Node, t reflect.Type, path string) *yaml.Node {
	if n.Kind != yaml.ScalarNode {
		w.problem(n, path, "got %s, want %s", describe(n), wantOf(t))
		return nil
	}
	if err := n.Decode(reflect.New(t).Interface()); err != nil || !whole(n, t) {
		w.problem(n, path, "got %s, want %s", describe(n), wantOf(t))
		return nil
	}
	return clone(n, nil)
}

// whole reports whether n is a whole number when t is an integer type; the
// YAML decoder would silently truncate 1.5 to 1.
func whole(n *yaml.Node, t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.String, reflect.Bool:
		return true
	}
	var x float64
	if n.Tag != "!!float" || n.Decode(&x) != nil {
		return true
	}
	if k := t.Kind(); k >= reflect.Uint && k <= reflect.Uintptr && x < 0 {
		return false
	}
	return x == math.Trunc(x) && !math.IsInf(x, 0)
}

// record notes the line of the field at path.
func (w *walker) record(path string, line int) {
	if w.lines != nil {
		w.lines[path] = line
	}
}

// field is one yaml-tagged field of a struct.
type field struct {
	name string
	typ  reflect.Type
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf lists the yaml-tagged fields of struct t in declaration order.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case opts == "inline" && f.Type.Kind() == reflect.Struct:
			fs = append(fs, fieldsOf(f.Type)...)
		case name != "" && name != "-":
			fs = append(fs, field{name: name, typ: f.Type})
		}
	}
	fieldCache.Store(t, fs)
	return fs
}

func fieldByName(fields []field, name string) (field, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// allowed lists field names for a message.
func allowed(fields []field) string {
	if len(fields) == 0 {
		return "none (reserved for a later release)"
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// wantOf names what a scalar of type t must look like.
func wantOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number >= 0"
	case reflect.Bool:
		return "true or false"
	}
	return "a string"
}

// describe names what node n holds, for "got ..." messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		v := n.Value
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		if n.Tag == "!!str" {
			return strconv.Quote(v)
		}
		return v
	}
	return "nothing"
}

// isNull reports whether n is an explicit or empty null.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// clone copies n without its anchor, comments or children, giving it
// content instead.
func clone(n *yaml.Node, content []*yaml.Node) *yaml.Node {
	return &yaml.Node{
		Kind: n.Kind, Style: n.Style, Tag: n.Tag, Value: n.Value,
		Line: n.Line, Column: n.Column, Content: content,
	}
}

// join appends one step to a dotted field path.
func join(path, step string) string {
	if path == "" {
		return step
	}
	return path + "." + step
}

// merge lays over on top of base: mappings merge key by key at every
// depth, and anything else in over replaces what base holds.
func merge(base, over *yaml.Node) *yaml.Node {
	if base == nil || base.Kind != yaml.MappingNode || over.Kind != yaml.MappingNode {
		return over
	}
	out := clone(base, append([]*yaml.Node(nil), base.Content...))
	for i := 0; i+1 < len(over.Content); i += 2 {
		key, v := over.Content[i], over.Content[i+1]
		if j := find(out, key.Value); j >= 0 {
			out.Content[j+1] = merge(out.Content[j+1], v)
			continue
		}
		out.Content = append(out.Content, key, v)
	}
	return out
}

// find returns the index of key in mapping n, or -1.
func find(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return i
		}
	}
	return -1
}
