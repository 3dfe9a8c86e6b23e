package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
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
  scantrail run my-city.yaml --out runs/my-city --format csv`,
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
	f.StringArrayVar(&opts.sets, "set", nil, "override a scenario field, as path=value (repeatable)")
	f.StringVar(&opts.format, "format", "parquet", "table format: parquet or csv")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print no progress, only the summary and errors")
	f.BoolVar(&opts.overwrite, "overwrite", false, "replace an existing --out folder")
	f.IntVar(&opts.workers, "workers", 0, "planning goroutines (default: one per core)")
	return cmd
}

func runRun(ctx context.Context, opts *runOptions) error {
	format, err := output.ParseFormat(opts.format)
	if err != nil {
		return usageError{fmt.Errorf("--format: %w", err)}
	}
	sets := opts.sets
	if opts.seedSet {
		sets = append(sets, fmt.Sprintf("seed=%d", opts.seed))
	}
	s, src, err := scenarios.Load(opts.scenario, sets)
	if err != nil {
		return err
	}
	dir, overwrite := opts.out, opts.overwrite
	if dir == "" {
		dir, overwrite = filepath.Join("runs", fmt.Sprintf("%s-seed%d", s.Name, s.Seed)), true
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	summary, err := simulateTo(ctx, s, src, dir, format, overwrite, opts)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted; no run folder was written: %w", context.Canceled)
		}
		return err
	}
	printSummary(opts.io.out, s, dir, summary)
	return nil
}

// simulateTo runs the scenario into a run folder, removing everything it
// wrote when it fails or is interrupted.
func simulateTo(ctx context.Context, s *scenarios.Scenario, src *scenarios.Source, dir string,
	format output.Format, overwrite bool, opts *runOptions) (*analysis.Summary, error) {
	run, err := output.Create(dir, format, output.CreateOptions{Overwrite: overwrite})
	if err != nil {
		return nil, err
	}
	defer run.Abort()

	log := newLogger(opts.io.err, opts.quiet)
	progress := newProgress(opts.io.err, opts.quiet, s.Days, log)
	tables := output.NewSink(run)
	summary := analysis.NewSummary()
	began := time.Now()
	res, err := engine.Run(ctx, s, sim.Sinks{tables, summary}, engine.Options{
		Workers: opts.workers, Logger: log, Progress: progress.update, BaseDir: src.BaseDir,
	})
	progress.finish()
	if err == nil {
		err = tables.Close()
	}
	if err != nil {
		return nil, err
	}
	return summary, commit(run, s, res, began)
}

// commit writes the manifest and moves the run folder into place.
func commit(run *output.Run, s *scenarios.Scenario, res *engine.Result, began time.Time) error {
	text, err := scenarios.Marshal(s)
	if err != nil {
		return err
	}
	res.Timings["total"] = time.Since(began).Seconds()
	return run.Commit(output.Manifest{
		Scantrail: version, ScenarioName: s.Name, Scenario: string(text),
		Seed: s.Seed, Timings: res.Timings,
	})
}

// newLogger returns the stderr logger: warnings only when quiet.
func newLogger(w interface{ Write([]byte) (int, error) }, quiet bool) *slog.Logger {
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
