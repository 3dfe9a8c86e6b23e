package output_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/output"
)

func TestCreateRefusesNonEmptyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)

	for _, overwrite := range []bool{false, true} {
		opts := output.CreateOptions{Overwrite: overwrite}
		_, err := output.Create(dir, output.Parquet, opts)
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("Create(Overwrite: %v) over a folder without a "+
				"manifest: error = %v, want fs.ErrExist", overwrite, err)
		}
	}
	checkEntries(t, filepath.Dir(dir), "run")
}

func TestCreateAcceptsEmptyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	os.Mkdir(dir, 0o755)
	commitTable(t, dir, output.CSV, samples(3))
	checkEntries(t, dir, "manifest.json", "samples.csv")
}

func TestAbortLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	r, err := output.Create(dir, output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := output.WriteTable(r, "done", samples(10)); err != nil {
		t.Fatal(err)
	}
	open, err := output.NewTable[sample](r, "open")
	if err != nil {
		t.Fatal(err)
	}
	open.Write(samples(10))
	if got := entries(t, parent); len(got) != 1 ||
		!strings.HasPrefix(got[0], ".run.partial-") {
		t.Errorf("while running the parent holds %q, want one partial "+
			"folder", got)
	}

	for range 2 {
		if err := r.Abort(); err != nil {
			t.Fatalf("Abort() = %v", err)
		}
	}
	if got := entries(t, parent); len(got) != 0 {
		t.Errorf("after Abort the parent holds %q, want nothing", got)
	}
	if err := open.Close(); err == nil {
		t.Errorf("Close after Abort succeeded, want error")
	}
	if _, err := output.NewTable[sample](r, "late"); err == nil {
		t.Errorf("NewTable after Abort succeeded, want error")
	}
	if err := r.Commit(output.Manifest{}); err == nil {
		t.Errorf("Commit after Abort succeeded, want error")
	}
}

func TestCommit(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	r, err := output.Create(dir, output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	for _, name := range []string{"visits", "scans"} {
		if err := output.WriteTable(r, name, samples(5)); err != nil {
			t.Fatal(err)
		}
	}
	want := output.Manifest{
		Scantrail:    "v0.1.0",
		ScenarioName: "city-a",
		Scenario:     "name: city-a\nseed: 42\n",
		Seed:         42,
		Timings:      map[string]float64{"simulate": 1.5},
		Extra:        map[string]any{"note": "test"},
	}
	if err := r.Commit(want); err != nil {
		t.Fatal(err)
	}

	checkEntries(t, parent, "run")
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkManifest(t, dir, m, want)
	if err := r.Abort(); err != nil {
		t.Errorf("Abort after Commit = %v, want nil", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Errorf("Abort after Commit removed the run: %v", err)
	}
	if err := r.Commit(want); err == nil {
		t.Errorf("second Commit succeeded, want error")
	}
}

// checkManifest compares m with the manifest given to Commit and with the
// files in dir.
func checkManifest(t *testing.T, dir string, m *output.Manifest,
	given output.Manifest) {
	t.Helper()
	if m.Seed != given.Seed || m.Scenario != given.Scenario ||
		m.ScenarioName != given.ScenarioName ||
		m.Scantrail != given.Scantrail ||
		m.Timings["simulate"] != given.Timings["simulate"] ||
		m.Extra["note"] != given.Extra["note"] {
		t.Errorf("manifest = %+v, want the fields of %+v", m, given)
	}
	if m.Version != output.ManifestVersion || m.Format != output.Parquet {
		t.Errorf("manifest version, format = %d, %v; want %d, parquet",
			m.Version, m.Format, output.ManifestVersion)
	}
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Name)
		sum := sha256.Sum256(readFile(t, dir, f.Name))
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
			t.Errorf("%s sha256 = %s, manifest says %s", f.Name, got,
				f.SHA256)
		}
		if f.Rows != 5 {
			t.Errorf("%s rows = %d, want 5", f.Name, f.Rows)
		}
	}
	wantNames := []string{"scans.parquet", "visits.parquet"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("manifest files = %q, want %q", names, wantNames)
	}
	if m.Rows["visits"] != 5 || m.Rows["scans"] != 5 || len(m.Rows) != 2 {
		t.Errorf("manifest rows = %v, want visits and scans at 5", m.Rows)
	}
}

