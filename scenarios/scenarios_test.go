package scenarios_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// writeScenario writes a scenario file into a fresh folder and returns
// its path.
func writeScenario(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scen.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustDefault(t *testing.T) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	return s
}

func mustMarshal(t *testing.T, s *scenarios.Scenario) []byte {
	t.Helper()
	out, err := scenarios.Marshal(s)
	if err != nil {
		t.Fatalf("Marshal error: %v", err)
	}
	return out
}

func TestDefaultGolden(t *testing.T) {
	got := mustMarshal(t, mustDefault(t))
	golden := filepath.Join("testdata", "default.golden.yaml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal(Default()) differs from %s; run go test -update "+
			"and review the diff\ngot:\n%s", golden, got)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	first := mustMarshal(t, mustDefault(t))
	s, _, err := scenarios.Load(writeScenario(t, string(first)), nil)
	if err != nil {
		t.Fatalf("Load(Marshal(Default())) error: %v", err)
	}
	if got := mustMarshal(t, s); !bytes.Equal(got, first) {
		t.Errorf("round trip changed the scenario\ngot:\n%s\nwant:\n%s", got, first)
	}
}

func TestNames(t *testing.T) {
	entries := scenarios.Names()
	var got *scenarios.Entry
	for i := range entries {
		if entries[i].Name == scenarios.DefaultName {
			got = &entries[i]
		}
	}
	if got == nil {
		t.Fatalf("Names() = %v, want an entry named default", entries)
	}
	if want := "A health-code city"; !strings.HasPrefix(got.Description, want) {
		t.Errorf("default description = %q, want it to start %q", got.Description, want)
	}
}

// TestLibrary loads every embedded scenario, so that adding a file to
// library/ is tested without a new test.
func TestLibrary(t *testing.T) {
	for _, e := range scenarios.Names() {
		t.Run(e.Name, func(t *testing.T) {
			s, src, err := scenarios.Load(e.Name, nil)
			if err != nil {
				t.Fatalf("Load(%q) error:\n%v", e.Name, err)
			}
			if got, want := s.Name, e.Name; got != want {
				t.Errorf("name field = %q, want the file name %q", got, want)
			}
			if got, want := src.File, "embedded:"+e.Name; got != want {
				t.Errorf("Source.File = %q, want %q", got, want)
			}
			if e.Description == "" {
				t.Errorf("no description")
			}
		})
	}
}

