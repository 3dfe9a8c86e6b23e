package realdata

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scantrail/scantrail/sim"
)

// testSalt is a fixed salt for tests.
var testSalt = []byte(strings.Repeat("s", SaltBytes))

func pseudonymizer(t testing.TB) *Pseudonymizer {
	t.Helper()
	p, err := NewPseudonymizer(testSalt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadFoursquareHandMade(t *testing.T) {
	tests := []struct {
		file                      string
		people, records, problems int
		duplicates                int
	}{
		{"good.csv", 2, 3, 0, 0},
		{"original.tsv", 2, 2, 0, 0},
		{"good.csv.gz", 2, 3, 0, 0},
		{"badrows.csv", 1, 1, 4, 0},
		{"duplicates.csv", 1, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := NewBuilder(Options{})
			path := filepath.Join("testdata", tt.file)
			if err := b.ReadFoursquare(context.Background(), path); err != nil {
				t.Fatal(err)
			}
			imp, err := b.Build(context.Background(), "foursquare", pseudonymizer(t))
			if err != nil {
				t.Fatal(err)
			}
			rep := b.Report()
			got := [4]int{imp.People, len(imp.Scans), rep.Malformed, rep.Duplicates}
			want := [4]int{tt.people, tt.records, tt.problems, tt.duplicates}
			if got != want {
				t.Errorf("people, records, malformed, duplicates = %v, want %v", got, want)
			}
		})
	}
}

// Malformed rows are reported with their lines, and the first few kept.
func TestMalformedRowsReported(t *testing.T) {
	b := NewBuilder(Options{Shown: 2})
	if err := b.ReadFoursquare(context.Background(), "testdata/badrows.csv"); err != nil {
		t.Fatal(err)
	}
	rep := b.Report()
	if rep.Malformed != 4 || len(rep.Problems) != 2 {
		t.Fatalf("malformed %d, shown %d; want 4 and 2", rep.Malformed, len(rep.Problems))
	}
	got := []string{rep.Problems[0].Error(), rep.Problems[1].Error()}
	want := []string{"testdata/badrows.csv:3: latitude", "testdata/badrows.csv:4: longitude"}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}

func TestStrictStopsAtFirst(t *testing.T) {
	b := NewBuilder(Options{Strict: true})
	err := b.ReadFoursquare(context.Background(), "testdata/badrows.csv")
	var re *RowError
	if !errors.As(err, &re) || re.Line != 3 || !errors.Is(err, ErrRow) {
		t.Fatalf("err = %v, want a RowError at line 3", err)
	}
}

// Files that are not of the format are refused naming the columns.
func TestNotTheFormat(t *testing.T) {
	tests := []struct {
		file, want string
		read       func(*Builder, string) error
	}{
		{"empty.csv", "empty", read((*Builder).ReadFoursquare)},
		{"badtime.csv", "UTC_time", read((*Builder).ReadFoursquare)},
		{"spaces.csv", "delimiter", read((*Builder).ReadFoursquare)},
		{"wrongcols.csv", "user_id, POI_id", read((*Builder).ReadFoursquare)},
		{"snap-commas.csv", "tab-separated", read((*Builder).ReadSNAP)},
		{"good.csv", "Geolife trajectory", read((*Builder).ReadGeoLife)},
		{"good.csv", "taxi id", func(b *Builder, p string) error {
			return b.ReadTDrive(context.Background(), p, nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			err := tt.read(NewBuilder(Options{}), filepath.Join("testdata", tt.file))
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrFormat mentioning %q", err, tt.want)
			}
		})
	}
}

func TestTruncatedGzip(t *testing.T) {
	err := NewBuilder(Options{}).ReadFoursquare(context.Background(), "testdata/truncated.csv.gz")
	if err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("err = %v, want a truncated gzip error", err)
	}
}

func TestNotRegularFile(t *testing.T) {
	err := NewBuilder(Options{}).ReadFoursquare(context.Background(), "testdata")
	if !errors.Is(err, ErrFormat) {
		t.Errorf("err = %v, want ErrFormat for a folder", err)
	}
}

// No raw user id reaches the import: labels are pseudonyms and problems
// never quote a user field.
func TestNoRawIDs(t *testing.T) {
	b := NewBuilder(Options{})
	if err := b.ReadSNAP(context.Background(), "testdata/snap.tsv"); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build(context.Background(), "snap", pseudonymizer(t))
	if err != nil {
		t.Fatal(err)
	}
	p := pseudonymizer(t)
	if got, want := imp.Accounts[0].Account, p.Pseudonym("0"); got != want || got == "0" {
		t.Errorf("account = %q, want the pseudonym %q", got, want)
	}
	if len(imp.Scans) != 2 || imp.Scans[0].Time > imp.Scans[1].Time {
		t.Errorf("scans = %+v, want two in time order", imp.Scans)
	}
}