func TestCommitRefusesOpenTable(t *testing.T) {
	r, err := output.Create(filepath.Join(t.TempDir(), "run"),
		output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	tab, err := output.NewTable[sample](r, "visits")
	if err != nil {
		t.Fatal(err)
	}
	err = r.Commit(output.Manifest{})
	if err == nil || !strings.Contains(err.Error(), "visits") {
		t.Errorf("Commit with an open table: error = %v, want one naming "+
			"visits", err)
	}
	tab.Close()
	if err := r.Commit(output.Manifest{}); err != nil {
		t.Errorf("Commit after Close = %v", err)
	}
}

func TestOverwriteReplacesRun(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	commitTable(t, dir, output.Parquet, samples(3))
	if _, err := output.Create(dir, output.Parquet,
		output.CreateOptions{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over a run without Overwrite: error = %v, want "+
			"fs.ErrExist", err)
	}

	r, err := output.Create(dir, output.CSV,
		output.CreateOptions{Overwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := output.WriteTable(r, "other", samples(2)); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(output.Manifest{}); err != nil {
		t.Fatal(err)
	}
	checkEntries(t, parent, "run")
	checkEntries(t, dir, "manifest.json", "other.csv")
}

func TestVerifyFiles(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(dir string) error
		want   error // nil, ErrMismatch or another error to match
	}{
		{"untouched", func(string) error { return nil }, nil},
		{"flipped byte", flipByte("samples.parquet", 100),
			output.ErrMismatch},
		{"truncated", func(dir string) error {
			return os.Truncate(filepath.Join(dir, "samples.parquet"), 50)
		}, output.ErrMismatch},
		{"stray file", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
		}, output.ErrMismatch},
		{"missing file", func(dir string) error {
			return os.Remove(filepath.Join(dir, "samples.parquet"))
		}, fs.ErrNotExist},
		{"no manifest", func(dir string) error {
			return os.Remove(filepath.Join(dir, "manifest.json"))
		}, fs.ErrNotExist},
	}
	for _, tt := range tests {
		dir := filepath.Join(t.TempDir(), "run")
		commitTable(t, dir, output.Parquet, samples(100))
		if err := tt.tamper(dir); err != nil {
			t.Fatal(err)
		}
		err := output.VerifyFiles(dir)
		if tt.want == nil && err != nil || !errors.Is(err, tt.want) {
			t.Errorf("%s: VerifyFiles() = %v, want %v", tt.name, err,
				tt.want)
		}
	}
}

func TestVerifyFilesCSVRows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	commitTable(t, dir, output.CSV, samples(10))
	if err := output.VerifyFiles(dir); err != nil {
		t.Fatalf("VerifyFiles() = %v", err)
	}
	path := filepath.Join(dir, "samples.csv")
	data := readFile(t, path)
	os.WriteFile(path, append(data, "9,,,,,,\n"...), 0o644)
	err := output.VerifyFiles(dir)
	if !errors.Is(err, output.ErrMismatch) ||
		!strings.Contains(err.Error(), "rows is 11") {
		t.Errorf("VerifyFiles() with an added row = %v, want a row "+
			"mismatch", err)
	}
}

func flipByte(name string, offset int64) func(dir string) error {
	return func(dir string) error {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		b := make([]byte, 1)
		if _, err := f.ReadAt(b, offset); err != nil {
			return err
		}
		b[0] ^= 0xff
		_, err = f.WriteAt(b, offset)
		return err
	}
}

// TestConcurrentTables writes several tables of one run at once, one
// goroutine a table, as the simulator does; run it with -race.
func TestConcurrentTables(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	r, err := output.Create(dir, output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	names := []string{"a", "b", "c", "d"}
	errs := make(chan error, len(names))
	for _, name := range names {
		go func() { errs <- output.WriteTable(r, name, samples(5000)) }()
	}
	for range names {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Commit(output.Manifest{}); err != nil {
		t.Fatal(err)
	}
	if err := output.VerifyFiles(dir); err != nil {
		t.Errorf("VerifyFiles() = %v", err)
	}
}
