package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// scenarioType is the type every scenario file is checked against.
var scenarioType = reflect.TypeFor[Scenario]()

// Source records where a loaded scenario came from, so that a problem
// found in a value can be traced to the line or override that set it.
type Source struct {
	// File is the scenario file's path as given to Load, or
	// "embedded:NAME" for an embedded scenario.
	File string
	// BaseDir is the folder that relative paths in the scenario, such as
	// city.venues_file, are taken from: the scenario file's folder, or
	// empty (the working directory) for an embedded scenario.
	BaseDir string
	// Overrides are the path=value texts applied after the file, in order.
	Overrides []string

	lines map[string]int // field path → line where File sets it
	sets  []set          // overrides that applied, in order
}

// set is one override that was applied.
type set struct {
	path, text string
}

func newSource(file, baseDir string) *Source {
	return &Source{File: file, BaseDir: baseDir, lines: map[string]int{}}
}

// Line returns the line of File that sets the field at path. When the
// file leaves that field to the default, Line returns the line of the
// nearest enclosing field the file does set, such as the list a holder
// belongs to or the section whose other fields the file changed, so that
// a problem caused by a change is shown next to it. It returns 0 when the
// file sets nothing on the path.
func (src *Source) Line(path string) int {
	for {
		if line, ok := src.lines[path]; ok {
			return line
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return 0
		}
		path = path[:i]
	}
}

// Origin says where the value at path was set: by an override, named as
// "--set PATH=VALUE" with line 0; by File, with its line; or by the
// default scenario, named "(default)" with line 0.
func (src *Source) Origin(path string) (file string, line int) {
	for i := len(src.sets) - 1; i >= 0; i-- {
		s := src.sets[i]
		if s.path == path || within(path, s.path) || within(s.path, path) {
			return "--set " + s.text, 0
		}
	}
	if line := src.Line(path); line > 0 {
		return src.File, line
	}
	return "(default)", 0
}

// Resolve returns a path named in the scenario taken relative to BaseDir.
func (src *Source) Resolve(p string) string {
	return resolve(src.BaseDir, p)
}

func resolve(baseDir, p string) string {
	if baseDir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(baseDir, p)
}

// within reports whether path lies inside the field at parent.
func within(path, parent string) bool {
	return parent == "" || strings.HasPrefix(path, parent+".")
}

// Load reads a scenario, lays it over the default, applies overrides and
// validates the result.
//
// nameOrPath is the name of an embedded scenario (see Names), a file path,
// or empty for the default. A name wins over a file of the same name;
// write ./default to read a file called default. A scenario only names
// what it changes: mappings merge with the default key by key, at every
// depth, while lists and single values replace the default's.
//
// Each override is PATH=VALUE, where PATH is a dotted field path (a list
// item is named by its index, as in holders.0.identifier) and VALUE is a
// YAML value: a number, a string, or a flow list or mapping such as
// [scans, taps] or {posted: 1, scan: 0.5}. Overrides apply in order after
// the file.
//
// A mistake in the scenario returns a *SyntaxError or a *ValidationError,
// both of which unwrap to ErrInvalid; on any error the scenario and source
// are nil.
func Load(nameOrPath string, overrides []string) (*Scenario, *Source, error) {
	src, data, err := open(nameOrPath)
	if err != nil {
		return nil, nil, err
	}
	s, err := load(src, data, overrides)
	if err != nil {
		return nil, nil, err
	}
	return s, src, nil
}

// open finds the scenario named by nameOrPath and reads it.
func open(nameOrPath string) (*Source, []byte, error) {
	name := nameOrPath
	if name == "" {
		name = DefaultName
	}
	if data, ok := embedded(name); ok {
		return newSource("embedded:"+name, ""), data, nil
	}
	data, err := readScenarioFile(nameOrPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf(
			"scenario %q is neither an embedded scenario (%s) nor a file: %w",
			nameOrPath, embeddedNames(), err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read scenario: %w", err)
	}
	return newSource(nameOrPath, filepath.Dir(nameOrPath)), data, nil
}

// load builds, decodes and validates the scenario in data.
func load(src *Source, data []byte, overrides []string) (*Scenario, error) {
	tree, err := build(src, data, overrides)
	if err != nil {
		return nil, err
	}
	var s Scenario
	if err := tree.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: decode scenario: %w", src.File, err)
	}
	s.fillDefaults()
	if err := s.validate(src.BaseDir); err != nil {
		return nil, src.locate(err)
	}
	return &s, nil
}

