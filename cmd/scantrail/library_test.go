package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
)

// Every embedded scenario runs end to end, at a small size, and its
// summary says which mitigations were active.
func TestEveryLibraryScenarioRuns(t *testing.T) {
	want := map[string]string{
		"default":              "mitigations: none",
		"cash-and-skip":        "cash (share 0.33)",
		"crowdnotifier":        "health_authority: decentralized, phones keep 10 days",
		"certificate-only":     "health_authority: checks codes without logging",
		"retention-comparison": "scans_21_days: retention 21 days",
	}
	for _, e := range scenarios.Names() {
		t.Run(e.Name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			code, stdout, stderr := runCLI(t, context.Background(), "run", e.Name, "--out", dir,
				"--quiet", "--set", "population.people=300", "--set", "days=2",
				"--set", "attacks.replicates=1")
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if _, err := output.ReadManifest(dir); err != nil {
				t.Fatal(err)
			}
			if w, ok := want[e.Name]; ok && !strings.Contains(stdout, w) {
				t.Errorf("summary lacks %q:\n%s", w, stdout)
			}
		})
	}
}

// The mitigations command lists every mitigation of the catalogue.
func TestMitigationsCommand(t *testing.T) {
	code, stdout, stderr := runCLI(t, context.Background(), "mitigations")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, m := range scenarios.Catalogue() {
		if !strings.Contains(stdout, m.Name) || !strings.Contains(stdout, m.Keys) {
			t.Errorf("listing lacks %s (%s)", m.Name, m.Keys)
		}
	}
}

// A setting that cannot act on the scenario's records is warned about on
// stderr, and the run goes on.
func TestRunWarnsAboutIdleMitigations(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := runCLI(t, context.Background(), "run", "--out", dir, "--quiet",
		"--set", "population.people=200", "--set", "days=1", "--set", "adversaries=[]",
		"--set", "mitigations.gps_spoofing.share=0.5")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: mitigations.gps_spoofing: no holder locates") {
		t.Errorf("no warning about GPS spoofing without GPS locating:\n%s", stderr)
	}
}

// A panic inside a command becomes a short message and exit status 1, not
// a Go trace.
func TestPanicBecomesAMessage(t *testing.T) {
	var errw strings.Builder
	code := executeContext(context.Background(), []string{"mitigations"},
		strings.NewReader(""), panicWriter{}, &errw)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(errw.String(), "internal error:") ||
		!strings.Contains(errw.String(), "boom") ||
		strings.Contains(errw.String(), "goroutine") {
		t.Errorf("stderr = %q, want the short message without a trace", errw.String())
	}
}

// panicWriter panics on every write, standing in for a bug in a command.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom") }

// A run inside another run's folder is refused with the real reason, not
// as an occupied folder that --overwrite could replace.
func TestRunInsideRunSaysWhy(t *testing.T) {
	outer := filepath.Join(t.TempDir(), "outer")
	small := []string{"--quiet", "--set", "population.people=200", "--set", "days=1",
		"--set", "adversaries=[]"}
	if code, _, stderr := runCLI(t, context.Background(),
		append([]string{"run", "--out", outer}, small...)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr := runCLI(t, context.Background(),
		append([]string{"run", "--out", filepath.Join(outer, "inner")}, small...)...)
	if code != exitUsage || !strings.Contains(stderr, "lies inside the run") ||
		strings.Contains(stderr, "give --overwrite") {
		t.Errorf("exit %d, stderr %q; want exit %d naming the enclosing run", code, stderr,
			exitUsage)
	}
}
