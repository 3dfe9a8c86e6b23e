package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/output/chart"
	"github.com/scantrail/scantrail/scenarios"
)

// sweepCharts draws, for each numeric swept parameter, one chart per
// measure: linkage and tracking against a retention limit (the policy
// charts), unicity and the background-knowledge risk against anything
// else.
func sweepCharts(dir string, log *slog.Logger) ([]namedPlot, error) {
	sc, err := loadSweepCharts(dir, log)
	if err != nil {
		return nil, err
	}
	return sc.plots(log)
}

// plots draws every chart of the sweep, skipping with a log line each
// measure the sweep has no values of.
func (sc *sweepChartData) plots(log *slog.Logger) ([]namedPlot, error) {
	var out []namedPlot
	for i := range sc.tab.params {
		for _, m := range sc.measures(i) {
			np, err := sc.chart(i, m)
			if errors.Is(err, chart.ErrNoData) {
				skipChart(log, m.key+" against "+sc.tab.params[i], "every "+m.label+
					" value is NaN: the measure did not apply in any cell")
				continue
			}
			if err != nil {
				return nil, err
			}
			if np == nil {
				skipChart(log, m.key+" against "+sc.tab.params[i], "the sweep has no "+
					m.label+" values")
				continue
			}
			out = append(out, *np)
		}
	}
	return out, nil
}

// sweepChartData is what a sweep's charts and report read: the combined
// metrics, which parameters set a retention limit, and which adversaries
// each parameter reaches.
type sweepChartData struct {
	tab       *sweepTable
	sw        *scenarios.Sweep
	retention map[string]bool
	// reached maps a parameter to the adversaries whose holders it
	// changes; nil means every adversary.
	reached map[string]map[string]bool
}

func loadSweepCharts(dir string, log *slog.Logger) (*sweepChartData, error) {
	path := filepath.Join(dir, sweepFileName)
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sw, err := scenarios.ParseSweep(path, text)
	if err != nil {
		return nil, err
	}
	tab, err := readSweepTable(dir, sw)
	if err != nil {
		return nil, err
	}
	sc := &sweepChartData{tab: tab, sw: sw, retention: map[string]bool{},
		reached: map[string]map[string]bool{}}
	s, _, err := firstScenario(dir, sw)
	if err != nil {
		log.Warn("every adversary drawn bold: cannot read the scenario of the first run",
			"error", err)
	}
	for _, p := range sw.Parameters {
		sc.retention[p.Name] = slices.ContainsFunc(p.Paths, func(s string) bool {
			return strings.HasSuffix(s, ".retention_days")
		})
		if s != nil {
			sc.reached[p.Name] = reachedAdversaries(p.Paths, s)
		}
	}
	return sc, nil
}

// firstScenario reads the scenario of the sweep's first run, and its text
// as the run's manifest holds it.
func firstScenario(dir string, sw *scenarios.Sweep) (*scenarios.Scenario, string, error) {
	cells := sw.Cells()
	if len(cells) == 0 {
		return nil, "", fmt.Errorf("%s: the sweep has no cells", dir)
	}
	run := filepath.Join(dir, sw.Dir(cells[0]), "replicate=0")
	m, err := output.ReadManifest(run)
	if err != nil {
		return nil, "", err
	}
	s, err := scenarios.Parse(filepath.Join(run, "manifest.json"), run, []byte(m.Scenario), nil)
	return s, m.Scenario, err
}

// reachedAdversaries returns the adversaries whose records a parameter's
// paths change: those reading a holder holders.N sets, and an adversary
// adversaries.N sets. Any other path (population, sensors, mitigations,
// attacks) reaches everyone, which it reports as nil.
func reachedAdversaries(paths []string, s *scenarios.Scenario) map[string]bool {
	set := map[string]bool{}
	for _, path := range paths {
		steps := strings.Split(path, ".")
		if len(steps) < 2 {
			return nil
		}
		n, err := strconv.Atoi(steps[1])
		switch {
		case err != nil || n < 0:
			return nil
		case steps[0] == "holders" && n < len(s.Holders):
			for _, a := range s.Adversaries {
				if slices.Contains(a.Holders, s.Holders[n].Name) {
					set[a.Name] = true
				}
			}
		case steps[0] == "adversaries" && n < len(s.Adversaries):
			set[s.Adversaries[n].Name] = true
		default:
			return nil
		}
	}
	if len(set) == 0 {
		return nil
	}
	return set
}

// sweepMeasure is one measure a sweep chart draws against a parameter:
// the rows of one attack's metric at one parameter.
type sweepMeasure struct {
	key, label, caption   string
	attack, metric, param string
}