func TestGeneric(t *testing.T) {
	b := NewBuilder(Options{})
	cols := Columns{User: "rider", Time: "ts", Lat: "y", Lon: "x", TimeFormat: "unix"}
	if err := b.ReadGeneric(context.Background(), "testdata/generic.csv", cols); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build(context.Background(), "csv", pseudonymizer(t))
	if err != nil {
		t.Fatal(err)
	}
	if imp.People != 2 || len(imp.Venues) != 2 {
		t.Errorf("people %d, venues %d; want 2 and 2", imp.People, len(imp.Venues))
	}
	err = NewBuilder(Options{}).ReadGeneric(context.Background(), "testdata/generic.csv",
		Columns{User: "user", Time: "ts", Lat: "y", Lon: "x"})
	if !errors.Is(err, ErrFormat) {
		t.Errorf("missing column: err = %v, want ErrFormat", err)
	}
}

// The hand-made trajectory holds two 40-minute stays, 6 km apart.
func TestGeoLifeStays(t *testing.T) {
	b := NewBuilder(Options{})
	if err := b.ReadGeoLife(context.Background(), "testdata/stays.plt"); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build(context.Background(), "geolife", pseudonymizer(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Visits) != 2 || len(imp.Venues) != 2 {
		t.Fatalf("visits %d, venues %d; want 2 and 2", len(imp.Visits), len(imp.Venues))
	}
	if d := imp.Visits[0].Departure - imp.Visits[0].Arrival; d != 40*60000 {
		t.Errorf("first stay lasts %d ms, want 40 minutes", d)
	}
}

func TestStayPoints(t *testing.T) {
	min := int64(60000)
	lat := []float64{0, 0, 0, 0.01, 0.01, 0.01, 0.02}
	lon := []float64{0, 0.0001, 0, 0, 0, 0, 0}
	times := []int64{0, 10 * min, 35 * min, 40 * min, 45 * min, 50 * min, 90 * min}
	got := StayPoints(lat, lon, times, DefaultStayOptions)
	if len(got) != 1 || got[0].Arrive != 0 || got[0].Depart != 35*min {
		t.Errorf("stays = %+v, want one from 0 to 35 minutes", got)
	}
}

func TestHaversine(t *testing.T) {
	// One degree of latitude is 111.19 km on a sphere of radius 6,371 km.
	if got := Haversine(0, 0, 1, 0); got < 111190 || got > 111200 {
		t.Errorf("Haversine = %.0f m, want 111,195 m", got)
	}
}

func TestSaltFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "salt")
	if s, found, err := ReadSalt(path); err != nil || found || s != nil {
		t.Fatalf("missing file: %d bytes, found %v, err %v; want nothing", len(s), found, err)
	}
	if _, err := os.Stat(filepath.Dir(path)); err == nil {
		t.Error("reading a missing salt made its folder")
	}
	s1, err := NewSalt()
	if err != nil || len(s1) != SaltBytes {
		t.Fatalf("new salt: %d bytes, err %v", len(s1), err)
	}
	if err := SaveSalt(path, s1); err != nil {
		t.Fatal(err)
	}
	s2, found, err := ReadSalt(path)
	if err != nil || !found || string(s1) != string(s2) {
		t.Fatalf("read back: found %v, err %v, same %v", found, err, string(s1) == string(s2))
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("salt file mode %v, want 0600", info.Mode().Perm())
	}
	if err := SaveSalt(path, s1); err == nil {
		t.Error("SaveSalt replaced an existing salt file")
	}
}

// A salt file that cannot be used is refused with ErrSalt, saying why.
func TestBadSaltFile(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, "file", "x")
	tests := []struct{ name, path, text, want string }{
		{"folder", dir, "", "a folder"},
		{"empty", filepath.Join(dir, "empty"), " \n", "empty"},
		{"short", filepath.Join(dir, "short"), "abcd\n", "64 hex digits"},
		{"not hex", filepath.Join(dir, "words"), strings.Repeat("zz", 32), "64 hex digits"},
		{"under a file", filepath.Join(file, "salt"), "", "is a file, not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.text != "" {
				if err := os.WriteFile(tt.path, []byte(tt.text), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			_, _, err := ReadSalt(tt.path)
			if !errors.Is(err, ErrSalt) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrSalt saying %q", err, tt.want)
			}
		})
	}
}

func TestImportSpanStartsOnMonday(t *testing.T) {
	loc, _ := time.LoadLocation("America/New_York")
	first := time.Date(2012, 6, 16, 21, 0, 0, 0, time.UTC).UnixMilli() // a Saturday
	start, days := importSpan(first, first+3*86400000, loc)
	if start.Weekday() != time.Monday || start.Format(time.DateOnly) != "2012-06-11" {
		t.Errorf("start %v, want Monday 2012-06-11", start)
	}
	if days != 9 {
		t.Errorf("days %d, want 9", days)
	}
}

