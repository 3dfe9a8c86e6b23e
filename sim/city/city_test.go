package city

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

func defaultScenario(t testing.TB) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// binomialOK reports whether k successes in n trials are within five
// standard deviations of n·p (or within 2 when n·p is tiny).
func binomialOK(k, n int, p float64) bool {
	sd := math.Sqrt(float64(n) * p * (1 - p))
	return math.Abs(float64(k)-float64(n)*p) <= math.Max(5*sd, 2)
}

func TestSyntheticVenueCounts(t *testing.T) {
	s := defaultScenario(t)
	s.Population.People = 20000
	c, err := Synthetic(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []sim.Kind{sim.Restaurant, sim.Shop, sim.Bank, sim.Hospital, sim.Mall} {
		want := int(math.Round(s.City.VenuesPer10k[k.String()] * 2))
		if got := len(c.ByKind[k]); got != max(want, 1) {
			t.Errorf("%s: got %d venues, want %d", k, got, want)
		}
	}
	households := 20000 / meanHouseholdSize(s.Population.HouseholdSize)
	want := int(math.Ceil(households / float64(s.City.HouseholdsPerCompound)))
	if got := len(c.ByKind[sim.HousingCompound]); got != want {
		t.Errorf("housing compounds: got %d, want %d", got, want)
	}
	if len(c.ByKind[sim.MetroStation]) == 0 || len(c.ByKind[sim.BusStop]) == 0 {
		t.Error("no metro stations or bus stops")
	}
}

func TestSyntheticVenuesInsideCity(t *testing.T) {
	s := defaultScenario(t)
	c, err := Synthetic(s)
	if err != nil {
		t.Fatal(err)
	}
	districts := int32(s.City.DistrictsPerSide * s.City.DistrictsPerSide)
	for _, v := range c.Venues {
		if v.X < 0 || v.Y < 0 || v.X > c.Width || v.Y > c.Height {
			t.Fatalf("venue %d at (%g, %g) outside %gx%g", v.ID, v.X, v.Y, c.Width, c.Height)
		}
		if v.District < 0 || v.District >= districts {
			t.Fatalf("venue %d in district %d, want [0, %d)", v.ID, v.District, districts)
		}
		if math.Abs(v.Lat-s.City.CentreLat) > 0.1 || math.Abs(v.Lon-s.City.CentreLon) > 0.1 {
			t.Fatalf("venue %d at %g,%g, far from the centre", v.ID, v.Lat, v.Lon)
		}
	}
}

// Each venue posts a code, has a camera and takes mobile payment with the
// family's configured probability, independently.
func TestSensorFlagsMatchRates(t *testing.T) {
	s := defaultScenario(t)
	s.Population.People = 50000
	c, err := Synthetic(s)
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, qr, cam, pay int }
	var by [sim.NumKinds]tally
	for _, v := range c.Venues {
		tl := &by[v.K]
		tl.n++
		tl.qr += b2i(v.QRCode)
		tl.cam += b2i(v.Camera)
		tl.pay += b2i(v.MobilePayment)
	}
	for _, k := range sim.Kinds() {
		tl := by[k]
		if tl.n == 0 {
			continue
		}
		posted, _ := s.Sensors.QR.For(k)
		if !binomialOK(tl.qr, tl.n, posted) {
			t.Errorf("%s: %d of %d post a code, want p=%g", k, tl.qr, tl.n, posted)
		}
		if p := *s.Sensors.Camera.For(k).Coverage; !binomialOK(tl.cam, tl.n, p) {
			t.Errorf("%s: %d of %d have a camera, want p=%g", k, tl.cam, tl.n, p)
		}
		if p := *s.Sensors.Payment.For(k).Accepts; !binomialOK(tl.pay, tl.n, p) {
			t.Errorf("%s: %d of %d take mobile payment, want p=%g", k, tl.pay, tl.n, p)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Explore favours near venues: with a distance decay of 2, the mean
// distance of explored restaurants is well below that of uniform draws.
func TestExploreDecaysWithDistance(t *testing.T) {
	s := defaultScenario(t)
	s.Movement.DistanceDecay = 2
	c, err := Synthetic(s)
	if err != nil {
		t.Fatal(err)
	}
	rng := sim.NewSource(3)
	x, y := c.Width*0.1, c.Height*0.1
	var near, uniform float64
	const n = 4000
	ids := c.ByKind[sim.Restaurant]
	for i := 0; i < n; i++ {
		v := &c.Venues[c.Index().Explore(sim.Restaurant, x, y, rng)]
		if v.K != sim.Restaurant {
			t.Fatalf("explored a %s, want a restaurant", v.K)
		}
		near += math.Hypot(v.X-x, v.Y-y)
		u := &c.Venues[ids[rng.IntN(len(ids))]]
		uniform += math.Hypot(u.X-x, u.Y-y)
	}
	if near > 0.7*uniform {
		t.Errorf("mean explored distance %.0f m, uniform %.0f m: want clearly nearer",
			near/n, uniform/n)
	}
	if got := c.Index().Explore(sim.Kind(200%sim.NumKinds), x, y, rng); got < -1 {
		t.Errorf("Explore returned %d", got)
	}
}

func TestNearestStation(t *testing.T) {
	s := defaultScenario(t)
	c, err := Synthetic(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]float64{{100, 100}, {c.Width / 2, c.Height / 2}, {c.Width, 0}} {
		id, d := c.Index().Nearest(sim.BusStop, p[0], p[1])
		best := math.Inf(1)
		for _, b := range c.ByKind[sim.BusStop] {
			v := &c.Venues[b]
			best = math.Min(best, math.Hypot(v.X-p[0], v.Y-p[1]))
		}
		// The lookup is exact for the centre of its grid cell; a point
		// elsewhere in the cell can be up to half a cell diagonal nearer
		// to another stop.
		slack := math.Max(c.Width, c.Height) / nearSide * math.Sqrt2
		if c.Venues[id].K != sim.BusStop || d > best+slack {
			t.Errorf("nearest bus stop to %v at %.0f m, best is %.0f m", p, d, best)
		}
	}
}

func TestFromCSV(t *testing.T) {
	s := defaultScenario(t)
	in := "poi_id,poi_catid,poi_catname,latitude,longitude\n" +
		"a,1,Home (private),40.70,-74.00\n" +
		"b,2,Office,40.71,-74.01\n" +
		"c,3,Subway,40.72,-74.02\n" +
		"d,4,Nail Salon,40.73,-74.03\n" +
		"e,5,Thai Restaurant,40.74,-74.04\n"
	c, skipped, err := FromCSV(strings.NewReader(in), "v.csv", s)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(c.Venues), 4; got != want {
		t.Errorf("got %d venues, want %d", got, want)
	}
	if got := skipped["Nail Salon"]; got != 1 {
		t.Errorf("skipped Nail Salon %d times, want 1", got)
	}
	if k := c.Venues[3].K; k != sim.Restaurant {
		t.Errorf("Thai Restaurant mapped to %s, want restaurant", k)
	}
	if v := c.Venues[0]; math.Abs(v.Lat-40.70) > 1e-9 || math.Abs(v.Lon+74.00) > 1e-9 {
		t.Errorf("venue 0 at %g,%g, want 40.70,-74.00", v.Lat, v.Lon)
	}
}

func TestFromCSVErrors(t *testing.T) {
	s := defaultScenario(t)
	const head = "poi_id,poi_catname,latitude,longitude\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "the file is empty"},
		{"header only", head, "no venue rows"},
		{"no category column", "poi_id,latitude,longitude\n",
			"v.csv:1: bad venue file: no column named poi_catname"},
		{"bad latitude", head + "a,Office,91,-74\n", "v.csv:2: bad venue file: latitude \"91\""},
		{"bad longitude", head + "a,Office,40,east\n", "v.csv:2: bad venue file: longitude \"east\""},
		{"ragged row", head + "a,Office,40\n", "v.csv: bad venue file: record on line 2"},
		{"no housing", head + "a,Office,40,-74\n", "no housing"},
		{"nothing mapped", head + "a,Nail Salon,40,-74\n", "no venue maps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := FromCSV(strings.NewReader(tt.in), "v.csv", s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
			if !errors.Is(err, ErrVenueFile) {
				t.Errorf("error %v does not wrap ErrVenueFile", err)
			}
		})
	}
}

func TestFromCSVFoursquareNewYork(t *testing.T) {
	path := sharedData(t, filepath.Join("foursquare-nyc", "venues.csv"))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, skipped, err := FromCSV(f, path, defaultScenario(t))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range skipped {
		n += k
	}
	// The file's README lists 5,033 venues; every row is either kept or
	// counted as skipped.
	if got := len(c.Venues) + n; got != 5033 {
		t.Errorf("kept %d + skipped %d = %d rows, want 5033", len(c.Venues), n, got)
	}
	for _, k := range []sim.Kind{sim.HousingCompound, sim.Office, sim.MetroStation, sim.BusStop} {
		if len(c.ByKind[k]) == 0 {
			t.Errorf("no %s in the New York layout", k)
		}
	}
	if c.Width < 30000 || c.Width > 60000 {
		t.Errorf("New York layout is %.0f m wide, want 30-60 km", c.Width)
	}
}
