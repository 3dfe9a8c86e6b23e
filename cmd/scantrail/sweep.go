package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/output/chart"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// sweepOptions are the flags and arguments of scantrail sweep.
type sweepOptions struct {
	io      streams
	file    string
	out     string
	outSet  bool
	shard   string
	workers int
	jobs    int
	quiet   bool
}

func newSweepCmd(io streams) *cobra.Command {
	opts := &sweepOptions{io: io}
	cmd := &cobra.Command{
		Use:   "sweep <FILE>",
		Short: "Run a grid of scenarios with replicates",
		Long: `Run every cell of a sweep file's grid, each replicate as its own run
folder under OUT/name=value/.../replicate=k/, then write the combined
metrics table OUT/metrics.parquet and OUT/metrics.csv: one row per cell,
replicate and metric, with one column per swept parameter.

Replicate k of every cell uses the seed seed+k, so cells differ only by
their parameters (common random numbers), and attacks.replicates is set
to 1 in each run: the sweep's replicates take its place.

A sweep resumes: a run folder whose manifest and files are whole and
whose scenario is the cell's is kept, anything else is run again.
--shard i/n runs only the runs numbered i, i+n, i+2n, ... (from 0), so
that n machines can share one sweep folder; the combined table is
written by whichever shard finds every run complete, or by running the
sweep once more without --shard.

A run folder that is unfinished or damaged (no valid manifest.json, and
nothing but a run's tables in it) is removed and run again, with a log
line; a run folder holding anything else is never touched: the sweep
stops, naming it, until the files are moved away.`,
		Example: `  scantrail sweep retention.yaml
  scantrail sweep retention.yaml --out sweeps/retention --jobs 2 --workers 1
  scantrail sweep big.yaml --out /shared/big --shard 3/10`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			opts.outSet = cmd.Flags().Changed("out")
			return runSweep(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "", "sweep folder (default sweeps/NAME, NAME the file's)")
	f.StringVar(&opts.shard, "shard", "", "run one slice i/n of the runs, i from 0 to n-1")
	f.IntVar(&opts.workers, "workers", 0, "planning goroutines per run (default: one per core)")
	f.IntVar(&opts.jobs, "jobs", 1, "runs at once")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print no progress, only the result and errors")
	return cmd
}

// sweepRun is one run of a sweep: a cell and a replicate.
type sweepRun struct {
	index     int
	cell      scenarios.Cell
	replicate int
	dir       string
}

// shard is the slice of a sweep's runs one process runs.
type shard struct{ i, n int }

func (s shard) has(run int) bool { return run%s.n == s.i }

func parseShard(text string) (shard, error) {
	if text == "" {
		return shard{0, 1}, nil
	}
	a, b, ok := strings.Cut(text, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return shard{}, usageError{fmt.Errorf("--shard %q: want i/n with 0 ≤ i < n, "+
			"such as 0/4", text)}
	}
	return shard{i, n}, nil
}

func runSweep(ctx context.Context, opts *sweepOptions) error {
	sh, err := parseShard(opts.shard)
	if err != nil {
		return err
	}
	if opts.workers < 0 || opts.jobs < 1 {
		return usageError{fmt.Errorf("--workers %d --jobs %d: want workers ≥ 0 and jobs ≥ 1",
			opts.workers, opts.jobs)}
	}
	if opts.outSet && strings.TrimSpace(opts.out) == "" {
		return usageError{errors.New("--out is empty; give the sweep's folder, or leave " +
			"--out off for sweeps/NAME")}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := newLogger(opts.io.err, opts.quiet)

	sw, text, err := readSweep(opts.file)
	if err != nil {
		return err
	}
	if opts.out == "" {
		opts.out = filepath.Join("sweeps",
			strings.TrimSuffix(filepath.Base(opts.file), filepath.Ext(opts.file)))
	}
	state, err := checkSweepDir(opts.out, opts.file, text)
	if err != nil {
		return err
	}
	if err := sw.CheckContext(ctx, checkProgress(log, checkProgressEvery)); err != nil {
		if ctx.Err() != nil {
			return interrupted("nothing was run; run the sweep again to start it")
		}
		return err
	}
	if err := claimSweepDir(opts.out, opts.file, text, state, log); err != nil {
		return err
	}

	began := time.Now()
	runs := planSweep(sw, opts.out)
	st, err := runSweepRuns(ctx, sw, runs, sh, opts, log)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted("finished runs are kept; run the sweep again to resume")
		}
		return err
	}
	return finishSweep(opts, sw, runs, st, time.Since(began))
}

