package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/scantrail/scantrail/output"
)

// smallSweep is a two-cell, two-replicate sweep small enough for tests.
const smallSweep = `scenario: default
replicates: 2
set:
  - population.people=400
  - days=2
  - attacks.sample=100
  - attacks.unicity.resolutions=[venue/hour]
  - attacks.unicity.max_points=3
  - attacks.linkage.days=[1, 2]
  - attacks.companions.enabled=false
parameters:
  - path: [holders.0.retention_days, holders.1.retention_days]
    name: retention_days
    values: [0, 1]
`

func writeSweep(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sweep.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A sweep writes one run folder per cell and replicate, then the combined
// table with a column per parameter; run again it reruns nothing.
func TestSweepWritesRunsAndCombinedTable(t *testing.T) {
	file, out := writeSweep(t, smallSweep), filepath.Join(t.TempDir(), "sw")
	code, stdout, stderr := runCLI(t, context.Background(), "sweep", file, "--out", out,
		"--quiet", "--jobs", "2", "--workers", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "this process ran 4, kept 0") {
		t.Errorf("stdout %q: want 4 runs run", stdout)
	}
	for _, cell := range []string{"retention_days=0", "retention_days=1"} {
		for _, rep := range []string{"replicate=0", "replicate=1"} {
			dir := filepath.Join(out, cell, rep)
			if err := output.VerifyFiles(dir); err != nil {
				t.Errorf("%s: %v", dir, err)
			}
		}
	}
	m, err := output.ReadManifest(filepath.Join(out, "retention_days=1", "replicate=1"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Seed != 2 || !strings.Contains(m.Scenario, "retention_days: 1") {
		t.Errorf("replicate 1 of retention 1: seed %d, want 2 and the cell's retention", m.Seed)
	}

	header, rows, err := output.ReadCSVRows(filepath.Join(out, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "retention_days,replicate,scenario,adversary,attack,metric,parameter,value"
	if got := strings.Join(header, ","); got != want {
		t.Errorf("metrics.csv header %q, want %q", got, want)
	}
	checkCombinedParquet(t, filepath.Join(out, "metrics.parquet"), strings.Split(want, ","),
		len(rows))

	code, stdout, _ = runCLI(t, context.Background(), "sweep", file, "--out", out, "--quiet")
	if code != exitOK || !strings.Contains(stdout, "ran 0, kept 4") {
		t.Errorf("second sweep: exit %d, %q; want every run kept", code, stdout)
	}
}

func checkCombinedParquet(t *testing.T, path string, want []string, rows int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, field := range pf.Schema().Fields() {
		got = append(got, field.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") || pf.NumRows() != int64(rows) {
		t.Errorf("metrics.parquet: columns %v with %d rows, want %v with %d", got,
			pf.NumRows(), want, rows)
	}
	if rows == 0 {
		t.Error("the combined table is empty")
	}
}

// Shards split the runs; the combined table appears only when the last
// shard finds every run complete.
func TestSweepShards(t *testing.T) {
	file, out := writeSweep(t, smallSweep), filepath.Join(t.TempDir(), "sw")
	code, stdout, stderr := runCLI(t, context.Background(), "sweep", file, "--out", out,
		"--quiet", "--shard", "0/2")
	if code != exitOK || !strings.Contains(stdout, "ran 2, kept 0") ||
		!strings.Contains(stdout, "2 runs are not complete yet") {
		t.Fatalf("shard 0/2: exit %d, %q, %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "metrics.parquet")); err == nil {
		t.Error("a half-done sweep wrote the combined table")
	}
	code, stdout, _ = runCLI(t, context.Background(), "sweep", file, "--out", out,
		"--quiet", "--shard", "1/2")
	if code != exitOK || !strings.Contains(stdout, "combined metrics") {
		t.Errorf("shard 1/2: exit %d, %q; want the combined table written", code, stdout)
	}
}

func TestSweepRefusesBadInput(t *testing.T) {
	base := t.TempDir()
	other := filepath.Join(base, "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644)
	good := writeSweep(t, smallSweep)
	bad := writeSweep(t, "parameters:\n  - path: population.people\n    values: [0]\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad shard", []string{good, "--shard", "2/2"}, "want i/n with 0 ≤ i < n"},
		{"bad value", []string{bad, "--out", filepath.Join(base, "b")},
			"--set population.people=0"},
		{"occupied folder", []string{good, "--out", other}, "holds no sweep"},
		{"missing file", []string{filepath.Join(base, "nope.yaml")}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), append([]string{"sweep"},
				tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tt.want)
			}
		})
	}
}

// plot draws the policy chart of a sweep and the charts of a run folder,
// and report writes a complete self-contained page for both; the run
// folder still verifies afterwards.
func TestPlotAndReport(t *testing.T) {
	file, out := writeSweep(t, smallSweep), filepath.Join(t.TempDir(), "sw")
	if code, _, stderr := runCLI(t, context.Background(), "sweep", file, "--out", out,
		"--quiet"); code != exitOK {
		t.Fatalf("sweep: %s", stderr)
	}
	run := filepath.Join(out, "retention_days=0", "replicate=0")
	code, stdout, stderr := runCLI(t, context.Background(), "plot", out, "--format", "svg")
	for _, want := range []string{"policy-retention_days-linkage.svg",
		"policy-retention_days-tracking.svg"} {
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("plot sweep: exit %d, stdout %q lacks %s: %s", code, stdout, want, stderr)
		}
	}
	code, stdout, stderr = runCLI(t, context.Background(), "plot", run)
	for _, want := range []string{"unicity-public_security.png", "venue-map.png",
		"scans-by-hour.png", "timeline.png"} {
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("plot run: exit %d, stdout %q lacks %s: %s", code, stdout, want, stderr)
		}
	}
	for _, dir := range []string{out, run} {
		code, stdout, stderr = runCLI(t, context.Background(), "report", dir)
		if code != exitOK {
			t.Fatalf("report %s: exit %d: %s", dir, code, stderr)
		}
		page, err := os.ReadFile(strings.TrimSpace(stdout))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`id="headline"`, "<li><strong>", `id="figures"`,
			`id="estimates"`, "<img src=\"data:", "<pre>", "Mitigations in force"} {
			if !strings.Contains(string(page), want) {
				t.Errorf("report of %s lacks %q", dir, want)
			}
		}
	}
	if err := output.VerifyFiles(run); err != nil {
		t.Errorf("run folder with charts and report: %v", err)
	}
	code, _, stderr = runCLI(t, context.Background(), "plot", t.TempDir())
	if code != exitUsage || !strings.Contains(stderr, "neither a run folder") {
		t.Errorf("plot of an empty folder: exit %d, %q", code, stderr)
	}
}

// An interrupted sweep exits 130, says it can be resumed, and leaves no
// partial run folder.
func TestInterruptedSweep(t *testing.T) {
	file, out := writeSweep(t, smallSweep), filepath.Join(t.TempDir(), "sw")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, stderr := runCLI(t, ctx, "sweep", file, "--out", out, "--quiet")
	if code != exitInterrupted || !strings.Contains(stderr, "run the sweep again") {
		t.Errorf("exit %d, %q; want %d and how to resume", code, stderr, exitInterrupted)
	}
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".partial-") {
			t.Errorf("left %s behind", path)
		}
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}

