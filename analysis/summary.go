package analysis

import (
	"github.com/scantrail/scantrail/sim"
)

// Summary counts a run's records. It is a sim.Sink, so it can watch a run
// as it streams to disk without holding any records.
type Summary struct {
	// People and Days size the run; Smartphones counts phone owners.
	People, Days, Smartphones int
	// Rows counts records per table: visits and each sensor stream.
	Rows map[string]int64
	// ByFamily counts records per table and venue family.
	ByFamily map[string]map[string]int64

	family []sim.Family
	seen   map[string][]bool
}

// NewSummary returns an empty summary.
func NewSummary() *Summary {
	return &Summary{Rows: map[string]int64{}, ByFamily: map[string]map[string]int64{}}
}

// Tables lists the tables a summary counts, in display order.
func Tables() []string {
	return []string{"visits", "scans", "payments", "sightings", "taps"}
}

// Static records the population and the venue families.
func (s *Summary) Static(st *sim.Static) error {
	s.People = len(st.People)
	s.family = make([]sim.Family, len(st.Venues))
	for i := range st.Venues {
		s.family[i] = st.Venues[i].K.Family()
	}
	for _, p := range st.People {
		if p.Smartphone {
			s.Smartphones++
		}
	}
	s.seen = map[string][]bool{}
	for _, t := range Tables() {
		s.seen[t] = make([]bool, s.People)
		s.ByFamily[t] = map[string]int64{}
	}
	return nil
}

// Day adds one day's records.
func (s *Summary) Day(d *sim.Day) error {
	s.Days = max(s.Days, d.Index+1)
	for _, v := range d.Visits {
		s.count("visits", v.Person, v.Venue)
	}
	for _, r := range d.Scans {
		s.count("scans", r.Person, r.Venue)
	}
	for _, r := range d.Payments {
		s.count("payments", r.Person, r.Venue)
	}
	for _, r := range d.Sightings {
		s.countSighting(r)
	}
	for _, r := range d.Taps {
		s.count("taps", r.Person, r.Venue)
	}
	return nil
}

func (s *Summary) count(table string, person, venue int32) {
	s.Rows[table]++
	s.ByFamily[table][s.family[venue].String()]++
	s.seen[table][person] = true
}

// countSighting counts a sighting; only a correct match counts as the
// stream having seen the person.
func (s *Summary) countSighting(r sim.Sighting) {
	s.Rows["sightings"]++
	s.ByFamily["sightings"][s.family[r.Camera].String()]++
	if r.Matched == r.Person {
		s.seen["sightings"][r.Person] = true
	}
}

// Seen returns the share of people with at least one record in the table;
// for sightings, at least one correct face match.
func (s *Summary) Seen(table string) float64 {
	if s.People == 0 {
		return 0
	}
	n := 0
	for _, b := range s.seen[table] {
		if b {
			n++
		}
	}
	return float64(n) / float64(s.People)
}

// PerPersonDay returns the table's records per person per day.
func (s *Summary) PerPersonDay(table string) float64 {
	if s.People == 0 || s.Days == 0 {
		return 0
	}
	return float64(s.Rows[table]) / float64(s.People*s.Days)
}
