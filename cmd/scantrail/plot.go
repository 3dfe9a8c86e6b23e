package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/output/chart"
)

// plotOptions are the flags and arguments of scantrail plot.
type plotOptions struct {
	io     streams
	dir    string
	format string
}

func newPlotCmd(io streams) *cobra.Command {
	opts := &plotOptions{io: io}
	cmd := &cobra.Command{
		Use:   "plot <DIR>",
		Short: "Draw the charts of a run or sweep folder",
		Long: `Draw every chart that applies to a run folder or a sweep folder into
DIR/charts/, replacing earlier charts there. A chart that does not apply
is skipped with a log line on stderr saying why.

For a run folder: unicity against the number of known points (one chart
per adversary, one line per resolution), a venue map coloured by scans,
scans per venue family per hour of day, and one person's timeline as
lived and as the first adversary reconstructs it. The last three need a
Parquet folder. For a folder written by scantrail import, the map is
coloured by check-ins (or by the stays found in GPS trajectories), the
hours chart needs check-ins, unicity needs scantrail analyze first, and
there is no timeline: an import has no ground truth.

For a sweep folder (after scantrail sweep has written metrics.csv): for
each numeric swept parameter, one chart per measure with 95% interval
bands over the replicates. A retention limit gets the policy charts,
linkage top-1 and the share of tracking queries answered, with 0 (records
kept forever) drawn at the right end; any other parameter gets unicity
and the background-knowledge risk. Adversaries whose holders the sweep
changes are drawn bold; the others are thin dashed reference lines.`,
		Example: `  scantrail plot runs/default-seed1
  scantrail plot sweeps/retention --format svg`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			return runPlot(opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "png", "image format: png, svg or pdf")
	return cmd
}

// namedPlot is one chart with the file name it is written under, without
// extension, and a caption for the report.
type namedPlot struct {
	name, caption string
	chart         *chart.Chart
}

func runPlot(opts *plotOptions) error {
	if !slices.Contains(chart.Formats, opts.format) {
		return usageError{fmt.Errorf("--format %q: want one of %s", opts.format,
			strings.Join(chart.Formats, ", "))}
	}
	kind, err := folderKind(opts.dir)
	if err != nil {
		return err
	}
	plots, err := folderCharts(opts.dir, kind, newLogger(opts.io.err, false))
	if err != nil {
		return err
	}
	if len(plots) == 0 {
		fmt.Fprintf(opts.io.err, "scantrail: nothing to draw for %s: no chart applies to "+
			"it (the lines above say why)\n", opts.dir)
		return nil
	}
	dir := filepath.Join(opts.dir, "charts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, p := range plots {
		path := filepath.Join(dir, p.name+"."+opts.format)
		err := writeAside(path, func(f *os.File) error {
			return chart.Write(f, p.chart, opts.format)
		})
		if err != nil {
			return err
		}
		fmt.Fprintln(opts.io.out, path)
	}
	return nil
}

// Folder kinds plot and report tell apart.
const (
	runFolder   = "run"
	sweepFolder = "sweep"
)

// folderKind tells a sweep folder from a run folder, refusing anything
// else: a file, a missing folder, a folder that is neither, and a run
// folder that is damaged (manifest.json unreadable, or files that do
// not match it), each as a mistake in the input.
func folderKind(dir string) (string, error) {
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return "", usageError{fmt.Errorf("%s: %w; give a run or sweep folder", dir, err)}
	case !info.IsDir():
		return "", usageError{fmt.Errorf("%s is a file, not a folder; give a run folder "+
			"(scantrail run, import) or a sweep folder (scantrail sweep)", dir)}
	}
	if st, err := os.Stat(filepath.Join(dir, sweepFileName)); err == nil && !st.IsDir() {
		return sweepFolder, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); errors.Is(err, fs.ErrNotExist) {
		return "", usageError{fmt.Errorf("%s is neither a run folder (no manifest.json) "+
			"nor a sweep folder (no %s)", dir, sweepFileName)}
	}
	if err := checkRunFolder(dir); err != nil {
		return "", err
	}
	return runFolder, nil
}

// checkRunFolder checks a run folder's manifest and every file against
// it, so that plot and report never draw from a damaged folder.
func checkRunFolder(dir string) error {
	if _, err := output.ReadManifest(dir); err != nil {
		return usageError{fmt.Errorf("%s: not a readable run folder: %w; write it again "+
			"(scantrail run or import)", dir, err)}
	}
	if err := output.VerifyFiles(dir); err != nil {
		return usageError{fmt.Errorf("%s: the run folder is damaged or was changed after "+
			"it was written (its files do not match manifest.json); write it again "+
			"(scantrail run or import):\n%w", dir, err)}
	}
	return nil
}

// badTable reports a table that cannot be read as a mistake in the
// input, naming the file.
func badTable(path string, err error) error {
	return usageError{fmt.Errorf("%s: cannot read the table (%w); the folder is damaged: "+
		"write it again", path, err)}
}