// doneSweep runs smallSweep into a fresh folder and returns the sweep file
// and the folder.
func doneSweep(t *testing.T) (file, out string) {
	t.Helper()
	file, out = writeSweep(t, smallSweep), filepath.Join(t.TempDir(), "sw")
	if code, _, stderr := runCLI(t, context.Background(), "sweep", file, "--out", out,
		"--quiet"); code != exitOK {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	return file, out
}

// Resuming a sweep: a run folder holding a file of the user's stops the
// sweep naming the run, and the file stays; a run left without a valid
// manifest (stopped, or damaged) holding only a run's files is removed
// and run again; a sweep file changed only in its comments resumes.
func TestSweepResume(t *testing.T) {
	file, out := doneSweep(t)
	cell := filepath.Join(out, "retention_days=0", "replicate=1")
	junk := filepath.Join(cell, "junk.txt")
	os.WriteFile(junk, []byte("mine"), 0o644)
	code, _, stderr := runCLI(t, context.Background(), "sweep", file, "--out", out, "--quiet")
	want := "run " + filepath.Join("retention_days=0", "replicate=1") + ": its folder"
	if code != exitUsage || !strings.Contains(stderr, want) ||
		!strings.Contains(stderr, "(junk.txt)") || !strings.Contains(stderr, "move them out") {
		t.Errorf("foreign file: exit %d, %q; want %d naming the run and the file", code,
			stderr, exitUsage)
	}
	if _, err := os.Stat(junk); err != nil {
		t.Errorf("the user's file is gone: %v", err)
	}
	os.Remove(junk)

	manifest := filepath.Join(cell, "manifest.json")
	for name, damage := range map[string]func() error{
		"no manifest":  func() error { return os.Remove(manifest) },
		"bad manifest": func() error { return os.WriteFile(manifest, []byte("{"), 0o644) },
	} {
		if err := damage(); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCLI(t, context.Background(), "sweep", file, "--out", out)
		if code != exitOK || !strings.Contains(stdout, "ran 1, kept 3") ||
			!strings.Contains(stderr, "unfinished or damaged") {
			t.Errorf("%s: exit %d, %q, %q; want the run redone with a log line", name, code,
				stdout, stderr)
		}
		if err := output.VerifyFiles(cell); err != nil {
			t.Errorf("%s: the run redone does not verify: %v", name, err)
		}
	}

	text, _ := os.ReadFile(file)
	commented := filepath.Join(filepath.Dir(file), "commented.yaml")
	os.WriteFile(commented, append([]byte("# retention, two cells\n"), text...), 0o644)
	code, stdout, stderr := runCLI(t, context.Background(), "sweep", commented, "--out", out,
		"--quiet")
	if code != exitOK || !strings.Contains(stdout, "ran 0, kept 4") {
		t.Errorf("comment added: exit %d, %q, %q; want every run kept", code, stdout, stderr)
	}
	changed := writeSweep(t, strings.Replace(smallSweep, "values: [0, 1]", "values: [0, 2]", 1))
	code, _, stderr = runCLI(t, context.Background(), "sweep", changed, "--out", out, "--quiet")
	if code != exitUsage || !strings.Contains(stderr, "holds another sweep") {
		t.Errorf("another sweep: exit %d, %q; want it refused", code, stderr)
	}
}

// Mistakes in a sweep's command line or grid are refused with exit 2 before
// anything runs, each naming what is wrong and where.
func TestSweepRefusesBadGridsAndFolders(t *testing.T) {
	base := t.TempDir()
	aFile := filepath.Join(base, "file")
	os.WriteFile(aFile, []byte("x"), 0o644)
	run := tinyRun(t)
	good := writeSweep(t, smallSweep)
	grid := func(params string) string {
		return writeSweep(t, "set: [population.people=300, days=2]\nparameters:\n"+params)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"out is a file", []string{good, "--out", aFile}, "is a file, not a folder"},
		{"out is empty", []string{good, "--out", ""}, "--out is empty"},
		{"out inside a run", []string{good, "--out", filepath.Join(run, "sw")},
			"lies inside the run folder"},
		{"same value written four ways", []string{grid("  - path: days\n" +
			"    values: [1, 1.0, 01, 0x1]\n"), "--out", filepath.Join(base, "a")},
			`sweep.yaml:4: parameters.0.values.3: repeated value "1" (written 0x1`},
		{"quoted value the scenario reads alike", []string{grid("  - path: days\n" +
			"    values: [1, '0x1']\n"), "--out", filepath.Join(base, "b")},
			`days (parameters.0) "1" and "0x1" give the same scenario`},
		{"bad cell on its line", []string{grid("  - path: seed\n    values: [1, 2]\n" +
			"  - path: days\n    values: [1, -4]\n"), "--out", filepath.Join(base, "c")},
			"sweep.yaml:6: parameters.1.values.1: --set days=-4 (cell seed="},
		{"name taken on its line", []string{grid("  - {path: a.days, values: [1]}\n" +
			"  - path: days\n    values: [2]\n"), "--out", filepath.Join(base, "d")},
			`sweep.yaml:4: parameters.1.name: "days" is taken by parameters.0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), append([]string{"sweep"},
				tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tt.want)
			}
			if _, err := os.Stat(filepath.Join(base, "a")); err == nil {
				t.Error("a refused sweep left its folder behind")
			}
		})
	}
}

// plot and report refuse a combined table that is not what the sweep
// wrote, naming the file, the line and the column.
func TestPlotRefusesMalformedCombinedTable(t *testing.T) {
	_, out := doneSweep(t)
	path := filepath.Join(out, "metrics.csv")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(orig), "\n")
	edit := func(line int, from, to string) string {
		l := slices.Clone(lines)
		l[line] = strings.Replace(l[line], from, to, 1)
		return strings.Join(l, "\n")
	}
	tests := []struct{ name, text, want string }{
		{"renamed column", edit(0, ",value", ",val"), `column 8 is "val", want "value"`},
		{"extra column", edit(0, ",value", ",value,x"), "wrong number of fields"},
		{"value not a number", edit(1, lines[1][strings.LastIndex(lines[1], ","):], ",abc"),
			`line 2: column value: got "abc", want a number or NaN`},
		{"unknown cell", edit(1, "0,", "5,"),
			`line 2: column retention_days: "5" is not one of the sweep's values`},
		{"replicate out of range", strings.Join(append([]string{lines[0]},
			strings.Replace(lines[1], ",0,", ",7,", 1)), "\n") + "\n",
			"line 2: column replicate: got \"7\", want a whole number from 0 to 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"plot", "report"} {
				code, _, stderr := runCLI(t, context.Background(), cmd, out)
				if code != exitUsage || !strings.Contains(stderr, "metrics.csv") ||
					!strings.Contains(stderr, tt.want) {
					t.Errorf("%s: exit %d, %q; want %d and %q", cmd, code, stderr, exitUsage,
						tt.want)
				}
			}
		})
	}
}

// The check of a sweep's cells logs its progress, unless quiet.
func TestCheckProgress(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		var logs strings.Builder
		progress := checkProgress(newLogger(&logs, quiet), 0)
		progress(1, 2)
		progress(2, 2)
		got := strings.Count(logs.String(), "checking the sweep's cells")
		if want := map[bool]int{false: 2, true: 0}[quiet]; got != want ||
			!quiet && !strings.Contains(logs.String(), "cell=1 of=2") {
			t.Errorf("quiet %v: %d lines %q, want %d", quiet, got, logs.String(), want)
		}
	}
}