// writeFile writes text into a file of a fresh folder and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// People are numbered by their first record, ties in order of first
// appearance, whatever the salt: only the account labels change with it.
func TestPeopleNumberedWithoutSalt(t *testing.T) {
	const head = "user_id,POI_id,POI_catname,latitude,longitude,UTC_time\n"
	tests := []struct {
		name, rows string
		want       []string // raw id of each person, in person order
	}{
		{"time order", "" +
			"c,v1,Bar,40.7,-74.0,Sat Jun 16 21:00:00 +0000 2012\n" +
			"a,v2,Bar,40.7,-74.1,Fri Jun 15 21:00:00 +0000 2012\n" +
			"b,v1,Bar,40.7,-74.0,Sun Jun 17 21:00:00 +0000 2012\n" +
			"c,v2,Bar,40.7,-74.1,Thu Jun 14 21:00:00 +0000 2012\n",
			[]string{"c", "a", "b"}},
		{"ties by appearance", "" +
			"z,v1,Bar,40.7,-74.0,Sat Jun 16 21:00:00 +0000 2012\n" +
			"y,v2,Bar,40.7,-74.1,Sat Jun 16 21:00:00 +0000 2012\n" +
			"x,v1,Bar,40.7,-74.0,Sat Jun 16 21:00:00 +0000 2012\n",
			[]string{"z", "y", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "checkins.csv", head+tt.rows)
			var scans [2][]sim.Scan
			for i, salt := range []string{"a", "b"} {
				p, err := NewPseudonymizer([]byte(strings.Repeat(salt, SaltBytes)))
				if err != nil {
					t.Fatal(err)
				}
				b := NewBuilder(Options{})
				if err := b.ReadFoursquare(context.Background(), path); err != nil {
					t.Fatal(err)
				}
				imp, err := b.Build(context.Background(), "foursquare", p)
				if err != nil {
					t.Fatal(err)
				}
				scans[i] = imp.Scans
				for person, raw := range tt.want {
					if got, want := imp.Accounts[person].Account, p.Pseudonym(raw); got != want {
						t.Errorf("salt %q: person %d is %s, want %s (user %s)", salt, person,
							got, want, raw)
					}
				}
			}
			if !slices.Equal(scans[0], scans[1]) {
				t.Errorf("scans differ between salts:\n%v\n%v", scans[0], scans[1])
			}
		})
	}
}

// A GPS user whose points hold no stay is not a person of the import.
func TestGeoLifeUserWithoutStays(t *testing.T) {
	stays, err := os.ReadFile("testdata/stays.plt")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	files := map[string]string{
		"010/Trajectory/a.plt": string(stays),
		"020/Trajectory/b.plt": strings.Join(strings.SplitAfter(string(stays), "\n")[:9], ""),
	}
	for name, text := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewBuilder(Options{})
	if err := b.ReadGeoLife(context.Background(), root); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build(context.Background(), "geolife", pseudonymizer(t))
	if err != nil {
		t.Fatal(err)
	}
	rep := b.Report()
	got := [4]int{imp.People, len(imp.Accounts), rep.Users, rep.People}
	if want := [4]int{1, 1, 2, 1}; got != want {
		t.Errorf("people, accounts, users read, report people = %v, want %v", got, want)
	}
	if want := pseudonymizer(t).Pseudonym("geolife/010"); imp.Accounts[0].Account != want {
		t.Errorf("account %s, want the pseudonym of the user with stays", imp.Accounts[0].Account)
	}
}

// The report's counts add up: rows read are kept or malformed, and
// records written are what is kept less the duplicates.
func TestReportCountsAddUp(t *testing.T) {
	tests := []struct {
		file string
		read func(*Builder, string) error
		want string
	}{
		{"duplicates.csv", read((*Builder).ReadFoursquare),
			"1 file, 2 rows read: 0 malformed, 1 duplicates dropped, 1 records written"},
		{"badrows.csv", read((*Builder).ReadFoursquare),
			"1 file, 5 rows read: 4 malformed, 0 duplicates dropped, 1 records written"},
		{"stays.plt", read((*Builder).ReadGeoLife),
			"1 file, 82 rows read: 0 malformed, 82 GPS points kept, 2 stays found, " +
				"0 duplicates dropped, 2 records written"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := NewBuilder(Options{})
			if err := tt.read(b, filepath.Join("testdata", tt.file)); err != nil {
				t.Fatal(err)
			}
			imp, err := b.Build(context.Background(), "test", pseudonymizer(t))
			if err != nil {
				t.Fatal(err)
			}
			r := b.Report()
			if got := r.String(); got != tt.want {
				t.Errorf("report %q, want %q", got, tt.want)
			}
			written := len(imp.Scans) + len(imp.Visits)
			if r.Rows != r.Kept+r.Malformed || r.Records != written {
				t.Errorf("rows %d ≠ kept %d + malformed %d, or records %d ≠ written %d",
					r.Rows, r.Kept, r.Malformed, r.Records, written)
			}
		})
	}
}

// read turns a reader method into a function of a builder and a path,
// for tables of tests, reading under a context that is never done.
func read(m func(*Builder, context.Context, string) error) func(*Builder, string) error {
	return func(b *Builder, path string) error { return m(b, context.Background(), path) }
}
