package chart

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares c rendered as SVG with testdata/name.golden.svg.
func golden(t *testing.T, name string, c *Chart) {
	t.Helper()
	got, err := Render(c, name+".svg")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden.svg")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./output/chart -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (%d bytes, want %d); if the change is intended, "+
			"run go test ./output/chart -update and look at the new file", name, path,
			len(got), len(want))
	}
}

// replicates is a tidy table of three replicates of a swept adversary's
// linkage against retention (0 keeping every record), and of an adversary
// the sweep leaves alone, whose value does not move.
func replicates() []Row {
	var rows []Row
	for _, noise := range []float64{-0.03, 0, 0.04} {
		for _, days := range []float64{0, 3, 7, 14, 21, 28} {
			link := 0.95*(1-math.Exp(-days/5)) + noise
			if days == 0 {
				link = 0.95 + noise
			}
			rows = append(rows, Row{Series: "kept_forever", X: days, Value: link})
			rows = append(rows, Row{Series: "kept_10_days (not swept)", X: days,
				Value: 0.85 + noise})
		}
	}
	return rows
}

// policySeries are replicates() summarised, the second series marked as a
// reference.
func policySeries() []Series {
	s := Summarize(replicates(), 0, 1)
	s[1].Reference = true
	return s
}

// manySeries are n series of three points with small shares, one of them
// missing, to show every style and the legend in columns.
func manySeries(n int) []Series {
	out := make([]Series, n)
	for i := range out {
		y := 0.01 * float64(i+1)
		out[i] = Series{Label: fmt.Sprintf("adversary_%d: tracking answered", i),
			Points: []Point{{0.1, y, y - 0.003, y + 0.003}, {0.5, math.NaN(), math.NaN(),
				math.NaN()}, {0.7, y * 1.2, y*1.2 - 0.003, y*1.2 + 0.003},
				{0.9, y * 1.5, y*1.5 - 0.003, y*1.5 + 0.003}}}
	}
	return out
}

