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

// cancelOn is a log writer that cancels a context when a line holding
// marker is written: an interrupt at a known step of a command.
type cancelOn struct {
	bytes.Buffer
	marker string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.marker) {
		c.cancel()
	}
	return c.Buffer.Write(p)
}

// runUntil runs the command and interrupts it when stderr receives a line
// holding marker; it returns the exit code, stdout and stderr.
func runUntil(t *testing.T, marker string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	errw := &cancelOn{marker: marker, cancel: cancel}
	code := executeContext(ctx, args, strings.NewReader(""), &out, errw)
	return code, out.String(), errw.String()
}

// leftBehind lists what a failed or interrupted command left in dir.
func leftBehind(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// writeText writes text into name under dir, making the folders.
func writeText(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// plantedIDs are user ids the tests put in input files and paths; none
// may appear on stdout or stderr.
var plantedIDs = []string{"uidZEBRA1002", "918273609", "4242421",
	"person9.secret@example.com", "777123"}

// No raw user id is printed: not in malformed rows, not in the errors
// for files not of the format, not in the paths the logs name.
func TestImportPrintsNoUserID(t *testing.T) {
	tmp := t.TempDir()
	stays, err := os.ReadFile(filepath.Join(realdataTestdata, "stays.plt"))
	if err != nil {
		t.Fatal(err)
	}
	geo := filepath.Join(tmp, "geo")
	writeText(t, geo, "777123/Trajectory/a.plt", string(stays)+
		"91.0,116.3,0,100,39537.0,2008-03-30,03:00:00\n")
	taxis := filepath.Join(tmp, "taxis")
	writeText(t, taxis, "4242421.txt", "4242421,2008-02-02 15:36:08,116.5,39.9\n"+
		"4242421,2008-02-02 16:36:08,116.5,39.9\nuidZEBRA1002,2008-02-02 16:46:08,116.5,39.9\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"geolife user folders", []string{"geolife", geo}, exitOK,
			geo + " (file 1 of 1):89: latitude"},
		{"a geolife user folder given", []string{"geolife", filepath.Join(geo, "777123")},
			exitOK, "geolife input (file 1 of 1):89: latitude"},
		{"taxi id", []string{"tdrive", taxis}, exitOK,
			"taxi id: got a value of 12 characters (letters and digits), want a whole number"},
		{"a taxi file given", []string{"tdrive", filepath.Join(taxis, "4242421.txt")}, exitOK,
			"tdrive input (file 1 of 1):3: taxi id"},
		{"headerless TSV", []string{"foursquare", writeText(t, tmp, "a.tsv",
			"918273609\t2012-06-16\tBar\tx\ty\tz\n")}, exitUsage, "got line 1: row: 6 fields"},
		{"T-Drive read as GeoLife", []string{"geolife", writeText(t, tmp, "t.plt",
			"4242421,2008-02-02 15:36:08,116.5,39.9\n")}, exitUsage,
			"got a first line of 4 fields separated by commas"},
		{"email in a time column", []string{"csv", writeText(t, tmp, "g.csv",
			"rider,ts,y,x\nu1,person9.secret@example.com,40.7,-74.0\n"),
			"--user-col", "rider", "--time-col", "ts", "--lat-col", "y", "--lon-col", "x"},
			exitUsage, "ts: got a value of 26 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "imp")
			args := append([]string{"import"}, tt.args...)
			args = append(args, "--out", dir, "--salt-file", filepath.Join(t.TempDir(), "salt"),
				"--timezone", "Asia/Shanghai")
			code, stdout, stderr := runCLI(t, context.Background(), args...)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
				t.Errorf("exit %d, output:\n%s%s\nwant exit %d and %q", code, stdout, stderr,
					tt.code, tt.want)
			}
			for _, id := range plantedIDs {
				if strings.Contains(stdout+stderr, id) {
					t.Errorf("the output shows the user id %q:\n%s%s", id, stdout, stderr)
				}
			}
		})
	}
}

