package scenarios

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// flowLimit is the most entries a list or mapping of single values may
// have to be written on one line.
const flowLimit = 6

// foldWidth is the length beyond which text is folded over lines.
const foldWidth = 60

// Marshal writes the scenario as YAML: every field in the order of the
// Scenario type, map keys sorted, short lists and mappings of numbers on
// one line. Loaded back, it gives the same scenario; this is what
// "scantrail scenario show" prints.
func Marshal(s *Scenario) ([]byte, error) {
	var root yaml.Node
	if err := root.Encode(s); err != nil {
		return nil, fmt.Errorf("scenarios: marshal: %w", err)
	}
	compact(&root, 0)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, fmt.Errorf("scenarios: marshal: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("scenarios: marshal: %w", err)
	}
	return b.Bytes(), nil
}

// compact writes short collections of single values in flow style below
// the top two levels, and long text folded over lines, so the output
// reads like the default scenario.
func compact(n *yaml.Node, depth int) {
	for _, child := range n.Content {
		compact(child, depth+1)
	}
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str" && len(n.Value) > foldWidth:
		n.Style = yaml.FoldedStyle
	case depth >= 2 && flat(n):
		n.Style = yaml.FlowStyle
	}
}

// flat reports whether n is a short list or mapping of single values.
func flat(n *yaml.Node) bool {
	size := len(n.Content)
	if n.Kind == yaml.MappingNode {
		size /= 2
	} else if n.Kind != yaml.SequenceNode {
		return false
	}
	if size > flowLimit {
		return false
	}
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}
