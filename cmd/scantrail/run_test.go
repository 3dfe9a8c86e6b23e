package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/sim"
)

// runCLI runs scantrail with args and returns the exit code, stdout and
// stderr.
func runCLI(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := executeContext(ctx, args, strings.NewReader(""), &out, &errw)
	return code, out.String(), errw.String()
}

var smallRun = []string{"--quiet", "--set", "population.people=600", "--set", "days=3"}

func TestRunWritesACompleteRunFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI(t, context.Background(), append([]string{"run", "--out", dir}, smallRun...)...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"visits", "scans", "payments", "sightings", "taps", "people seen"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := output.VerifyFiles(dir); err != nil {
		t.Errorf("files do not match the manifest: %v", err)
	}
	tables := []string{"venues", "people", "households", "friendships", "accounts", "routes",
		"visits", "scans", "payments", "sightings", "taps"}
	for _, name := range tables {
		if _, ok := m.Rows[name]; !ok {
			t.Errorf("manifest has no table %s", name)
		}
	}
	if m.Seed != 1 || m.ScenarioName != "default" || !strings.Contains(m.Scenario, "people: 600") {
		t.Errorf("manifest does not record the resolved scenario: seed %d, name %q", m.Seed, m.ScenarioName)
	}

	visits, err := output.ReadParquet[sim.Visit](filepath.Join(dir, "visits.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(visits)) != m.Rows["visits"] || len(visits) == 0 {
		t.Errorf("read %d visits back, manifest says %d", len(visits), m.Rows["visits"])
	}
	checkSchema(t, filepath.Join(dir, "scans.parquet"),
		[]string{"person_id", "venue_id", "time", "lat", "lon", "account_person_id",
			"alias_id", "entry"})
	checkSchema(t, filepath.Join(dir, "sightings.parquet"),
		[]string{"camera_venue_id", "person_id", "time", "matched_person_id", "score"})
}

func checkSchema(t *testing.T, path string, want []string) {
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
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s columns: got %v, want %v", filepath.Base(path), got, want)
	}
}

// The same scenario and seed give byte-identical files whatever the number
// of workers.
func TestRunIsByteIdenticalAcrossWorkers(t *testing.T) {
	base := t.TempDir()
	var sums []map[string]string
	for _, workers := range []string{"1", "3"} {
		dir := filepath.Join(base, "w"+workers)
		args := append([]string{"run", "--out", dir, "--workers", workers}, smallRun...)
		if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		m, err := output.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		sum := map[string]string{}
		for _, f := range m.Files {
			sum[f.Name] = f.SHA256
		}
		sums = append(sums, sum)
	}
	for name, want := range sums[0] {
		if got := sums[1][name]; got != want {
			t.Errorf("%s: sha256 %s with 3 workers, %s with 1", name, got, want)
		}
	}
}

func TestRunCSV(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	args := append([]string{"run", "--out", dir, "--format", "csv"}, smallRun...)
	if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	header, rows, err := output.ReadCSVRows(filepath.Join(dir, "taps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(header, ","), "person_id,card_id,station_venue_id,time,entry"; got != want {
		t.Errorf("taps.csv header %q, want %q", got, want)
	}
	if len(rows) == 0 || !strings.HasSuffix(rows[0][3], "Z") {
		t.Errorf("taps.csv rows %v: want UTC timestamps", rows[:min(1, len(rows))])
	}
}

// A run stopped part way (as by Ctrl-C) exits 130, says so, and leaves
// neither the run folder nor anything beside it.
func TestInterruptedRunLeavesNothing(t *testing.T) {
	base := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, stderr := runCLI(t, ctx, append([]string{"run", "--out", filepath.Join(base, "run")}, smallRun...)...)
	if code != exitInterrupted || !strings.Contains(stderr, "interrupted") {
		t.Errorf("exit %d, stderr %q; want %d and a word that it was interrupted", code, stderr, exitInterrupted)
	}
	entries, _ := os.ReadDir(base)
	if len(entries) != 0 {
		t.Errorf("interrupted run left %v", entries)
	}
}

func TestRunRefusesBadInputAndWritesNothing(t *testing.T) {
	base := t.TempDir()
	bad := filepath.Join(base, "bad.yaml")
	if err := os.WriteFile(bad, []byte("days: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(base, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep.txt"), []byte("x"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"invalid scenario", []string{"run", bad, "--out", filepath.Join(base, "a")}, exitUsage, "bad.yaml:1: days"},
		{"unknown override", []string{"run", "--set", "population.peeple=3", "--out", filepath.Join(base, "b")}, exitUsage, "peeple"},
		{"bad format", []string{"run", "--format", "xlsx", "--out", filepath.Join(base, "c")}, exitUsage, "parquet"},
		{"missing file", []string{"run", filepath.Join(base, "nope.yaml"), "--out", filepath.Join(base, "d")}, exitUsage, "nope.yaml"},
		{"occupied out", []string{"run", "--out", full}, exitUsage, "--overwrite"},
		{"negative workers", []string{"run", "--workers", "-3", "--out", filepath.Join(base, "e")}, exitUsage, "--workers"},
		{"unknown command", []string{"runn"}, exitUsage, "unknown command"},
		{"two scenarios", []string{"run", "a.yaml", "b.yaml"}, exitUsage, "accepts at most 1 arg"},
		{"bad flag", []string{"run", "--seeds", "3"}, exitUsage, "seeds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	entries, _ := os.ReadDir(base)
	for _, e := range entries {
		if e.Name() != "bad.yaml" && e.Name() != "full" {
			t.Errorf("a refused run left %s behind", e.Name())
		}
	}
}

func TestHelpAndScenarioCommands(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, exitOK, "Usage:"},
		{[]string{"run", "--help"}, exitOK, "Examples:"},
		{[]string{"scenario", "list"}, exitOK, "default"},
		{[]string{"scenario", "show"}, exitOK, "households_per_compound: 150"},
		{[]string{"scenario", "show", "--set", "days=9"}, exitOK, "days: 9"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and %q", code, stdout, stderr, tt.code, tt.want)
			}
		})
	}
}
