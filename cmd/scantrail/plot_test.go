package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/output/chart"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// plotAndReport runs plot and report on dir and returns plot's stdout and
// stderr and the page.
func plotAndReport(t *testing.T, dir string) (stdout, stderr, page string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, context.Background(), "plot", dir, "--format", "svg")
	if code != exitOK {
		t.Fatalf("plot %s: exit %d: %s", dir, code, stderr)
	}
	code, out, errs := runCLI(t, context.Background(), "report", dir)
	if code != exitOK {
		t.Fatalf("report %s: exit %d: %s", dir, code, errs)
	}
	b, err := os.ReadFile(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	return stdout, stderr, string(b)
}

// An imported folder of check-ins, analysed, gets unicity, the venue map
// and check-ins by hour; the timeline is skipped with the reason, and the
// report has its findings and no people table to fail on.
func TestPlotAndReportImportedCheckIns(t *testing.T) {
	tmp := t.TempDir()
	csv, dir := filepath.Join(tmp, "checkins.csv"), filepath.Join(tmp, "imp")
	writeCheckIns(t, csv, 40)
	for _, args := range [][]string{
		{"import", "foursquare", csv, "--out", dir, "--quiet", "--timezone",
			"America/New_York", "--salt-file", filepath.Join(tmp, "salt")},
		{"analyze", dir, "--quiet"},
	} {
		if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
	stdout, stderr, page := plotAndReport(t, dir)
	for _, want := range []string{"unicity-analyst.svg", "venue-map.svg", "scans-by-hour.svg"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plot stdout %q lacks %s", stdout, want)
		}
	}
	if strings.Contains(stdout, "timeline") || !strings.Contains(stderr, "no ground truth") {
		t.Errorf("timeline: stdout %q, stderr %q; want it skipped, saying why", stdout, stderr)
	}
	for _, want := range []string{"scantrail import: foursquare records",
		"<strong>analyst</strong>:", "later histories linked back", "Check-ins by venue"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// A GeoLife import holds stays, not scans: the map is coloured by stays,
// the hours chart and unicity (not analysed) are skipped with reasons.
func TestPlotImportedStays(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "imp")
	code, _, stderr := runCLI(t, context.Background(), "import", "geolife",
		filepath.Join(realdataTestdata, "stays.plt"), "--out", dir, "--quiet",
		"--salt-file", filepath.Join(tmp, "salt"))
	if code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	stdout, stderr, page := plotAndReport(t, dir)
	if !strings.Contains(stdout, "venue-map.svg") || strings.Contains(stdout, "scans-by-hour") {
		t.Errorf("plot stdout %q: want the venue map and no hours chart", stdout)
	}
	for _, want := range []string{"no scans, only stays", "no unicity estimates"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("plot stderr %q lacks %q", stderr, want)
		}
	}
	if !strings.Contains(page, "Venues coloured by stays") {
		t.Error("report lacks the map of stays")
	}
}

// The tester's check: the Foursquare New York data imported, analysed,
// plotted and reported.
func TestPlotAndReportFoursquareNYC(t *testing.T) {
	if testing.Short() {
		t.Skip("real data: skipped with -short")
	}
	file := sharedData(t, "foursquare-nyc/checkins.csv")
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "nyc")
	for _, args := range [][]string{
		{"import", "foursquare", file, "--timezone", "America/New_York", "--out", dir,
			"--quiet", "--salt-file", filepath.Join(tmp, "salt")},
		{"analyze", dir, "--quiet"},
	} {
		if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
	stdout, _, page := plotAndReport(t, dir)
	if got := strings.Count(stdout, ".svg"); got != 3 {
		t.Errorf("plot wrote %d charts, want 3 (unicity, venue map, hours): %s", got, stdout)
	}
	if !strings.Contains(page, "single out") {
		t.Error("report has no unicity finding")
	}
}

