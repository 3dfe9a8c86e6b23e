package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

const realdataTestdata = "../../sim/realdata/testdata"

// importArgs imports one file into a fresh folder with a salt of its own.
func importArgs(t *testing.T, format, file string, extra ...string) (dir string, args []string) {
	tmp := t.TempDir()
	dir = filepath.Join(tmp, "imp")
	args = append([]string{"import", format, file, "--out", dir, "--quiet",
		"--salt-file", filepath.Join(tmp, "salt")}, extra...)
	return dir, args
}

func TestImportBadInput(t *testing.T) {
	tests := []struct {
		name, format, file string
		extra              []string
		want               string
	}{
		{"unknown format", "kml", "good.csv", nil, "unknown format"},
		{"empty", "foursquare", "empty.csv", nil, "empty"},
		{"wrong columns", "foursquare", "wrongcols.csv", nil, "user_id, POI_id"},
		{"wrong time", "foursquare", "badtime.csv", nil, "UTC_time"},
		{"truncated gzip", "foursquare", "truncated.csv.gz", nil, "gzip"},
		{"strict", "foursquare", "badrows.csv", []string{"--strict"}, "badrows.csv:3: latitude"},
		{"missing", "snap", "nothing.tsv", nil, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, args := importArgs(t, tt.format, filepath.Join(realdataTestdata, tt.file),
				tt.extra...)
			code, _, stderr := runCLI(t, context.Background(), args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s was written after a failed import", dir)
			}
			entries, _ := os.ReadDir(filepath.Dir(dir))
			for _, e := range entries {
				if strings.Contains(e.Name(), "partial") {
					t.Errorf("left behind %s", e.Name())
				}
			}
		})
	}
}

// Malformed rows are skipped and listed with their lines; no raw user id
// appears in what is printed or written.
func TestImportReportsRowsAndHidesIDs(t *testing.T) {
	dir, args := importArgs(t, "foursquare", filepath.Join(realdataTestdata, "badrows.csv"))
	code, stdout, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"4 malformed", "badrows.csv:3: latitude", "badrows.csv:6: row"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	accounts, err := os.ReadFile(filepath.Join(dir, "accounts.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(accounts), "user_id") {
		t.Error("accounts table holds a raw column name")
	}
	salt, _ := os.ReadFile(filepath.Join(filepath.Dir(dir), "salt"))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if len(salt) > 0 && strings.Contains(string(data), strings.TrimSpace(string(salt))) {
			t.Errorf("%s holds the salt", e.Name())
		}
	}
}

func TestImportSaltInsideOutRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "imp")
	code, _, stderr := runCLI(t, context.Background(), "import", "foursquare",
		filepath.Join(realdataTestdata, "good.csv"), "--out", dir, "--salt-file",
		filepath.Join(dir, "salt"))
	if code != exitUsage || !strings.Contains(stderr, "inside --out") {
		t.Errorf("exit %d, %q; want exit 2 refusing a salt inside --out", code, stderr)
	}
}

// sharedDataEnv names the variable that points the real-data tests at the
// shared data folder when it is not ../shared/data beside the project.
const sharedDataEnv = "SCANTRAIL_SHARED_DATA"

// sharedData returns a path under the shared data folder:
// $SCANTRAIL_SHARED_DATA, or else ../shared/data (relative to the project
// root). It skips the test, naming the variable, when the file is absent.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	root := os.Getenv(sharedDataEnv)
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "data")
	}
	path := filepath.Join(root, rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared data %s absent (%v); set %s to the shared data folder to run "+
			"the real-data tests (now %q)", rel, err, sharedDataEnv, os.Getenv(sharedDataEnv))
	}
	return path
}

