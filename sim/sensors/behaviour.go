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
// behaviours have it. The scan is always drawn first, exactly as for a
// person without behaviours, and the behaviours draw from their own
// stream (see draws), so that adopting one leaves every other record of
// the run as it was.
func (se *Sensors) checkIn(pp *sim.Person, v *sim.Venue, t int64, d, i int,
	rng *sim.Source, out *sim.Day) {
	n := len(out.Scans)
	se.scanAt(pp, v, t, rng, out)
	b := pp.Adopts
	if b == 0 {
		return
	}
	m := se.draws(pp, d, i)
	skip := b.Has(sim.SkipsScans) && m.float() < se.m.skipRate
	switch {
	case skip:
		out.Scans = out.Scans[:n]
	case b.Has(sim.EntersManually):
		out.Scans = out.Scans[:n]
		se.writeDown(pp, v, t, &m, out)
	}
	if len(out.Scans) > n {
		se.disguise(pp, &out.Scans[n], &m)
	}
}

// draws is the random stream of one person's behaviours at one stop: a
// hash of the seed, the person, the day and the stop, counted on, kept
// apart from the sensors' own stream.
type draws struct {
	key, n uint64
}

func (se *Sensors) draws(pp *sim.Person, d, i int) draws {
	return draws{key: sim.Mix(se.seed, sim.LabelMitigation, uint64(pp.ID), uint64(d), uint64(i))}
}

// float returns the next uniform draw in [0, 1).
func (m *draws) float() float64 {
	m.n++
	return float64(sim.Mix(m.key, m.n)>>11) / (1 << 53)
}

// writeDown records a visit written into the venue's register: it names
// the venue and the hour, and with the scenario's probability a made-up
// name. It needs a posted code (the register lies beside it) but no
// smartphone, and is made as often as a scan would be.
func (se *Sensors) writeDown(pp *sim.Person, v *sim.Venue, t int64, m *draws, out *sim.Day) {
	if !v.QRCode || m.float() >= se.scan[v.K] {
		return
	}
	sc := sim.Scan{Person: pp.ID, Venue: v.ID, Time: t - t%3600000, Lat: v.Lat, Lon: v.Lon,
		Filer: filer(pp), Entry: sim.Manual}
	if m.float() < se.m.falseName {
		sc.Alias = int64(sim.Mix(m.key, ^m.n)>>2) + 1
	}
	out.Scans = append(out.Scans, sc)
}

// disguise applies the person's delay and GPS spoofing to a scan.
func (se *Sensors) disguise(pp *sim.Person, sc *sim.Scan, m *draws) {
	if pp.Adopts.Has(sim.DelaysScans) && se.m.delay > 0 {
		sc.Time += int64(m.float() * float64(se.m.delay+1))
	}
	if pp.Adopts.Has(sim.SpoofsGPS) && sc.Entry != sim.Manual {
		sc.Lat, sc.Lon = se.spoofed(pp, m)
	}
}

// spoofed returns the false position a spoofing phone reports: a fixed
// point per person drawn from a hash of the seed and the person, or a new
// uniform point in the city's bounding box.
func (se *Sensors) spoofed(pp *sim.Person, m *draws) (lat, lon float64) {
	var u, w float64
	if se.m.randomGPS {
		u, w = m.float(), m.float()
	} else {
		h := sim.Mix(se.seed, sim.LabelMitigation, 0x6a5, uint64(pp.ID))
		u = float64(h>>40) / (1 << 24)
		w = float64(h&(1<<24-1)) / (1 << 24)
	}
	b := &se.m
	return b.minLat + u*(b.maxLat-b.minLat), b.minLon + w*(b.maxLon-b.minLon)
}

// dummies adds the day's dummy check-ins: codes of venues the person did
// not visit that day, scanned at uniform daytime minutes.
func (se *Sensors) dummies(pp *sim.Person, stops []movement.Stop, d int, dayStart int64,
	venues []sim.Venue, out *sim.Day) {
	if len(se.m.qrVenues) == 0 {
		return
	}
	for k := 0; k < se.m.dummies; k++ {
		m := se.draws(pp, d, len(stops)+k)
		v := &venues[se.pickUnvisited(stops, &m)]
		minute := dummyFrom + int64(m.float()*(dummyTo-dummyFrom))
		t := dayStart + minute*60000 + int64(m.float()*60000)
		out.Scans = append(out.Scans, sim.Scan{Person: pp.ID, Venue: v.ID, Time: t,
			Lat: v.Lat, Lon: v.Lon, Filer: filer(pp), Entry: sim.Dummy})
		se.disguise(pp, &out.Scans[len(out.Scans)-1], &m)
	}
}

// pickUnvisited draws a code-posting venue uniformly, redrawing a few
// times while it is one of the day's stops.
func (se *Sensors) pickUnvisited(stops []movement.Stop, m *draws) int32 {
	var id int32
	for try := 0; try < 8; try++ {
		id = se.m.qrVenues[int(m.float()*float64(len(se.m.qrVenues)))]
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
