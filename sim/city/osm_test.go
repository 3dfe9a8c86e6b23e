package city

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/sim"
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

func TestMapperOSMKind(t *testing.T) {
	m := NewMapper(map[string]string{"amenity=place_of_worship": "entertainment"})
	tests := []struct {
		tags map[string]string
		want string
	}{
		{map[string]string{"amenity": "restaurant"}, "restaurant"},
		{map[string]string{"shop": "bakery"}, "shop"},
		{map[string]string{"shop": "mall"}, "mall"},
		{map[string]string{"amenity": "clinic"}, "hospital"},
		{map[string]string{"railway": "station", "amenity": "cafe"}, "rail_station"},
		{map[string]string{"amenity": "place_of_worship"}, "entertainment"},
		{map[string]string{"amenity": "parking"}, ""},
		{map[string]string{"name": "x"}, ""},
	}
	for _, tt := range tests {
		k, ok := m.OSMKind(tt.tags)
		got := ""
		if ok {
			got = k.String()
		}
		if got != tt.want {
			t.Errorf("OSMKind(%v) = %q, want %q", tt.tags, got, tt.want)
		}
	}
}

func TestReadOSMCSV(t *testing.T) {
	text := "id,type,lat,lon,name,amenity,shop,other_tags\n" +
		`1,node,25.05,121.51,Tea,cafe,,"{""cuisine"": ""tea""}"` + "\n" +
		"2,node,25.06,121.52,,,convenience,\n"
	recs, err := ReadOSMCSV(strings.NewReader(text), "pois.csv", NewMapper(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Kind != sim.Cafe || recs[1].Kind != sim.Shop ||
		recs[1].Name != "osm 2" {
		t.Errorf("records = %+v, want a cafe and a shop named osm 2", recs)
	}
	_, err = ReadOSMCSV(strings.NewReader("id,name\n1,x\n"), "bad.csv", NewMapper(nil))
	if !errors.Is(err, ErrVenueFile) || !strings.Contains(err.Error(), "lat") {
		t.Errorf("err = %v, want ErrVenueFile naming lat", err)
	}
}

func TestReadGeoJSON(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "pois.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadVenueList(f, "pois.geojson", NewMapper(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0].Kind != sim.Cafe || recs[1].Kind != sim.HousingCompound ||
		recs[2].Mapped {
		t.Errorf("records = %+v, want a cafe, housing and an unmapped place of worship", recs)
	}
	if recs[1].Lat != 25.05 {
		t.Errorf("polygon latitude %v, want the mean of its ring 25.05", recs[1].Lat)
	}
}

// The Taipei extract lays out a city: its tags map to kinds, and the
// buildings tagged as apartments or houses give it housing.
func TestSharedTaipeiLayout(t *testing.T) {
	path := sharedData(t, filepath.Join("osm-taipei", "pois.csv"))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, skipped, err := FromCSV(f, path, defaultScenario(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Venues) < 300 || len(c.ByKind[sim.HousingCompound]) == 0 {
		t.Errorf("%d venues, %d housing; want at least 300 and some housing (skipped %v)",
			len(c.Venues), len(c.ByKind[sim.HousingCompound]), skipped)
	}
	t.Logf("%d venues, %d housing, %d restaurants", len(c.Venues),
		len(c.ByKind[sim.HousingCompound]), len(c.ByKind[sim.Restaurant]))
}

func FuzzReadVenueList(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[]}`))
	f.Add([]byte("id,lat,lon,amenity\n1,1,2,cafe\n"))
	f.Add([]byte("poi_id,poi_catname,latitude,longitude\n1,Bar,1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadVenueList(strings.NewReader(string(data)), "fuzz", NewMapper(nil))
	})
}

// A file that is not a venue list is refused without showing its first
// line, which may be a row of data holding a user id.
func TestVenueListHeaderNotShown(t *testing.T) {
	const row = "person9.secret@example.com,v1,Bar,40.7,-74.0\n"
	_, err := ReadVenueList(strings.NewReader(row+row), "c.csv", NewMapper(nil))
	if !errors.Is(err, ErrVenueFile) || strings.Contains(err.Error(), "secret") ||
		!strings.Contains(err.Error(), "the first line has 5 comma-separated fields") {
		t.Errorf("err = %v, want ErrVenueFile describing the first line without it", err)
	}
}
