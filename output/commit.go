package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Commit finishes the run: it fills in m's Version, Format, Files and Rows
// from the closed tables, writes manifest.json into the partial folder and
// renames the folder to Dir, replacing an earlier run if the run was
// created with Overwrite. It refuses while any table is open or if any
// table failed. If Commit fails, the run is not committed and Abort
// still cleans up.
func (r *Run) Commit(m Manifest) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.checkCommit(); err != nil {
		return err
	}
	r.fill(&m)
	if err := writeManifest(r.tmp, &m); err != nil {
		return err
	}
	syncDir(r.tmp)
	return r.place()
}

func (r *Run) checkCommit() error {
	if err := r.checkRunning(); err != nil {
		return err
	}
	if len(r.open) > 0 {
		names := slices.Sorted(maps.Keys(r.open))
		return fmt.Errorf("output: commit run %s: tables still open: %s",
			r.dir, strings.Join(names, ", "))
	}
	if len(r.failed) > 0 {
		errs := make([]error, 0, len(r.failed))
		for _, name := range slices.Sorted(maps.Keys(r.failed)) {
			errs = append(errs, r.failed[name])
		}
		return fmt.Errorf("output: commit run %s: tables failed: %w",
			r.dir, errors.Join(errs...))
	}
	return nil
}

// fill completes m with what the run knows about itself.
func (r *Run) fill(m *Manifest) {
	m.Version = ManifestVersion
	m.Format = r.format
	m.Files = make([]FileInfo, 0, len(r.files))
	m.Rows = make(map[string]int64, len(r.files))
	for _, info := range r.files {
		m.Files = append(m.Files, info)
		m.Rows[strings.TrimSuffix(info.Name, filepath.Ext(info.Name))] = info.Rows
	}
	slices.SortFunc(m.Files, func(a, b FileInfo) int {
		return strings.Compare(a.Name, b.Name)
	})
	if m.Timings == nil {
		m.Timings = map[string]float64{}
	}
}

// place renames the partial folder to the run folder, moving an earlier
// run aside first and removing it after.
func (r *Run) place() error {
	if err := checkTarget(r.dir, r.opts.Overwrite); err != nil {
		return err
	}
	old, err := r.moveAside()
	if err != nil {
		return err
	}
	if err := os.Rename(r.tmp, r.dir); err != nil {
		err = fmt.Errorf("output: commit run %s: %w", r.dir, err)
		if old != "" {
			err = errors.Join(err, os.Rename(old, r.dir))
		}
		return err
	}
	r.state = committed
	syncDir(filepath.Dir(r.dir))
	if old == "" {
		return nil
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("output: run %s committed, but the run it "+
			"replaced is left at %s: %w", r.dir, old, err)
	}
	return nil
}

// moveAside clears the way for the rename into r.dir. It removes an empty
// folder and renames an earlier run to a hidden name, which it returns.
func (r *Run) moveAside() (string, error) {
	entries, err := os.ReadDir(r.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err == nil && len(entries) == 0:
		err = os.Remove(r.dir)
	case err == nil:
		return r.renameAside()
	}
	if err != nil {
		return "", fmt.Errorf("output: commit run %s: %w", r.dir, err)
	}
	return "", nil
}

// renameAside renames an earlier run in r.dir to a hidden name beside it.
func (r *Run) renameAside() (string, error) {
	base := filepath.Base(r.dir)
	suffix := strings.TrimPrefix(filepath.Base(r.tmp), "."+base+".partial-")
	old := filepath.Join(filepath.Dir(r.dir), "."+base+".replaced-"+suffix)
	if err := os.Rename(r.dir, old); err != nil {
		return "", fmt.Errorf("output: move aside run %s: %w", r.dir, err)
	}
	return old, nil
}

// syncDir asks the file system to make a folder's entries durable. It is
// best effort: some file systems cannot sync folders, and the renames
// stay atomic without it.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
