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
	plots, err := folderCharts(opts.dir, newLogger(opts.io.err, false))
	if err != nil {
		return err
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

// folderKind tells a sweep folder from a run folder.
func folderKind(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, sweepFileName)); err == nil {
		return "sweep", nil
	}
	if _, err := output.ReadManifest(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", usageError{fmt.Errorf("%s is neither a run folder (no manifest.json) "+
				"nor a sweep folder (no %s)", dir, sweepFileName)}
		}
		return "", err
	}
	return "run", nil
}
