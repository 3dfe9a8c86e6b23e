package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/output/chart"
	"github.com/scantrail/scantrail/output/report"
	"github.com/scantrail/scantrail/scenarios"
)

// reportOptions are the flags and arguments of scantrail report.
type reportOptions struct {
	io  streams
	dir string
	out string
}

func newReportCmd(io streams) *cobra.Command {
	opts := &reportOptions{io: io}
	cmd := &cobra.Command{
		Use:   "report <DIR>",
		Short: "Write a self-contained HTML page about a run or sweep folder",
		Long: `Write one HTML page about a run folder or a sweep folder: the key
facts, every chart scantrail plot draws (embedded in the page), tables of
estimates with 95% intervals, short notes on the methods with citations,
and the scenario. The page needs no other file and no network, so it can
be mailed or printed as a hand-out.`,
		Example: `  scantrail report runs/default-seed1
  scantrail report sweeps/retention --out retention.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			return runReport(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "page to write (default DIR/report.html)")
	return cmd
}

func runReport(opts *reportOptions) error {
	kind, err := folderKind(opts.dir)
	if err != nil {
		return err
	}
	var r *report.Report
	if kind == "sweep" {
		r, err = sweepReport(opts.dir)
	} else {
		r, err = runReportContent(opts.dir)
	}
	if err != nil {
		return err
	}
	plots, err := folderCharts(opts.dir, newLogger(opts.io.err, false))
	if err != nil {
		return err
	}
	if err := addFigures(r, plots); err != nil {
		return err
	}
	out := opts.out
	if out == "" {
		out = filepath.Join(opts.dir, "report.html")
	}
	if err := writeAside(out, func(f *os.File) error { return report.Write(f, r) }); err != nil {
		return err
	}
	fmt.Fprintln(opts.io.out, out)
	return nil
}

// addFigures renders each chart as SVG into the report.
func addFigures(r *report.Report, plots []namedPlot) error {
	for _, p := range plots {
		svg, err := chart.Render(p.plot, p.name+".svg")
		if err != nil {
			return err
		}
		r.Figures = append(r.Figures, report.Figure{Title: p.plot.Title.Text,
			Caption: p.caption, Image: svg, MediaType: "image/svg+xml"})
	}
	return nil
}

// runReportContent gathers a run folder's facts, estimates and scenario.
func runReportContent(dir string) (*report.Report, error) {
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	s, err := scenarios.Parse(filepath.Join(dir, "manifest.json"), dir, []byte(m.Scenario), nil)
	if err != nil {
		return nil, err
	}
	est, err := readEstimates(dir)
	if err != nil {
		return nil, err
	}
	r := &report.Report{
		Title: fmt.Sprintf("scantrail run: %s, seed %d", s.Name, s.Seed),
		Intro: fmt.Sprintf("What the data holders of a simulated city of %d people "+
			"recorded over %d days, and what each adversary could learn from it.",
			s.Population.People, s.Days),
		Facts:    runFacts(m, s),
		Scenario: m.Scenario,
	}
	r.Tables = estimateTables(est)
	return r, nil
}

func runFacts(m *output.Manifest, s *scenarios.Scenario) []report.Fact {
	facts := []report.Fact{
		{Name: "scenario", Value: s.Name},
		{Name: "seed", Value: strconv.FormatUint(s.Seed, 10)},
		{Name: "people", Value: strconv.Itoa(s.Population.People)},
		{Name: "days", Value: fmt.Sprintf("%d from %s", s.Days, s.Start)},
		{Name: "replicates", Value: strconv.Itoa(s.Attacks.Replicates)},
		{Name: "scantrail", Value: m.Scantrail},
	}
	for _, t := range []string{"visits", "scans", "payments", "sightings", "taps"} {
		if n, ok := m.Rows[t]; ok {
			facts = append(facts, report.Fact{Name: t + " recorded", Value: thousands(n)})
		}
	}
	return facts
}

// estimateTables lays out estimates as one table per adversary.
func estimateTables(est []analysis.Estimate) []report.Table {
	var tables []report.Table
	for _, e := range est {
		if len(tables) == 0 || tables[len(tables)-1].Title != "Adversary "+e.Adversary {
			tables = append(tables, report.Table{Title: "Adversary " + e.Adversary,
				Header: []string{"attack", "metric", "parameter", "mean", "95% interval"},
				Note: fmt.Sprintf("Mean over %d replicates with its 95%% Student t interval; "+
					"- where the attack does not apply.", e.N)})
		}
		t := &tables[len(tables)-1]
		t.Rows = append(t.Rows, []string{e.Attack, e.Metric, e.Parameter,
			formatValue(e.Mean), formatInterval(e.Low, e.High)})
	}
	return tables
}

// sweepReport gathers a sweep folder's facts, its chart metrics by cell
// and the scenario of its first run.
func sweepReport(dir string) (*report.Report, error) {
	text, err := os.ReadFile(filepath.Join(dir, sweepFileName))
	if err != nil {
		return nil, err
	}
	sw, err := scenarios.ParseSweep(filepath.Join(dir, sweepFileName), text)
	if err != nil {
		return nil, err
	}
	tab, err := readSweepTable(dir)
	if err != nil {
		return nil, err
	}
	r := &report.Report{
		Title: "scantrail sweep: " + filepath.Base(filepath.Clean(dir)),
		Intro: fmt.Sprintf("The scenario %s run over a grid of %d cells, %d replicates each "+
			"(seeds seed, seed+1, ... in every cell), to show how the measures change "+
			"with %s.", sw.Scenario, sw.NumCells(), sw.Replicates, paramNames(sw)),
		Facts: []report.Fact{{Name: "scenario", Value: sw.Scenario},
			{Name: "cells", Value: strconv.Itoa(sw.NumCells())},
			{Name: "replicates", Value: strconv.Itoa(sw.Replicates)},
			{Name: "metric rows", Value: thousands(int64(len(tab.data)))}},
		Sweep:  string(text),
		Tables: sweepTables(tab),
	}
	first := filepath.Join(dir, sw.Dir(sw.Cells()[0]), "replicate=0")
	if m, err := output.ReadManifest(first); err == nil {
		r.Scenario = m.Scenario
	}
	return r, nil
}

func paramNames(sw *scenarios.Sweep) string {
	names := make([]string, len(sw.Parameters))
	for i, p := range sw.Parameters {
		names[i] = p.Name + " (" + strings.Join(p.Paths, ", ") + ")"
	}
	return strings.Join(names, " and ")
}

// sweepTables tabulates the charted metrics of every cell: mean and 95%
// interval over replicates.
func sweepTables(tab *sweepTable) []report.Table {
	var tables []report.Table
	for i := range tab.params {
		for _, m := range []struct {
			title string
			pick  func(*sweepTable, []string) string
		}{{"Linkage and tracking", policyMetric}, {"Re-identification", adoptionMetric}} {
			series := chart.Summarize(tab.rows(i, m.pick), math.Inf(-1), math.Inf(1))
			if len(series) == 0 {
				continue
			}
			t := report.Table{Title: m.title + " against " + tab.params[i],
				Header: []string{"series", tab.params[i], "mean", "95% interval"},
				Note:   "Mean over the replicates of each cell with its 95% Student t interval."}
			for _, s := range series {
				for _, p := range s.Points {
					t.Rows = append(t.Rows, []string{s.Label,
						strconv.FormatFloat(p.X, 'f', -1, 64), formatValue(p.Y),
						formatInterval(math.Max(p.Low, 0), math.Min(p.High, 1))})
				}
			}
			tables = append(tables, t)
		}
	}
	return tables
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
