package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/output"
)

var attackRun = []string{"--quiet", "--set", "population.people=500", "--set", "days=3",
	"--set", "attacks.replicates=2", "--set", "attacks.sample=200"}

// analyze on a run folder, with the run's own settings, writes exactly the
// metrics the run wrote.
func TestAnalyzeReproducesRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI(t, context.Background(), append([]string{"run", "--out", dir}, attackRun...)...)
	if code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"unicity", "linkage", "home_work", "tracking", "companions", "risk"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run printed no %s result", want)
		}
	}
	before, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}

	code, _, stderr = runCLI(t, context.Background(), "analyze", dir, "--quiet")
	if code != exitOK {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	after, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("analyze wrote different metrics than run:\nrun:\n%.400s\nanalyze:\n%.400s", before, after)
	}
	if err := output.VerifyFiles(dir); err != nil {
		t.Errorf("run folder does not verify after analyze: %v", err)
	}
}

func TestAnalyzeFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := runCLI(t, context.Background(), append([]string{"run", "--out", dir}, attackRun...)...); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, context.Background(), "analyze", dir, "--quiet",
		"--replicates", "1", "--points", "3", "--resolution", "grid500/day", "--k", "1", "--days", "1")
	if code != exitOK {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"resolution=grid500/day p=3", "k=1", "days=1"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("analyze output lacks %q", want)
		}
	}
	for _, unwanted := range []string{"p=4", "k=2", "venue/hour", "days=7"} {
		if strings.Contains(stdout, unwanted) {
			t.Errorf("analyze output has %q, which the flags left out", unwanted)
		}
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"simulation field", []string{"analyze", dir, "--set", "population.people=9"}, "only attacks."},
		{"bad resolution", []string{"analyze", dir, "--resolution", "venue/week"}, "week"},
		{"not a run", []string{"analyze", t.TempDir()}, "manifest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), tt.args...)
			if code == exitOK || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want a failure mentioning %q", code, stderr, tt.want)
			}
		})
	}
}
