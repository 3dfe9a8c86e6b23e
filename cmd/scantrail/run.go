package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/engine"
)

// runOptions are the flags and arguments of scantrail run.
type runOptions struct {
	io        streams
	scenario  string
	out       string
	seed      uint64
	seedSet   bool
	sets      []string
	format    string
	quiet     bool
	overwrite bool
	workers   int
	venues    string
}

func newRunCmd(io streams) *cobra.Command {
	opts := &runOptions{io: io}
	cmd := &cobra.Command{
		Use:   "run [SCENARIO|FILE]",
		Short: "Simulate a scenario and write its run folder",
		Long: `Simulate a scenario (the embedded default when none is named) and write
the run folder: venues, people, households, friendships, the ground-truth
visits, one table per sensor stream, the data holders' accounts and routes,
and manifest.json. A summary table goes to stdout; progress to stderr.

Without --out the run goes to runs/NAME-seedN, replacing an earlier run
there. With --out, an existing non-empty folder is refused unless
--overwrite is given. Files are written aside and moved into place only
when the run is complete; an interrupted run leaves nothing behind.`,
		Example: `  scantrail run
  scantrail run --seed 7 --set population.people=20000 --set days=28
  scantrail run scenarios/examples/voluntary.yaml --out runs/my-city --format csv`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.scenario = args[0]
			}
			opts.seedSet = cmd.Flags().Changed("seed")
			return runRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "", "run folder to write (default runs/NAME-seedN)")
	f.Uint64Var(&opts.seed, "seed", 0, "seed of every random stream (default: the scenario's)")
	f.StringArrayVar(&opts.sets, "set", nil,
		"override a scenario field, as path=value (repeatable)")
	f.StringVar(&opts.format, "format", "parquet", "table format: parquet or csv")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print no progress, only the summary and errors")
	f.BoolVar(&opts.overwrite, "overwrite", false, "replace an existing --out folder")
	f.IntVar(&opts.workers, "workers", 0, "planning goroutines (default: one per core)")
	f.StringVar(&opts.venues, "venues", "", "lay the city out on a real venue list "+
		"(Foursquare CSV, OpenStreetMap POI CSV or GeoJSON)")
	return cmd
}

func runRun(ctx context.Context, opts *runOptions) error {
	format, err := output.ParseFormat(opts.format)
	if err != nil {
		return usageError{fmt.Errorf("--format: %w", err)}
	}
	if opts.workers < 0 {
		return usageError{fmt.Errorf("--workers %d: want 0 (one per core) or more", opts.workers)}
	}
	sets := opts.sets
	if opts.venues != "" {
		abs, err := filepath.Abs(opts.venues)
		if err != nil {
			return usageError{fmt.Errorf("--venues: %w", err)}
		}
		sets = append(sets, "city.layout=file", "city.venues_file="+abs)
	}
	if opts.seedSet {
		sets = append(sets, fmt.Sprintf("seed=%d", opts.seed))
	}
	s, src, err := scenarios.Load(opts.scenario, sets)
	if err != nil {
		return err
	}
	warnScenario(opts.io.err, s)
	dir, overwrite := opts.out, opts.overwrite
	if dir == "" {
		dir, overwrite = filepath.Join("runs", fmt.Sprintf("%s-seed%d", s.Name, s.Seed)), true
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	absolutePaths(s, src)
	setMemoryLimit(s)
	res, err := simulateTo(ctx, s, src, dir, format, overwrite, opts)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted("no run folder was written")
		}
		return err
	}
	printSummary(opts.io.out, s, dir, res.summary)
	if len(res.estimates) > 0 {
		fmt.Fprintln(opts.io.out)
	}
	printEstimates(opts.io.out, res.estimates)
	return nil
}

// simulateTo runs the scenario into a run folder and attacks it, removing
// everything it wrote when it fails or is interrupted.
func simulateTo(ctx context.Context, s *scenarios.Scenario, src *scenarios.Source, dir string,
	format output.Format, overwrite bool, opts *runOptions) (*runResult, error) {
	run, err := output.Create(dir, format, output.CreateOptions{Overwrite: overwrite})
	if errors.Is(err, output.ErrInsideRun) {
		return nil, usageError{fmt.Errorf("--out %s: %w", dir, err)}
	}
	if errors.Is(err, fs.ErrExist) {
		hint := "give --overwrite to replace an earlier run there, or choose another folder"
		if overwrite {
			hint = "it holds files that are not a scantrail run, which --overwrite never " +
				"replaces; choose another folder"
		}
		return nil, usageError{fmt.Errorf("--out %s: the folder is not empty; %s", dir, hint)}
	}
	if err != nil {
		return nil, err
	}
	defer run.Abort()

	log := newLogger(opts.io.err, opts.quiet)
	res, err := simulate(ctx, s, run, src.BaseDir, opts, log)
	if err != nil {
		return nil, err
	}
	if err := assess(ctx, s, run, res, engine.Options{Workers: opts.workers, Logger: log,
		BaseDir: src.BaseDir}, log); err != nil {
		return nil, err
	}
	res.timings["total"] = time.Since(res.began).Seconds()
	return res, commit(run, s, res)
}

