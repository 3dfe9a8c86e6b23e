package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim/engine"
)

// analyzeOptions are the flags and arguments of scantrail analyze.
type analyzeOptions struct {
	io          streams
	dir         string
	sets        []string
	resolutions []string
	points      int
	k           int
	days        []int
	sample      int
	replicates  int
	quiet       bool
	workers     int
}

func newAnalyzeCmd(io streams) *cobra.Command {
	opts := &analyzeOptions{io: io}
	cmd := &cobra.Command{
		Use:   "analyze <RUN_DIR>",
		Short: "Run the attacks again on an existing run folder",
		Long: `Read a Parquet run folder, run the attacks of its scenario (from the
manifest) for every adversary, and write metrics.parquet, metrics.csv,
estimates.parquet and estimates.csv into the folder, replacing earlier
ones. Replicates after the first are simulated again from their seeds, so
with the settings in the manifest the numbers are those the folder's last
run or analyze printed.

Flags change the attacks only; --set takes paths under attacks. or
adversaries. (the simulation itself is fixed by the folder). The settings
used are saved in the manifest, so the metrics on disk always match it,
and a later analyze starts from them.`,
		Example: `  scantrail analyze runs/default-seed1
  scantrail analyze runs/default-seed1 --resolution venue/hour --resolution grid500/day --points 6
  scantrail analyze runs/big --k 2 --sample 500 --replicates 1 --days 1,7`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			return runAnalyze(cmd.Context(), cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.sets, "set", nil,
		"override an attacks. or adversaries. field, as path=value")
	f.StringArrayVar(&opts.resolutions, "resolution", nil,
		"unicity resolution PLACE/TIME (repeatable)")
	f.IntVar(&opts.points, "points", 0, "largest number of points p for unicity")
	f.IntVar(&opts.k, "k", 0,
		"largest number of known points k of the background-knowledge risk, for every adversary")
	f.IntSliceVar(&opts.days, "days", nil, "days of data to link over, comma-separated")
	f.IntVar(&opts.sample, "sample", 0, "accounts sampled for unicity and risk")
	f.IntVar(&opts.replicates, "replicates", 0, "number of replicates")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print no progress, only results and errors")
	f.IntVar(&opts.workers, "workers", 0,
		"simulation goroutines for replicates (default: one per core)")
	return cmd
}

func runAnalyze(ctx context.Context, cmd *cobra.Command, opts *analyzeOptions) error {
	sets, err := opts.overrides(cmd)
	if err != nil {
		return err
	}
	if opts.workers < 0 {
		return usageError{fmt.Errorf("--workers %d: want 0 (one per core) or more", opts.workers)}
	}
	log := newLogger(opts.io.err, opts.quiet)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	began := time.Now()
	if analysis.IsImported(opts.dir) {
		return analyzeImported(ctx, cmd, opts, sets, log)
	}
	base, records, err := analysis.Load(opts.dir)
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("k") {
		for i := range base.Adversaries {
			sets = append(sets, fmt.Sprintf("adversaries.%d.knows.points=%d", i, opts.k))
		}
	}
	s, err := reparse(base, opts.dir, sets)
	if err != nil {
		return err
	}
	setMemoryLimit(s)
	engineOpts := engine.Options{Workers: opts.workers, Logger: log}
	metrics, err := analysis.Assess(ctx, s, records, engineOpts, log)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted("the run folder is unchanged")
		}
		return err
	}
	if len(metrics) == 0 {
		return usageError{fmt.Errorf("%s: no attack produced a metric (no adversaries, or "+
			"every attack disabled); the run folder is unchanged", opts.dir)}
	}
	estimates := analysis.Summarize(metrics)
	if err := amendRun(opts.dir, s, metrics, estimates, time.Since(began)); err != nil {
		return err
	}
	printEstimates(opts.io.out, estimates)
	return nil
}

// overrides turns the attack flags into scenario overrides and checks
// that --set only touches attacks and adversaries.
func (o *analyzeOptions) overrides(cmd *cobra.Command) ([]string, error) {
	for _, s := range o.sets {
		if !strings.HasPrefix(s, "attacks.") && !strings.HasPrefix(s, "adversaries") {
			return nil, usageError{fmt.Errorf("--set %s: analyze may change only attacks. and "+
				"adversaries. fields; the simulation is fixed by the run folder", s)}
		}
	}
	sets := append([]string(nil), o.sets...)
	fl := cmd.Flags()
	if fl.Changed("resolution") {
		sets = append(sets, "attacks.unicity.resolutions=["+strings.Join(o.resolutions, ",")+"]")
	}
	add := func(flag, path string, v int) {
		if fl.Changed(flag) {
			sets = append(sets, path+"="+strconv.Itoa(v))
		}
	}
	add("points", "attacks.unicity.max_points", o.points)
	add("sample", "attacks.sample", o.sample)
	add("replicates", "attacks.replicates", o.replicates)
	if fl.Changed("days") {
		ds := make([]string, len(o.days))
		for i, d := range o.days {
			ds[i] = strconv.Itoa(d)
		}
		sets = append(sets, "attacks.linkage.days=["+strings.Join(ds, ",")+"]")
	}
	return sets, nil
}

// reparse applies the overrides to the run's scenario.
func reparse(s *scenarios.Scenario, dir string, sets []string) (*scenarios.Scenario, error) {
	if len(sets) == 0 {
		return s, nil
	}
	text, err := scenarios.Marshal(s)
	if err != nil {
		return nil, err
	}
	return scenarios.Parse(filepath.Join(dir, "manifest.json"), dir, text, sets)
}

// amendRun writes the metrics into the run folder, replacing earlier ones.
// The manifest's scenario becomes the one the metrics were measured with;
// only its attacks and adversaries can differ from the simulated one.
func amendRun(dir string, s *scenarios.Scenario, metrics []analysis.Metric,
	estimates []analysis.Estimate, took time.Duration) error {
	run, m, err := output.Amend(dir, "metrics", "estimates")
	if err != nil {
		return err
	}
	defer run.Abort()
	text, err := scenarios.Marshal(s)
	if err != nil {
		return err
	}
	m.Scenario = string(text)
	if err := writeMetrics(run, metrics, estimates); err != nil {
		return err
	}
	if m.Timings == nil {
		m.Timings = map[string]float64{}
	}
	m.Timings["analyze"] = took.Seconds()
	return run.Commit(*m)
}