// readSweep reads the sweep file, returning its text too. Its cells are
// checked apart (Sweep.CheckContext), as that can take minutes.
func readSweep(path string) (*scenarios.Sweep, []byte, error) {
	sw, err := scenarios.LoadSweep(path)
	if err != nil {
		return nil, nil, err
	}
	text, err := os.ReadFile(path)
	return sw, text, err
}

// checkProgressEvery is how often the check of a sweep's cells logs.
const checkProgressEvery = 3 * time.Second

// checkProgress returns the progress callback of the check of a sweep's
// cells: a log line every so often, and one at the end of a check that
// took that long.
func checkProgress(log *slog.Logger, every time.Duration) func(done, total int) {
	began := time.Now()
	last := began
	return func(done, total int) {
		now := time.Now()
		if now.Sub(last) < every && (done < total || now.Sub(began) < every) {
			return
		}
		last = now
		log.Info("checking the sweep's cells", "cell", done, "of", total,
			"seconds", now.Sub(began).Round(time.Second).Seconds())
	}
}

// sweepFileName is the copy of the sweep file kept in the sweep folder; it
// marks the folder as a sweep and keeps two sweeps from sharing a folder.
const sweepFileName = "sweep.yaml"

// sweepDirState says what a sweep's --out folder holds.
type sweepDirState int

const (
	newSweepDir    sweepDirState = iota // missing or empty: the sweep starts there
	sameSweepDir                        // the same sweep file, byte for byte
	relaidSweepDir                      // the same sweep, with other comments or layout
)

// checkSweepDir reports what the sweep folder holds, refusing a file, a
// folder inside a run folder, and a folder that holds another sweep or
// anything else. Sweeps are compared as parsed, so comments and layout do
// not count. It changes nothing, so that it can run before the cells are
// checked.
func checkSweepDir(dir, file string, text []byte) (sweepDirState, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return 0, usageError{fmt.Errorf("--out %s is a file, not a folder; give a folder "+
			"for the sweep", dir)}
	}
	if run := enclosingFolder(filepath.Dir(dir), "manifest.json"); run != "" {
		return 0, usageError{fmt.Errorf("--out %s lies inside the run folder %s, whose "+
			"files are checked against its manifest; choose a folder outside it", dir, run)}
	}
	copyPath := filepath.Join(dir, sweepFileName)
	old, err := os.ReadFile(copyPath)
	switch {
	case err == nil:
		return compareSweeps(dir, file, old, text)
	case !errors.Is(err, fs.ErrNotExist):
		return 0, err
	}
	entries, err := os.ReadDir(dir)
	// Hidden entries are files being written aside, such as another
	// shard's copy of the sweep file.
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool {
		return strings.HasPrefix(e.Name(), ".")
	})
	if err == nil && len(entries) > 0 {
		return 0, usageError{fmt.Errorf("--out %s is not empty and holds no sweep; "+
			"choose another folder", dir)}
	}
	return newSweepDir, nil
}

// compareSweeps tells whether the folder's copy of the sweep file, old,
// describes the same sweep as text.
func compareSweeps(dir, file string, old, text []byte) (sweepDirState, error) {
	if bytes.Equal(old, text) {
		return sameSweepDir, nil
	}
	prev, err := scenarios.ParseSweep(filepath.Join(dir, sweepFileName), old)
	if err != nil {
		return 0, usageError{fmt.Errorf("--out %s holds a %s that is not a sweep file; "+
			"choose another folder:\n%w", dir, sweepFileName, err)}
	}
	cur, err := scenarios.ParseSweep(file, text)
	if err != nil {
		return 0, err
	}
	if !prev.Same(cur) {
		return 0, usageError{fmt.Errorf("--out %s holds another sweep (its %s sets other "+
			"scenario, replicates, overrides or parameters than %s); choose another "+
			"folder or remove it", dir, sweepFileName, file)}
	}
	return relaidSweepDir, nil
}

