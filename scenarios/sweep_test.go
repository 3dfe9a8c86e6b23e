package scenarios

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const goodSweep = `scenario: default
replicates: 3
set:
  - population.people=800
  - days=3
parameters:
  - path: holders[0].identifier
    name: identifier
    values: [real, salted]
  - path: population.smartphone.adult
    range: {from: 0.5, to: 0.9, step: 0.2}
`

func TestParseSweep(t *testing.T) {
	sw, err := ParseSweep("s.yaml", []byte(goodSweep))
	if err != nil {
		t.Fatal(err)
	}
	if sw.Scenario != "default" || sw.Replicates != 3 {
		t.Errorf("scenario %q replicates %d, want default 3", sw.Scenario, sw.Replicates)
	}
	want := []Parameter{
		{Paths: []string{"holders.0.identifier"}, Name: "identifier", Values: []string{"real", "salted"}},
		{Paths: []string{"population.smartphone.adult"}, Name: "adult",
			Values: []string{"0.5", "0.7", "0.9"}},
	}
	if !reflect.DeepEqual(sw.Parameters, want) {
		t.Errorf("parameters: got %+v, want %+v", sw.Parameters, want)
	}
	if got, want := sw.NumCells(), 6; got != want {
		t.Errorf("NumCells: got %d, want %d", got, want)
	}
	c := sw.Cells()[4]
	if got, want := sw.Dir(c), filepath.Join("identifier=salted", "adult=0.7"); got != want {
		t.Errorf("Dir of cell 4: got %q, want %q", got, want)
	}
	got := strings.Join(sw.Overrides(c), " ")
	want2 := "population.people=800 days=3 holders.0.identifier=salted population.smartphone.adult=0.7"
	if got != want2 {
		t.Errorf("Overrides: got %q, want %q", got, want2)
	}
}

func TestRangeValues(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"{from: 0, to: 28, step: 7}", []string{"0", "7", "14", "21", "28"}},
		{"{from: 0.1, to: 0.4, step: 0.1}", []string{"0.1", "0.2", "0.3", "0.4"}},
		{"{from: 1, to: 2, step: 0.25}", []string{"1", "1.25", "1.5", "1.75", "2"}},
		{"{from: 0, to: 1, step: 0.5}", []string{"0", "0.5", "1"}},
		{"{from: 0.0, to: 0.3, step: 0.10}", []string{"0", "0.1", "0.2", "0.3"}},
		{"{from: 1e-3, to: 3e-3, step: 1e-3}", []string{"0.001", "0.002", "0.003"}},
		{"{from: 3, to: 3, step: 1}", []string{"3"}},
		{"{from: 0, to: 10, step: 4}", []string{"0", "4", "8"}},
		// Whole numbers past 2^53 are counted exactly, not in float64.
		{"{from: 9007199254740992, to: 9007199254740995, step: 1}", []string{
			"9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995"}},
		{"{from: -9223372036854775808, to: 9223372036854775807, step: 9223372036854775807}",
			[]string{"-9223372036854775808", "-1", "9223372036854775806"}},
	}
	for _, tt := range tests {
		sw, err := ParseSweep("s.yaml", []byte("parameters:\n  - path: days\n    range: "+tt.in+"\n"))
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := sw.Parameters[0].Values; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.in, got, tt.want)
		}
	}
}

// A list of numbers and a range give the same folder names: numbers are
// written as short as they can be, however they were typed; text and
// quoted values stay as written.
func TestValuesShortest(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"[0, 0.5, 1]", []string{"0", "0.5", "1"}},
		{"[0.0, 0.50, 1.0]", []string{"0", "0.5", "1"}},
		{"[.5, +7, 1e3, -0.0]", []string{"0.5", "7", "1000", "0"}},
		{`["0.50", '1.0', abc, true]`, []string{"0.50", "1.0", "abc", "true"}},
		{"[1e300, .inf, 0x1F]", []string{"1e300", ".inf", "31"}},
		{"[0o17, 1_000, 0b11, 9007199254740993]",
			[]string{"15", "1000", "3", "9007199254740993"}},
		{"[010, -0x10]", []string{"8", "-16"}}, // as YAML reads them
	}
	for _, tt := range tests {
		sw, err := ParseSweep("s.yaml", []byte("parameters:\n  - path: x\n    values: "+
			tt.in+"\n"))
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := sw.Parameters[0].Values; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.in, got, tt.want)
		}
	}
	a, _ := ParseSweep("a.yaml", []byte("parameters:\n  - {path: x, values: [0, 0.5, 1]}\n"))
	b, _ := ParseSweep("b.yaml", []byte("parameters:\n  - path: x\n    "+
		"range: {from: 0.0, to: 1.0, step: 0.5}\n"))
	for i, c := range a.Cells() {
		if da, db := a.Dir(c), b.Dir(b.Cells()[i]); da != db {
			t.Errorf("cell %d: values give %s, range gives %s", i, da, db)
		}
	}
}

