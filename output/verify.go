package output

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ErrMismatch is wrapped by the errors VerifyFiles returns when a run
// folder disagrees with its manifest.
var ErrMismatch = errors.New("does not match the manifest")

// VerifyFiles checks the run in dir against its manifest. It recomputes
// every listed file's size, SHA-256 digest and row count, checks the
// manifest's row counts per table, and looks for files the manifest does
// not list. It returns nil if all agree, and otherwise one error per
// problem, joined; errors for disagreements wrap ErrMismatch.
func VerifyFiles(dir string) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	var errs []error
	listed := map[string]bool{manifestName: true}
	for _, want := range m.Files {
		listed[want.Name] = true
		errs = append(errs, verifyFile(dir, want))
	}
	errs = append(errs, verifyRows(m)...)
	errs = append(errs, unlisted(dir, listed)...)
	return errors.Join(errs...)
}

// verifyFile compares one file with its manifest entry.
func verifyFile(dir string, want FileInfo) error {
	if !filepath.IsLocal(want.Name) || strings.ContainsAny(want.Name, `/\`) {
		return fmt.Errorf("output: verify: %w: %q is not a file name",
			ErrMismatch, want.Name)
	}
	path := filepath.Join(dir, want.Name)
	bytes, sum, err := digestFile(path)
	if err != nil {
		return fmt.Errorf("output: verify %s: %w", want.Name, err)
	}
	var errs []error
	if bytes != want.Bytes {
		errs = append(errs, mismatch(want.Name, "size", bytes, want.Bytes))
	}
	if sum != want.SHA256 {
		errs = append(errs, mismatch(want.Name, "sha256", sum, want.SHA256))
	}
	rows, err := countRows(path)
	switch {
	case err != nil:
		errs = append(errs, fmt.Errorf("output: verify %s: count rows: %w",
			want.Name, err))
	case rows != want.Rows:
		errs = append(errs, mismatch(want.Name, "rows", rows, want.Rows))
	}
	return errors.Join(errs...)
}

// verifyRows checks that Manifest.Rows agrees with the files' row counts.
func verifyRows(m *Manifest) []error {
	var errs []error
	for _, table := range slices.Sorted(maps.Keys(m.Rows)) {
		want := m.Rows[table]
		name := table + m.Format.Ext()
		i := fileIndex(m.Files, name)
		if i < 0 {
			errs = append(errs, fmt.Errorf("output: verify %s: %w: table "+
				"%s has a row count but no file", name, ErrMismatch, table))
			continue
		}
		if got := m.Files[i].Rows; got != want {
			errs = append(errs, mismatch(name, "rows in files", got, want))
		}
	}
	return errs
}

func fileIndex(files []FileInfo, name string) int {
	for i, f := range files {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// derived are the names in a run folder that are drawn from the run after
// it was committed (scantrail plot writes charts/, scantrail report
// writes report.html); VerifyFiles does not count them as unlisted.
var derived = []string{"charts", "report.html"}

// unlisted reports the files in dir that the manifest does not list.
func unlisted(dir string, listed map[string]bool) []error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []error{fmt.Errorf("output: verify %s: %w", dir, err)}
	}
	var errs []error
	for _, e := range entries {
		if !listed[e.Name()] && !slices.Contains(derived, e.Name()) {
			errs = append(errs, fmt.Errorf("output: verify %s: %w: the "+
				"file is not listed", e.Name(), ErrMismatch))
		}
	}
	return errs
}

func mismatch(name, what string, got, want any) error {
	return fmt.Errorf("output: verify %s: %w: %s is %v, manifest says %v",
		name, ErrMismatch, what, got, want)
}

// digestFile returns the size and hex SHA-256 digest of a file.
func digestFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// countRows counts the table rows in a file by its extension; other
// files count zero.
func countRows(path string) (int64, error) {
	ext := filepath.Ext(path)
	if ext != Parquet.Ext() && ext != CSV.Ext() {
		return 0, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if ext == CSV.Ext() {
		return countCSVRows(bufio.NewReaderSize(f, 1<<20))
	}
	return countParquetRows(f)
}