func TestLoadMerge(t *testing.T) {
	path := writeScenario(t, `population:
  people: 1234
city:
  venues_per_10k:
    cafe: 3
sensors:
  payment:
    kinds:
      restaurant: {accepts: 0.5}
holders:
  - name: police
    streams: [taps]
    identifier: hash
adversaries:
  - {name: police, holders: [police]}
attacks:
  linkage: {from: [police], to: [police]}
`)
	s, src, err := scenarios.Load(path, nil)
	if err != nil {
		t.Fatalf("Load error: %v", err)
	}
	def := mustDefault(t)
	pay := s.Sensors.Payment.For(sim.Restaurant)
	tests := []struct {
		name      string
		got, want any
	}{
		{"changed people", s.Population.People, 1234},
		{"kept household size", len(s.Population.HouseholdSize), 6},
		{"kept days", s.Days, def.Days},
		{"changed cafe", s.City.VenuesPer10k["cafe"], 3.0},
		{"kept restaurant", s.City.VenuesPer10k["restaurant"], 40.0},
		{"changed kind accepts", *pay.Accepts, 0.5},
		{"kept kind purchase", *pay.Purchase, 0.9},
		{"kept kind amount", *pay.AmountMedian, 45.0},
		{"replaced holders", len(s.Holders), 1},
		{"holder identifier", s.Holders[0].Identifier, "hash"},
		{"source file", src.File, path},
		{"source folder", src.BaseDir, filepath.Dir(path)},
		{"line of people", src.Line("population.people"), 2},
		{"line of holder stream", src.Line("holders.0.streams.0"), 12},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestLoadEmptyFile(t *testing.T) {
	for _, text := range []string{"", "# only a comment\n", "~\n", "{}\n"} {
		s, _, err := scenarios.Load(writeScenario(t, text), nil)
		if err != nil {
			t.Errorf("Load(%q) error: %v", text, err)
			continue
		}
		got, want := mustMarshal(t, s), mustMarshal(t, mustDefault(t))
		if !bytes.Equal(got, want) {
			t.Errorf("Load(%q) differs from the default", text)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, _, err := scenarios.Load("no-such-scenario", nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error = %v, want one that is fs.ErrNotExist", err)
	}
	if want := "neither an embedded scenario (cash-and-skip"; err == nil ||
		!strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want it to contain %q", err, want)
	}
}

func TestSource(t *testing.T) {
	path := writeScenario(t, "population:\n  people: 10\n")
	_, src, err := scenarios.Load(path, []string{"days=3"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path     string
		wantFile string
		wantLine int
	}{
		{"population.people", path, 2},
		{"population.friends.max_size", path, 1},
		{"days", "--set days=3", 0},
		{"seed", "(default)", 0},
	}
	for _, tt := range tests {
		file, line := src.Origin(tt.path)
		if file != tt.wantFile || line != tt.wantLine {
			t.Errorf("Origin(%q) = %q, %d, want %q, %d",
				tt.path, file, line, tt.wantFile, tt.wantLine)
		}
	}
	if got, want := src.Resolve("venues.csv"), filepath.Join(filepath.Dir(path),
		"venues.csv"); got != want {
		t.Errorf("Resolve = %q, want %q", got, want)
	}
}

func TestValidateDirect(t *testing.T) {
	s := mustDefault(t)
	s.Population.People = 0
	s.Movement.EPR.Beta = 2
	err := s.Validate()
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Fatalf("Validate() = %v, want an error that is ErrInvalid", err)
	}
	want := "population.people: got 0, want at least 1\n" +
		"movement.epr.beta: got 2, want a number in (0, 2)"
	if got := err.Error(); got != want {
		t.Errorf("Validate() error =\n%s\nwant\n%s", got, want)
	}
}

func TestFor(t *testing.T) {
	s := mustDefault(t)
	posted, scan := s.Sensors.QR.For(sim.Office)
	pay := s.Sensors.Payment.For(sim.Restaurant)
	bank := s.Sensors.Payment.For(sim.Bank)
	cam := s.Sensors.Camera.For(sim.MetroStation)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"qr office posted", posted, 0.3},
		{"qr office scan", scan, 0.9},
		{"payment restaurant accepts (family)", *pay.Accepts, 0.95},
		{"payment restaurant purchase (kind)", *pay.Purchase, 0.9},
		{"payment bank purchase (kind)", *bank.Purchase, 0},
		{"payment bank amount (family)", *bank.AmountMedian, 50},
		{"camera metro coverage", *cam.Coverage, 0.9},
		{"camera metro false match", *cam.FalseMatch, 0.002},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	*pay.Purchase = 0
	if got := *s.Sensors.Payment.For(sim.Restaurant).Purchase; got != 0.9 {
		t.Errorf("changing a For result changed the scenario: purchase %v", got)
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in     string
		want   int
		wantOK bool
	}{
		{"00:00", 0, true},
		{"08:45", 525, true},
		{"23:59", 1439, true},
		{"24:00", 0, false},
		{"8:45", 0, false},
		{"08:60", 0, false},
		{"0845", 0, false},
		{"", 0, false},
		{"ab:cd", 0, false},
	}
	for _, tt := range tests {
		got, err := scenarios.ParseClock(tt.in)
		if got != tt.want || (err == nil) != tt.wantOK {
			t.Errorf("ParseClock(%q) = %d, %v, want %d, ok %v",
				tt.in, got, err, tt.want, tt.wantOK)
		}
	}
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		in                  string
		wantOpen, wantClose int
		wantOK              bool
	}{
		{"09:00-17:00", 540, 1020, true},
		{"05:30-24:00", 330, 1440, true},
		{"24h", 0, 1440, true},
		{"00:00-24:00", 0, 1440, true},
		{"22:00-02:00", 0, 0, false},
		{"09:00-09:00", 0, 0, false},
		{"24:00-24:00", 0, 0, false},
		{"09:00", 0, 0, false},
		{"9-17", 0, 0, false},
		{"24H", 0, 0, false},
	}
	for _, tt := range tests {
		open, close, err := scenarios.ParseHours(tt.in)
		if open != tt.wantOpen || close != tt.wantClose || (err == nil) != tt.wantOK {
			t.Errorf("ParseHours(%q) = %d, %d, %v, want %d, %d, ok %v", tt.in,
				open, close, err, tt.wantOpen, tt.wantClose, tt.wantOK)
		}
	}
}

func TestStartDate(t *testing.T) {
	s := mustDefault(t)
	got, err := s.StartDate()
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2022, 5, 1, 16, 0, 0, 0, time.UTC)
	if !got.Equal(want) {
		t.Errorf("StartDate() = %v, want %v", got, want)
	}
	if got.Location().String() != "Asia/Shanghai" {
		t.Errorf("StartDate() location = %v, want Asia/Shanghai", got.Location())
	}
	s.Timezone = "Local"
	if _, err := s.Location(); err == nil {
		t.Errorf("Location() of Local: got no error, want one")
	}
}

func TestEstimatedMemoryMB(t *testing.T) {
	tests := []struct {
		people   int
		want     int
		attacked bool
	}{
		// 64 MiB, plus 3 KiB per person, plus 1 KiB per venue: the
		// default city has about 130 bus stops, 33 metro stations and 61
		// services, compounds and workplaces per 5,000 people. With
		// adversaries, 0.6 KiB per person-day more (14 days by default).
		{1, 64, false},
		{5000, 79, false},
		{100000, 361, false},
		{1000000, 3033, false},
		{5000, 79 + 5000*14*6/10/1024, true},
		{100000, 361 + 100000*14*6/10/1024, true},
	}
	for _, tt := range tests {
		s := mustDefault(t)
		s.Population.People = tt.people
		if !tt.attacked {
			s.Adversaries = nil
		}
		if got := s.EstimatedMemoryMB(); got != tt.want {
			t.Errorf("EstimatedMemoryMB() with %d people, adversaries %v = %d, want %d",
				tt.people, tt.attacked, got, tt.want)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, _, err := scenarios.Load("", []string{"population.people=2000"}); err != nil {
			b.Fatal(err)
		}
	}
}

// A rejected city size is reported once, not again as a memory estimate
// made from the size just rejected.
func TestRejectedCityIsNotEstimated(t *testing.T) {
	_, _, err := scenarios.Load("default", []string{"city.width_km=1e160"})
	var ve *scenarios.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v, want a validation error", err)
	}
	if len(ve.Problems) != 1 || ve.Problems[0].Path != "city.width_km" {
		t.Errorf("problems = %v, want only city.width_km", ve.Problems)
	}
}