// measures lists the measures drawn against parameter i; none for a
// parameter whose values are not all numbers.
func (sc *sweepChartData) measures(i int) []sweepMeasure {
	t := sc.tab
	if !t.numeric(i) {
		return nil
	}
	bands := "Bold lines are the adversaries whose holders the sweep changes, thin " +
		"dashed lines the others, for reference; bands are 95% t intervals over the " +
		"replicates."
	if sc.retention[t.params[i]] {
		days := strings.TrimPrefix(t.maxLinkDays, "days=")
		return []sweepMeasure{
			{key: "linkage", label: "linkage top-1 over " + days + " days",
				caption: "The share of pseudonymous accounts linked to their true owner over " +
					"the longest span of data, against the retention limit; 0 (records " +
					"kept forever) is drawn at the right end. " + bands,
				attack: analysis.AttackLinkage, metric: "top1", param: t.maxLinkDays},
			{key: "tracking", label: "tracking: share of queries answered",
				caption: "The share of where-was-this-person queries the adversary's " +
					"records answer (a record in the three hours before), against the " +
					"retention limit; 0 (kept forever) is drawn at the right end. " + bands,
				attack: analysis.AttackTracking, metric: "answered"},
		}
	}
	res, p, _ := unicityParameter(t.unicityParam)
	return []sweepMeasure{
		{key: "unicity", label: fmt.Sprintf("unicity ε_%d at %s", p, res),
			caption: fmt.Sprintf("The share of sampled people whom %d random points at %s "+
				"single out, against %s. %s", p, res, t.params[i], bands),
			attack: analysis.AttackUnicity, metric: "epsilon", param: t.unicityParam},
		{key: "risk", label: "share unique knowing " + strings.TrimPrefix(t.maxRiskK, "k=") +
			" places",
			caption: "The share of people whom an attacker knowing " +
				strings.TrimPrefix(t.maxRiskK, "k=") + " of the places they went to singles " +
				"out (background-knowledge risk 1), against " + t.params[i] + ". " + bands,
			attack: analysis.AttackRisk, metric: "unique_share", param: t.maxRiskK},
	}
}

// chart draws measure m against parameter i, or returns nil when the
// sweep has no values of it.
func (sc *sweepChartData) chart(i int, m sweepMeasure) (*namedPlot, error) {
	series := sc.series(i, m)
	if len(series) == 0 {
		return nil, nil
	}
	param := sc.tab.params[i]
	var c *chart.Chart
	var err error
	name := "reidentification-" + param + "-" + m.key
	if sc.retention[param] {
		c, err = chart.Policy(m.label, series)
		name = "policy-" + param + "-" + m.key
	} else {
		c, err = chart.Adoption(param, m.label, series)
	}
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", name, err)
	}
	return &namedPlot{name: name, chart: c, caption: m.caption}, nil
}

