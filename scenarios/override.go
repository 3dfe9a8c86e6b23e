package scenarios

import (
	"errors"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// override applies each PATH=VALUE override to tree in order, collecting
// the problems of all of them.
func (src *Source) override(tree *yaml.Node, overrides []string) error {
	var problems []Problem
	for _, text := range overrides {
		path, ps := applyOverride(tree, text)
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		src.sets = append(src.sets, set{path: path, text: text})
	}
	src.Overrides = append(src.Overrides, overrides...)
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}

// applyOverride sets the value one override names in tree and returns
// the field path it set. A mapping value merges with the mapping already
// there, as in a scenario file.
func applyOverride(tree *yaml.Node, text string) (string, []Problem) {
	label := "--set " + text
	fail := func(path, format string, args ...any) (string, []Problem) {
		w := &walker{file: label}
		w.problem(nil, path, format, args...)
		return "", w.problems
	}
	rawPath, rawValue, ok := strings.Cut(text, "=")
	if !ok {
		return fail("", "want PATH=VALUE, for example population.people=2000")
	}
	steps := strings.Split(strings.TrimSpace(rawPath), ".")
	path := strings.Join(steps, ".")
	value, err := parseValue(rawValue)
	if err != nil {
		return fail(path, "got value %q, want a YAML value: %v", rawValue, err)
	}
	slot, t, ps := locateSlot(tree, steps, label)
	if len(ps) > 0 {
		return "", ps
	}
	w := &walker{file: label, noLines: true, budget: nodeBudget}
	v := w.walk(value, t, path)
	if len(w.problems) > 0 {
		return "", w.problems
	}
	*slot = merge(*slot, v)
	return path, nil
}

// parseValue parses the VALUE of an override; an empty VALUE is the empty
// string.
func parseValue(raw string) (*yaml.Node, error) {
	root, err := parse("", []byte(raw))
	if se, ok := err.(*SyntaxError); ok {
		return nil, errors.New(se.Message)
	}
	if root == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str"}, nil
	}
	return root, nil
}

// locateSlot walks tree along steps, checking each against the Scenario
// type and adding missing keys, and returns the slot holding the value
// at the end of the path with that value's type.
func locateSlot(tree *yaml.Node, steps []string, label string) (
	*(*yaml.Node), reflect.Type, []Problem) {
	w := &walker{file: label, noLines: true}
	slot, t := &tree, scenarioType
	for i, step := range steps {
		path := strings.Join(steps[:i+1], ".")
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		var next reflect.Type
		switch {
		case step == "":
			w.problem(nil, strings.Join(steps, "."),
				"empty step in path, want names joined by dots")
		case t.Kind() == reflect.Struct:
			next = structStep(w, t, step, path)
		case t.Kind() == reflect.Map:
			next = t.Elem()
		case t.Kind() == reflect.Slice:
			slot, next = listStep(w, *slot, t, step, path)
		default:
			w.problem(nil, path, "unknown field; %s is a single value",
				strings.Join(steps[:i], "."))
		}
		if len(w.problems) > 0 {
			return nil, nil, w.problems
		}
		if t.Kind() != reflect.Slice {
			slot = entry(asMapping(*slot), step)
		}
		t = next
	}
	return slot, t, nil
}

// structStep returns the type of the field step of struct t.
func structStep(w *walker, t reflect.Type, step, path string) reflect.Type {
	fields := fieldsOf(t)
	f, ok := fieldByName(fields, step)
	if !ok {
		w.problem(nil, path, "unknown field; allowed: %s", allowed(fields))
		return nil
	}
	return f.typ
}

// listStep returns the slot of the list item numbered step.
func listStep(w *walker, n *yaml.Node, t reflect.Type, step, path string) (
	*(*yaml.Node), reflect.Type) {
	i, err := strconv.Atoi(step)
	size := 0
	if n.Kind == yaml.SequenceNode {
		size = len(n.Content)
	}
	switch {
	case err != nil:
		w.problem(nil, path, "got %q, want a list index", step)
	case size == 0:
		w.problem(nil, path, "the list is empty; set the whole list instead")
	case i < 0 || i >= size:
		w.problem(nil, path, "got index %d, want 0 to %d", i, size-1)
	default:
		return &n.Content[i], t.Elem()
	}
	return nil, nil
}

// asMapping turns a null node into an empty mapping so that a key can be
// added to it.
func asMapping(n *yaml.Node) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	}
	return n
}

// entry returns the slot of key's value in mapping n, adding the key
// with a null value when it is missing.
func entry(n *yaml.Node, key string) *(*yaml.Node) {
	if i := find(n, key); i >= 0 {
		return &n.Content[i+1]
	}
	n.Content = append(n.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"})
	return &n.Content[len(n.Content)-1]
}