// Flags out of range are refused (exit 2) naming the flag and the range,
// before anything is read or written.
func TestImportFlagsChecked(t *testing.T) {
	good := filepath.Join(realdataTestdata, "good.csv")
	generic := filepath.Join(realdataTestdata, "generic.csv")
	csvCols := []string{"--user-col", "rider", "--time-col", "ts", "--lat-col", "y",
		"--lon-col", "x", "--time-format", "unix"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"negative distance", []string{"--stay-distance", "-5"}, "--stay-distance -5: want"},
		{"NaN distance", []string{"--stay-distance", "NaN"}, "--stay-distance NaN: want"},
		{"infinite distance", []string{"--stay-distance", "Inf"}, "at most 10000"},
		{"negative duration", []string{"--stay-duration", "-1m"}, "--stay-duration -1m0s"},
		{"zero duration", []string{"--stay-duration", "0s"}, "want a duration above 0"},
		{"negative show", []string{"--show", "-1"}, "--show -1: want 0 or more"},
		{"empty category name", []string{"--category", "=cafe"}, "NAME that is not empty"},
		{"empty out", []string{"--out", ""}, "--out is empty"},
		{"empty salt file", []string{"--salt-file", ""}, "--salt-file is empty"},
		{"empty time zone", []string{"--timezone", ""}, "--timezone is empty"},
		{"csv flag elsewhere", []string{"--user-col", "rider"}, "csv format only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, args := importArgs(t, "foursquare", good)
			code, _, stderr := runCLI(t, context.Background(), append(args, tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, %q; want exit 2 saying %q", code, stderr, tt.want)
			}
			if got := leftBehind(t, filepath.Dir(dir)); len(got) > 0 {
				t.Errorf("left behind %v", got)
			}
		})
	}
	columns := []struct {
		name, flag, want string
	}{
		{"time is user", "--time-col", `--time-col "rider" is the --user-col`},
		{"lat is user", "--lat-col", `--lat-col "rider" is the --user-col`},
		{"lon is user", "--lon-col", `--lon-col "rider" is the --user-col`},
		{"venue is user", "--venue-col", `--venue-col "rider" is the --user-col`},
	}
	for _, tt := range columns {
		t.Run(tt.name, func(t *testing.T) {
			_, args := importArgs(t, "csv", generic, append(csvCols, tt.flag, "rider")...)
			code, _, stderr := runCLI(t, context.Background(), args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, %q; want exit 2 saying %q", code, stderr, tt.want)
			}
		})
	}
}

// --show 0 lists no malformed row but says how many were skipped.
func TestImportShowNone(t *testing.T) {
	_, args := importArgs(t, "foursquare", filepath.Join(realdataTestdata, "badrows.csv"),
		"--show", "0")
	code, stdout, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "4 malformed rows skipped (--show N") ||
		strings.Contains(stdout, "badrows.csv:") {
		t.Errorf("summary:\n%s\nwant the count of malformed rows and none listed", stdout)
	}
}

// A stray quote in a check-in CSV is one malformed row; the rows after it
// are read.
func TestImportStrayQuote(t *testing.T) {
	var text strings.Builder
	text.WriteString("user_id,POI_id,POI_catname,latitude,longitude,UTC_time\n")
	for i := range 50 {
		venue := fmt.Sprint("v", i)
		if i == 5 {
			venue = `"Joe's Diner, 5th Ave`
		}
		fmt.Fprintf(&text, "u%d,%s,Bar,40.7,-74.0,Sat Jun 16 21:%02d:00 +0000 2012\n", i%7,
			venue, i)
	}
	file := writeText(t, t.TempDir(), "quote.csv", text.String())
	_, args := importArgs(t, "foursquare", file)
	code, stdout, stderr := runCLI(t, context.Background(), args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"50 rows read: 1 malformed", "49 records written",
		"quote.csv:7: row: a field opens a quote"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary:\n%s\nwant %q", stdout, want)
		}
	}
}