// Every mistake names the file, the line and the key, and unwraps to
// ErrInvalid.
func TestBadSweeps(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"empty", "", "s.yaml: the sweep file is empty"},
		{"not a mapping", "- 1\n", "s.yaml:1: got a list, want a mapping"},
		{"unknown key", "scenaro: x\nparameters: [{path: days, values: [1]}]\n",
			"s.yaml:1: scenaro: unknown key; allowed: scenario, replicates, set, parameters"},
		{"no parameters", "scenario: default\n", "s.yaml:1: parameters: missing"},
		{"replicates zero", "replicates: 0\nparameters: [{path: days, values: [1]}]\n",
			"s.yaml:1: replicates: got \"0\", want a whole number from 1 to 1000"},
		{"replicates text", "replicates: many\nparameters: [{path: days, values: [1]}]\n",
			"s.yaml:1: replicates: got \"many\""},
		{"set not list", "set: days=3\nparameters: [{path: days, values: [1]}]\n",
			"s.yaml:1: set: got \"days=3\", want a list of PATH=VALUE texts"},
		{"set without =", "set: [days]\nparameters: [{path: days, values: [1]}]\n",
			"s.yaml:1: set.0: got \"days\", want PATH=VALUE"},
		{"empty parameters", "parameters: []\n",
			"s.yaml:1: parameters: got a list, want a non-empty list"},
		{"no path", "parameters:\n  - values: [1]\n", "s.yaml:2: parameters.0.path: missing"},
		{"both values and range", "parameters:\n  - path: days\n    values: [1]\n" +
			"    range: {from: 1, to: 2, step: 1}\n",
			"s.yaml:2: parameters.0: want exactly one of values and range"},
		{"neither", "parameters:\n  - path: days\n",
			"s.yaml:2: parameters.0: want exactly one of values and range"},
		{"unknown parameter key", "parameters:\n  - path: days\n    vals: [1]\n",
			"s.yaml:3: parameters.0.vals: unknown key; allowed: path, name, values, range"},
		{"repeated value", "parameters:\n  - path: days\n    values: [1, 2, 1]\n",
			"s.yaml:3: parameters.0.values.2: repeated value \"1\""},
		{"list value", "parameters:\n  - path: days\n    values: [[1]]\n",
			"s.yaml:3: parameters.0.values.0: got a list, want a single value"},
		{"backward range", "parameters:\n  - path: days\n    range: {from: 5, to: 1, step: 1}\n",
			"s.yaml:3: parameters.0.range: got from 5 to 1 step 1, want step > 0"},
		{"zero step", "parameters:\n  - path: days\n    range: {from: 1, to: 5, step: 0}\n",
			"want step > 0"},
		{"range missing step", "parameters:\n  - path: days\n    range: {from: 1, to: 5}\n",
			"s.yaml:3: parameters.0.range: want from, to and step"},
		{"range not number", "parameters:\n  - path: days\n    range: {from: a, to: 5, step: 1}\n",
			"s.yaml:3: parameters.0.range.from: got \"a\", want a finite number"},
		{"huge range", "parameters:\n  - path: days\n    range: {from: 0, to: 1e9, step: 1}\n",
			"the range has 1000000001 values, want at most 100000"},
		{"huge whole range", "parameters:\n  - path: days\n    range: {from: 0, to: 1000000000, " +
			"step: 1}\n", "s.yaml:3: parameters.0.range: the range has 1000000001 values"},
		{"whole range of every int64", "parameters:\n  - path: days\n    range: {from: " +
			"-9223372036854775808, to: 9223372036854775807, step: 1}\n",
			"the range has 18446744073709551616 values, want at most 100000"},
		{"range below float precision", "parameters:\n  - path: x\n" +
			"    range: {from: 9.007199254740992e15, to: 9.007199254740996e15, step: 1}\n",
			"s.yaml:3: parameters.0.range: step 1 is below the precision of numbers near " +
				"9007199254740992"},
		{"hex repeats a value", "parameters:\n  - path: days\n    values: [1, 1.0, 01, 0x1]\n",
			"s.yaml:3: parameters.0.values.3: repeated value \"1\""},
		{"name taken by another parameter", "parameters:\n  - {path: a.x, values: [1]}\n" +
			"  - path: b.x\n    values: [1]\n",
			"s.yaml:3: parameters.1.name: \"x\" is taken by parameters.0"},
		{"name given twice", "parameters:\n  - {path: a, name: n, values: [1]}\n" +
			"  - path: b\n    name: n\n    values: [1]\n",
			"s.yaml:4: parameters.1.name: \"n\" is taken by parameters.0"},
		{"bad name", "parameters:\n  - path: days\n    name: 2days\n    values: [1]\n",
			"parameters.0.name: got \"2days\", want a letter"},
		{"reserved name", "parameters:\n  - path: x.value\n    values: [1]\n",
			"s.yaml:2: parameters.0.name: \"value\" is taken"},
		{"same path twice", "parameters:\n  - {path: days, values: [1]}\n" +
			"  - {path: days, name: d2, values: [2]}\n",
			"s.yaml:3: parameters.1.path: days is swept twice"},
		{"repeated key", "replicates: 1\nreplicates: 2\nparameters: [{path: days, values: [1]}]\n",
			"s.yaml:2: replicates: repeated key"},
		{"syntax", "parameters: [\n", "s.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sw, err := ParseSweep("s.yaml", []byte(tt.file))
			if err == nil {
				t.Fatalf("parsed %+v, want an error containing %q", sw, tt.want)
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an ErrInvalid error containing %q", err, tt.want)
			}
		})
	}
}

func TestEscapeValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"7", "7"}, {"0.25", "0.25"}, {"venue/hour", "venue%2Fhour"}, {"", "%00"},
		{"..", "%2E."}, {"a b", "a%20b"}, {"-1", "-1"}, {"ünï", "%C3%BCn%C3%AF"},
	}
	for _, tt := range tests {
		got := EscapeValue(tt.in)
		if got != tt.want {
			t.Errorf("EscapeValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
		back, err := UnescapeValue(got)
		if err != nil || back != tt.in {
			t.Errorf("UnescapeValue(%q) = %q, %v, want %q", got, back, err, tt.in)
		}
	}
}

func TestLoadSweepResolvesScenarioFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sweep.yaml")
	text := "scenario: city.yaml\nparameters: [{path: days, values: [1]}]\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sw, err := LoadSweep(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sw.Scenario, filepath.Join(dir, "city.yaml"); got != want {
		t.Errorf("scenario: got %q, want %q", got, want)
	}
}

// Check loads each cell's scenario and reports a value that is out of
// range, naming the override that set it.
func TestSweepCheck(t *testing.T) {
	sw, err := ParseSweep("s.yaml", []byte(goodSweep))
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.Check(); err != nil {
		t.Errorf("good sweep: %v", err)
	}
	sw.Parameters[1].Values = append(sw.Parameters[1].Values, "1.5")
	err = sw.Check()
	if err == nil || !errors.Is(err, ErrInvalid) ||
		!strings.Contains(err.Error(), "--set population.smartphone.adult=1.5") {
		t.Errorf("got %v, want the cell with smartphone 1.5 refused", err)
	}
}

