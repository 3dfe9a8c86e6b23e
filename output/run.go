package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// DefaultRowGroupRows is the number of rows in a Parquet row group unless
// CreateOptions says otherwise. parquet-go keeps a whole row group's
// compressed pages in memory, so this bounds a table's memory use (a few
// megabytes for the simulator's row types) while keeping groups large
// enough for fast scans.
const DefaultRowGroupRows = 1 << 20

// ErrInsideRun is returned by Create for a folder inside another run's
// folder. errors.Is also matches it with fs.ErrExist.
var ErrInsideRun error = insideRun{}

type insideRun struct{}

// Error says what is wrong.
func (insideRun) Error() string { return "a run folder may not lie inside another" }

// Is makes errors.Is(ErrInsideRun, fs.ErrExist) true.
func (insideRun) Is(target error) bool { return target == fs.ErrExist }

// manifestName is the file whose presence marks a finished run.
const manifestName = "manifest.json"

// CreateOptions adjusts how Create prepares a run. The zero value is a
// good default.
type CreateOptions struct {
	// Overwrite lets Create accept a target folder that holds an earlier
	// run; Commit then replaces it. A non-empty folder without
	// manifest.json is refused even with Overwrite.
	Overwrite bool

	// RowGroupRows is the number of rows per Parquet row group, rounded
	// up to a multiple of 64. Zero means DefaultRowGroupRows.
	RowGroupRows int64
}

// Run is a run folder being written. Tables are written into a hidden
// partial folder; Commit moves it into place and Abort removes it. A Run
// may be used by several goroutines, each writing its own tables.
type Run struct {
	dir    string
	tmp    string
	format Format
	opts   CreateOptions

	mu     sync.Mutex
	state  runState
	open   map[string]io.Closer // open tables by table name
	files  map[string]FileInfo  // closed tables by table name
	failed map[string]error     // tables whose writing failed
}

type runState int

const (
	running runState = iota
	committed
	aborted
)

// Create prepares a run that will be committed to the folder dir, writing
// tables in format. It creates dir's parent if needed and a hidden partial
// folder beside dir (see the package documentation). If dir exists and
// is not empty, it fails with an error wrapping fs.ErrExist, unless
// opts.Overwrite is set and dir holds an earlier run.
//
// Callers should defer Abort right after Create: it removes the partial
// folder if the run stops before Commit, and does nothing after it.
func Create(dir string, format Format, opts CreateOptions) (*Run, error) {
	if !format.valid() {
		return nil, fmt.Errorf("output: create run: invalid format %d", format)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("output: create run %s: %w", dir, err)
	}
	if outer := enclosingRun(abs); outer != "" {
		return nil, fmt.Errorf("output: %s lies inside the run %s, whose files it would "+
			"change; choose a folder outside it (%w)", abs, outer, ErrInsideRun)
	}
	if err := checkTarget(abs, opts.Overwrite); err != nil {
		return nil, err
	}
	tmp, err := makePartial(abs)
	if err != nil {
		return nil, err
	}
	return &Run{
		dir:    abs,
		tmp:    tmp,
		format: format,
		opts:   withDefaults(opts),
		open:   map[string]io.Closer{},
		files:  map[string]FileInfo{},
		failed: map[string]error{},
	}, nil
}

// Dir returns the absolute path of the folder the run is committed to.
func (r *Run) Dir() string { return r.dir }

// Format returns the format of the run's tables.
func (r *Run) Format() Format { return r.format }

// Abort discards the run: it closes tables still open and removes the
// partial folder with everything written so far. It does nothing after
// Commit and may be called any number of times. Stop the goroutines that
// write tables before calling it.
func (r *Run) Abort() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == committed {
		return nil
	}
	r.state = aborted
	for name, f := range r.open {
		f.Close() // the file is being discarded; its error does not matter
		delete(r.open, name)
	}
	if err := os.RemoveAll(r.tmp); err != nil {
		return fmt.Errorf("output: abort run %s: %w", r.dir, err)
	}
	return nil
}

// checkTarget reports whether a run may be committed to dir.
func checkTarget(dir string, overwrite bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output: run folder %s: %w", dir, err)
	case len(entries) == 0:
		return nil
	case !overwrite:
		return fmt.Errorf("output: run folder %s is not empty: %w", dir, fs.ErrExist)
	case !isRun(dir):
		return fmt.Errorf("output: run folder %s is not empty and is not just a "+
			"scantrail run (no valid %s, or files it does not list); "+
			"refusing to replace what is not a run: %w",
			dir, manifestName, fs.ErrExist)
	}
	return nil
}