func TestGolden(t *testing.T) {
	unicity := []Series{
		{Label: "venue/hour", Points: []Point{{1, 0.2, 0.15, 0.25}, {2, 0.7, 0.65, 0.75},
			{3, 0.9, 0.88, 0.92}, {4, 0.97, 0.95, 0.99}}},
		{Label: "district/day", Points: []Point{{1, 0, 0, 0}, {2, 0.01, 0, 0.02},
			{3, 0.1, 0.05, 0.15}, {4, 0.4, 0.3, 0.5}}},
	}
	timeline := Timeline{Title: "Person 42 as public_security sees them",
		Rows: []string{"housing_compound 3", "metro_station 10", "office 7", "cafe 12"},
		Truth: []Span{{0, 0, 8}, {1, 8, 8.3}, {2, 8.5, 12}, {3, 12.1, 13}, {2, 13.1, 17.5},
			{1, 17.6, 17.9}, {0, 18, 32}},
		Seen: []Mark{{1, 8.1}, {3, 12.2}, {1, 17.7}},
	}
	var hours [2][24]float64
	for h := range 24 {
		hours[0][h] = 100 * math.Exp(-math.Pow(float64(h)-8, 2)/4)
		hours[1][h] = 60 * math.Exp(-math.Pow(float64(h)-13, 2)/8)
	}
	venues := []Venue{{0, 0, 0}, {500, 800, 5}, {1500, 400, 50}, {2500, 2500, 500},
		{3000, 1000, 5000}, {1200, 2200, 0}}
	tests := []struct {
		name string
		make func() (*Chart, error)
	}{
		{"unicity", func() (*Chart, error) { return Unicity("public_security", unicity) }},
		{"policy", func() (*Chart, error) {
			return Policy("linkage top-1 (share of accounts)", policySeries())
		}},
		{"adoption", func() (*Chart, error) {
			return Adoption("share", "tracking: share of queries answered", manySeries(8))
		}},
		{"timeline", func() (*Chart, error) { return PersonTimeline(timeline) }},
		{"venue_map", func() (*Chart, error) {
			return VenueMap("Venues coloured by QR scans", "scans", venues)
		}},
		{"family_hours", func() (*Chart, error) {
			return FamilyHours("scans", []string{"transit", "commercial", "government"},
				[][24]float64{hours[0], hours[1], {}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.make()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, c)
		})
	}
}

func TestSummarize(t *testing.T) {
	got := Summarize([]Row{
		{"a", 2, 0.5}, {"a", 1, 0.2}, {"a", 1, 0.4}, {"a", 2, math.NaN()},
		{"b", 1, math.NaN()}, {"a", 1, 0.3}, {"a", 3, math.NaN()},
	}, 0, 1)
	if len(got) != 1 || got[0].Label != "a" || len(got[0].Points) != 3 {
		t.Fatalf("got %+v, want one series a with three points (b has no values)", got)
	}
	if p3 := got[0].Points[2]; p3.X != 3 || !math.IsNaN(p3.Y) {
		t.Errorf("x=3: got %+v, want a missing point (NaN), not 0", p3)
	}
	p1, p2 := got[0].Points[0], got[0].Points[1]
	// Three values 0.2, 0.3, 0.4: mean 0.3, s = 0.1, t(0.975, 2) = 4.303,
	// half width 4.303 × 0.1 / √3 = 0.248.
	if p1.X != 1 || math.Abs(p1.Y-0.3) > 1e-12 || math.Abs(p1.Low-0.052) > 1e-3 ||
		math.Abs(p1.High-0.548) > 1e-3 {
		t.Errorf("x=1: got %+v, want mean 0.3 in [0.052, 0.548]", p1)
	}
	if p2.X != 2 || p2.Y != 0.5 || !math.IsNaN(p2.High) {
		t.Errorf("x=2: got %+v, want 0.5 with no interval (one value)", p2)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		make func() (*Chart, error)
		want string
	}{
		{"no series", func() (*Chart, error) { return Policy("m", nil) }, "no data"},
		{"only missing values", func() (*Chart, error) {
			return Lines("t", "x", "y", []Series{{Label: "s",
				Points: []Point{{X: 1, Y: math.NaN()}}}})
		}, "no data"},
		{"NaN x", func() (*Chart, error) {
			return Lines("t", "x", "y", []Series{{Label: "s", Points: []Point{{X: math.NaN()}}}})
		}, `series "s" has a point (NaN, 0)`},
		{"infinite y", func() (*Chart, error) {
			return Lines("t", "x", "y", []Series{{Label: "s",
				Points: []Point{{X: 1, Y: math.Inf(1)}}}})
		}, `series "s" has a point (1, +Inf)`},
		{"no venues", func() (*Chart, error) { return VenueMap("m", "scans", nil) }, "no data"},
		{"bad venue", func() (*Chart, error) {
			return VenueMap("m", "scans", []Venue{{X: math.Inf(1)}})
		}, "want a finite position"},
		{"span row", func() (*Chart, error) {
			return PersonTimeline(Timeline{Rows: []string{"a"}, Truth: []Span{{Row: 1}}})
		}, "want a row of 1"},
		{"hours mismatch", func() (*Chart, error) {
			return FamilyHours("scans", []string{"a"}, nil)
		}, "1 families but 0 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.make()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, %v; want an error containing %q", c, err, tt.want)
			}
		})
	}
	if _, err := Policy("m", nil); !errors.Is(err, ErrNoData) {
		t.Errorf("Policy(nil): got %v, want ErrNoData", err)
	}
}

// Every format renders, and the bytes are those of the format.
func TestFormats(t *testing.T) {
	p, err := Policy("linkage", policySeries())
	if err != nil {
		t.Fatal(err)
	}
	magic := map[string]string{"png": "\x89PNG", "svg": "<?xml", "pdf": "%PDF"}
	for _, f := range Formats {
		b, err := Render(p, "chart."+f)
		if err != nil || !bytes.HasPrefix(b, []byte(magic[f])) {
			t.Errorf("%s: got %d bytes starting %q, %v", f, len(b), b[:min(8, len(b))], err)
		}
	}
	if _, err := Render(p, "chart.gif"); err == nil {
		t.Error("gif: want an error naming the formats")
	}
	a, _ := Render(p, "a.png")
	b, _ := Render(p, "b.png")
	if !bytes.Equal(a, b) {
		t.Error("two PNG renderings of one plot differ")
	}
}