// Ctrl-C stops an import at any step, with exit status 130, leaving no
// folder and no new salt file.
func TestImportInterrupted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "checkins.csv")
	writeCheckIns(t, file, 30)
	for _, marker := range []string{"msg=reading", "import built"} {
		t.Run(marker, func(t *testing.T) {
			dir, args := importArgs(t, "foursquare", file)
			args = slices.DeleteFunc(args, func(a string) bool { return a == "--quiet" })
			code, _, stderr := runUntil(t, marker, args...)
			if code != exitInterrupted || !strings.Contains(stderr, "interrupted") {
				t.Errorf("exit %d, %q; want %d", code, stderr, exitInterrupted)
			}
			if got := leftBehind(t, filepath.Dir(dir)); len(got) > 0 {
				t.Errorf("left behind %v", got)
			}
		})
	}
}

// The salt file is checked before anything is read (exit 2 when it
// cannot be used), is looked for inside --out through symbolic links,
// and is created only by an import that succeeds.
func TestImportSaltFile(t *testing.T) {
	tmp := t.TempDir()
	good := filepath.Join(realdataTestdata, "good.csv")
	earlier := filepath.Join(tmp, "earlier")
	salt := filepath.Join(tmp, "salt")
	ctx := context.Background()
	if code, _, stderr := runCLI(t, ctx, "import", "foursquare", good, "--out", earlier,
		"--salt-file", salt, "--quiet"); code != exitOK {
		t.Fatalf("first import: exit %d: %s", code, stderr)
	}
	alias := filepath.Join(tmp, "alias")
	if err := os.Symlink(earlier, alias); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	writeText(t, tmp, "empty", "")
	writeText(t, tmp, "words", "not a salt\n")
	if err := os.Mkdir(filepath.Join(tmp, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, out, salt, want string
	}{
		{"salt in the folder behind a link", alias, filepath.Join(earlier, "salt"),
			"inside --out"},
		{"salt behind a link into the folder", earlier, filepath.Join(alias, "salt"),
			"inside --out"},
		{"salt file a folder", filepath.Join(tmp, "new"), filepath.Join(tmp, "folder"),
			"a folder"},
		{"salt file empty", filepath.Join(tmp, "new"), filepath.Join(tmp, "empty"), "empty"},
		{"salt file not a salt", filepath.Join(tmp, "new"), filepath.Join(tmp, "words"),
			"64 hex digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, ctx, "import", "foursquare", good, "--out", tt.out,
				"--salt-file", tt.salt, "--overwrite", "--quiet")
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, %q; want exit 2 saying %q", code, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(earlier, "salt")); err == nil {
		t.Error("a refused import created a salt file in the earlier folder")
	}
	refused := map[string][]string{
		"not the format": {filepath.Join(realdataTestdata, "wrongcols.csv"), "--out",
			filepath.Join(tmp, "new")},
		"occupied --out": {good, "--out", earlier},
	}
	for name, args := range refused {
		fresh := filepath.Join(tmp, "fresh-salt")
		args = append([]string{"import", "foursquare"}, args...)
		code, _, _ := runCLI(t, ctx, append(args, "--salt-file", fresh, "--quiet")...)
		if _, err := os.Stat(fresh); code != exitUsage || err == nil {
			t.Errorf("%s: exit %d, salt file made: %v; want exit 2 and no salt file", name,
				code, err == nil)
		}
	}
}

// analyze refuses an imported folder without records (a venue list)
// instead of reporting shares over nobody.
func TestAnalyzeRefusesImportWithoutRecords(t *testing.T) {
	tmp := t.TempDir()
	venues := writeText(t, tmp, "v.csv", "poi_id,category,latitude,longitude\n"+
		"1,Home (private),40.7,-74.0\n2,Office,40.71,-74.01\n")
	vimp := filepath.Join(tmp, "vimp")
	ctx := context.Background()
	if code, _, stderr := runCLI(t, ctx, "import", "venues", venues, "--out", vimp,
		"--salt-file", filepath.Join(tmp, "salt"), "--quiet"); code != exitOK {
		t.Fatalf("import venues: exit %d: %s", code, stderr)
	}
	code, _, stderr := runCLI(t, ctx, "analyze", vimp)
	if code != exitUsage || !strings.Contains(stderr, "holds no records") {
		t.Errorf("analyze of a venue list: exit %d, stderr %q; want exit %d, no records",
			code, stderr, exitUsage)
	}
}
