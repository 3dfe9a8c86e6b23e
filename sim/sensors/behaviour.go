package sensors

import (
	"math"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/movement"
)

// Dummy check-ins fall in the daytime, between these minutes of the day.
const (
	dummyFrom = 8 * 60
	dummyTo   = 22 * 60
)

// behaviours holds the settings of the defences people adopt.
type behaviours struct {
	skipRate  float64
	falseName float64
	dummies   int
	randomGPS bool
	delay     int64 // longest delay in milliseconds

	qrVenues []int32 // venues that post a code, for dummy check-ins
	// minLat, maxLat, minLon, maxLon bound the city's venues; spoofed
	// positions fall inside.
	minLat, maxLat, minLon, maxLon float64
}

func newBehaviours(s *scenarios.Scenario, venues []sim.Venue) behaviours {
	m := &s.Mitigations
	b := behaviours{
		skipRate: m.SkipScans.Rate, falseName: m.ManualEntry.FalseName,
		dummies: m.DummyScans.PerDay, randomGPS: m.GPSSpoofing.Mode == "random",
		delay:  int64(m.DelayedScans.DelayMin) * 60000,
		minLat: math.Inf(1), maxLat: math.Inf(-1), minLon: math.Inf(1), maxLon: math.Inf(-1),
	}
	for i := range venues {
		v := &venues[i]
		if v.QRCode {
			b.qrVenues = append(b.qrVenues, v.ID)
		}
		b.minLat, b.maxLat = min(b.minLat, v.Lat), max(b.maxLat, v.Lat)
		b.minLon, b.maxLon = min(b.minLon, v.Lon), max(b.maxLon, v.Lon)
	}
	return b
}

// checkIn records what an arrival at v leaves with the health-code
// holder: nothing, a scan, or a written entry, as the person's
// behaviours have it.
func (se *Sensors) checkIn(pp *sim.Person, v *sim.Venue, t int64, rng *sim.Source,
	out *sim.Day) {
	switch b := pp.Adopts; {
	case b == 0:
		se.scanAt(pp, v, t, rng, out)
		return
	case b.Has(sim.SkipsScans) && v.QRCode && rng.Bernoulli(se.m.skipRate):
		return
	case b.Has(sim.EntersManually):
		se.writeDown(pp, v, t, rng, out)
	default:
		se.scanAt(pp, v, t, rng, out)
	}
	se.disguise(pp, out, len(out.Scans)-1, rng)
}

// writeDown records a visit written into the venue's register: it names
// the venue and the hour, and with the scenario's probability a made-up
// name. It needs a posted code (the register lies beside it) but no
// smartphone.
func (se *Sensors) writeDown(pp *sim.Person, v *sim.Venue, t int64, rng *sim.Source,
	out *sim.Day) {
	if !v.QRCode || !rng.Bernoulli(se.scan[v.K]) {
		return
	}
	sc := sim.Scan{Person: pp.ID, Venue: v.ID, Time: t - t%3600000, Lat: v.Lat, Lon: v.Lon,
		Filer: filer(pp), Entry: sim.Manual}
	if rng.Bernoulli(se.m.falseName) {
		sc.Alias = int64(rng.Uint64()>>2) + 1
	}
	out.Scans = append(out.Scans, sc)
}

// disguise applies the person's delay and GPS spoofing to scan i, if it
// is the person's (a skipped check-in leaves an earlier record last).
func (se *Sensors) disguise(pp *sim.Person, out *sim.Day, i int, rng *sim.Source) {
	if i < 0 || out.Scans[i].Person != pp.ID {
		return
	}
	sc := &out.Scans[i]
	if pp.Adopts.Has(sim.DelaysScans) && se.m.delay > 0 {
		sc.Time += rng.Int64N(se.m.delay + 1)
	}
	if pp.Adopts.Has(sim.SpoofsGPS) && sc.Entry != sim.Manual {
		sc.Lat, sc.Lon = se.spoofed(pp, rng)
	}
}

// spoofed returns the false position a spoofing phone reports: a fixed
// point per person drawn from a hash of the seed and the person, or a new
// uniform point in the city's bounding box.
func (se *Sensors) spoofed(pp *sim.Person, rng *sim.Source) (lat, lon float64) {
	u, w := rng.Float64(), rng.Float64()
	if !se.m.randomGPS {
		h := sim.Mix(se.seed, sim.LabelMitigation, 0x6a5, uint64(pp.ID))
		u = float64(h>>40) / (1 << 24)
		w = float64(h&(1<<24-1)) / (1 << 24)
	}
	b := &se.m
	return b.minLat + u*(b.maxLat-b.minLat), b.minLon + w*(b.maxLon-b.minLon)
}

// dummies adds the day's dummy check-ins: codes of venues the person did
// not visit that day, scanned at uniform daytime minutes.
func (se *Sensors) dummies(pp *sim.Person, stops []movement.Stop, dayStart int64,
	venues []sim.Venue, rng *sim.Source, out *sim.Day) {
	if len(se.m.qrVenues) == 0 {
		return
	}
	for k := 0; k < se.m.dummies; k++ {
		v := &venues[se.pickUnvisited(stops, rng)]
		t := dayStart + int64(dummyFrom+rng.IntN(dummyTo-dummyFrom))*60000 + rng.Int64N(60000)
		out.Scans = append(out.Scans, sim.Scan{Person: pp.ID, Venue: v.ID, Time: t,
			Lat: v.Lat, Lon: v.Lon, Filer: filer(pp), Entry: sim.Dummy})
		se.disguise(pp, out, len(out.Scans)-1, rng)
	}
}

// pickUnvisited draws a code-posting venue uniformly, redrawing a few
// times while it is one of the day's stops.
func (se *Sensors) pickUnvisited(stops []movement.Stop, rng *sim.Source) int32 {
	var id int32
	for try := 0; try < 8; try++ {
		id = se.m.qrVenues[rng.IntN(len(se.m.qrVenues))]
		if !visited(stops, id) {
			break
		}
	}
	return id
}

func visited(stops []movement.Stop, id int32) bool {
	for _, st := range stops {
		if st.Venue == id {
			return true
		}
	}
	return false
}
