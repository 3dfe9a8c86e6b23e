package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// importCheckIns imports four weeks of check-ins of 30 people into a new
// folder and returns it.
func importCheckIns(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	file := filepath.Join(tmp, "checkins.csv")
	writeCheckIns(t, file, 30)
	dir := filepath.Join(tmp, "imp")
	code, _, stderr := runCLI(t, context.Background(), "import", "foursquare", file, "--out",
		dir, "--salt-file", filepath.Join(tmp, "salt"), "--timezone", "America/New_York",
		"--quiet")
	if code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	return dir
}

// calibrate refuses, before it writes anything, what it cannot do: an
// --out that is a folder or exists, a venue list beside it that exists, a
// path that is not an imported folder, and an import without records.
func TestCalibrateRefuses(t *testing.T) {
	imp := importCheckIns(t)
	tmp := t.TempDir()
	existing := writeText(t, tmp, "old/cal.yaml", "old\n")
	writeText(t, tmp, "venues/cal.venues.csv", "old\n")
	venues := writeText(t, tmp, "v.csv", "poi_id,category,latitude,longitude\n"+
		"1,Home (private),40.7,-74.0\n2,Office,40.71,-74.01\n")
	vimp := filepath.Join(tmp, "vimp")
	ctx := context.Background()
	if code, _, stderr := runCLI(t, ctx, "import", "venues", venues, "--out", vimp,
		"--salt-file", filepath.Join(tmp, "salt"), "--quiet"); code != exitOK {
		t.Fatalf("import venues: exit %d: %s", code, stderr)
	}
	sim := filepath.Join(tmp, "sim")
	if code, _, stderr := runCLI(t, ctx, append([]string{"run", "--out", sim},
		smallRun...)...); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty out", []string{imp, "--out", ""}, "--out is empty"},
		{"out a folder", []string{imp, "--out", tmp}, "is a folder, not a file"},
		{"out exists", []string{imp, "--out", existing}, "exists; give --overwrite"},
		{"venue list exists", []string{imp, "--out", filepath.Join(tmp, "venues", "cal.yaml")},
			"cal.venues.csv, where calibrate writes the imported venues"},
		{"empty venues", []string{imp, "--out", filepath.Join(tmp, "x.yaml"), "--venues", ""},
			"--venues is empty"},
		{"venues a folder", []string{imp, "--out", filepath.Join(tmp, "x.yaml"), "--venues",
			tmp}, "is a folder; want a venue list file"},
		{"venues only", []string{vimp, "--out", filepath.Join(tmp, "x.yaml")},
			"holds no records (0 people)"},
		{"a simulation", []string{sim, "--out", filepath.Join(tmp, "x.yaml")},
			"a simulation's run folder"},
		{"a file", []string{venues, "--out", filepath.Join(tmp, "x.yaml")},
			"not an imported folder: a file"},
		{"no manifest", []string{filepath.Join(tmp, "old"), "--out", filepath.Join(tmp,
			"x.yaml")}, "no manifest.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := leftBehind(t, tmp)
			code, _, stderr := runCLI(t, ctx, append([]string{"calibrate", "--quiet"},
				tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, %q; want exit 2 saying %q", code, stderr, tt.want)
			}
			if after := leftBehind(t, tmp); strings.Join(after, " ") != strings.Join(before,
				" ") {
				t.Errorf("the folder held %v and holds %v", before, after)
			}
		})
	}
	if data, _ := os.ReadFile(existing); string(data) != "old\n" {
		t.Errorf("%s was changed", existing)
	}
}

// An interrupted calibrate leaves neither the scenario nor its venue
// list, nor the folder made for them; --overwrite replaces both.
func TestCalibrateInterruptedAndOverwrite(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration simulates the city; skipped with -short")
	}
	imp := importCheckIns(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "new", "cal.yaml")
	for _, marker := range []string{"population built", "attacking"} {
		code, _, stderr := runUntil(t, marker, "calibrate", imp, "--out", out, "--days", "7")
		if code != exitInterrupted || !strings.Contains(stderr, "nothing was written") {
			t.Errorf("%s: exit %d, %q; want %d", marker, code, stderr, exitInterrupted)
		}
		if got := leftBehind(t, tmp); len(got) > 0 {
			t.Errorf("interrupted at %s: left behind %v", marker, got)
		}
	}
	ctx := context.Background()
	args := []string{"calibrate", imp, "--out", out, "--days", "7", "--quiet"}
	if code, _, stderr := runCLI(t, ctx, args...); code != exitOK {
		t.Fatalf("calibrate: exit %d: %s", code, stderr)
	}
	if got := strings.Join(leftBehind(t, filepath.Dir(out)), " "); got !=
		"cal.venues.csv cal.yaml" {
		t.Errorf("the folder holds %s, want cal.venues.csv cal.yaml", got)
	}
	if code, _, _ := runCLI(t, ctx, args...); code != exitUsage {
		t.Errorf("again without --overwrite: exit %d, want 2", code)
	}
	if code, _, stderr := runCLI(t, ctx, append(args, "--overwrite")...); code != exitOK {
		t.Errorf("again with --overwrite: exit %d: %s", code, stderr)
	}
}
