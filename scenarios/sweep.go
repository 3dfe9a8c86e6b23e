package scenarios

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
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

	// lines places each override and value in the sweep file, so that a
	// cell whose scenario fails names the line to fix.
	lines sweepLines
}

// sweepLines records where in the sweep file each fixed override and each
// parameter value was written. A Sweep built in code has none.
type sweepLines struct {
	set    []place   // one per Set item
	values [][]place // per parameter, one per value
}

// place is a line of the sweep file and the key path written there.
type place struct {
	line int
	at   string
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
	// nodes holds each parameter's mapping and name nodes, parallel to
	// sw.Parameters, so that a clash of names is reported on its line.
	nodes []paramNodes
}

// paramNodes are the YAML nodes of one parameter.
type paramNodes struct {
	item, name, path *yaml.Node
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
	p.checkNames()
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
		p.sw.lines.set = append(p.sw.lines.set, place{item.Line, at})
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
	var places []place
	nodes := paramNodes{item: n}
	keys := []string{"path", "name", "values", "range"}
	seen := p.mapping(n, at, keys, func(key string, v *yaml.Node) {
		switch key {
		case "path":
			par.Paths, nodes.path = p.paths(v, at+".path"), v
		case "name":
			par.Name, nodes.name = p.scalar(v, at+".name", "a column name"), v
		case "values":
			par.Values, places = p.values(v, at+".values")
		case "range":
			par.Values = p.rangeValues(v, at+".range")
			places = slices.Repeat([]place{{v.Line, at + ".range"}}, len(par.Values))
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
	p.sw.lines.values = append(p.sw.lines.values, places)
	p.nodes = append(p.nodes, nodes)
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

// values reads a list of YAML scalars and where each was written. A
// value repeated once numbers are written the same way (1, 1.0, 01 and
// 0x1 are all 1) is refused: its cells would run twice.
func (p *sweepParser) values(n *yaml.Node, at string) ([]string, []place) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.w.problem(n, at, "got %s, want a non-empty list of values", describe(n))
		return nil, nil
	}
	out := make([]string, 0, len(n.Content))
	places := make([]place, 0, len(n.Content))
	seen := map[string]int{}
	for i, v := range n.Content {
		vat := fmt.Sprintf("%s.%d", at, i)
		s := p.scalar(v, vat, "a single value")
		if v.Kind == yaml.ScalarNode && v.Style == 0 {
			s = shortestNumber(v.ShortTag(), s)
		}
		if j, ok := seen[s]; ok {
			p.w.problem(v, vat, "repeated value %q (written %s, the same value as %s.%d); "+
				"give each value once", s, v.Value, at, j)
		} else {
			seen[s] = i
		}
		out = append(out, s)
		places = append(places, place{v.Line, vat})
	}
	return out, places
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
	if ints, ok := wholeRange(texts); ok {
		return p.intRange(n, at, ints)
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
		if i > 0 && out[i] == out[i-1] {
			p.w.problem(n, at, "step %s is below the precision of numbers near %s (a "+
				"float64 keeps about 15 significant digits): the value %s would repeat; "+
				"take a larger step, or whole numbers", texts[2], out[i], out[i])
			return nil
		}
	}
	return out
}

// wholeRange reads from, to and step as whole numbers written in decimal,
// reporting whether all three are.
func wholeRange(texts [3]string) ([3]int64, bool) {
	var out [3]int64
	for i, t := range texts {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return out, false
		}
		out[i] = n
	}
	return out, true
}

// intRange expands a range of whole numbers exactly, however large: from,
// from+step, ... up to and including to. (A float64 would repeat and
// skip numbers above 2^53.)
func (p *sweepParser) intRange(n *yaml.Node, at string, r [3]int64) []string {
	from, to, step := r[0], r[1], r[2]
	// to ≥ from, so the difference fits in a uint64 even when to-from
	// overflows an int64; unsigned arithmetic wraps back into range.
	steps := (uint64(to) - uint64(from)) / uint64(step)
	if steps >= maxCells {
		p.w.problem(n, at, "the range has %d values, want at most %d",
			new(big.Int).Add(new(big.Int).SetUint64(steps), big.NewInt(1)), maxCells)
		return nil
	}
	count := steps + 1
	out := make([]string, count)
	for i := range out {
		out[i] = strconv.FormatInt(int64(uint64(from)+uint64(i)*uint64(step)), 10)
	}
	return out
}

// maxNumberText bounds the length of a number rewritten in its shortest
// form, so that 1e300 is kept as written rather than as 301 digits.
const maxNumberText = 24

// shortestNumber rewrites a plain YAML number (tag !!int or !!float) in
// its shortest decimal form, so that a cell's folder name and column
// value do not depend on how the number was typed: 0.50 and .5 become
// 0.5, +7 becomes 7, and whole numbers are read as the scenario's YAML
// reads them (0x1F is 31, 0o17 and 017 are 15, 1_000 is 1000). Anything
// else (text, quoted values, infinities) is kept as written.
func shortestNumber(tag, s string) string {
	switch tag {
	case "!!int":
		plain := strings.ReplaceAll(s, "_", "")
		if n, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
		if n, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return strconv.FormatUint(n, 10)
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
// taken by the combined table's columns, and repeated paths, each on the
// line of the parameter that has it.
func (p *sweepParser) checkNames() {
	names, paths := map[string]int{}, map[string]int{}
	for i, par := range p.sw.Parameters {
		at := fmt.Sprintf("parameters.%d", i)
		nodes := p.nodes[i]
		pathNode, nameNode := cmp.Or(nodes.path, nodes.item), cmp.Or(nodes.name, nodes.item)
		for _, path := range par.Paths {
			if j, ok := paths[path]; ok {
				p.w.problem(pathNode, at+".path", "%s is swept twice (parameters.%d sets "+
					"it too)", path, j)
			}
			paths[path] = i
		}
		j, clash := names[par.Name]
		switch {
		case len(par.Paths) == 0:
		case !paramName.MatchString(par.Name):
			p.w.problem(nameNode, at+".name", "got %q, want a letter then letters, digits "+
				"or '_' (at most 63)", par.Name)
		case slices.Contains(reservedNames, par.Name):
			p.w.problem(nameNode, at+".name", "%q is taken by a column of the combined "+
				"table; give the parameter another name (taken: %s)", par.Name,
				strings.Join(reservedNames, ", "))
		case clash:
			p.w.problem(nameNode, at+".name", "%q is taken by parameters.%d; give the "+
				"parameter another name with name:", par.Name, j)
		}
		if !clash {
			names[par.Name] = i
		}
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

// Same reports whether two sweeps describe the same runs: the same
// scenario, replicates, fixed overrides and parameters, however their
// files are laid out or commented, and whatever they are called.
func (sw *Sweep) Same(other *Sweep) bool {
	return sw.Scenario == other.Scenario && sw.Replicates == other.Replicates &&
		slices.Equal(sw.Set, other.Set) &&
		slices.EqualFunc(sw.Parameters, other.Parameters, func(a, b Parameter) bool {
			return a.Name == b.Name && slices.Equal(a.Paths, b.Paths) &&
				slices.Equal(a.Values, b.Values)
		})
}

// maxCheckProblems is how many problems Check gathers before it stops.
const maxCheckProblems = 20

// Check loads every cell's scenario, so that a mistake in a value is found
// before anything runs, and refuses two cells that make the same scenario
// (a value written two ways that the scenario reads alike), which would
// run twice and be counted twice in the combined table. It reports every
// distinct problem, up to 20, each on the sweep file's line that caused it.
func (sw *Sweep) Check() error { return sw.CheckContext(context.Background(), nil) }

// CheckContext is Check that stops early with ctx's error when ctx is done,
// and calls progress, if not nil, after each cell with the number of
// cells checked and the number in the grid: a grid of 100,000 cells takes
// minutes to check.
func (sw *Sweep) CheckContext(ctx context.Context, progress func(done, total int)) error {
	c := &cellChecker{sw: sw, progress: progress, total: sw.NumCells(),
		seen: map[string]bool{}, checked: map[int]bool{}, scenarios: map[[32]byte]Cell{}}
	// A wrong value usually fails in every cell that has it: a few cells
	// holding every value find it in a moment, before the whole grid.
	err := c.checkCells(ctx, sw.coverCells())
	if err == nil && len(c.problems) == 0 {
		err = c.checkCells(ctx, sw.Cells())
	}
	if err != nil {
		return err
	}
	if len(c.problems) > 0 {
		return &ValidationError{Problems: c.problems}
	}
	return nil
}

// coverCells returns a few cells of the grid that between them hold every
// value of every parameter: as many as the longest list of values.
func (sw *Sweep) coverCells() []Cell {
	n := 0
	for _, p := range sw.Parameters {
		n = max(n, len(p.Values))
	}
	if sw.NumCells() == 0 {
		n = 0
	}
	cells := make([]Cell, n)
	for k := range cells {
		c := Cell{Values: make([]string, len(sw.Parameters))}
		for j, p := range sw.Parameters {
			c.Values[j] = p.Values[k%len(p.Values)]
			c.Index = c.Index*len(p.Values) + k%len(p.Values)
		}
		cells[k] = c
	}
	return cells
}

// cellChecker gathers the problems of a sweep's cells, each once, and
// remembers each cell's scenario by a digest to find cells that repeat.
type cellChecker struct {
	sw          *Sweep
	progress    func(done, total int)
	done, total int
	problems    []Problem
	seen        map[string]bool   // problems found, by a key without the cell
	checked     map[int]bool      // cells checked, by index
	scenarios   map[[32]byte]Cell // digest of a cell's scenario → the first cell with it
}

// checkCells checks the cells not checked yet, reporting progress, until
// it has found maxCheckProblems problems.
func (c *cellChecker) checkCells(ctx context.Context, cells []Cell) error {
	for _, cell := range cells {
		if c.checked[cell.Index] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: check the cells: %w", c.sw.File, err)
		}
		if err := c.check(cell); err != nil {
			return err
		}
		c.checked[cell.Index] = true
		c.done++
		if c.progress != nil {
			c.progress(c.done, c.total)
		}
		if len(c.problems) >= maxCheckProblems {
			return nil
		}
	}
	return nil
}

func (c *cellChecker) check(cell Cell) error {
	sw := c.sw
	s, _, err := Load(sw.Scenario, sw.Overrides(cell))
	var ve *ValidationError
	switch {
	case errors.As(err, &ve):
		for _, p := range ve.Problems {
			c.add(sw.locate(cell, p))
		}
		return nil
	case err != nil:
		return fmt.Errorf("%s: cell %s: %w", sw.File, sw.Dir(cell), err)
	}
	text, err := json.Marshal(s)
	if err != nil {
		return nil // no digest; the cell cannot be compared, which is harmless
	}
	sum := sha256.Sum256(text)
	if first, ok := c.scenarios[sum]; ok {
		c.add(sw.repeated(first, cell))
		return nil
	}
	c.scenarios[sum] = cell
	return nil
}

// add keeps problem p unless the same problem was found in another cell.
func (c *cellChecker) add(p Problem, key string) {
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.problems = append(c.problems, p)
}

// locate places a problem of a cell's scenario in the sweep file: one
// caused by a fixed override or a parameter value goes to the line that
// wrote it, naming the cell; any other (in the scenario file, say) keeps
// its place. It returns the problem and a key that is the same for the
// same mistake in other cells.
func (sw *Sweep) locate(cell Cell, p Problem) (Problem, string) {
	key := p.String()
	override, ok := strings.CutPrefix(p.File, "--set ")
	if !ok {
		p.Message = "cell " + sw.Dir(cell) + ": " + p.Message
		return p, key
	}
	field := p.Message
	if p.Path != "" {
		field = p.Path + ": " + p.Message
	}
	at := sw.overridePlace(cell, override)
	return Problem{File: sw.File, Line: at.line, Path: at.at,
		Message: fmt.Sprintf("--set %s (cell %s): %s", override, sw.Dir(cell), field)}, key
}

// overridePlace finds where the sweep file wrote an override of a cell:
// a parameter's value, or a fixed override.
func (sw *Sweep) overridePlace(cell Cell, override string) place {
	for j, par := range sw.Parameters {
		k := slices.Index(par.Values, cell.Values[j])
		for _, path := range par.Paths {
			if path+"="+cell.Values[j] == override && k >= 0 && j < len(sw.lines.values) &&
				k < len(sw.lines.values[j]) {
				return sw.lines.values[j][k]
			}
		}
	}
	if i := slices.Index(sw.Set, override); i >= 0 && i < len(sw.lines.set) {
		return sw.lines.set[i]
	}
	return place{at: "set"}
}

// repeated reports two cells that make the same scenario, naming each
// parameter whose values differ between them, in grid order, on the
// line of the later value.
func (sw *Sweep) repeated(first, again Cell) (Problem, string) {
	if first.Index > again.Index {
		first, again = again, first
	}
	var parts []string
	at := place{}
	for j, par := range sw.Parameters {
		a, b := first.Values[j], again.Values[j]
		if a == b {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (parameters.%d) %q and %q", par.Name, j, a, b))
		if k := slices.Index(par.Values, b); at.line == 0 && j < len(sw.lines.values) &&
			k >= 0 && k < len(sw.lines.values[j]) {
			at = sw.lines.values[j][k]
		}
	}
	what := strings.Join(parts, ", ")
	return Problem{File: sw.File, Line: at.line, Path: at.at, Message: fmt.Sprintf(
		"the values %s give the same scenario (cells %s and %s): each run would be "+
			"made twice and counted twice in the combined table; give each value once",
		what, sw.Dir(first), sw.Dir(again))}, "repeated " + what
}