// writeCheckIns writes four weeks of Foursquare check-ins of people
// people: a home, an office on weekdays, cafés and a metro station, each
// person's own mix, in time order.
func writeCheckIns(t *testing.T, path string, people int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "user_id,POI_id,POI_catname,latitude,longitude,UTC_time")
	start := time.Date(2012, 6, 4, 0, 0, 0, 0, time.UTC) // a Monday
	row := func(u int, venue, category string, n int, at time.Time) {
		fmt.Fprintf(w, "user%03d,%s,%s,%.4f,%.4f,%s\n", u, venue, category,
			40.70+float64(n%7)*0.01, -74.00+float64(n/7)*0.01, at.Format(time.RubyDate))
	}
	for d := range 28 {
		day := start.AddDate(0, 0, d)
		for u := range people {
			at := func(h int) time.Time { return day.Add(time.Duration(h*60+u) * time.Minute) }
			if d%7 < 5 && (u+d)%3 != 0 {
				row(u, fmt.Sprintf("o%d", u%8), "Office", 20+u%8, at(13))
			}
			if (u*d)%4 == 1 {
				row(u, fmt.Sprintf("c%d", (u*7+d)%10), "Coffee Shop", 30+(u*7+d)%10, at(17))
			}
			if (u+d)%5 == 0 {
				row(u, fmt.Sprintf("m%d", u%3), "Subway", 40+u%3, at(18))
			}
			if (u+d)%2 == 0 {
				row(u, fmt.Sprintf("h%d", u%12), "Home (private)", u%12, at(22))
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// importAnalyzeCalibrate imports file with the salt in saltFile, analyzes
// the folder and calibrates it into scenario, a week long.
func importAnalyzeCalibrate(t *testing.T, file, saltFile, dir, scenario string) {
	t.Helper()
	ctx := context.Background()
	steps := [][]string{
		{"import", "foursquare", file, "--out", dir, "--quiet", "--salt-file", saltFile,
			"--timezone", "America/New_York"},
		{"analyze", dir, "--quiet", "--points", "3"},
		{"calibrate", dir, "--out", scenario, "--days", "7", "--quiet"},
	}
	for _, args := range steps {
		if code, _, stderr := runCLI(t, ctx, args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
}

// Two imports of one file under different salts give byte-identical
// tables, metrics and calibration; only the account labels differ.
func TestImportSameWhateverTheSalt(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration simulates the city; skipped with -short")
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "checkins.csv")
	writeCheckIns(t, file, 30)
	var dirs [2]string
	for i := range dirs {
		sub := filepath.Join(tmp, fmt.Sprint(i))
		dirs[i] = filepath.Join(sub, "imp")
		importAnalyzeCalibrate(t, file, filepath.Join(sub, "salt"), dirs[i],
			filepath.Join(sub, "cal.yaml"))
	}
	entries, err := os.ReadDir(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, e := range entries {
		if e.Name() == "manifest.json" || e.Name() == "accounts.parquet" {
			continue
		}
		a, errA := os.ReadFile(filepath.Join(dirs[0], e.Name()))
		b, errB := os.ReadFile(filepath.Join(dirs[1], e.Name()))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v, %v", e.Name(), errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between salts", e.Name())
		}
		compared++
	}
	if compared < 10 {
		t.Errorf("compared %d files, want the tables, metrics and calibration (10)", compared)
	}
	var accounts [2][]sim.Account
	for i, dir := range dirs {
		if accounts[i], err = output.ReadParquet[sim.Account](
			filepath.Join(dir, "accounts.parquet")); err != nil {
			t.Fatal(err)
		}
	}
	if len(accounts[0]) != 30 || len(accounts[1]) != 30 {
		t.Fatalf("%d and %d accounts, want 30", len(accounts[0]), len(accounts[1]))
	}
	for i := range accounts[0] {
		a, b := accounts[0][i], accounts[1][i]
		if a.Person != b.Person || a.Holder != b.Holder || a.Account == b.Account {
			t.Errorf("account %d: %+v and %+v; want the same person under another label",
				i, a, b)
		}
	}
}

// The calibrated scenario can be moved with its venue list: the list is
// named relative to the scenario, both are readable by others, and the
// city's centre is where the venues are.
func TestCalibratedScenarioPortable(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration simulates the city; skipped with -short")
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "checkins.csv")
	writeCheckIns(t, file, 30)
	first := filepath.Join(tmp, "first")
	importAnalyzeCalibrate(t, file, filepath.Join(tmp, "salt"), filepath.Join(tmp, "imp"),
		filepath.Join(first, "nyc.yaml"))
	for name, perm := range map[string]os.FileMode{"nyc.yaml": 0o644,
		"nyc.venues.csv": 0o644} {
		info, err := os.Stat(filepath.Join(first, name))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != perm {
			t.Errorf("%s has mode %v, want %v", name, info.Mode().Perm(), perm)
		}
	}
	moved := filepath.Join(tmp, "moved")
	if err := os.Rename(first, moved); err != nil {
		t.Fatal(err)
	}
	s, _, err := scenarios.Load(filepath.Join(moved, "nyc.yaml"), nil)
	if err != nil {
		t.Fatalf("the moved scenario does not load: %v", err)
	}
	if s.City.VenuesFile != "nyc.venues.csv" {
		t.Errorf("venues_file %q, want nyc.venues.csv beside the scenario", s.City.VenuesFile)
	}
	// The written venues lie within 0.06 degrees of (40.73, -73.97).
	if !(s.City.CentreLat > 40.67 && s.City.CentreLat < 40.79 &&
		s.City.CentreLon > -74.03 && s.City.CentreLon < -73.91) {
		t.Errorf("centre %.3f, %.3f; want the venues' centroid near 40.73, -73.97",
			s.City.CentreLat, s.City.CentreLon)
	}
	code, _, stderr := runCLI(t, context.Background(), "run",
		filepath.Join(moved, "nyc.yaml"), "--out", filepath.Join(tmp, "syn"), "--quiet")
	if code != exitOK {
		t.Fatalf("run the moved scenario: exit %d: %s", code, stderr)
	}
}

// The import summary's counts are labelled and add up: rows read less
// malformed rows and duplicates are the records written.
func TestImportSummaryCounts(t *testing.T) {
	dir, args := importArgs(t, "foursquare", filepath.Join(realdataTestdata, "duplicates.csv"))
	code, stdout, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "1 file, 2 rows read: 0 malformed, 1 duplicates dropped, 1 records written\n" +
		"1 person with records, 1 venues"
	if !strings.Contains(stdout, want) {
		t.Errorf("summary:\n%s\nwant it to hold:\n%s", stdout, want)
	}
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := []any{m.Extra["rows"], m.Extra["malformed"], m.Extra["duplicates"],
		m.Extra["records"], m.Extra["people"]}
	if want := []any{2.0, 0.0, 1.0, 1.0, 1.0}; !slices.Equal(got, want) {
		t.Errorf("manifest rows, malformed, duplicates, records, people = %v, want %v",
			got, want)
	}
}

// GeoLife users without a stay are not people; analyze warns when fewer
// than 20 people have records.
func TestImportGeoLifeFewPeople(t *testing.T) {
	dir, args := importArgs(t, "geolife", filepath.Join(realdataTestdata, "stays.plt"),
		"--timezone", "Asia/Shanghai")
	ctx := context.Background()
	code, stdout, stderr := runCLI(t, ctx, args...)
	if code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "1 person with records") {
		t.Errorf("import summary:\n%s\nwant 1 person with records", stdout)
	}
	code, stdout, stderr = runCLI(t, ctx, "analyze", dir, "--quiet")
	if code != exitOK {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "only 1 person has records") {
		t.Errorf("analyze warned:\n%s\nwant a warning that 1 person is too few", stderr)
	}
	if !strings.Contains(stdout, "imported records of 1 person") {
		t.Errorf("analyze printed:\n%s\nwant records of 1 person", stdout)
	}
}

// The worked example of the README on the shared NYC data: import,
// analyze, calibrate and run the calibrated scenario.
func TestImportAnalyzeCalibrateNYC(t *testing.T) {
	file := sharedData(t, filepath.Join("foursquare-nyc", "checkins.csv"))
	if testing.Short() {
		t.Skip("calibration simulates the city; skipped with -short")
	}
	dir, args := importArgs(t, "foursquare", file, "--timezone", "America/New_York")
	ctx := context.Background()
	if code, _, stderr := runCLI(t, ctx, args...); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, ctx, "analyze", dir, "--quiet", "--points", "3")
	if code != exitOK {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"unicity", "method=most_frequent_venue", "with_pair", "risk"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("analyze printed no %s", want)
		}
	}
	scenario := filepath.Join(t.TempDir(), "nyc.yaml")
	code, stdout, stderr = runCLI(t, ctx, "calibrate", dir, "--out", scenario, "--days", "28",
		"--quiet")
	if code != exitOK {
		t.Fatalf("calibrate: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "synthetic") || !strings.Contains(stdout, "EPR rho") {
		t.Errorf("calibrate printed no comparison:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "unicity_comparison.csv")); err != nil {
		t.Errorf("no unicity comparison in the folder: %v", err)
	}
	run := filepath.Join(t.TempDir(), "syn")
	code, _, stderr = runCLI(t, ctx, "run", scenario, "--out", run, "--quiet")
	if code != exitOK {
		t.Fatalf("run calibrated: exit %d: %s", code, stderr)
	}
}
