package realdata

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sharedDataEnv names the variable that points the real-data tests at the
// shared data folder when it is not ../shared/data beside the project.
const sharedDataEnv = "SCANTRAIL_SHARED_DATA"

// sharedData returns a path under the shared data folder:
// $SCANTRAIL_SHARED_DATA, or else ../shared/data (relative to the project
// root). It skips the test, naming the variable, when the file is absent.
func sharedData(t testing.TB, rel string) string {
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

// Every format reads its shared file; the counts are those of the files'
// README (Foursquare: 962 users, 3,541 venues, 10,462 check-ins; Gowalla:
// 27,083 check-ins) or of their folders (GeoLife: three users, of whom
// only one stays 30 minutes anywhere, so one person).
func TestSharedFiles(t *testing.T) {
	beijing, _ := time.LoadLocation("Asia/Shanghai")
	tests := []struct {
		format, rel      string
		read             func(*Builder, string) error
		minPeople, minRe int
	}{
		{"foursquare", "foursquare-nyc/checkins.csv", read((*Builder).ReadFoursquare), 962, 10400},
		{"snap", "gowalla-nyc/checkins.tsv", read((*Builder).ReadSNAP), 100, 27000},
		{"geolife", "geolife", read((*Builder).ReadGeoLife), 1, 3},
		{"tdrive", "tdrive/taxi-1.txt",
			func(b *Builder, p string) error {
				return b.ReadTDrive(context.Background(), p, beijing)
			}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			b := NewBuilder(Options{})
			if err := tt.read(b, sharedData(t, tt.rel)); err != nil {
				t.Fatal(err)
			}
			imp, err := b.Build(context.Background(), tt.format, pseudonymizer(t))
			if err != nil {
				t.Fatal(err)
			}
			records := len(imp.Scans) + len(imp.Visits)
			if imp.People < tt.minPeople || records < tt.minRe {
				t.Errorf("people %d, records %d; want at least %d and %d (%s)",
					imp.People, records, tt.minPeople, tt.minRe, b.Report())
			}
			t.Logf("%s: %d people, %d venues, %d records; %s", tt.format, imp.People,
				len(imp.Venues), records, b.Report())
		})
	}
}

func TestSharedFoursquareCounts(t *testing.T) {
	b := NewBuilder(Options{})
	path := sharedData(t, "foursquare-nyc/checkins.csv")
	if err := b.ReadFoursquare(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	imp, err := b.Build(context.Background(), "foursquare", pseudonymizer(t))
	if err != nil {
		t.Fatal(err)
	}
	got := [3]int{imp.People, len(imp.Venues), b.Report().Rows}
	if want := [3]int{962, 3541, 10462}; got != want {
		t.Errorf("people, venues, rows = %v, want %v", got, want)
	}
}

func TestSharedVenueLists(t *testing.T) {
	for _, rel := range []string{"foursquare-nyc/venues.csv", "osm-taipei/pois.csv"} {
		t.Run(rel, func(t *testing.T) {
			b := NewBuilder(Options{})
			if err := b.ReadVenueList(context.Background(), sharedData(t, rel)); err != nil {
				t.Fatal(err)
			}
			imp, err := b.Build(context.Background(), "venues", pseudonymizer(t))
			if err != nil {
				t.Fatal(err)
			}
			mapped := 0
			for _, v := range imp.Venues {
				if v.Kind != "" {
					mapped++
				}
			}
			if mapped < len(imp.Venues)/2 {
				t.Errorf("%d of %d venues mapped to a kind, want at least half", mapped,
					len(imp.Venues))
			}
		})
	}
}
