package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/output/chart"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// folderCharts builds every chart that applies to a run or sweep folder
// of the kind folderKind found, logging each chart it skips and why.
func folderCharts(dir, kind string, log *slog.Logger) ([]namedPlot, error) {
	if kind == sweepFolder {
		return sweepCharts(dir, log)
	}
	return runCharts(dir, log)
}

// runCharts builds the charts of one run or imported folder: unicity per
// adversary from its estimates, then, for a Parquet folder, the venue
// map, records per family and hour, and the timeline, each where the
// folder holds what it needs.
func runCharts(dir string, log *slog.Logger) ([]namedPlot, error) {
	est, err := readEstimates(dir)
	if err != nil {
		return nil, err
	}
	out := unicityCharts(est, log)
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, badTable(filepath.Join(dir, "manifest.json"), err)
	}
	if m.Format != output.Parquet {
		skipChart(log, "venue map, hours and timeline", "they need a Parquet folder; this "+
			"one is "+m.Format.String())
		return out, nil
	}
	city, err := cityCharts(dir, m, log)
	if err != nil {
		return nil, err
	}
	out = append(out, city...)
	tl, err := timelineChart(dir, m, log)
	if err != nil {
		return nil, err
	}
	if tl != nil {
		out = append(out, *tl)
	}
	return out, nil
}

// skipChart logs that a chart does not apply to the folder, and why.
func skipChart(log *slog.Logger, chart, reason string) {
	log.Info("chart skipped", "chart", chart, "reason", reason)
}

// imported reports whether a manifest is that of scantrail import.
func imported(m *output.Manifest) bool { return m.Extra["kind"] == "import" }

// hasTable reports whether the folder's manifest lists table.
func hasTable(m *output.Manifest, table string) bool {
	_, ok := m.Rows[table]
	return ok
}

// readEstimates reads a run's estimates; a run without attacks has none.
func readEstimates(dir string) ([]analysis.Estimate, error) {
	path := filepath.Join(dir, "estimates.parquet")
	if _, err := os.Stat(path); err != nil {
		return nil, nil
	}
	est, err := output.ReadParquet[analysis.Estimate](path)
	if err != nil {
		return nil, badTable(path, err)
	}
	return est, nil
}

