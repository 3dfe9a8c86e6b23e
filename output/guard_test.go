package output_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/output"
)

// --overwrite replaces a run, never the files a researcher kept beside
// it; charts and a report drawn from the run do not count as such files.
func TestOverwriteKeepsForeignFiles(t *testing.T) {
	tests := []struct {
		name    string
		extra   string
		replace bool
	}{
		{"notes beside the run", "notes.txt", false},
		{"a folder of own data", "mydata/", false},
		{"a report drawn from the run", "report.html", true},
		{"charts drawn from the run", "charts/", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			commitTable(t, dir, output.Parquet, samples(3))
			path := filepath.Join(dir, strings.TrimSuffix(tt.extra, "/"))
			var err error
			if strings.HasSuffix(tt.extra, "/") {
				err = os.Mkdir(path, 0o755)
			} else {
				err = os.WriteFile(path, []byte("keep me"), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			r, err := output.Create(dir, output.Parquet, output.CreateOptions{Overwrite: true})
			if tt.replace {
				if err != nil {
					t.Fatalf("Create with Overwrite: %v, want the run replaced", err)
				}
				r.Abort()
				return
			}
			if !errors.Is(err, fs.ErrExist) {
				t.Fatalf("Create with Overwrite over %s: error = %v, want fs.ErrExist",
					tt.extra, err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s is gone: %v", tt.extra, err)
			}
		})
	}
}

// A run written inside another run's folder would make the outer one fail
// its checks, so Create refuses it.
func TestCreateRefusesRunInsideRun(t *testing.T) {
	outer := filepath.Join(t.TempDir(), "outer")
	commitTable(t, outer, output.Parquet, samples(2))
	_, err := output.Create(filepath.Join(outer, "sub", "inner"), output.Parquet,
		output.CreateOptions{})
	if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "lies inside the run") {
		t.Fatalf("Create inside a run: error = %v, want a refusal naming the outer run", err)
	}
	if _, err := os.Stat(filepath.Join(outer, "sub")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the refused run left %s/sub behind", outer)
	}
	if err := output.VerifyFiles(outer); err != nil {
		t.Errorf("the outer run no longer verifies: %v", err)
	}
}

// A partial folder left by a process of this host that is gone (killed,
// or out of memory) is removed when the next run of the same folder
// starts; those of live processes and of other hosts are kept.
func TestStalePartialsAreRemoved(t *testing.T) {
	parent := t.TempDir()
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	host = strings.ReplaceAll(host, "-", "_")
	dead := ".run.partial-" + host + "-2147483646-123" // no such process
	live := ".run.partial-" + host + "-" + strconv.Itoa(os.Getpid()) + "-456"
	other := ".run.partial-elsewhere-1-789"
	for _, name := range []string{dead, live, other} {
		if err := os.Mkdir(filepath.Join(parent, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	r, err := output.Create(filepath.Join(parent, "run"), output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r.Abort()
	for name, want := range map[string]bool{dead: false, live: true, other: true} {
		_, err := os.Stat(filepath.Join(parent, name))
		if got := err == nil; got != want {
			t.Errorf("%s kept = %v, want %v", name, got, want)
		}
	}
}
