package main

import (
	"cmp"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/output/chart"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// folderCharts builds every chart that applies to a run or sweep folder.
func folderCharts(dir string, log *slog.Logger) ([]namedPlot, error) {
	kind, err := folderKind(dir)
	if err != nil {
		return nil, err
	}
	if kind == "sweep" {
		return sweepCharts(dir)
	}
	return runCharts(dir, log)
}

// runCharts builds the charts of one run folder: unicity per adversary
// from its estimates, then, for a Parquet folder, the timeline, the venue
// map and scans per family and hour.
func runCharts(dir string, log *slog.Logger) ([]namedPlot, error) {
	var out []namedPlot
	est, err := readEstimates(dir)
	if err != nil {
		return nil, err
	}
	out = append(out, unicityCharts(est)...)
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if m.Format != output.Parquet {
		log.Warn("timeline, venue map and hours need a Parquet run folder; skipped",
			"folder", dir, "format", m.Format)
		return out, nil
	}
	city, err := cityCharts(dir)
	if err != nil {
		return nil, err
	}
	out = append(out, city...)
	tl, err := timelineChart(dir)
	if err != nil {
		return nil, err
	}
	if tl != nil {
		out = append(out, *tl)
	}
	return out, nil
}

// readEstimates reads a run's estimates; a run without attacks has none.
func readEstimates(dir string) ([]analysis.Estimate, error) {
	path := filepath.Join(dir, "estimates.parquet")
	if _, err := os.Stat(path); err != nil {
		return nil, nil
	}
	return output.ReadParquet[analysis.Estimate](path)
}

// unicityCharts draws ε_p against p for each adversary, one line per
// resolution, from parameters written "resolution=R p=N".
func unicityCharts(est []analysis.Estimate) []namedPlot {
	byAdv := map[string][]chart.Series{}
	var order []string
	for _, e := range est {
		if e.Attack != analysis.AttackUnicity || e.Metric != "epsilon" || math.IsNaN(e.Mean) {
			continue
		}
		res, p, ok := unicityParameter(e.Parameter)
		if !ok {
			continue
		}
		if _, seen := byAdv[e.Adversary]; !seen {
			order = append(order, e.Adversary)
		}
		series := byAdv[e.Adversary]
		i := slices.IndexFunc(series, func(s chart.Series) bool { return s.Label == res })
		if i < 0 {
			series = append(series, chart.Series{Label: res})
			i = len(series) - 1
		}
		series[i].Points = append(series[i].Points,
			chart.Point{X: float64(p), Y: e.Mean, Low: e.Low, High: e.High})
		byAdv[e.Adversary] = series
	}
	var out []namedPlot
	for _, adv := range order {
		p, err := chart.Unicity(adv, byAdv[adv])
		if err != nil {
			continue
		}
		out = append(out, namedPlot{name: "unicity-" + adv, plot: p,
			caption: "Unicity for " + adv + ": the share of sampled people whose p random " +
				"points single them out, for each resolution of place and time."})
	}
	return out
}

// unicityParameter splits "resolution=venue/hour p=4".
func unicityParameter(param string) (res string, p int, ok bool) {
	a, b, found := strings.Cut(param, " ")
	res, okRes := strings.CutPrefix(a, "resolution=")
	ps, okP := strings.CutPrefix(b, "p=")
	n, err := strconv.Atoi(ps)
	return res, n, found && okRes && okP && err == nil
}

// cityCharts draws the venue map and scans per family per hour.
func cityCharts(dir string) ([]namedPlot, error) {
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	s, err := scenarios.Parse(filepath.Join(dir, "manifest.json"), dir, []byte(m.Scenario), nil)
	if err != nil {
		return nil, err
	}
	loc, err := s.Location()
	if err != nil {
		return nil, err
	}
	venues, err := output.ReadParquet[sim.Venue](filepath.Join(dir, "venues.parquet"))
	if err != nil {
		return nil, err
	}
	perVenue := make([]int, len(venues))
	perHour := make([][24]float64, sim.NumFamilies)
	err = eachRow(filepath.Join(dir, "scans.parquet"), func(sc sim.Scan) {
		if sc.Venue < 0 || int(sc.Venue) >= len(venues) {
			return
		}
		perVenue[sc.Venue]++
		if f, ok := sim.ParseFamily(venues[sc.Venue].Family); ok {
			perHour[f][time.UnixMilli(sc.Time).In(loc).Hour()]++
		}
	})
	if err != nil {
		return nil, err
	}
	return cityPlots(venues, perVenue, perHour, s.Days)
}

func cityPlots(venues []sim.Venue, perVenue []int, perHour [][24]float64,
	days int) ([]namedPlot, error) {
	points := make([]chart.Venue, len(venues))
	for i, v := range venues {
		points[i] = chart.Venue{X: v.X, Y: v.Y, Scans: perVenue[i]}
	}
	vm, err := chart.VenueMap("Venues coloured by QR scans (replicate 0)", points)
	if err != nil {
		return nil, err
	}
	for f := range perHour {
		for h := range perHour[f] {
			perHour[f][h] /= float64(max(days, 1))
		}
	}
	fh, err := chart.FamilyHours(sim.FamilyNames(), perHour)
	if err != nil {
		return nil, err
	}
	return []namedPlot{
		{name: "venue-map", plot: vm, caption: "Every venue of the city at its position, " +
			"coloured by the number of QR scans recorded there over the run."},
		{name: "scans-by-hour", plot: fh, caption: "QR scans per day in each hour, by the " +
			"family of the venue scanned."},
	}, nil
}

// eachRow calls fn for every row of a Parquet table, reading in batches.
func eachRow[T any](path string, fn func(T)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rd := parquet.NewGenericReader[T](pf)
	defer rd.Close()
	buf := make([]T, 1<<14)
	for {
		n, err := rd.Read(buf)
		for _, r := range buf[:n] {
			fn(r)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
}

// timelineDays is how many days the timeline shows.
const timelineDays = 2

// timelineChart draws, for the first adversary, the named person it holds
// the most records of: their true stays over the first days against the
// records that place them. It returns nil when no adversary names anyone.
func timelineChart(dir string) (*namedPlot, error) {
	s, rec, err := analysis.Load(dir)
	if err != nil {
		return nil, err
	}
	if len(s.Adversaries) == 0 {
		return nil, nil
	}
	adv := s.Adversaries[0]
	v, err := rec.AdversaryView(adv)
	if err != nil {
		return nil, err
	}
	acct := busiestNamed(v)
	if acct < 0 {
		return nil, nil
	}
	t := buildTimeline(rec, v, acct, min(timelineDays, rec.Days))
	t.Title = fmt.Sprintf("Person %d: where they were and what %s holds",
		v.Accounts[acct].Person, adv.Name)
	p, err := chart.PersonTimeline(t)
	if err != nil {
		return nil, err
	}
	return &namedPlot{name: "timeline", plot: p, caption: fmt.Sprintf("One person's first "+
		"%d days: bars are the true stays, crosses the records of adversary %s under "+
		"the person's real name.", min(timelineDays, rec.Days), adv.Name)}, nil
}

// busiestNamed returns the identified account with the most observations,
// or -1.
func busiestNamed(v *analysis.View) int32 {
	best, most := int32(-1), 0
	for a := range v.Accounts {
		if n := len(v.Trace(int32(a))); v.Accounts[a].Identified && n > most {
			best, most = int32(a), n
		}
	}
	return best
}

// buildTimeline collects an account's person's true stays and the
// account's records over the first days, one row per venue.
func buildTimeline(rec *analysis.Records, v *analysis.View, acct int32, days int) chart.Timeline {
	end := int32(days * 1440)
	var t chart.Timeline
	rows := map[int32]int{}
	row := func(venue int32) int {
		if r, ok := rows[venue]; ok {
			return r
		}
		rows[venue] = len(t.Rows)
		vn := rec.Venues[venue]
		t.Rows = append(t.Rows, fmt.Sprintf("%s %d", vn.Kind, vn.ID))
		return rows[venue]
	}
	for _, st := range rec.Visits(v.Accounts[acct].Person) {
		if st.Arrive < end {
			t.Truth = append(t.Truth, chart.Span{Row: row(st.Venue),
				From: float64(st.Arrive) / 60, To: float64(min(st.Depart, end)) / 60})
		}
	}
	for _, o := range v.Trace(acct) {
		if o.Minute < end {
			t.Seen = append(t.Seen, chart.Mark{Row: row(o.Venue), At: float64(o.Minute) / 60})
		}
	}
	return t
}

// sweepCharts draws, for each numeric swept parameter, the policy chart
// (a parameter that sets retention_days) or the re-identification chart
// (anything else).
func sweepCharts(dir string) ([]namedPlot, error) {
	tab, err := readSweepTable(dir)
	if err != nil {
		return nil, err
	}
	retention, err := retentionParameters(dir)
	if err != nil {
		return nil, err
	}
	var out []namedPlot
	for i, param := range tab.params {
		if !tab.numeric(i) {
			continue
		}
		np, err := sweepChart(tab, i, param, retention[param])
		if err != nil {
			return nil, err
		}
		if np != nil {
			out = append(out, *np)
		}
	}
	return out, nil
}

// retentionParameters reports, by name, the swept parameters that set a
// retention limit.
func retentionParameters(dir string) (map[string]bool, error) {
	path := filepath.Join(dir, sweepFileName)
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sw, err := scenarios.ParseSweep(path, text)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, p := range sw.Parameters {
		out[p.Name] = slices.ContainsFunc(p.Paths, func(s string) bool {
			return strings.HasSuffix(s, ".retention_days")
		})
	}
	return out, nil
}

func sweepChart(tab *sweepTable, i int, param string, retention bool) (*namedPlot, error) {
	if retention {
		p, err := chart.Policy(chart.Summarize(tab.rows(i, policyMetric), 0, 1))
		if err != nil {
			return nil, nil
		}
		return &namedPlot{name: "policy-" + param, plot: p, caption: "Linkage (top-1 " +
			"accuracy over the longest span of data) and tracking (the share of queries " +
			"answered with the right venue) against the retention limit " + param +
			"; bands are 95% t intervals over the replicates."}, nil
	}
	p, err := chart.Adoption(param, chart.Summarize(tab.rows(i, adoptionMetric), 0, 1))
	if err != nil {
		return nil, nil
	}
	return &namedPlot{name: "reidentification-" + param, plot: p, caption: "Unicity ε_4 " +
		"(or the largest p measured below 4) and the background-knowledge risk (share " +
		"unique) against " + param + "; bands are 95% t intervals over the replicates."}, nil
}

// policyMetric names the series a metric row belongs to in the policy
// chart, or "" for rows it leaves out.
func policyMetric(tab *sweepTable, r []string) string {
	adv, attack, metric, param := tab.field(r, "adversary"), tab.field(r, "attack"),
		tab.field(r, "metric"), tab.field(r, "parameter")
	switch {
	case attack == analysis.AttackLinkage && metric == "top1" && param == tab.maxLinkDays:
		return adv + ": linkage top-1"
	case attack == analysis.AttackTracking && metric == "venue_correct":
		return adv + ": tracking venue"
	}
	return ""
}

// adoptionMetric names the series of a row in the re-identification chart.
func adoptionMetric(tab *sweepTable, r []string) string {
	adv, attack, metric, param := tab.field(r, "adversary"), tab.field(r, "attack"),
		tab.field(r, "metric"), tab.field(r, "parameter")
	switch {
	case attack == analysis.AttackUnicity && metric == "epsilon" && param == tab.unicityParam:
		return adv + ": unicity ε"
	case attack == analysis.AttackRisk && metric == "unique_share" && param == tab.maxRiskK:
		return adv + ": risk unique"
	}
	return ""
}

// sweepTable is a sweep's combined metrics read from metrics.csv.
type sweepTable struct {
	header, params []string
	data           [][]string
	col            map[string]int

	maxLinkDays, unicityParam, maxRiskK string
}

func readSweepTable(dir string) (*sweepTable, error) {
	header, data, err := output.ReadCSVRows(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		return nil, fmt.Errorf("%s: no combined metrics yet (run scantrail sweep until "+
			"every run is complete): %w", dir, err)
	}
	tab := &sweepTable{header: header, data: data, col: map[string]int{}}
	for i, h := range header {
		tab.col[h] = i
	}
	ri, ok := tab.col["replicate"]
	if !ok {
		return nil, fmt.Errorf("%s/metrics.csv: no replicate column", dir)
	}
	tab.params = header[:ri]
	tab.pickParameters()
	return tab, nil
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

// rows returns the tidy rows of the series pick names, against parameter
// i; the other parameters' values join the series name.
func (t *sweepTable) rows(i int, pick func(*sweepTable, []string) string) []chart.Row {
	var out []chart.Row
	for _, r := range t.data {
		name := pick(t, r)
		if name == "" {
			continue
		}
		for j, p := range t.params {
			if j != i {
				name += fmt.Sprintf(", %s=%s", p, r[j])
			}
		}
		x, _ := strconv.ParseFloat(r[i], 64)
		v, err := strconv.ParseFloat(t.field(r, "value"), 64)
		if err != nil {
			v = math.NaN()
		}
		out = append(out, chart.Row{Series: name, X: x, Value: v})
	}
	slices.SortStableFunc(out, func(a, b chart.Row) int { return cmp.Compare(a.Series, b.Series) })
	return out
}
