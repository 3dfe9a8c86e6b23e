package scenarios

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Sweep is a grid of runs of one scenario: every combination of the
// values of its parameters (a cell), each run Replicates times.
//
// A sweep file reads
//
//	scenario: default            # embedded name, or a file beside the sweep file
//	replicates: 3                # runs per cell, seeds seed, seed+1, ...
//	set:                         # fixed overrides of every cell
//	  - population.people=20000
//	parameters:
//	  - path: holders.0.retention_days
//	    name: retention_days     # column and folder name (default: from path)
//	    values: [0, 7, 14, 28]
//	  - path: [sensors.qr.families.commercial.scan, sensors.qr.families.government.scan]
//	    name: scan                # one value for every path listed
//	    range: {from: 0.5, to: 0.9, step: 0.2}
//
// Paths are those of Load's overrides; holders[0].retention_days is
// accepted for holders.0.retention_days.
type Sweep struct {
	// File is the sweep file as given to LoadSweep.
	File string
	// Scenario is the embedded scenario name or the scenario file, a
	// path already taken relative to the sweep file's folder.
	Scenario string
	// Replicates is the number of runs of each cell.
	Replicates int
	// Set lists the PATH=VALUE overrides applied to every cell first.
	Set []string
	// Parameters are the swept fields, in the order of the grid: the
	// last one varies fastest.
	Parameters []Parameter
}

// Parameter is one swept scenario field, or several fields that take the
// same value (the same retention limit at every holder, say).
type Parameter struct {
	// Paths are the dotted override paths, such as
	// holders.0.retention_days; a sweep file gives one path or a list.
	Paths []string
	// Name labels the parameter in folder names and table columns: letters,
	// digits and '_', starting with a letter. It defaults to the first
	// path's last field.
	Name string
	// Values are the values in order, as YAML scalars.
	Values []string
}

// Cell is one point of a sweep's grid, run once per replicate.
type Cell struct {
	// Index numbers the cell in grid order, from 0.
	Index int
	// Values holds one value per parameter, in the sweep's order.
	Values []string
}

// maxCells bounds a sweep's grid, so that a slip in a range cannot plan
// millions of runs.
const maxCells = 100_000

// maxSweepReplicates bounds the replicates of a sweep.
const maxSweepReplicates = 1000

// reservedNames are the columns of the combined metrics table, which a
// parameter may not take.
var reservedNames = []string{"replicate", "scenario", "adversary", "attack",
	"metric", "parameter", "value"}