// unicityCharts draws ε_p against p for each adversary, one line per
// resolution, from parameters written "resolution=R p=N". A NaN estimate
// is a gap in its line; an adversary whose every estimate is NaN (it
// holds no records) is skipped with a log line.
func unicityCharts(est []analysis.Estimate, log *slog.Logger) []namedPlot {
	byAdv := map[string][]chart.Series{}
	var order []string
	for _, e := range est {
		if e.Attack != analysis.AttackUnicity || e.Metric != "epsilon" {
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
	if len(order) == 0 {
		skipChart(log, "unicity", "the folder has no unicity estimates (run scantrail "+
			"analyze on it first)")
	}
	var out []namedPlot
	for _, adv := range order {
		p, err := chart.Unicity(adv, byAdv[adv])
		switch {
		case errors.Is(err, chart.ErrNoData):
			skipChart(log, "unicity-"+adv, "every unicity estimate is NaN: the attack "+
				"did not apply (the adversary holds no records to test)")
			continue
		case err != nil:
			skipChart(log, "unicity-"+adv, err.Error())
			continue
		}
		out = append(out, namedPlot{name: "unicity-" + adv, chart: p,
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

// cityRecords names the records the venue map and the hours chart count
// in a folder: QR scans of a simulation, check-ins of an import (its
// scans table), or the stays an import found in GPS trajectories.
type cityRecords struct {
	table, noun, title string
}

// recordsOf picks the table the city charts count, or reports why none
// applies.
func recordsOf(m *output.Manifest) (cityRecords, string) {
	switch {
	case !hasTable(m, "venues"):
		return cityRecords{}, "the folder has no venues table"
	case hasTable(m, "scans") && imported(m):
		return cityRecords{"scans", "check-ins", "Venues coloured by check-ins"}, ""
	case hasTable(m, "scans"):
		return cityRecords{"scans", "scans", "Venues coloured by QR scans (replicate 0)"}, ""
	case hasTable(m, "visits") && imported(m):
		return cityRecords{"visits", "stays",
			"Venues coloured by stays found in the trajectories"}, ""
	}
	return cityRecords{}, "the folder has no scans and no stays"
}

// cityCharts draws the venue map coloured by the folder's records, and
// scans (or check-ins) per family and hour where the folder has scans.
func cityCharts(dir string, m *output.Manifest, log *slog.Logger) ([]namedPlot, error) {
	recs, why := recordsOf(m)
	if why != "" {
		skipChart(log, "venue map and hours", why)
		return nil, nil
	}
	s, err := scenarios.Parse(filepath.Join(dir, "manifest.json"), dir, []byte(m.Scenario), nil)
	if err != nil {
		return nil, err
	}
	loc, err := s.Location()
	if err != nil {
		return nil, err
	}
	venuesPath := filepath.Join(dir, "venues.parquet")
	venues, err := output.ReadParquet[sim.Venue](venuesPath)
	if err != nil {
		return nil, badTable(venuesPath, err)
	}
	perVenue := make([]int, len(venues))
	perHour := make([][24]float64, sim.NumFamilies)
	count := func(venue int32, at int64) {
		if venue < 0 || int(venue) >= len(venues) {
			return
		}
		perVenue[venue]++
		if f, ok := sim.ParseFamily(venues[venue].Family); ok {
			perHour[f][time.UnixMilli(at).In(loc).Hour()]++
		}
	}
	path := filepath.Join(dir, recs.table+".parquet")
	if recs.table == "visits" {
		err = eachRow(path, func(v sim.Visit) { count(v.Venue, v.Arrival) })
	} else {
		err = eachRow(path, func(sc sim.Scan) { count(sc.Venue, sc.Time) })
	}
	if err != nil {
		return nil, err
	}
	return cityPlots(venues, perVenue, perHour, s.Days, recs, log)
}

func cityPlots(venues []sim.Venue, perVenue []int, perHour [][24]float64, days int,
	recs cityRecords, log *slog.Logger) ([]namedPlot, error) {
	points := make([]chart.Venue, len(venues))
	for i, v := range venues {
		points[i] = chart.Venue{X: v.X, Y: v.Y, Records: perVenue[i]}
	}
	var out []namedPlot
	vm, err := chart.VenueMap(recs.title, recs.noun, points)
	switch {
	case errors.Is(err, chart.ErrNoData):
		skipChart(log, "venue map", "the folder has no venues")
	case err != nil:
		return nil, err
	default:
		out = append(out, namedPlot{name: "venue-map", chart: vm, caption: "Every venue " +
			"at its position, coloured by the number of " + recs.noun + " recorded there."})
	}
	if recs.table != "scans" {
		skipChart(log, "scans by hour", "the folder has no scans, only "+recs.noun)
		return out, nil
	}
	for f := range perHour {
		for h := range perHour[f] {
			perHour[f][h] /= float64(max(days, 1))
		}
	}
	fh, err := chart.FamilyHours(recs.noun, sim.FamilyNames(), perHour)
	if errors.Is(err, chart.ErrNoData) {
		skipChart(log, "scans by hour", "no "+recs.noun+" at a venue of a known family")
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	return append(out, namedPlot{name: "scans-by-hour", chart: fh, caption: capitalize(
		recs.noun) + " per day in each hour (local time), by the family of the venue."}), nil
}

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// eachRow calls fn for every row of a Parquet table, reading in batches.
// A table that exists but cannot be read marks the folder as damaged.
func eachRow[T any](path string, fn func(T)) error {
	err := output.ReadParquetBatches(path, 1<<14, func(rows []T) error {
		for _, r := range rows {
			fn(r)
		}
		return nil
	})
	var pathErr *fs.PathError
	if err != nil && !errors.As(err, &pathErr) {
		return badTable(path, err)
	}
	return err
}

// timelineDays is how many days the timeline shows.
const timelineDays = 2

// timelineChart draws, for the first adversary, the named person it holds
// the most records of: their true stays over the first days against the
// records that place them. It returns nil when the folder has no ground
// truth (an import) or no adversary names anyone.
func timelineChart(dir string, m *output.Manifest, log *slog.Logger) (*namedPlot, error) {
	switch {
	case imported(m):
		skipChart(log, "timeline", "an imported folder has no ground truth to set the "+
			"records against")
		return nil, nil
	case !hasTable(m, "people") || !hasTable(m, "visits"):
		skipChart(log, "timeline", "the folder has no people or visits table")
		return nil, nil
	}
	s, rec, err := analysis.Load(dir)
	if err != nil {
		return nil, usageError{fmt.Errorf("timeline: %w", err)}
	}
	if len(s.Adversaries) == 0 {
		skipChart(log, "timeline", "the scenario has no adversary")
		return nil, nil
	}
	adv := s.Adversaries[0]
	v, err := rec.AdversaryView(adv)
	if err != nil {
		return nil, err
	}
	acct := busiestNamed(v)
	if acct < 0 {
		skipChart(log, "timeline", "adversary "+adv.Name+" knows no one by name")
		return nil, nil
	}
	t := buildTimeline(rec, v, acct, min(timelineDays, rec.Days))
	t.Title = fmt.Sprintf("Person %d: where they were and what %s holds",
		v.Accounts[acct].Person, adv.Name)
	p, err := chart.PersonTimeline(t)
	if errors.Is(err, chart.ErrNoData) {
		skipChart(log, "timeline", fmt.Sprintf("person %d has no stays and no records "+
			"in the first %d days", v.Accounts[acct].Person, min(timelineDays, rec.Days)))
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &namedPlot{name: "timeline", chart: p, caption: fmt.Sprintf("One person's first "+
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
// account's records over the first days, one row per place. The records
// name places of the view's table: the city's venues, then the coarse
// places (a district, a grid cell, a cloaked cell) its holders store
// instead, labelled by their own names.
func buildTimeline(rec *analysis.Records, v *analysis.View, acct int32, days int) chart.Timeline {
	end := int32(days * 1440)
	var t chart.Timeline
	rows := map[int32]int{}
	row := func(place int32) int {
		if r, ok := rows[place]; ok {
			return r
		}
		rows[place] = len(t.Rows)
		t.Rows = append(t.Rows, placeLabel(v.Venues, len(rec.Venues), place))
		return rows[place]
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

// placeLabel names place id of a view's place table: "kind id" for one of
// the city's first venues, the place's own name ("restaurant in district
// 3") for a coarse place after them, and the bare id for an id outside
// the table.
func placeLabel(places []sim.Venue, venues int, id int32) string {
	switch {
	case id < 0 || int(id) >= len(places):
		return fmt.Sprintf("place %d", id)
	case int(id) >= venues && places[id].Name != "":
		return places[id].Name
	}
	return fmt.Sprintf("%s %d", places[id].Kind, places[id].ID)
}
