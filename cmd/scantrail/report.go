package main

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
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
	io        streams
	dir       string
	out       string
	outSet    bool
	overwrite bool
}

func newReportCmd(io streams) *cobra.Command {
	opts := &reportOptions{io: io}
	cmd := &cobra.Command{
		Use:   "report <DIR>",
		Short: "Write a self-contained HTML page about a run or sweep folder",
		Long: `Write one HTML page about a run, import or sweep folder: the key
findings (for a run, what each adversary learned; for a sweep, how each
measure moved across the cells) and the mitigations in force, the key
facts, every chart scantrail plot draws (embedded in the page), tables of
estimates with 95% intervals grouped by attack, short notes on the
methods with citations, and the scenario. The page needs no other file
and no network, so it can be mailed or printed as a hand-out.

The page goes to DIR/report.html, replacing an earlier report there, or
to --out FILE. An existing FILE is replaced only with --overwrite, and
--out may not point into a run or sweep folder other than at the
report.html of the folder being reported, whose files scantrail checks
against its manifest.`,
		Example: `  scantrail report runs/default-seed1
  scantrail report sweeps/retention --out retention.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			opts.outSet = cmd.Flags().Changed("out")
			return runReport(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "page to write (default DIR/report.html)")
	cmd.Flags().BoolVar(&opts.overwrite, "overwrite", false, "replace an existing --out file")
	return cmd
}

func runReport(opts *reportOptions) error {
	kind, err := folderKind(opts.dir)
	if err != nil {
		return err
	}
	out, err := reportTarget(opts)
	if err != nil {
		return err
	}
	log := newLogger(opts.io.err, false)
	var r *report.Report
	if kind == sweepFolder {
		r, err = sweepReport(opts.dir, log)
	} else {
		r, err = runReportContent(opts.dir)
	}
	if err != nil {
		return err
	}
	plots, err := folderCharts(opts.dir, kind, log)
	if err != nil {
		return err
	}
	if err := addFigures(r, plots); err != nil {
		return err
	}
	if err := writeAside(out, func(f *os.File) error { return report.Write(f, r) }); err != nil {
		return err
	}
	fmt.Fprintln(opts.io.out, out)
	return nil
}

// reportName is the page report writes into the folder it reports on.
const reportName = "report.html"

// reportTarget returns the file the page goes to: the folder's own
// report.html, replaced freely, or --out, which may not be a folder,
// replaces an existing file only with --overwrite, and may not lie in a
// run or sweep folder (whose files scantrail checks against its
// manifest) unless it is the reported folder's report.html.
func reportTarget(opts *reportOptions) (string, error) {
	own := filepath.Join(opts.dir, reportName)
	out := opts.out
	switch {
	case opts.outSet && strings.TrimSpace(out) == "":
		return "", usageError{errors.New("--out is empty; give the page's file name, " +
			"such as report.html")}
	case out == "":
		out = own
	}
	info, err := os.Stat(out)
	switch {
	case err == nil && info.IsDir() && !opts.outSet:
		return "", usageError{fmt.Errorf("%s is a folder, not a page; move it away or "+
			"give --out FILE", out)}
	case err == nil && info.IsDir():
		return "", usageError{fmt.Errorf("--out %s is a folder; give a file name outside "+
			"any run folder, such as %s", out, strings.TrimRight(out, `/\`)+".html")}
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		return "", usageError{fmt.Errorf("--out %s: the folder %s does not exist; make it "+
			"first", out, filepath.Dir(out))}
	}
	isOwn := sameFolder(filepath.Dir(out), opts.dir) && filepath.Base(out) == reportName
	if isOwn {
		return out, nil
	}
	if folder := enclosingFolder(filepath.Dir(out), "manifest.json",
		sweepFileName); folder != "" {
		return "", usageError{fmt.Errorf("--out %s lies inside the folder %s, written by "+
			"scantrail and checked against its manifest; only the report.html of the "+
			"folder being reported may be written there: choose a file outside it",
			out, folder)}
	}
	if err == nil && !opts.overwrite {
		return "", usageError{fmt.Errorf("--out %s exists; give --overwrite to replace it, "+
			"or choose another file", out)}
	}
	return out, nil
}

// sameFolder reports whether two paths name the same existing folder.
func sameFolder(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

// enclosingFolder returns dir or the nearest folder above it that holds
// one of the marker files, or "" when there is none. Links are followed,
// so a link into a folder is inside it. Run folders are marked by
// manifest.json (even a damaged one), sweep folders by sweep.yaml.
func enclosingFolder(dir string, markers ...string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for p := abs; ; p = filepath.Dir(p) {
		for _, marker := range markers {
			if _, err := os.Lstat(filepath.Join(p, marker)); err == nil {
				return p
			}
		}
		if filepath.Dir(p) == p {
			return ""
		}
	}
}

// addFigures renders each chart as SVG into the report.
func addFigures(r *report.Report, plots []namedPlot) error {
	for _, p := range plots {
		svg, err := chart.Render(p.chart, p.name+".svg")
		if err != nil {
			return err
		}
		r.Figures = append(r.Figures, report.Figure{Title: p.chart.Plot.Title.Text,
			Caption: p.caption, Image: svg, MediaType: "image/svg+xml"})
	}
	return nil
}

// runReportContent gathers a run folder's headline, facts, estimates and
// scenario.
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
		Headline:    report.Findings(est),
		Mitigations: s.ActiveMitigations(),
		Facts:       runFacts(m, s),
		Scenario:    m.Scenario,
		Tables:      estimateTables(est),
	}
	if imported(m) {
		r.Title = fmt.Sprintf("scantrail import: %v records", m.Extra["format"])
		r.Intro = fmt.Sprintf("Real location records of %d people, imported by scantrail "+
			"import from %v data (pseudonymous, no ground truth), and what an adversary "+
			"holding them could learn.", s.Population.People, m.Extra["format"])
	}
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
	if imported(m) {
		facts = slices.DeleteFunc(facts, func(f report.Fact) bool {
			return f.Name == "seed" || f.Name == "replicates"
		})
		facts = append(facts, report.Fact{Name: "imported from",
			Value: fmt.Sprintf("%v", m.Extra["format"])})
	}
	for _, t := range []string{"visits", "scans", "payments", "sightings", "taps"} {
		if n, ok := m.Rows[t]; ok {
			facts = append(facts, report.Fact{Name: t + " recorded", Value: thousands(n)})
		}
	}
	return facts
}

// estimateTables lays out estimates as one table per adversary, its rows
// grouped by attack, each metric under a reader's name with the name the
// data files use set small beneath.
func estimateTables(est []analysis.Estimate) []report.Table {
	var tables []report.Table
	for _, e := range est {
		if len(tables) == 0 || tables[len(tables)-1].Title != "Adversary "+e.Adversary {
			tables = append(tables, report.Table{Title: "Adversary " + e.Adversary,
				Header:  []string{"measure", "setting", "mean", "95% interval"},
				Numeric: 2,
				Note: fmt.Sprintf("Mean over %d replicates with its 95%% Student t interval; "+
					"- where the attack does not apply.", e.N)})
		}
		t := &tables[len(tables)-1]
		title, note := report.AttackTitle(e.Attack)
		if len(t.Groups) == 0 || t.Groups[len(t.Groups)-1].Title != title {
			t.Groups = append(t.Groups, report.Group{Title: title, Note: note})
		}
		g := &t.Groups[len(t.Groups)-1]
		g.Rows = append(g.Rows, report.Row{Raw: strings.TrimSpace(e.Metric + " " + e.Parameter),
			Cells: []string{report.MetricLabel(e.Attack, e.Metric),
				report.SettingLabel(e.Parameter), formatMeasure(e.Mean),
				formatRange(e.Low, e.High)}})
	}
	return tables
}

// formatMeasure writes an estimate for the page: counts and set sizes of
// 100 or more as whole numbers grouped by thousands, whole numbers as
// they are, shares with three decimals.
func formatMeasure(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case math.Abs(x) >= 100:
		return groupDigits(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
	case x == math.Trunc(x) && math.Abs(x) > 1:
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// formatRange writes an interval as formatMeasure writes its bounds.
func formatRange(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "-"
	}
	return "[" + formatMeasure(lo) + ", " + formatMeasure(hi) + "]"
}

// groupDigits puts a narrow no-break space between groups of three
// digits (308 375), which cannot be mistaken for the comma between an
// interval's bounds.
func groupDigits(s string) string {
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "\u202f" + s[i:]
	}
	return s
}

// sweepReport gathers a sweep folder's headline, facts, its chart
// measures by cell and the scenario of its first run.
func sweepReport(dir string, log *slog.Logger) (*report.Report, error) {
	text, err := os.ReadFile(filepath.Join(dir, sweepFileName))
	if err != nil {
		return nil, err
	}
	sc, err := loadSweepCharts(dir, log)
	if err != nil {
		return nil, err
	}
	sw := sc.sw
	r := &report.Report{
		Title: "scantrail sweep: " + filepath.Base(filepath.Clean(dir)),
		Intro: fmt.Sprintf("The scenario %s run over a grid of %d cells, %d replicates each "+
			"(seeds seed, seed+1, ... in every cell), to show how the measures change "+
			"with %s.", sw.Scenario, sw.NumCells(), sw.Replicates, paramNames(sw)),
		Headline: sweepHeadline(sc),
		Facts: []report.Fact{{Name: "scenario", Value: sw.Scenario},
			{Name: "cells", Value: strconv.Itoa(sw.NumCells())},
			{Name: "replicates", Value: strconv.Itoa(sw.Replicates)},
			{Name: "metric rows", Value: thousands(int64(len(sc.tab.data)))}},
		Sweep:  string(text),
		Tables: sweepTables(sc),
	}
	if s, text, err := firstScenario(dir, sw); err == nil {
		r.Scenario = text
		r.Mitigations = s.ActiveMitigations()
		r.Facts = append(r.Facts, report.Fact{Name: "mitigations",
			Value: "as in the first cell; the swept parameters may change them"})
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

// sweepHeadline says, for each charted measure, how far it moved across
// the cells for each adversary the sweep reaches, and names the
// adversaries drawn only for reference.
func sweepHeadline(sc *sweepChartData) []report.Finding {
	var out []report.Finding
	for i, param := range sc.tab.params {
		for _, m := range sc.measures(i) {
			var parts, refs []string
			for _, s := range sc.series(i, m) {
				if s.Reference {
					refs = append(refs, strings.TrimSuffix(s.Label, " (reference)"))
					continue
				}
				if p := sc.movement(param, s); p != "" {
					parts = append(parts, p)
				}
			}
			if len(parts) == 0 {
				continue
			}
			text := strings.Join(parts, "; ") + "."
			if len(refs) > 0 {
				text += " Not reached by " + param + ", for reference: " +
					strings.Join(refs, ", ") + "."
			}
			out = append(out, report.Finding{Subject: capitalize(m.label) + " against " +
				param, Text: text})
		}
	}
	return out
}

// movement says where a series is lowest and highest, or that it stays
// put (within half a percentage point) across the cells.
func (sc *sweepChartData) movement(param string, s chart.Series) string {
	lo, hi := -1, -1
	for j, p := range s.Points {
		if math.IsNaN(p.Y) {
			continue
		}
		if lo < 0 || p.Y < s.Points[lo].Y {
			lo = j
		}
		if hi < 0 || p.Y > s.Points[hi].Y {
			hi = j
		}
	}
	if lo < 0 {
		return ""
	}
	low, high := s.Points[lo], s.Points[hi]
	if high.Y-low.Y < 0.005 {
		return fmt.Sprintf("%s stays at %s in every cell", s.Label, report.Percent(high.Y))
	}
	return fmt.Sprintf("%s from %s at %s=%s to %s at %s=%s", s.Label,
		report.Percent(low.Y), param, sc.valueLabel(param, low.X), report.Percent(high.Y),
		param, sc.valueLabel(param, high.X))
}

// valueLabel writes a parameter's value, "forever" for a retention of 0.
func (sc *sweepChartData) valueLabel(param string, x float64) string {
	if x == 0 && sc.retention[param] {
		return "0 (forever)"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// sweepTables tabulates the charted measures of every cell: mean and 95%
// interval over replicates, one group of rows per series.
func sweepTables(sc *sweepChartData) []report.Table {
	var tables []report.Table
	for i, param := range sc.tab.params {
		for _, m := range sc.measures(i) {
			series := sc.series(i, m)
			if len(series) == 0 {
				continue
			}
			t := report.Table{Title: capitalize(m.label) + " against " + param,
				Header: []string{param, "mean", "95% interval"}, Numeric: 1,
				Note: "Mean over the replicates of each cell with its 95% Student t interval."}
			for _, s := range series {
				t.Groups = append(t.Groups, sc.seriesRows(param, s))
			}
			tables = append(tables, t)
		}
	}
	return tables
}

// seriesRows lists a series' cells, one row each; a reference series
// that has the same value in every cell gets one row saying so.
func (sc *sweepChartData) seriesRows(param string, s chart.Series) report.Group {
	g := report.Group{Title: s.Label}
	row := func(label string, p chart.Point) {
		g.Rows = append(g.Rows, report.Row{Cells: []string{label, formatValue(p.Y),
			formatInterval(p.Low, p.High)}})
	}
	same := !slices.ContainsFunc(s.Points, func(p chart.Point) bool {
		return p.Y != s.Points[0].Y || p.Low != s.Points[0].Low || p.High != s.Points[0].High
	})
	if s.Reference && same {
		row("every cell", s.Points[0])
		return g
	}
	for _, p := range sc.forEver(param, s.Points) {
		row(sc.valueLabel(param, p.X), p)
	}
	return g
}

// forEver puts a retention of 0 (forever) after the longest limit, where
// it belongs in reading order.
func (sc *sweepChartData) forEver(param string, points []chart.Point) []chart.Point {
	if !sc.retention[param] {
		return points
	}
	out := slices.Clone(points)
	slices.SortStableFunc(out, func(a, b chart.Point) int {
		return cmp.Compare(boolRank(a.X == 0), boolRank(b.X == 0))
	})
	return out
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