// A parameter reaches the adversaries reading the holder it sets, or the
// adversary it sets; anything else reaches every adversary (nil).
func TestReachedAdversaries(t *testing.T) {
	s := &scenarios.Scenario{
		Holders: []scenarios.Holder{{Name: "scans"}, {Name: "payments"}, {Name: "cameras"}},
		Adversaries: []scenarios.Adversary{
			{Name: "a", Holders: []string{"scans", "payments"}},
			{Name: "b", Holders: []string{"cameras"}},
			{Name: "c", Holders: []string{"payments"}},
		},
	}
	tests := []struct {
		paths []string
		want  string // sorted names, or "all"
	}{
		{[]string{"holders.0.retention_days"}, "a"},
		{[]string{"holders.0.retention_days", "holders.1.retention_days"}, "a,c"},
		{[]string{"holders.2.identifier"}, "b"},
		{[]string{"adversaries.1.query_day"}, "b"},
		{[]string{"mitigations.cash.share"}, "all"},
		{[]string{"holders.0.retention_days", "population.people"}, "all"},
		{[]string{"holders.9.retention_days"}, "all"},
	}
	for _, tt := range tests {
		got := "all"
		if set := reachedAdversaries(tt.paths, s); set != nil {
			var names []string
			for _, n := range []string{"a", "b", "c"} {
				if set[n] {
					names = append(names, n)
				}
			}
			got = strings.Join(names, ",")
		}
		if got != tt.want {
			t.Errorf("%v: got %s, want %s", tt.paths, got, tt.want)
		}
	}
}

// sampleSweep is a combined table of one retention parameter: adversary
// kept_forever reached by it, kept_10_days not, and a tracking value that
// did not apply (NaN) in one cell.
func sampleSweep() *sweepChartData {
	tab := &sweepTable{header: []string{"retention_days", "replicate", "scenario",
		"adversary", "attack", "metric", "parameter", "value"}, col: map[string]int{}}
	for i, h := range tab.header {
		tab.col[h] = i
	}
	tab.params = tab.header[:1]
	add := func(days, rep, adv, attack, metric, param, value string) {
		tab.data = append(tab.data, []string{days, rep, "s", adv, attack, metric, param, value})
	}
	for _, rep := range []string{"0", "1"} {
		for days, v := range map[string]string{"0": "0.9", "7": "0.6", "3": "0.3"} {
			add(days, rep, "kept_forever", "linkage", "top1", "days=28", v)
			add(days, rep, "kept_10_days", "linkage", "top1", "days=28", "0.8")
			track := "0.05"
			if days == "3" {
				track = "NaN"
			}
			add(days, rep, "kept_forever", "tracking", "answered", "", track)
		}
	}
	tab.pickParameters()
	return &sweepChartData{tab: tab, retention: map[string]bool{"retention_days": true},
		reached: map[string]map[string]bool{"retention_days": {"kept_forever": true}}}
}

// A NaN in the combined table is a missing point, never a 0; adversaries
// the parameter does not reach come last, marked as references.
func TestSweepSeries(t *testing.T) {
	sc := sampleSweep()
	ms := sc.measures(0)
	if len(ms) != 2 || ms[0].key != "linkage" || ms[1].key != "tracking" {
		t.Fatalf("measures: got %+v, want linkage and tracking", ms)
	}
	link := sc.series(0, ms[0])
	if len(link) != 2 || link[0].Label != "kept_forever" || link[0].Reference ||
		link[1].Label != "kept_10_days (reference)" || !link[1].Reference {
		t.Errorf("linkage series: got %+v", link)
	}
	track := sc.series(0, ms[1])
	if len(track) != 1 {
		t.Fatalf("tracking series: got %+v", track)
	}
	for _, p := range track[0].Points {
		if p.X == 3 && !math.IsNaN(p.Y) {
			t.Errorf("tracking at 3 days: got %v, want a missing value (NaN)", p.Y)
		}
	}
	if _, err := chart.Policy(ms[1].label, track); err != nil {
		t.Errorf("a series with a missing value: %v", err)
	}
}

// The sweep headline says how far each reached adversary's measure moved
// and names the reference lines; a retention of 0 reads forever.
func TestSweepHeadline(t *testing.T) {
	got := sweepHeadline(sampleSweep())
	if len(got) != 2 {
		t.Fatalf("got %+v, want two findings", got)
	}
	want := "kept_forever from 30% at retention_days=3 to 90% at retention_days=0 " +
		"(forever). Not reached by retention_days, for reference: kept_10_days."
	if got[0].Subject != "Linkage top-1 over 28 days against retention_days" ||
		got[0].Text != want {
		t.Errorf("got %+v, want the linkage finding %q", got[0], want)
	}
	if !strings.Contains(got[1].Text, "kept_forever stays at 5.0% in every cell") {
		t.Errorf("tracking finding %q: want it to stay put", got[1].Text)
	}
}

