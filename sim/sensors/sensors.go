package sensors

import (
	"math"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/movement"
)

// Sensors holds the per-kind rates of a scenario, resolved once.
type Sensors struct {
	seed   uint64
	people int32
	gpsErr float64
	tap    float64
	phone  [3]float64
	m      behaviours

	scan                      [sim.NumKinds]float64
	purchase, median, sigma   [sim.NumKinds]float64
	detect, hit, falseMatches [sim.NumKinds]float64
}

// New resolves the sensor rates of scenario s for a city's venues and a
// population of the given size.
func New(s *scenarios.Scenario, venues []sim.Venue, population int) *Sensors {
	h := s.Population.PhoneShare
	se := &Sensors{
		seed: s.Seed, people: int32(population),
		gpsErr: s.Sensors.QR.GPSErrorM, tap: s.Sensors.Transit.Tap,
		phone: [3]float64{h.Phone, h.Mixed, h.Cash},
		m:     newBehaviours(s, venues),
	}
	for _, k := range sim.Kinds() {
		_, se.scan[k] = s.Sensors.QR.For(k)
		pay := s.Sensors.Payment.For(k)
		se.purchase[k] = *pay.Purchase
		se.median[k], se.sigma[k] = *pay.AmountMedian, *pay.AmountSigma
		cam := s.Sensors.Camera.For(k)
		se.detect[k], se.hit[k], se.falseMatches[k] = *cam.Detection, *cam.HitRate, *cam.FalseMatch
	}
	return se
}

// Record appends to out the records that person pp's stops on day d
// produce. dayStart is local midnight of d in Unix milliseconds; venues
// indexes the city's venues. Draws come from rng, which the caller seeds
// per person and day.
func (se *Sensors) Record(pp *sim.Person, stops []movement.Stop, d int, dayStart int64,
	venues []sim.Venue, rng *sim.Source, out *sim.Day) {
	var ticket int64
	for i := range stops {
		st := &stops[i]
		v := &venues[st.Venue]
		arrive := dayStart + int64(st.Arrive)*60000
		depart := dayStart + int64(st.Depart)*60000
		if st.Role != movement.RoleExit {
			se.checkIn(pp, v, arrive, d, i, rng, out)
			se.payAt(pp, v, arrive, depart, rng, out)
		}
		se.watch(pp, v, arrive, rng, out)
		if st.Role == movement.RoleEntry {
			ticket = se.ticket(pp, d, i)
		}
		if st.Role == movement.RoleEntry || st.Role == movement.RoleExit {
			se.gate(pp, v, ticket, arrive, st.Role == movement.RoleEntry, rng, out)
		}
	}
	if pp.Adopts.Has(sim.ScansDummies) && pp.Smartphone {
		se.dummies(pp, stops, d, dayStart, venues, out)
	}
}

// scanAt records a QR check-in at arrival when the venue posts a code, the
// person has a smartphone and complies.
func (se *Sensors) scanAt(pp *sim.Person, v *sim.Venue, t int64, rng *sim.Source, out *sim.Day) {
	if !v.QRCode || !pp.Smartphone || !rng.Bernoulli(se.scan[v.K]) {
		return
	}
	dx, dy := rng.NormFloat64()*se.gpsErr, rng.NormFloat64()*se.gpsErr
	lat := v.Lat + dy/metresPerDegree
	lon := v.Lon + dx/(metresPerDegree*math.Cos(v.Lat*math.Pi/180))
	out.Scans = append(out.Scans, sim.Scan{
		Person: pp.ID, Venue: v.ID, Time: t + rng.Int64N(60000), Lat: lat, Lon: lon,
		Filer: filer(pp),
	})
}

// filer returns the person whose account pp's scans are filed under.
func filer(pp *sim.Person) int32 {
	if pp.Adopts.Has(sim.SharesAccount) {
		return pp.Filer
	}
	return pp.ID
}

// metresPerDegree is the length of a degree of latitude.
const metresPerDegree = 111320

// payAt records a mobile payment when the visit includes a purchase, the
// venue takes mobile payment and the person pays by phone this time.
func (se *Sensors) payAt(pp *sim.Person, v *sim.Venue, arrive, depart int64,
	rng *sim.Source, out *sim.Day) {
	if !rng.Bernoulli(se.purchase[v.K]) {
		return
	}
	byPhone := pp.Smartphone && rng.Bernoulli(se.phone[pp.Pay])
	if !v.MobilePayment || !byPhone {
		return
	}
	amount := se.median[v.K] * math.Exp(se.sigma[v.K]*rng.NormFloat64())
	t := arrive
	if depart > arrive {
		t += rng.Int64N(depart - arrive)
	}
	if pp.Adopts.Has(sim.PaysCashOnly) {
		return // drawn as a phone payment, so that later draws stay as they were
	}
	out.Payments = append(out.Payments, sim.Payment{
		Person: pp.ID, Venue: v.ID, Time: t, Amount: math.Round(amount*100) / 100,
	})
}

// watch records a camera sighting when the venue has a camera and the
// face is detected. The matcher names the right person with the hit
// rate, a uniformly drawn wrong person with the false-match rate, and
// nobody otherwise; scores are higher for right matches.
func (se *Sensors) watch(pp *sim.Person, v *sim.Venue, t int64, rng *sim.Source, out *sim.Day) {
	if !v.Camera || !rng.Bernoulli(se.detect[v.K]) {
		return
	}
	s := sim.Sighting{Camera: v.ID, Person: pp.ID, Time: t + rng.Int64N(30000), Matched: -1}
	u := rng.Float64()
	switch {
	case u < se.hit[v.K]:
		s.Matched, s.Score = pp.ID, float32(0.85+0.15*rng.Float64())
	case u < se.hit[v.K]+se.falseMatches[v.K] && se.people > 1:
		s.Matched = rng.Int32N(se.people - 1)
		if s.Matched >= pp.ID {
			s.Matched++
		}
		s.Score = float32(0.6 + 0.25*rng.Float64())
	default:
		s.Score = float32(0.2 + 0.4*rng.Float64())
	}
	out.Sightings = append(out.Sightings, s)
}

// ticket returns the card used for the trip that starts at stop i: the
// person's card, or a single ticket whose id is fresh for every trip.
func (se *Sensors) ticket(pp *sim.Person, d, i int) int64 {
	if pp.Card != 0 {
		return pp.Card
	}
	h := sim.Mix(se.seed, sim.LabelSensors, 0x71c, uint64(pp.ID), uint64(d), uint64(i))
	return -int64(h>>2) - 1
}

// gate records a card read at a station gate.
func (se *Sensors) gate(pp *sim.Person, v *sim.Venue, card, t int64, entry bool,
	rng *sim.Source, out *sim.Day) {
	if !rng.Bernoulli(se.tap) {
		return
	}
	out.Taps = append(out.Taps, sim.Tap{
		Person: pp.ID, Card: card, Venue: v.ID, Time: t + rng.Int64N(60000), Entry: entry,
	})
}