// runResult is what a run found: the stream summary, the metrics of the
// attacks and their estimates over replicates.
type runResult struct {
	summary   *analysis.Summary
	records   *analysis.Records
	metrics   []analysis.Metric
	estimates []analysis.Estimate
	timings   map[string]float64
	began     time.Time
}

// simulate runs the engine into the run's tables, keeping the records the
// attacks need when the scenario has adversaries.
func simulate(ctx context.Context, s *scenarios.Scenario, run *output.Run, baseDir string,
	opts *runOptions, log *slog.Logger) (*runResult, error) {
	res := &runResult{summary: analysis.NewSummary(), began: time.Now()}
	tables := output.NewSink(run)
	sinks := sim.Sinks{tables, res.summary}
	if attacking(s) {
		start, err := s.StartDate()
		if err != nil {
			return nil, err
		}
		res.records = analysis.NewRecords(start.UnixMilli())
		res.records.Positions = analysis.NeedsPositions(s)
		sinks = append(sinks, res.records)
	}
	progress := newProgress(opts.io.err, opts.quiet, s.Days, log)
	out, err := engine.Run(ctx, s, sinks, engine.Options{
		Workers: opts.workers, Logger: log, Progress: progress.update, BaseDir: baseDir,
	})
	progress.finish()
	if err == nil {
		err = tables.Close()
	}
	if err != nil {
		return nil, err
	}
	res.timings = out.Timings
	return res, nil
}

// attacking reports whether the scenario has anything to attack with.
func attacking(s *scenarios.Scenario) bool {
	a := s.Attacks
	enabled := a.Unicity.Enabled || a.Linkage.Enabled || a.HomeWork.Enabled ||
		a.Tracking.Enabled || a.Companions.Enabled || a.Risk.Enabled
	return enabled && len(s.Adversaries) > 0
}

// assess runs the attacks over every replicate and writes the metrics and
// their estimates into the run, as Parquet and as CSV.
func assess(ctx context.Context, s *scenarios.Scenario, run *output.Run, res *runResult,
	opts engine.Options, log *slog.Logger) error {
	if res.records == nil {
		return nil
	}
	began := time.Now()
	// Hand the records over, so that replicate 0's are freed once they are
	// attacked instead of staying alive through the later replicates.
	records := res.records
	res.records = nil
	metrics, err := analysis.Assess(ctx, s, records, opts, log)
	if err != nil {
		return err
	}
	res.metrics, res.estimates = metrics, analysis.Summarize(metrics)
	res.timings["attacks"] = time.Since(began).Seconds()
	return writeMetrics(run, res.metrics, res.estimates)
}

// writeMetrics writes the tidy metrics and their estimates in both formats.
func writeMetrics(run *output.Run, metrics []analysis.Metric, estimates []analysis.Estimate) error {
	for _, f := range []output.Format{output.Parquet, output.CSV} {
		if err := output.WriteTableAs(run, "metrics", f, metrics); err != nil {
			return err
		}
		if err := output.WriteTableAs(run, "estimates", f, estimates); err != nil {
			return err
		}
	}
	return nil
}

// commit writes the manifest and moves the run folder into place.
func commit(run *output.Run, s *scenarios.Scenario, res *runResult) error {
	text, err := scenarios.Marshal(s)
	if err != nil {
		return err
	}
	return run.Commit(output.Manifest{
		Scantrail: version, ScenarioName: s.Name, Scenario: string(text),
		Seed: s.Seed, Timings: res.timings,
	})
}

// setMemoryLimit sets the Go runtime's soft memory limit from the
// scenario's memory budget (see goMemoryLimit), so the garbage collector
// works harder near the budget instead of letting the heap double past
// it. A live heap larger than the limit still grows; the budget is checked
// against an estimate before the run.
func setMemoryLimit(s *scenarios.Scenario) {
	debug.SetMemoryLimit(goMemoryLimit(s.Limits.MemoryMB))
}

// goMemoryLimit returns the Go runtime's soft memory limit, in bytes, for
// a budget in MiB: seven eighths of it. The runtime counts only the memory
// it manages and lets large allocations run past the limit before it
// collects, so the resident peak stays within the budget only with this
// headroom (measured: 100,000 people over 28 days with every attack, at a
// 2,048 MiB budget, peaked at 2,185 MiB resident with the whole budget as
// the limit).
func goMemoryLimit(budgetMB int) int64 {
	return int64(budgetMB) << 20 / 8 * 7
}

// absolutePaths makes the scenario's venue file absolute, so that the
// manifest's copy of the scenario can be run again from anywhere.
func absolutePaths(s *scenarios.Scenario, src *scenarios.Source) {
	if s.City.Layout == "file" {
		if abs, err := filepath.Abs(src.Resolve(s.City.VenuesFile)); err == nil {
			s.City.VenuesFile = abs
		}
	}
}

// newLogger returns the stderr logger: warnings only when quiet.
func newLogger(w interface{ Write([]byte) (int, error) }, quiet bool) *slog.Logger {
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
