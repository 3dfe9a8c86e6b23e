package main

import (
	"context"
	"os"
	"path/filepath"
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
	if code != exitInterrupted || !strings.Contains(stderr, "run the sweep again to resume") {
		t.Errorf("exit %d, %q; want %d and how to resume", code, stderr, exitInterrupted)
	}
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if strings.Contains(d.Name(), ".partial-") {
			t.Errorf("left %s behind", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