var paramName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,62}$`)

// LoadSweep reads and checks the sweep file at path. It checks the file's
// shape; whether each cell makes a valid scenario is for Check. Mistakes
// are a *SyntaxError or a *ValidationError naming the file, line and key,
// both unwrapping to ErrInvalid.
func LoadSweep(path string) (*Sweep, error) {
	data, err := readScenarioFile(path)
	if err != nil {
		return nil, fmt.Errorf("read sweep: %w", err)
	}
	sw, err := ParseSweep(path, data)
	if err != nil {
		return nil, err
	}
	if _, ok := embedded(sw.Scenario); !ok && sw.Scenario != "" {
		sw.Scenario = resolve(filepath.Dir(path), sw.Scenario)
	}
	return sw, nil
}

// ParseSweep reads a sweep from data, labelled file in errors. A scenario
// file it names is left as written.
func ParseSweep(file string, data []byte) (*Sweep, error) {
	root, err := parse(file, data)
	if err != nil {
		return nil, err
	}
	p := &sweepParser{w: &walker{file: file}, sw: &Sweep{File: file, Replicates: 1}}
	if root == nil {
		p.w.problem(nil, "", "the sweep file is empty; want scenario, replicates, set "+
			"and parameters")
	} else {
		p.top(root)
	}
	if len(p.w.problems) > 0 {
		return nil, &ValidationError{Problems: p.w.problems}
	}
	return p.sw, nil
}

// sweepParser walks a sweep file, collecting every problem.
type sweepParser struct {
	w  *walker
	sw *Sweep
}

func (p *sweepParser) top(n *yaml.Node) {
	keys := []string{"scenario", "replicates", "set", "parameters"}
	seen := p.mapping(n, "", keys, func(key string, v *yaml.Node) {
		switch key {
		case "scenario":
			p.sw.Scenario = p.scalar(v, key, "an embedded scenario name or a file")
		case "replicates":
			p.sw.Replicates = p.integer(v, key, 1, maxSweepReplicates)
		case "set":
			p.set(v)
		case "parameters":
			p.parameters(v)
		}
	})
	if seen != nil && !seen["parameters"] {
		p.w.problem(n, "parameters", "missing; want a list of {path, values} or "+
			"{path, range}")
	}
	p.checkNames(n)
	if cells := p.sw.NumCells(); cells > maxCells {
		p.w.problem(n, "parameters", "the grid has %d cells, want at most %d", cells, maxCells)
	}
}

// mapping calls fn for each key of mapping n, refusing unknown and
// repeated keys; it returns the keys seen, or nil if n is no mapping.
func (p *sweepParser) mapping(n *yaml.Node, path string, keys []string,
	fn func(key string, v *yaml.Node)) map[string]bool {
	if n.Kind != yaml.MappingNode {
		p.w.problem(n, path, "got %s, want a mapping with keys %s", describe(n),
			strings.Join(keys, ", "))
		return nil
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		at := join(path, k.Value)
		switch {
		case !slices.Contains(keys, k.Value):
			p.w.problem(k, at, "unknown key; allowed: %s", strings.Join(keys, ", "))
		case seen[k.Value]:
			p.w.problem(k, at, "repeated key")
		default:
			seen[k.Value] = true
			fn(k.Value, v)
		}
	}
	return seen
}

func (p *sweepParser) scalar(n *yaml.Node, path, want string) string {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		p.w.problem(n, path, "got %s, want %s", describe(n), want)
		return ""
	}
	return n.Value
}

func (p *sweepParser) integer(n *yaml.Node, path string, lo, hi int) int {
	s := p.scalar(n, path, "a whole number")
	if s == "" {
		return 0
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < lo || i > hi {
		p.w.problem(n, path, "got %q, want a whole number from %d to %d", s, lo, hi)
	}
	return i
}

func (p *sweepParser) number(n *yaml.Node, path string) (float64, string) {
	s := p.scalar(n, path, "a number")
	if s == "" {
		return 0, ""
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		p.w.problem(n, path, "got %q, want a finite number", s)
		return 0, ""
	}
	return x, s
}

// set reads the fixed overrides.
func (p *sweepParser) set(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.w.problem(n, "set", "got %s, want a list of PATH=VALUE texts", describe(n))
		return
	}
	for i, item := range n.Content {
		at := fmt.Sprintf("set.%d", i)
		s := p.scalar(item, at, "PATH=VALUE, for example population.people=20000")
		if s == "" {
			continue
		}
		if !strings.Contains(s, "=") {
			p.w.problem(item, at, "got %q, want PATH=VALUE, for example "+
				"population.people=20000", s)
			continue
		}
		path, value, _ := strings.Cut(s, "=")
		p.sw.Set = append(p.sw.Set, normalPath(path)+"="+value)
	}
}

func (p *sweepParser) parameters(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.w.problem(n, "parameters", "got %s, want a non-empty list of {path, values} "+
			"or {path, range}", describe(n))
		return
	}
	for i, item := range n.Content {
		p.parameter(item, fmt.Sprintf("parameters.%d", i))
	}
}

func (p *sweepParser) parameter(n *yaml.Node, at string) {
	var par Parameter
	keys := []string{"path", "name", "values", "range"}
	seen := p.mapping(n, at, keys, func(key string, v *yaml.Node) {
		switch key {
		case "path":
			par.Paths = p.paths(v, at+".path")
		case "name":
			par.Name = p.scalar(v, at+".name", "a column name")
		case "values":
			par.Values = p.values(v, at+".values")
		case "range":
			par.Values = p.rangeValues(v, at+".range")
		}
	})
	if seen == nil {
		return
	}
	switch {
	case !seen["path"]:
		p.w.problem(n, at+".path", "missing; want a scenario field path such as "+
			"holders.0.retention_days")
	case seen["values"] == seen["range"]:
		p.w.problem(n, at, "want exactly one of values and range")
	}
	if par.Name == "" && len(par.Paths) > 0 {
		par.Name = defaultName(par.Paths[0])
	}
	p.sw.Parameters = append(p.sw.Parameters, par)
}

// paths reads one field path or a list of them.
func (p *sweepParser) paths(n *yaml.Node, at string) []string {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
		items = n.Content
	}
	var out []string
	for _, item := range items {
		s := p.scalar(item, at, "a scenario field path or a list of them")
		if s != "" {
			out = append(out, normalPath(s))
		}
	}
	return out
}

// values reads a list of YAML scalars.
func (p *sweepParser) values(n *yaml.Node, at string) []string {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.w.problem(n, at, "got %s, want a non-empty list of values", describe(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	seen := map[string]bool{}
	for i, v := range n.Content {
		s := p.scalar(v, fmt.Sprintf("%s.%d", at, i), "a single value")
		if v.Kind == yaml.ScalarNode && v.Style == 0 {
			s = shortestNumber(v.ShortTag(), s)
		}
		if seen[s] {
			p.w.problem(v, fmt.Sprintf("%s.%d", at, i), "repeated value %q", s)
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// rangeValues expands {from, to, step}: from, from+step, ... up to and
// including to, rounded to as many decimals as from and step have (so 0.1
// steps give 0.3 and not 0.30000000000000004), then written as short as
// they can be, as a list of values is: 0 and 0.5, not 0.0 and 0.50.
func (p *sweepParser) rangeValues(n *yaml.Node, at string) []string {
	var from, to, step float64
	var texts [3]string
	seen := p.mapping(n, at, []string{"from", "to", "step"}, func(key string, v *yaml.Node) {
		switch key {
		case "from":
			from, texts[0] = p.number(v, at+".from")
		case "to":
			to, texts[1] = p.number(v, at+".to")
		case "step":
			step, texts[2] = p.number(v, at+".step")
		}
	})
	if seen == nil || !seen["from"] || !seen["to"] || !seen["step"] {
		p.w.problem(n, at, "want from, to and step")
		return nil
	}
	if texts[0] == "" || texts[1] == "" || texts[2] == "" {
		return nil
	}
	if step <= 0 || to < from {
		p.w.problem(n, at, "got from %s to %s step %s, want step > 0 and to ≥ from",
			texts[0], texts[1], texts[2])
		return nil
	}
	count := math.Floor((to-from)/step+1e-9) + 1
	if count > maxCells {
		p.w.problem(n, at, "the range has %.0f values, want at most %d", count, maxCells)
		return nil
	}
	decimals := max(decimalsOf(texts[0]), decimalsOf(texts[2]))
	out := make([]string, int(count))
	for i := range out {
		x := from + float64(i)*step
		if decimals >= 0 {
			x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'f', decimals, 64), 64)
		}
		out[i] = strconv.FormatFloat(x, 'f', -1, 64)
	}
	return out
}

// maxNumberText bounds the length of a number rewritten in its shortest
// form, so that 1e300 is kept as written rather than as 301 digits.
const maxNumberText = 24

// shortestNumber rewrites a plain YAML number (tag !!int or !!float) in
// its shortest decimal form, so that a cell's folder name and column
// value do not depend on how the number was typed: 0.50 and .5 become
// 0.5, +7 and 007 become 7. Anything else (text, quoted values, hex,
// infinities) is kept as written.
func shortestNumber(tag, s string) string {
	switch tag {
	case "!!int":
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
	case "!!float":
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return s
		}
		x += 0 // -0 reads 0
		if t := strconv.FormatFloat(x, 'f', -1, 64); len(t) <= maxNumberText {
			return t
		}
	}
	return s
}

// decimalsOf counts the digits after the point of a number's text.
func decimalsOf(s string) int {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "e") {
		return -1
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// checkNames refuses parameter names that are malformed, repeated or
// taken by the combined table's columns, and repeated paths.
func (p *sweepParser) checkNames(n *yaml.Node) {
	names, paths := map[string]bool{}, map[string]bool{}
	for i, par := range p.sw.Parameters {
		at := fmt.Sprintf("parameters.%d", i)
		for _, path := range par.Paths {
			if paths[path] {
				p.w.problem(n, at+".path", "%s is swept twice", path)
			}
			paths[path] = true
		}
		switch {
		case len(par.Paths) == 0:
		case !paramName.MatchString(par.Name):
			p.w.problem(n, at+".name", "got %q, want a letter then letters, digits "+
				"or '_' (at most 63)", par.Name)
		case slices.Contains(reservedNames, par.Name) || names[par.Name]:
			p.w.problem(n, at+".name", "%q is taken; give the parameter another name "+
				"(taken: %s and the other parameters)", par.Name,
				strings.Join(reservedNames, ", "))
		}
		names[par.Name] = true
	}
}

var bracketIndex = regexp.MustCompile(`\[(\d+)\]`)

// normalPath turns holders[0].x into holders.0.x.
func normalPath(path string) string {
	return strings.TrimSpace(bracketIndex.ReplaceAllString(path, ".$1"))
}

// defaultName derives a parameter's name from its path: the last field,
// or the whole path with '_' for separators when the last field is an
// index.
func defaultName(path string) string {
	steps := strings.Split(path, ".")
	name := steps[len(steps)-1]
	if !paramName.MatchString(name) {
		name = strings.Join(steps, "_")
	}
	return name
}

// NumCells returns the number of cells of the grid.
func (sw *Sweep) NumCells() int {
	if len(sw.Parameters) == 0 {
		return 0
	}
	n := 1
	for _, p := range sw.Parameters {
		n *= len(p.Values)
		if n > maxCells {
			return maxCells + 1
		}
	}
	return n
}

// Cells lists the grid's cells in order, the last parameter varying
// fastest.
func (sw *Sweep) Cells() []Cell {
	cells := make([]Cell, sw.NumCells())
	for i := range cells {
		values := make([]string, len(sw.Parameters))
		rest := i
		for j := len(sw.Parameters) - 1; j >= 0; j-- {
			vs := sw.Parameters[j].Values
			values[j] = vs[rest%len(vs)]
			rest /= len(vs)
		}
		cells[i] = Cell{Index: i, Values: values}
	}
	return cells
}

// Overrides returns the overrides that make a cell's scenario: the
// sweep's fixed set, then one PATH=VALUE per parameter.
func (sw *Sweep) Overrides(c Cell) []string {
	out := append([]string(nil), sw.Set...)
	for i, p := range sw.Parameters {
		for _, path := range p.Paths {
			out = append(out, path+"="+c.Values[i])
		}
	}
	return out
}

// Dir returns the cell's folder relative to the sweep folder, one
// name=value component per parameter, with the value escaped so that it
// is a safe file name (as in Hive-style partitioned folders):
// retention_days=7/smartphone=0.5.
func (sw *Sweep) Dir(c Cell) string {
	parts := make([]string, len(sw.Parameters))
	for i, p := range sw.Parameters {
		parts[i] = p.Name + "=" + EscapeValue(c.Values[i])
	}
	return filepath.Join(parts...)
}

// EscapeValue makes a parameter value safe as part of a file name: any
// byte other than a letter, a digit, '.', '_' and '-' is written %XX, and
// a value that is empty or starts with '.' is escaped too.
func EscapeValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		safe := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '-' || c == '.' && i > 0
		if safe {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if b.Len() == 0 {
		return "%00"
	}
	return b.String()
}

// UnescapeValue reverses EscapeValue.
func UnescapeValue(s string) (string, error) {
	if s == "%00" {
		return "", nil
	}
	return url.PathUnescape(s)
}

// Check loads every cell's scenario, so that a mistake in a value is found
// before anything runs; it reports every failing cell.
func (sw *Sweep) Check() error {
	var problems []Problem
	for _, c := range sw.Cells() {
		_, _, err := Load(sw.Scenario, sw.Overrides(c))
		if err == nil {
			continue
		}
		ve, ok := err.(*ValidationError)
		if !ok {
			return fmt.Errorf("%s: cell %s: %w", sw.File, sw.Dir(c), err)
		}
		problems = append(problems, ve.Problems...)
		if len(problems) >= 20 {
			break
		}
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}
