package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const realdataTestdata = "../../sim/realdata/testdata"

// importArgs imports one file into a fresh folder with a salt of its own.
func importArgs(t *testing.T, format, file string, extra ...string) (dir string, args []string) {
	tmp := t.TempDir()
	dir = filepath.Join(tmp, "imp")
	args = append([]string{"import", format, file, "--out", dir, "--quiet",
		"--salt-file", filepath.Join(tmp, "salt")}, extra...)
	return dir, args
}

func TestImportBadInput(t *testing.T) {
	tests := []struct {
		name, format, file string
		extra              []string
		want               string
	}{
		{"unknown format", "kml", "good.csv", nil, "unknown format"},
		{"empty", "foursquare", "empty.csv", nil, "empty"},
		{"wrong columns", "foursquare", "wrongcols.csv", nil, "user_id, POI_id"},
		{"wrong time", "foursquare", "badtime.csv", nil, "UTC_time"},
		{"truncated gzip", "foursquare", "truncated.csv.gz", nil, "gzip"},
		{"strict", "foursquare", "badrows.csv", []string{"--strict"}, "badrows.csv:3: latitude"},
		{"missing", "snap", "nothing.tsv", nil, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, args := importArgs(t, tt.format, filepath.Join(realdataTestdata, tt.file),
				tt.extra...)
			code, _, stderr := runCLI(t, context.Background(), args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s was written after a failed import", dir)
			}
			entries, _ := os.ReadDir(filepath.Dir(dir))
			for _, e := range entries {
				if strings.Contains(e.Name(), "partial") {
					t.Errorf("left behind %s", e.Name())
				}
			}
		})
	}
}

// Malformed rows are skipped and listed with their lines; no raw user id
// appears in what is printed or written.
func TestImportReportsRowsAndHidesIDs(t *testing.T) {
	dir, args := importArgs(t, "foursquare", filepath.Join(realdataTestdata, "badrows.csv"))
	code, stdout, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"4 malformed", "badrows.csv:3: latitude", "badrows.csv:6: row"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	accounts, err := os.ReadFile(filepath.Join(dir, "accounts.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(accounts), "user_id") {
		t.Error("accounts table holds a raw column name")
	}
	salt, _ := os.ReadFile(filepath.Join(filepath.Dir(dir), "salt"))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if len(salt) > 0 && strings.Contains(string(data), strings.TrimSpace(string(salt))) {
			t.Errorf("%s holds the salt", e.Name())
		}
	}
}

func TestImportSaltInsideOutRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "imp")
	code, _, stderr := runCLI(t, context.Background(), "import", "foursquare",
		filepath.Join(realdataTestdata, "good.csv"), "--out", dir, "--salt-file",
		filepath.Join(dir, "salt"))
	if code != exitUsage || !strings.Contains(stderr, "inside --out") {
		t.Errorf("exit %d, %q; want exit 2 refusing a salt inside --out", code, stderr)
	}
}

// The worked example of the README on the shared NYC data: import,
// analyze, calibrate and run the calibrated scenario.
func TestImportAnalyzeCalibrateNYC(t *testing.T) {
	file := filepath.Join("..", "..", "..", "shared", "data", "foursquare-nyc", "checkins.csv")
	if _, err := os.Stat(file); err != nil {
		t.Skipf("shared data absent (%v); this test needs ../shared/data", err)
	}
	if testing.Short() {
		t.Skip("calibration simulates the city; skipped with -short")
	}
	dir, args := importArgs(t, "foursquare", file, "--timezone", "America/New_York")
	ctx := context.Background()
	if code, _, stderr := runCLI(t, ctx, args...); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, ctx, "analyze", dir, "--quiet", "--points", "3")
	if code != exitOK {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"unicity", "method=most_frequent_venue", "with_pair", "risk"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("analyze printed no %s", want)
		}
	}
	scenario := filepath.Join(t.TempDir(), "nyc.yaml")
	code, stdout, stderr = runCLI(t, ctx, "calibrate", dir, "--out", scenario, "--days", "28",
		"--quiet")
	if code != exitOK {
		t.Fatalf("calibrate: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "synthetic") || !strings.Contains(stdout, "EPR rho") {
		t.Errorf("calibrate printed no comparison:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "unicity_comparison.csv")); err != nil {
		t.Errorf("no unicity comparison in the folder: %v", err)
	}
	run := filepath.Join(t.TempDir(), "syn")
	code, _, stderr = runCLI(t, ctx, "run", scenario, "--out", run, "--quiet")
	if code != exitOK {
		t.Fatalf("run calibrated: exit %d: %s", code, stderr)
	}
}