// series summarises measure m against parameter i: one series per
// adversary (and values of the other parameters), those the parameter
// does not reach marked as references and put last.
func (sc *sweepChartData) series(i int, m sweepMeasure) []chart.Series {
	rows, adversary := sc.tab.rows(i, m)
	series := chart.Summarize(rows, 0, 1)
	reached := sc.reached[sc.tab.params[i]]
	for j := range series {
		if reached != nil && !reached[adversary[series[j].Label]] {
			series[j].Reference = true
			series[j].Label += " (reference)"
		}
	}
	slices.SortStableFunc(series, func(a, b chart.Series) int {
		return cmp.Compare(boolRank(a.Reference), boolRank(b.Reference))
	})
	return series
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sweepTable is a sweep's combined metrics read from metrics.csv.
type sweepTable struct {
	header, params []string
	data           [][]string
	col            map[string]int

	maxLinkDays, unicityParam, maxRiskK string
}

// metricColumns are the columns of a sweep's combined table after the
// parameters', in order.
var metricColumns = []string{"replicate", "scenario", "adversary", "attack", "metric",
	"parameter", "value"}

// readSweepTable reads the combined metrics.csv of sweep sw in dir,
// refusing a table that is not the one scantrail sweep wrote for it:
// other columns, a parameter value or replicate outside the sweep, or a
// value that is not a number.
func readSweepTable(dir string, sw *scenarios.Sweep) (*sweepTable, error) {
	path := filepath.Join(dir, "metrics.csv")
	header, data, err := output.ReadCSVRows(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no combined metrics yet (run scantrail sweep until "+
			"every run is complete): %w", dir, err)
	case err != nil:
		return nil, badCombined(path, strings.TrimPrefix(err.Error(), "output: read "+path+": "))
	}
	want := make([]string, 0, len(sw.Parameters)+len(metricColumns))
	for _, p := range sw.Parameters {
		want = append(want, p.Name)
	}
	want = append(want, metricColumns...)
	if err := checkHeader(path, header, want); err != nil {
		return nil, err
	}
	tab := &sweepTable{header: header, data: data, col: map[string]int{},
		params: header[:len(sw.Parameters)]}
	for i, h := range header {
		tab.col[h] = i
	}
	if err := tab.check(path, sw); err != nil {
		return nil, err
	}
	tab.pickParameters()
	return tab, nil
}

// checkHeader compares a combined table's columns with those its sweep
// file gives.
func checkHeader(path string, got, want []string) error {
	for i, w := range want {
		if i >= len(got) || got[i] != w {
			g := "missing"
			if i < len(got) {
				g = strconv.Quote(got[i])
			}
			return badCombined(path, fmt.Sprintf("column %d is %s, want %q (the columns "+
				"are %s)", i+1, g, w, strings.Join(want, ", ")))
		}
	}
	if len(got) > len(want) {
		return badCombined(path, fmt.Sprintf("column %d %q is not one of the sweep's "+
			"columns (%s)", len(want)+1, got[len(want)], strings.Join(want, ", ")))
	}
	return nil
}

// check checks each row's parameter values, replicate and value.
func (t *sweepTable) check(path string, sw *scenarios.Sweep) error {
	allowed := make([]map[string]bool, len(sw.Parameters))
	for i, p := range sw.Parameters {
		allowed[i] = map[string]bool{}
		for _, v := range p.Values {
			allowed[i][v] = true
		}
	}
	for n, r := range t.data {
		line := n + 2 // the header is line 1
		for i, p := range sw.Parameters {
			if !allowed[i][r[i]] {
				return badCombined(path, fmt.Sprintf("line %d: column %s: %q is not one of "+
					"the sweep's values (%s)", line, p.Name, r[i], strings.Join(p.Values, ", ")))
			}
		}
		rep, err := strconv.Atoi(t.field(r, "replicate"))
		if err != nil || rep < 0 || rep >= sw.Replicates {
			return badCombined(path, fmt.Sprintf("line %d: column replicate: got %q, want "+
				"a whole number from 0 to %d", line, t.field(r, "replicate"), sw.Replicates-1))
		}
		if _, err := strconv.ParseFloat(t.field(r, "value"), 64); err != nil {
			return badCombined(path, fmt.Sprintf("line %d: column value: got %q, want a "+
				"number or NaN", line, t.field(r, "value")))
		}
	}
	return nil
}

// badCombined reports a combined table that is not what scantrail sweep
// wrote, which plot and report refuse rather than chart the wrong column.
func badCombined(path, problem string) error {
	return usageError{fmt.Errorf("%s: %s; the table is not the one scantrail sweep "+
		"wrote for this folder's %s: run the sweep again to rewrite it", path, problem,
		sweepFileName)}
}

func (t *sweepTable) field(r []string, name string) string { return r[t.col[name]] }

// numeric reports whether parameter i's values are all numbers.
func (t *sweepTable) numeric(i int) bool {
	for _, r := range t.data {
		if _, err := strconv.ParseFloat(r[i], 64); err != nil {
			return false
		}
	}
	return len(t.data) > 0
}

// pickParameters chooses the attack parameters the sweep charts show:
// linkage over the most days, unicity at p = 4 (or the largest p below)
// at the first resolution, and the risk at the largest k.
func (t *sweepTable) pickParameters() {
	bestDays, bestK, bestP := -1, -1, -1
	firstRes := ""
	for _, r := range t.data {
		param := t.field(r, "parameter")
		switch t.field(r, "attack") {
		case analysis.AttackLinkage:
			if d, err := strconv.Atoi(strings.TrimPrefix(param, "days=")); err == nil &&
				d > bestDays {
				bestDays, t.maxLinkDays = d, param
			}
		case analysis.AttackRisk:
			if k, err := strconv.Atoi(strings.TrimPrefix(param, "k=")); err == nil && k > bestK {
				bestK, t.maxRiskK = k, param
			}
		case analysis.AttackUnicity:
			res, p, ok := unicityParameter(param)
			if ok && firstRes == "" {
				firstRes = res
			}
			if ok && res == firstRes && p <= 4 && p > bestP {
				bestP, t.unicityParam = p, param
			}
		}
	}
}

// rows returns the tidy rows of measure m against parameter i, each
// series named by its adversary and the other parameters' values, and
// the adversary of each series. A value that is not a number (NaN in the
// table) stays NaN: a gap in the chart, never a 0.
func (t *sweepTable) rows(i int, m sweepMeasure) ([]chart.Row, map[string]string) {
	var out []chart.Row
	adversary := map[string]string{}
	for _, r := range t.data {
		if t.field(r, "attack") != m.attack || t.field(r, "metric") != m.metric ||
			t.field(r, "parameter") != m.param {
			continue
		}
		adv := t.field(r, "adversary")
		name := adv
		for j, p := range t.params {
			if j != i {
				name += fmt.Sprintf(", %s=%s", p, r[j])
			}
		}
		adversary[name] = adv
		x, _ := strconv.ParseFloat(r[i], 64)
		v, err := strconv.ParseFloat(t.field(r, "value"), 64)
		if err != nil {
			v = math.NaN()
		}
		out = append(out, chart.Row{Series: name, X: x, Value: v})
	}
	return out, adversary
}
