package realdata

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
			if err := b.ReadFoursquare(filepath.Join("testdata", tt.file)); err != nil {
				t.Fatal(err)
			}
			imp, err := b.Build("foursquare", pseudonymizer(t))
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
	if err := b.ReadFoursquare("testdata/badrows.csv"); err != nil {
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
	err := b.ReadFoursquare("testdata/badrows.csv")
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
		{"empty.csv", "empty", (*Builder).ReadFoursquare},
		{"badtime.csv", "UTC_time", (*Builder).ReadFoursquare},
		{"spaces.csv", "delimiter", (*Builder).ReadFoursquare},
		{"wrongcols.csv", "user_id, POI_id", (*Builder).ReadFoursquare},
		{"snap-commas.csv", "tab-separated", (*Builder).ReadSNAP},
		{"good.csv", "Geolife trajectory", (*Builder).ReadGeoLife},
		{"good.csv", "taxi id", func(b *Builder, p string) error { return b.ReadTDrive(p, nil) }},
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
	err := NewBuilder(Options{}).ReadFoursquare("testdata/truncated.csv.gz")
	if err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("err = %v, want a truncated gzip error", err)
	}
}

func TestNotRegularFile(t *testing.T) {
	err := NewBuilder(Options{}).ReadFoursquare("testdata")
	if !errors.Is(err, ErrFormat) {
		t.Errorf("err = %v, want ErrFormat for a folder", err)
	}
}

// No raw user id reaches the import: labels are pseudonyms and problems
// never quote a user field.
func TestNoRawIDs(t *testing.T) {
	b := NewBuilder(Options{})
	if err := b.ReadSNAP("testdata/snap.tsv"); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build("snap", pseudonymizer(t))
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
	if err := b.ReadGeneric("testdata/generic.csv", cols); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build("csv", pseudonymizer(t))
	if err != nil {
		t.Fatal(err)
	}
	if imp.People != 2 || len(imp.Venues) != 2 {
		t.Errorf("people %d, venues %d; want 2 and 2", imp.People, len(imp.Venues))
	}
	err = NewBuilder(Options{}).ReadGeneric("testdata/generic.csv",
		Columns{User: "user", Time: "ts", Lat: "y", Lon: "x"})
	if !errors.Is(err, ErrFormat) {
		t.Errorf("missing column: err = %v, want ErrFormat", err)
	}
}

// The hand-made trajectory holds two 40-minute stays, 6 km apart.
func TestGeoLifeStays(t *testing.T) {
	b := NewBuilder(Options{})
	if err := b.ReadGeoLife("testdata/stays.plt"); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build("geolife", pseudonymizer(t))
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
	s1, created, err := LoadSalt(path)
	if err != nil || !created || len(s1) != SaltBytes {
		t.Fatalf("first load: %d bytes, created %v, err %v", len(s1), created, err)
	}
	s2, created, err := LoadSalt(path)
	if err != nil || created || string(s1) != string(s2) {
		t.Fatalf("second load: created %v, err %v, same %v", created, err, string(s1) == string(s2))
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("salt file mode %v, want 0600", info.Mode().Perm())
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