// isRun reports whether dir holds a finished run and nothing else: every
// entry is the manifest, a file it lists, or a chart or report drawn from
// the run. Files a researcher keeps beside a run (notes, other data) make
// the folder no longer a run that --overwrite may replace.
func isRun(dir string) bool {
	m, err := ReadManifest(dir)
	if err != nil || m.Version < 1 {
		return false
	}
	listed := map[string]bool{manifestName: true}
	for _, f := range m.Files {
		listed[f.Name] = true
	}
	return len(unlisted(dir, listed)) == 0
}

// enclosingRun returns the nearest folder above dir that holds a run's
// manifest, or "" when there is none: a run written inside another would
// make the outer one fail its checks.
func enclosingRun(dir string) string {
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		if _, err := ReadManifest(p); err == nil {
			return p
		}
		if next := filepath.Dir(p); next == p {
			return ""
		}
	}
}

// makePartial creates the hidden folder beside dir that a run is written
// into.
func makePartial(dir string) (string, error) {
	parent, base := filepath.Split(dir)
	if base == "" || base == "." || base == ".." {
		return "", fmt.Errorf("output: %s cannot be a run folder", dir)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("output: create run %s: %w", dir, err)
	}
	prefix := partialPrefix(base)
	removeStalePartials(parent, prefix)
	tmp, err := os.MkdirTemp(parent, prefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", fmt.Errorf("output: create run %s: %w", dir, err)
	}
	// MkdirTemp makes the folder private; a finished run is an ordinary
	// folder that others may read, as the folders MkdirAll makes.
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("output: create run %s: %w", dir, err)
	}
	return tmp, nil
}

// partialPrefix returns the start of the name of a partial folder for a
// run folder named base, written on this host: ".BASE.partial-HOST-". The
// process id and a random part follow.
func partialPrefix(base string) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	host = strings.Map(func(r rune) rune {
		if r == '-' || r == '/' || r == os.PathSeparator {
			return '_'
		}
		return r
	}, host)
	return "." + base + ".partial-" + host + "-"
}

// removeStalePartials removes the partial folders of base left in parent
// by processes of this host that no longer run (killed, or out of
// memory). Partial folders of other hosts, which may share the folder
// through a network file system, and of live processes are left alone.
func removeStalePartials(parent, prefix string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || processAlive(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(parent, e.Name())) // best effort; a leftover is harmless
	}
}

// processAlive reports whether a process with the id runs on this host.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

func withDefaults(opts CreateOptions) CreateOptions {
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = DefaultRowGroupRows
	}
	opts.RowGroupRows = (opts.RowGroupRows + chunkRows - 1) /
		chunkRows * chunkRows
	return opts
}

// openTable registers a new table and creates its file in the partial
// folder.
func (r *Run) openTable(name, key string) (*os.File, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.checkNewTable(name, key); err != nil {
		return nil, err
	}
	path := filepath.Join(r.tmp, key)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("output: table %s: %w", name, err)
	}
	r.open[key] = f
	return f, nil
}

func (r *Run) checkNewTable(name, key string) error {
	if err := r.checkRunning(); err != nil {
		return err
	}
	if !validTableName(name) {
		return fmt.Errorf("output: invalid table name %q (use letters, "+
			"digits, '_', '-' and '.', not first)", name)
	}
	_, open := r.open[key]
	_, done := r.files[key]
	_, failed := r.failed[key]
	if open || done || failed {
		return fmt.Errorf("output: table %s already exists", name)
	}
	return nil
}

func (r *Run) checkRunning() error {
	switch r.state {
	case committed:
		return fmt.Errorf("output: run %s is already committed", r.dir)
	case aborted:
		return fmt.Errorf("output: run %s was aborted", r.dir)
	}
	return nil
}

// closeTable records the end of a table. It reports whether the run was
// still running; after Abort the table's file is gone.
func (r *Run) closeTable(name string, info FileInfo, err error) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != running {
		return false
	}
	delete(r.open, name)
	if err != nil {
		r.failed[name] = err
		return true
	}
	r.files[name] = info
	return true
}

// dropTable forgets the table file key whose encoder could not be built and removes
// its file.
func (r *Run) dropTable(key string, f *os.File) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.open, key)
	f.Close()
	os.Remove(f.Name()) // a leftover would be caught by VerifyFiles
}

func validTableName(name string) bool {
	if name == "" || len(name) > 200 || name[0] == '.' {
		return false
	}
	return strings.IndexFunc(name, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
			c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')
	}) < 0
}