// build lays the scenario file over the default and applies overrides,
// returning the merged tree.
func build(src *Source, data []byte, overrides []string) (*yaml.Node, error) {
	base, err := defaultTree()
	if err != nil {
		return nil, err
	}
	user, err := src.read(data)
	if err != nil {
		return nil, err
	}
	tree := base
	if user != nil && !isNull(user) {
		tree = merge(base, user)
	}
	if err := src.override(tree, overrides); err != nil {
		return nil, err
	}
	return tree, nil
}

// defaultTree returns a fresh copy of the checked tree of the default
// scenario, which overrides may then change in place.
func defaultTree() (*yaml.Node, error) {
	tree, err := parsedDefault()
	if err != nil {
		return nil, err
	}
	return deepCopy(tree), nil
}

// parsedDefault parses and checks the default scenario once.
var parsedDefault = sync.OnceValues(func() (*yaml.Node, error) {
	data, _ := embedded(DefaultName)
	src := newSource("embedded:"+DefaultName, "")
	tree, err := src.read(data)
	if err != nil {
		return nil, fmt.Errorf("default scenario: %w", err)
	}
	return tree, nil
})

// deepCopy copies a tree node by node.
func deepCopy(n *yaml.Node) *yaml.Node {
	content := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		content[i] = deepCopy(c)
	}
	return clone(n, content)
}

// read parses a scenario file and checks it against the Scenario type,
// recording the line of every field it sets.
func (src *Source) read(data []byte) (*yaml.Node, error) {
	root, err := parse(src.File, data)
	if err != nil || root == nil {
		return nil, err
	}
	w := newWalker(src.File)
	w.lines = src.lines
	tree := w.walk(root, scenarioType, "")
	if len(w.problems) > 0 {
		return nil, &ValidationError{Problems: w.problems}
	}
	return tree, nil
}

// parse reads the single YAML document in data; an empty file gives nil.
func parse(file string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err == io.EOF {
		return nil, nil
	} else if err != nil {
		return nil, syntaxError(file, data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &SyntaxError{File: file, Line: next.Line,
			Message: "found a second document; want one scenario per file"}
	case err != io.EOF:
		return nil, syntaxError(file, data, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// parserProblems are the messages of the YAML parser, as opposed to its
// scanner. The parser reports 0-based lines, the scanner 1-based ones.
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive",
	"found duplicate %YAML directive", "found incompatible YAML document",
	"found undefined tag handle",
}

// syntaxError turns a YAML parser error into a *SyntaxError with a
// 1-based line.
func syntaxError(file string, data []byte, err error) *SyntaxError {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if slices.Contains(parserProblems, m[2]) {
			line++
		}
		return &SyntaxError{File: file, Line: line, Message: m[2]}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if slices.Contains(parserProblems, msg) {
		return &SyntaxError{File: file, Line: 1, Message: msg}
	}
	if m := unknownAnchor.FindStringSubmatch(err.Error()); m != nil {
		return &SyntaxError{File: file, Line: lineOf(data, "*"+m[1]), Message: msg}
	}
	return &SyntaxError{File: file, Message: msg}
}

// lineOf returns the first line of data that contains s, or 0.
func lineOf(data []byte, s string) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if bytes.Contains(line, []byte(s)) {
			return i + 1
		}
	}
	return 0
}

// locate fills in where each problem of a *ValidationError was set.
func (src *Source) locate(err error) error {
	var v *ValidationError
	if !errors.As(err, &v) {
		return err
	}
	for i := range v.Problems {
		p := &v.Problems[i]
		if p.File == "" {
			p.File, p.Line = src.Origin(p.Path)
		}
	}
	return v
}

// Parse reads a scenario from data, labelled name in errors, as Load reads
// a file: laid over the default, overridden and validated. It serves
// scenarios that travel inside other files, such as a run's manifest;
// relative paths in it are taken from baseDir.
func Parse(name, baseDir string, data []byte, overrides []string) (*Scenario, error) {
	return load(newSource(name, baseDir), data, overrides)
}

// maxScenarioBytes bounds a scenario file; real ones are a few KiB.
const maxScenarioBytes = 1 << 20

// readScenarioFile reads a scenario file, refusing anything that is not a
// regular file or is larger than maxScenarioBytes, so that a device or a
// huge file cannot exhaust memory.
func readScenarioFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("scenario %s is not a regular file: %w", path, ErrInvalid)
	}
	if info.Size() > maxScenarioBytes {
		return nil, fmt.Errorf("scenario %s has %d bytes, want at most %d: %w",
			path, info.Size(), maxScenarioBytes, ErrInvalid)
	}
	return os.ReadFile(path)
}
