package realdata

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/engine"
)

// pilotDays is the length of the pilot run that measures how many visits
// of each kind the generator makes.
const pilotDays = 7

// leisureKinds are the kinds movement.activity_mix is fitted over.
var leisureKinds = []sim.Kind{sim.Restaurant, sim.Cafe, sim.Shop, sim.Mall, sim.Gym,
	sim.Entertainment}

// WriteLayout writes the venues that map to a kind as a venue CSV that a
// scenario's city.layout: file reads (poi_id, category, latitude,
// longitude, with the kind's name as the category), and returns how many
// it wrote and how many are housing.
func WriteLayout(w io.Writer, venues []sim.Venue) (n, housing int, err error) {
	cw := csv.NewWriter(w)
	cw.Write([]string{"poi_id", "category", "latitude", "longitude"})
	for _, v := range venues {
		if v.Kind == "" {
			continue
		}
		n++
		housing += count(v.K == sim.HousingCompound)
		cw.Write([]string{strconv.Itoa(int(v.ID)), v.Kind,
			strconv.FormatFloat(v.Lat, 'f', -1, 64), strconv.FormatFloat(v.Lon, 'f', -1, 64)})
	}
	cw.Flush()
	return n, housing, cw.Error()
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// KindCategoryMap maps every kind name to itself, for a layout written by
// WriteLayout.
func KindCategoryMap() map[string]string {
	m := map[string]string{}
	for _, k := range sim.KindNames() {
		m[k] = k
	}
	return m
}

// Layout is where a calibrated city's venues come from.
type Layout struct {
	// File is the venue CSV that city.venues_file names: relative to Dir,
	// so that the scenario and its venue list can be moved together, or
	// absolute.
	File string
	// Dir is the folder of the scenario file, from which a relative File
	// is read (as scenarios.Load and scantrail run read it).
	Dir string
	// CentreLat and CentreLon are the centroid of the venues (see
	// Centroid), written as city.centre_lat and city.centre_lon so that
	// the scenario says where its city is.
	CentreLat, CentreLon float64
}

// Centroid returns the mean latitude and longitude of the venues, or
// (0, 0) for none. A city is small enough for the mean of degrees to be
// its centre; venues on both sides of the 180th meridian are not.
func Centroid(venues []sim.Venue) (lat, lon float64) {
	for _, v := range venues {
		lat += v.Lat
		lon += v.Lon
	}
	n := float64(max(len(venues), 1))
	return lat / n, lon / n
}

// Calibrated builds the calibrated scenario from base (the imported
// folder's scenario: time zone, start, days, holder, adversary and
// attacks) on the venue layout. It sets the population to the number of
// people, gives everyone a smartphone, sets ρ, γ and the distance decay,
// the leisure mix from the kinds of commercial records, and per-kind QR
// scan rates so that the records per person per day of each kind match
// the real ones (see ScanRates). It returns the scenario with every field
// checked, a relative layout file read from layout.Dir.
func Calibrated(base *scenarios.Scenario, f Fit, layout Layout,
	scan [sim.NumKinds]float64) (*scenarios.Scenario, error) {
	s := *base
	s.Name = base.Name + "-calibrated"
	s.Description = fmt.Sprintf("Calibrated to %s: %d people, %.3f records per person-day, "+
		"rho %.3f, gamma %.3f, distance decay %.2f, active hours %02d-%02d.",
		base.Name, f.People, f.PerPersonDay, f.Rho, f.Gamma, f.DistanceDecay,
		f.ActiveFrom, f.ActiveTo)
	s.City.Layout, s.City.VenuesFile = "file", layout.File
	s.City.CentreLat, s.City.CentreLon = layout.CentreLat, layout.CentreLon
	s.City.CategoryMap = KindCategoryMap()
	s.Population.People = max(f.People, 1)
	s.Population.Smartphone = scenarios.AgeShares{Child: 1, Student: 1, Adult: 1, Senior: 1}
	s.Movement.EPR.Rho, s.Movement.EPR.Gamma = f.Rho, f.Gamma
	s.Movement.DistanceDecay = f.DistanceDecay
	mix := map[string]float64{}
	for _, k := range leisureKinds {
		mix[k.String()] = f.KindShares[k]
	}
	if sumValues(mix) > 0 {
		s.Movement.ActivityMix = mix
	}
	s.Sensors.QR = qrRates(s.Sensors.QR, scan)
	text, err := scenarios.Marshal(&s)
	if err != nil {
		return nil, err
	}
	return scenarios.Parse(s.Name, layout.Dir, text, nil)
}

func sumValues(m map[string]float64) float64 {
	t := 0.0
	for _, v := range m {
		t += v
	}
	return t
}

// qrRates posts a code at every venue and sets each kind's scan rate.
func qrRates(qr scenarios.QR, scan [sim.NumKinds]float64) scenarios.QR {
	one := 1.0
	qr.Families = map[string]scenarios.QRRate{}
	for _, fam := range sim.FamilyNames() {
		zero := 0.0
		qr.Families[fam] = scenarios.QRRate{Posted: &one, Scan: &zero}
	}
	qr.Kinds = map[string]scenarios.QRRate{}
	for k, rate := range scan {
		r := rate
		qr.Kinds[sim.Kind(k).String()] = scenarios.QRRate{Scan: &r}
	}
	return qr
}

// ScanRates returns the per-kind scan probability that makes the
// generator's scans per person-day of each kind match the real records:
//
//	real_k  = PerPersonDay · KindShares[k]   (records at unmapped venues
//	                                          spread over the kinds)
//	scan_k  = min(1, real_k / visits_k)
//	short_k = real_k − scan_k · visits_k
//
// where visits_k is the generator's visits per person-day of kind k, from
// a pilot run (Pilot). A kind the pilot never visits gets 0. short_k is
// the real records per person-day of kind k that no scan rate can reach,
// because the generator visits kind k less often than people were
// recorded there (or never).
func ScanRates(f Fit, visits [sim.NumKinds]float64) (scan, short [sim.NumKinds]float64) {
	for k := range scan {
		want := f.PerPersonDay * f.KindShares[k]
		switch {
		case visits[k] <= 0:
			short[k] = want
		case want > visits[k]:
			scan[k] = 1
			short[k] = want - visits[k]
		default:
			scan[k] = want / visits[k]
		}
	}
	return scan, short
}

// Pilot runs s for a week with a QR code at every door and everyone
// scanning, and returns the visits per person-day of each kind.
func Pilot(ctx context.Context, s *scenarios.Scenario, baseDir string,
	log *slog.Logger) ([sim.NumKinds]float64, error) {
	var all [sim.NumKinds]float64
	for k := range all {
		all[k] = 1
	}
	p := *s
	p.Days = min(s.Days, pilotDays)
	p.Adversaries = nil
	p.Sensors.QR = qrRates(s.Sensors.QR, all)
	c := &kindCounter{}
	_, err := engine.Run(ctx, &p, c, engine.Options{Logger: log, BaseDir: baseDir})
	if err != nil {
		return all, err
	}
	var out [sim.NumKinds]float64
	for k := range out {
		out[k] = float64(c.counts[k]) / float64(max(c.people, 1)*p.Days)
	}
	return out, nil
}

// kindCounter is a sink counting scans by venue kind.
type kindCounter struct {
	kinds  []sim.Kind
	people int
	counts [sim.NumKinds]int
}

// Static keeps the venue kinds of the pilot run's city.
func (c *kindCounter) Static(st *sim.Static) error {
	c.people = len(st.People)
	c.kinds = make([]sim.Kind, len(st.Venues))
	for i, v := range st.Venues {
		c.kinds[i] = v.K
	}
	return nil
}

// Day counts the day's scans by venue kind.
func (c *kindCounter) Day(d *sim.Day) error {
	for _, s := range d.Scans {
		c.counts[c.kinds[s.Venue]]++
	}
	return nil
}
