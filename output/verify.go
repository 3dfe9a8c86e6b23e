package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
		return mismatch(want.Name, "name", "a path", "a file name")
	}
	got, err := measure(filepath.Join(dir, want.Name))
	if err != nil {
		return fmt.Errorf("output: verify %s: %w", want.Name, err)
	}
	var errs []error
	if got.Bytes != want.Bytes {
		errs = append(errs, mismatch(want.Name, "size", got.Bytes, want.Bytes))
	}
	if got.SHA256 != want.SHA256 {
		errs = append(errs,
			mismatch(want.Name, "sha256", got.SHA256, want.SHA256))
	}
	if got.Rows != want.Rows {
		errs = append(errs, mismatch(want.Name, "rows", got.Rows, want.Rows))
	}
	return errors.Join(errs...)
}

// verifyRows checks that Manifest.Rows agrees with the files' row counts.
func verifyRows(m *Manifest) []error {
	var errs []error
	for table, want := range m.Rows {
		name := table + m.Format.Ext()
		i := fileIndex(m.Files, name)
		if i < 0 {
			errs = append(errs, mismatch(name, "listing", "absent", "listed"))
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

// unlisted reports the files in dir that the manifest does not list.
func unlisted(dir string, listed map[string]bool) []error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []error{fmt.Errorf("output: verify %s: %w", dir, err)}
	}
	var errs []error
	for _, e := range entries {
		if !listed[e.Name()] {
			errs = append(errs,
				mismatch(e.Name(), "listing", "present", "not listed"))
		}
	}
	return errs
}

func mismatch(name, what string, got, want any) error {
	return fmt.Errorf("output: verify %s: %w: %s is %v, manifest says %v",
		name, ErrMismatch, what, got, want)
}

// measure computes a file's size, digest and, for tables, row count.
func measure(path string) (FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileInfo{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileInfo{}, err
	}
	info := FileInfo{Name: filepath.Base(path), Bytes: n,
		SHA256: hex.EncodeToString(h.Sum(nil))}
	info.Rows, err = countRows(f)
	return info, err
}

// countRows counts the table rows in f by its extension; other files
// count zero.
func countRows(f *os.File) (int64, error) {
	switch filepath.Ext(f.Name()) {
	case Parquet.Ext():
		return countParquetRows(f)
	case CSV.Ext():
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0, err
		}
		return countCSVRows(f)
	}
	return 0, nil
}