// A parameter with a list of paths sets every one of them to its value.
func TestSweepParameterWithSeveralPaths(t *testing.T) {
	text := "parameters:\n  - path:\n      - holders[0].retention_days\n" +
		"      - holders.1.retention_days\n    values: [7]\n"
	sw, err := ParseSweep("s.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(sw.Overrides(sw.Cells()[0]), " ")
	want := "holders.0.retention_days=7 holders.1.retention_days=7"
	if got != want || sw.Parameters[0].Name != "retention_days" {
		t.Errorf("got %q named %q, want %q named retention_days", got,
			sw.Parameters[0].Name, want)
	}
}

// Every example sweep in examples/sweeps/ loads and every cell of it is
// a valid scenario.
func TestExampleSweepsLoad(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("examples", "sweeps", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example sweeps found (%v)", err)
	}
	for _, f := range files {
		sw, err := LoadSweep(f)
		if err == nil {
			err = sw.Check()
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// A cell whose scenario fails is reported on the sweep file's line that
// wrote the value or the fixed override, naming the cell; a mistake that
// every cell with the value shares is reported once.
func TestSweepCheckPlacesProblems(t *testing.T) {
	text := "set:\n  - population.people=-5\nparameters:\n  - path: days\n" +
		"    values: [1, -2]\n  - path: seed\n    values: [1, 2, 3]\n"
	sw, err := ParseSweep("grid.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	err = sw.Check()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a ValidationError", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.File+":"+strconv.Itoa(p.Line)+":"+p.Path)
	}
	want := []string{"grid.yaml:2:set.0", "grid.yaml:5:parameters.0.values.1"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems at %v, want %v:\n%v", got, want, err)
	}
	if msg := ve.Problems[1].Message; !strings.Contains(msg, "--set days=-2 (cell "+
		filepath.Join("days=-2", "seed=")) || !strings.Contains(msg, "): days: got -2") {
		t.Errorf("message %q: want the override, a cell with it and the field", msg)
	}
}

// Two values that the scenario reads alike make the same cell twice; Check
// refuses them, naming the parameter and both values.
func TestSweepCheckRefusesRepeatedCells(t *testing.T) {
	tests := []struct{ name, values, want string }{
		{"quoted hex", `[1, "0x1"]`, `days (parameters.1) "1" and "0x1"`},
		{"quoted float", `[2, "2.0"]`, `days (parameters.1) "2" and "2.0"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "parameters:\n  - {path: seed, values: [1, 2]}\n  - path: days\n" +
				"    values: " + tt.values + "\n"
			sw, err := ParseSweep("s.yaml", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			err = sw.Check()
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), "s.yaml:4: parameters.1.values.1:") ||
				strings.Count(err.Error(), "same scenario") != 1 {
				t.Errorf("got %v, want one problem on line 4 naming %s", err, tt.want)
			}
		})
	}
}

// Comments, layout, the file name and equivalent spellings do not make
// another sweep; a changed value does.
func TestSweepSame(t *testing.T) {
	a, err := ParseSweep("a.yaml", []byte(goodSweep))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, text string
		same       bool
	}{
		{"comment", "# a note\n" + goodSweep + "# end\n", true},
		{"flow style", "{scenario: default, replicates: 3, set: [population.people=800, " +
			"days=3], parameters: [{path: 'holders.0.identifier', name: identifier, " +
			"values: [real, salted]}, {path: population.smartphone.adult, " +
			"values: [0.50, 0.7, 0.9]}]}\n", true},
		{"other replicates", strings.Replace(goodSweep, "replicates: 3", "replicates: 4", 1),
			false},
		{"other value", strings.Replace(goodSweep, "salted]", "hashed]", 1), false},
	} {
		b, err := ParseSweep("copy/sweep.yaml", []byte(tt.text))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := a.Same(b); got != tt.same {
			t.Errorf("%s: Same = %v, want %v", tt.name, got, tt.same)
		}
	}
}

// CheckContext reports progress cell by cell and stops when cancelled.
func TestSweepCheckContext(t *testing.T) {
	sw, err := ParseSweep("s.yaml", []byte("parameters: [{path: seed, values: [1, 2, 3]}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	err = sw.CheckContext(context.Background(), func(done, total int) {
		calls = append(calls, fmt.Sprintf("%d/%d", done, total))
	})
	if err != nil || strings.Join(calls, " ") != "1/3 2/3 3/3" {
		t.Errorf("got %v and progress %v, want nil and 1/3 2/3 3/3", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sw.CheckContext(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// The cells checked first hold every value of every parameter, and each is
// the grid's cell with the same index.
func TestCoverCells(t *testing.T) {
	sw, err := ParseSweep("s.yaml", []byte(goodSweep))
	if err != nil {
		t.Fatal(err)
	}
	all := sw.Cells()
	seen := map[string]bool{}
	for _, c := range sw.coverCells() {
		if !reflect.DeepEqual(all[c.Index], c) {
			t.Errorf("cover cell %+v, grid has %+v at its index", c, all[c.Index])
		}
		for j, v := range c.Values {
			seen[fmt.Sprint(j, v)] = true
		}
	}
	for j, p := range sw.Parameters {
		for _, v := range p.Values {
			if !seen[fmt.Sprint(j, v)] {
				t.Errorf("no cover cell has %s=%s", p.Name, v)
			}
		}
	}
}