// claimSweepDir makes the sweep folder and writes the sweep file into it,
// or refreshes the copy of a sweep file that changed only in comments or
// layout.
func claimSweepDir(dir, file string, text []byte, state sweepDirState,
	log *slog.Logger) error {
	copyPath := filepath.Join(dir, sweepFileName)
	switch state {
	case sameSweepDir:
		return nil
	case relaidSweepDir:
		log.Info("the sweep file differs from the folder's copy only in comments or "+
			"layout; resuming and refreshing the copy", "file", file, "copy", copyPath)
	default:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return writeSweepCopy(copyPath, text)
}

func writeSweepCopy(path string, text []byte) error {
	return writeAside(path, func(f *os.File) error {
		_, err := f.Write(text)
		return err
	})
}

// planSweep lists the sweep's runs: every cell, every replicate.
func planSweep(sw *scenarios.Sweep, out string) []sweepRun {
	var runs []sweepRun
	for _, c := range sw.Cells() {
		for k := range sw.Replicates {
			runs = append(runs, sweepRun{index: len(runs), cell: c, replicate: k,
				dir: filepath.Join(out, sw.Dir(c), "replicate="+strconv.Itoa(k))})
		}
	}
	return runs
}

// sweepStats counts what a sweep process did.
type sweepStats struct {
	mu                 sync.Mutex
	ran, skipped, mine int
}

// done records a finished run and logs it.
func (s *sweepStats) done(r sweepRun, ran bool, took time.Duration, log *slog.Logger) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ran {
		s.ran++
	} else {
		s.skipped++
	}
	log.Info("sweep run done", "run", s.ran+s.skipped, "of", s.mine, "folder", r.dir,
		"ran", ran, "seconds", took.Round(time.Millisecond).Seconds())
}

// runSweepRuns runs this shard's runs, jobs at a time, stopping at the
// first failure.
func runSweepRuns(ctx context.Context, sw *scenarios.Sweep, runs []sweepRun, sh shard,
	opts *sweepOptions, log *slog.Logger) (*sweepStats, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mine []sweepRun
	for _, r := range runs {
		if sh.has(r.index) {
			mine = append(mine, r)
		}
	}
	st := &sweepStats{mine: len(mine)}
	todo := make(chan sweepRun)
	var wg sync.WaitGroup
	for range opts.jobs {
		wg.Go(func() {
			for r := range todo {
				began := time.Now()
				ran, err := runSweepCell(ctx, sw, r, opts, log)
				var ue usageError
				switch {
				case errors.As(err, &ue):
					cancel(err) // it names the run already
					continue
				case err != nil:
					cancel(fmt.Errorf("%s: %w", r.dir, err))
					continue
				}
				st.done(r, ran, time.Since(began), log)
			}
		})
	}
	feed(ctx, todo, mine)
	wg.Wait()
	return st, context.Cause(ctx)
}

// feed sends the runs to the workers until ctx is done, then closes todo.
func feed(ctx context.Context, todo chan<- sweepRun, runs []sweepRun) {
	defer close(todo)
	for _, r := range runs {
		select {
		case todo <- r:
		case <-ctx.Done():
			return
		}
	}
}

// cellScenario loads the scenario of one run of a sweep.
func cellScenario(sw *scenarios.Sweep, r sweepRun) (*scenarios.Scenario,
	*scenarios.Source, error) {
	sets := append(sw.Overrides(r.cell), "attacks.replicates=1")
	s, src, err := scenarios.Load(sw.Scenario, sets)
	if err != nil {
		return nil, nil, err
	}
	s = analysis.Replicate(s, r.replicate)
	absolutePaths(s, src)
	return s, src, nil
}

// runSweepCell runs one run of a sweep unless its folder already holds it
// whole; it reports whether it ran.
func runSweepCell(ctx context.Context, sw *scenarios.Sweep, r sweepRun,
	opts *sweepOptions, log *slog.Logger) (bool, error) {
	s, src, err := cellScenario(sw, r)
	if err != nil {
		return false, err
	}
	if complete(r.dir, s) {
		return false, nil
	}
	if err := clearRun(sw, r, log); err != nil {
		return false, err
	}
	ropts := &runOptions{io: streams{out: io.Discard, err: opts.io.err}, quiet: true,
		workers: opts.workers}
	_, err = simulateTo(ctx, s, src, r.dir, output.Parquet, true, ropts)
	return err == nil, err
}