func TestFormatMeasure(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{math.NaN(), "-"}, {0.5, "0.500"}, {1, "1.000"}, {36, "36"}, {36.5, "36.500"},
		{308375.333, "308\u202f375"}, {-1234, "-1\u202f234"},
	}
	for _, tt := range tests {
		if got := formatMeasure(tt.in); got != tt.want {
			t.Errorf("formatMeasure(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := estimateTables([]analysis.Estimate{{Adversary: "a", Attack: "unicity",
		Metric: "epsilon", Parameter: "resolution=venue/hour p=4", N: 2, Mean: 0.98,
		Low: 0.97, High: 0.99}}); len(got) != 1 || got[0].Groups[0].Title != "Unicity" ||
		got[0].Groups[0].Rows[0].Cells[1] != "venue/hour, 4 points" {
		t.Errorf("estimateTables: got %+v", got)
	}
}

// The sweep's tables list a reached adversary cell by cell, forever last,
// and a reference that never moves in one row.
func TestSweepTables(t *testing.T) {
	tables := sweepTables(sampleSweep())
	if len(tables) != 2 {
		t.Fatalf("got %d tables, want linkage and tracking", len(tables))
	}
	groups := tables[0].Groups
	if len(groups) != 2 {
		t.Fatalf("linkage table: got %d groups, want 2", len(groups))
	}
	var cells []string
	for _, r := range groups[0].Rows {
		cells = append(cells, r.Cells[0])
	}
	if got := strings.Join(cells, ","); got != "3,7,0 (forever)" {
		t.Errorf("kept_forever rows %s, want 3,7,0 (forever)", got)
	}
	if rows := groups[1].Rows; len(rows) != 1 || rows[0].Cells[0] != "every cell" ||
		rows[0].Cells[1] != "0.800" {
		t.Errorf("reference rows %+v, want one row: every cell 0.800", rows)
	}
}

// tinyRun writes a small run folder with the extra overrides and returns
// its path.
func tinyRun(t *testing.T, sets ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	args := []string{"run", "--quiet", "--out", dir, "--set", "population.people=300",
		"--set", "days=2", "--set", "attacks.replicates=1"}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
		t.Fatalf("run %v: exit %d: %s", sets, code, stderr)
	}
	return dir
}

// A holder that stores coarse places (a district, a grid cell, a cloaked
// cell) gives the first adversary's records place ids past the city's
// venues; the timeline labels them by the view's place names.
func TestTimelineWithCoarsePlaces(t *testing.T) {
	for _, set := range []string{"holders.2.place=district", "holders.0.cloaking_k=5",
		"holders.2.place=grid500"} {
		t.Run(set, func(t *testing.T) {
			dir := tinyRun(t, set)
			stdout, _, _ := plotAndReport(t, dir)
			if !strings.Contains(stdout, "timeline.svg") {
				t.Errorf("plot stdout %q: want the timeline", stdout)
			}
		})
	}
}

func TestPlaceLabel(t *testing.T) {
	places := []sim.Venue{{ID: 0, Kind: "shop"}, {ID: 1, Kind: "bank"},
		{ID: 2, Kind: "shop", Name: "shop in district 3"}}
	tests := []struct {
		id   int32
		want string
	}{
		{0, "shop 0"}, {1, "bank 1"}, {2, "shop in district 3"}, {3, "place 3"}, {-1, "place -1"},
	}
	for _, tt := range tests {
		if got := placeLabel(places, 2, tt.id); got != tt.want {
			t.Errorf("placeLabel(%d) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// A run without scans (no codes posted, or no smartphones) still plots
// and reports: the charts without data are skipped with a log line.
func TestPlotRunWithoutScans(t *testing.T) {
	noCodes := []string{"sensors.qr.families.commercial.posted=0",
		"sensors.qr.families.government.posted=0", "sensors.qr.families.residential.posted=0",
		"sensors.qr.families.transit.posted=0", "sensors.qr.families.workplace.posted=0"}
	noPhones := []string{"population.smartphone.child=0", "population.smartphone.student=0",
		"population.smartphone.adult=0", "population.smartphone.senior=0"}
	for name, sets := range map[string][]string{"no codes": noCodes, "no phones": noPhones} {
		t.Run(name, func(t *testing.T) {
			_, stderr, _ := plotAndReport(t, tinyRun(t, sets...))
			if !strings.Contains(stderr, `chart="scans by hour"`) {
				t.Errorf("stderr %q: want the hours chart skipped", stderr)
			}
		})
	}
}

// A folder with nothing to draw (a CSV run without attacks) says so on
// stderr and writes no charts folder.
func TestPlotNothingToDraw(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := runCLI(t, context.Background(), "run", "--quiet", "--out", dir,
		"--format", "csv", "--set", "population.people=200", "--set", "days=1",
		"--set", "adversaries=[]")
	if code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, context.Background(), "plot", dir)
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "nothing to draw") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0, nothing, and nothing to draw",
			code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "charts")); err == nil {
		t.Error("an empty charts folder was made")
	}
}