// clearRun readies the folder of a run that is not complete for running it
// again. A folder with a valid manifest and nothing unknown is left for
// output.Create to replace; one without (a run stopped before its
// manifest was written, or whose manifest is damaged) holding only a
// run's files is emptied, with a log line. Any other file is the user's:
// the sweep stops, naming the run and the files, and deletes nothing.
func clearRun(sw *scenarios.Sweep, r sweepRun, log *slog.Logger) error {
	name := filepath.Join(sw.Dir(r.cell), "replicate="+strconv.Itoa(r.replicate))
	entries, err := os.ReadDir(r.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return usageError{fmt.Errorf("sweep %s: run %s: %s cannot be read as a run "+
			"folder (%v); move it out of the sweep folder and run the sweep again",
			sw.File, name, r.dir, err)}
	}
	listed := map[string]bool{}
	m, merr := output.ReadManifest(r.dir)
	if merr == nil {
		for _, f := range m.Files {
			listed[f.Name] = true
		}
	}
	var foreign []string
	for _, e := range entries {
		if !listed[e.Name()] && !isRunFile(r.dir, e) {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) > 0 {
		return usageError{fmt.Errorf("sweep %s: run %s: its folder %s holds files that are "+
			"not part of a run (%s), which the sweep never deletes; move them out of the "+
			"sweep folder, then run the sweep again", sw.File, name, r.dir,
			strings.Join(foreign, ", "))}
	}
	if merr == nil || len(entries) == 0 {
		return nil
	}
	log.Warn("sweep run is unfinished or damaged (no valid manifest.json); removing its "+
		"files to run it again", "run", name, "reason", merr)
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(r.dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// runTables are the tables a run folder may hold, as output.Sink and the
// attacks write them.
var runTables = []string{"venues", "people", "households", "friendships", "accounts",
	"routes", "visits", string(sim.StreamScans), string(sim.StreamPayments),
	string(sim.StreamSightings), string(sim.StreamTaps), "metrics", "estimates"}

// isRunFile reports whether a folder entry is one scantrail puts in a run
// folder: manifest.json, a table as a file, report.html, or charts/
// holding only charts.
func isRunFile(dir string, e os.DirEntry) bool {
	name := e.Name()
	if e.Name() == "charts" && e.IsDir() {
		return onlyCharts(filepath.Join(dir, name))
	}
	if !e.Type().IsRegular() {
		return false
	}
	if name == "manifest.json" || name == reportName {
		return true
	}
	table := strings.TrimSuffix(strings.TrimSuffix(name, output.Parquet.Ext()), output.CSV.Ext())
	return table != name && slices.Contains(runTables, table)
}

// onlyCharts reports whether a folder holds nothing but chart images.
func onlyCharts(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		ext := strings.TrimPrefix(filepath.Ext(e.Name()), ".")
		if !e.Type().IsRegular() || !slices.Contains(chart.Formats, ext) {
			return false
		}
	}
	return true
}

// complete reports whether dir holds a whole run of scenario s.
func complete(dir string, s *scenarios.Scenario) bool {
	m, err := output.ReadManifest(dir)
	if err != nil {
		return false
	}
	text, err := scenarios.Marshal(s)
	if err != nil || m.Scenario != string(text) {
		return false
	}
	return output.VerifyFiles(dir) == nil
}

// finishSweep writes the combined table when every run is complete and
// prints what was done.
func finishSweep(opts *sweepOptions, sw *scenarios.Sweep, runs []sweepRun, st *sweepStats,
	took time.Duration) error {
	w := opts.io.out
	fmt.Fprintf(w, "sweep %s: %d cells × %d replicates = %d runs; this process ran %d, "+
		"kept %d already complete, in %s\n", opts.file, sw.NumCells(), sw.Replicates,
		len(runs), st.ran, st.skipped, took.Round(time.Second))
	missing := 0
	for _, r := range runs {
		if _, err := output.ReadManifest(r.dir); err != nil {
			missing++
		}
	}
	if missing > 0 {
		fmt.Fprintf(w, "%d runs are not complete yet; the combined table is written "+
			"when they are\n", missing)
		return nil
	}
	rows, err := gatherMetrics(sw, runs)
	if err != nil {
		return err
	}
	if err := writeCombined(opts.out, sw, rows); err != nil {
		return err
	}
	fmt.Fprintf(w, "combined metrics: %s (%d rows), and metrics.csv\n",
		filepath.Join(opts.out, "metrics.parquet"), len(rows))
	return nil
}

// gatherMetrics reads every run's metrics, in run order.
func gatherMetrics(sw *scenarios.Sweep, runs []sweepRun) ([]sweepMetric, error) {
	var rows []sweepMetric
	for _, r := range runs {
		ms, err := readRunMetrics(r.dir)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			rows = append(rows, sweepMetric{Values: r.cell.Values, Replicate: r.replicate,
				Metric: m})
		}
	}
	return rows, nil
}

// readRunMetrics reads a run folder's metrics; a run without attacks has
// none.
func readRunMetrics(dir string) ([]analysis.Metric, error) {
	path := filepath.Join(dir, "metrics.parquet")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return output.ReadParquet[analysis.Metric](path)
}