// A sweep measure that never applied (NaN in every cell) is skipped with
// a log line, not an error.
func TestSweepPlotsSkipAllNaN(t *testing.T) {
	sc := sampleSweep()
	for _, r := range sc.tab.data {
		if r[4] == "tracking" {
			r[7] = "NaN"
		}
	}
	var logs strings.Builder
	plots, err := sc.plots(newLogger(&logs, false))
	if err != nil || len(plots) != 1 || plots[0].name != "policy-retention_days-linkage" {
		t.Errorf("got %d plots, %v; want the linkage chart only", len(plots), err)
	}
	if !strings.Contains(logs.String(), `chart skipped" chart="tracking against`) {
		t.Errorf("log %q: want the tracking chart skipped, saying why", logs.String())
	}
}

// Input that is not a whole run or sweep folder is a mistake in the
// input: exit 2 with a message naming the file.
func TestPlotAndReportRefuseBadFolders(t *testing.T) {
	good := tinyRun(t)
	damaged := func(name string, change func(dir string)) string {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.CopyFS(dir, os.DirFS(good)); err != nil {
			t.Fatal(err)
		}
		change(dir)
		return dir
	}
	truncated := damaged("truncated", func(dir string) {
		if err := os.Truncate(filepath.Join(dir, "venues.parquet"), 100); err != nil {
			t.Fatal(err)
		}
	})
	badManifest := damaged("manifest", func(dir string) {
		os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{not json"), 0o644)
	})
	tests := []struct{ name, dir, want string }{
		{"a file", filepath.Join(good, "manifest.json"), "is a file, not a folder"},
		{"missing", filepath.Join(good, "nope"), "no such file"},
		{"corrupt parquet", truncated, "venues.parquet: does not match the manifest"},
		{"bad manifest", badManifest, "manifest.json: invalid character"},
	}
	for _, tt := range tests {
		for _, cmd := range []string{"plot", "report"} {
			t.Run(tt.name+"/"+cmd, func(t *testing.T) {
				code, _, stderr := runCLI(t, context.Background(), cmd, tt.dir)
				if code != exitUsage || !strings.Contains(stderr, tt.want) {
					t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage,
						tt.want)
				}
			})
		}
	}
}

// report --out never overwrites a file without --overwrite, never writes
// into a run folder but at its own report.html, and refuses a folder.
func TestReportOut(t *testing.T) {
	run := tinyRun(t)
	base := t.TempDir()
	mine := filepath.Join(base, "mine.html")
	os.WriteFile(mine, []byte("my notes"), 0o644)
	link := filepath.Join(base, "link")
	if err := os.Symlink(run, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"manifest", []string{"--out", filepath.Join(run, "manifest.json"), "--overwrite"},
			exitUsage, "lies inside the folder"},
		{"table", []string{"--out", filepath.Join(run, "scans.parquet"), "--overwrite"},
			exitUsage, "lies inside the folder"},
		{"new file in run", []string{"--out", filepath.Join(run, "other.html")},
			exitUsage, "lies inside the folder"},
		{"through a link", []string{"--out", filepath.Join(link, "x.html")},
			exitUsage, "lies inside the folder"},
		{"user file", []string{"--out", mine}, exitUsage, "give --overwrite"},
		{"folder", []string{"--out", base}, exitUsage, "is a folder"},
		{"empty", []string{"--out", ""}, exitUsage, "--out is empty"},
		{"no such folder", []string{"--out", filepath.Join(base, "no", "r.html")}, exitUsage,
			"does not exist"},
		{"own report", []string{"--out", filepath.Join(run, "report.html")}, exitOK, ""},
		{"own report again", nil, exitOK, ""},
		{"new file", []string{"--out", filepath.Join(base, "new.html")}, exitOK, ""},
	}
	manifest, _ := os.ReadFile(filepath.Join(run, "manifest.json"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(),
				append([]string{"report", run}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(mine); string(b) != "my notes" {
		t.Errorf("the user's file was changed: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(run, "manifest.json")); string(b) != string(manifest) {
		t.Error("the run's manifest was changed")
	}
	if err := output.VerifyFiles(run); err != nil {
		t.Errorf("the run folder no longer verifies: %v", err)
	}
	code, _, stderr := runCLI(t, context.Background(), "report", run, "--out", mine,
		"--overwrite")
	if b, _ := os.ReadFile(mine); code != exitOK || !strings.Contains(string(b), "<html") {
		t.Errorf("--overwrite: exit %d, %s; want the page written over the file", code, stderr)
	}
}
