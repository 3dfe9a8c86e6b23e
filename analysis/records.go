package analysis

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"

	"github.com/scantrail/scantrail/sim"
)

// Records keeps, compactly, what the attacks need of a run: each sensor
// record reduced to a person, a venue and a minute, the data holders'
// accounts and routes, and the ground truth to score against (each
// person's visits, home, workplace, household and friend groups). It is a
// sim.Sink, fed either by a running simulation or by Load from a run
// folder, so both give the same numbers.
type Records struct {
	Venues []sim.Venue
	People []sim.Person
	// Households and Groups list the members of each household and
	// friend group: the true companions.
	Households [][]int32
	Groups     [][]int32
	Routes     []sim.Route
	// Days is the number of days seen.
	Days int

	// Positions, when set before the first day arrives, keeps the position
	// each scan reported, for holders that locate scans by GPS (see
	// NeedsPositions).
	Positions bool

	start    int64
	accounts map[string][]string // holder → account label per person
	streams  map[sim.Stream]*recordList
	// cardOf holds, per tap record, -1 when the tap was on the person's
	// own card (People[p].Card) and otherwise an index into singles, the
	// single tickets' ids: most taps are on owned cards, so this keeps 4
	// bytes a tap instead of 8.
	cardOf  []int32
	singles []int64
	// visits holds each person's stays as varints (venue, arrival after
	// the previous departure, length), about half the 12 bytes a Stay
	// takes; lastDepart is each person's latest departure while they come.
	visits     [][]byte
	lastDepart []int32
	// filers holds, per person, the person whose account their scans are
	// filed under (see setFilers).
	filers []int32
	// aliases maps a scan record made under a made-up name to that name
	// and the person who truly made it.
	aliases map[int]alias
	// xy holds each scan's reported position in the city plane, in metres,
	// two values a scan, when Positions is set.
	xy []float32
}

// alias is a scan entered under a made-up name.
type alias struct {
	name   int64
	person int32
}

// record is one sensor record: who truly made it (for sightings, whom the
// matcher named), where and when.
type record struct {
	Person, Venue, Minute int32
}

// Stay is one ground-truth visit in minutes since the run's start.
type Stay struct {
	Venue, Arrive, Depart int32
}

// NewRecords returns an empty store for a run whose first day starts at
// startMilli (local midnight, Unix milliseconds).
func NewRecords(startMilli int64) *Records {
	return &Records{
		start:    startMilli,
		accounts: map[string][]string{},
		streams:  map[sim.Stream]*recordList{},
	}
}

// Static keeps the city, the people, their groups and the accounts.
func (r *Records) Static(st *sim.Static) error {
	r.Venues, r.People, r.Routes = st.Venues, st.People, st.Routes
	if err := r.setFilers(); err != nil {
		return err
	}
	r.Households = nil
	for _, p := range st.People {
		for int(p.Household) >= len(r.Households) {
			r.Households = append(r.Households, nil)
		}
		r.Households[p.Household] = append(r.Households[p.Household], p.ID)
	}
	r.Groups = nil
	for _, f := range st.Friendships {
		for int(f.Group) >= len(r.Groups) {
			r.Groups = append(r.Groups, nil)
		}
		r.Groups[f.Group] = append(r.Groups[f.Group], f.Person)
	}
	for _, a := range st.Accounts {
		labels := r.accounts[a.Holder]
		if labels == nil {
			labels = make([]string, len(st.People))
			r.accounts[a.Holder] = labels
		}
		if int(a.Person) >= len(labels) || a.Person < 0 {
			return fmt.Errorf("analysis: account of person %d outside the population", a.Person)
		}
		labels[a.Person] = a.Account
	}
	r.visits = make([][]byte, len(st.People))
	r.lastDepart = make([]int32, len(st.People))
	return nil
}

// Day keeps one day's records and visits.
func (r *Records) Day(d *sim.Day) error {
	r.Days = max(r.Days, d.Index+1)
	for _, v := range d.Visits {
		if err := r.checkPerson(v.Person); err != nil {
			return err
		}
		r.addVisit(v.Person, Stay{Venue: v.Venue, Arrive: r.minute(v.Arrival),
			Depart: r.minute(v.Departure)})
	}
	for i := range d.Scans {
		if err := r.addScan(&d.Scans[i]); err != nil {
			return err
		}
	}
	for _, p := range d.Payments {
		r.add(sim.StreamPayments, p.Person, p.Venue, p.Time)
	}
	for _, s := range d.Sightings {
		if s.Matched >= 0 {
			r.add(sim.StreamSightings, s.Matched, s.Camera, s.Time)
		}
	}
	for _, t := range d.Taps {
		if err := r.checkPerson(t.Person); err != nil {
			return err
		}
		r.add(sim.StreamTaps, t.Person, t.Venue, t.Time)
		if t.Card != 0 && t.Card == r.People[t.Person].Card {
			r.cardOf = append(r.cardOf, -1)
		} else {
			r.cardOf = append(r.cardOf, int32(len(r.singles)))
			r.singles = append(r.singles, t.Card)
		}
	}
	return nil
}

func (r *Records) checkPerson(p int32) error {
	if p < 0 || int(p) >= len(r.People) {
		return fmt.Errorf("analysis: record of person %d outside the population of %d",
			p, len(r.People))
	}
	return nil
}

// setFilers notes, for every person, whose account their scans are filed
// under: their own, or for people who share a household account the
// people table's account_person_id.
func (r *Records) setFilers() error {
	r.filers = make([]int32, len(r.People))
	for i := range r.People {
		p := &r.People[i]
		r.filers[i] = p.ID
		if strings.Contains(p.Mitigations, "shared_account") {
			if err := r.checkPerson(p.Filer); err != nil {
				return err
			}
			r.filers[i] = p.Filer
		}
	}
	return nil
}

// addScan keeps a scan under the person whose account it is filed under
// (the people table's account_person_id, for people who share a household
// account); an entry under a made-up name is kept with that name.
func (r *Records) addScan(sc *sim.Scan) error {
	if err := r.checkPerson(sc.Person); err != nil {
		return err
	}
	filer := r.filers[sc.Person]
	if sc.Alias != 0 {
		if r.aliases == nil {
			r.aliases = map[int]alias{}
		}
		r.aliases[r.Count(sim.StreamScans)] = alias{name: sc.Alias, person: sc.Person}
	}
	r.add(sim.StreamScans, filer, sc.Venue, sc.Time)
	if r.Positions {
		x, y := r.plane(sc)
		r.xy = append(r.xy, x, y)
	}
	return nil
}

// plane projects a scan's reported position onto the city plane, from the
// scanned venue's known position on both.
func (r *Records) plane(sc *sim.Scan) (x, y float32) {
	if sc.Venue < 0 || int(sc.Venue) >= len(r.Venues) {
		return 0, 0
	}
	v := &r.Venues[sc.Venue]
	dy := (sc.Lat - v.Lat) * metresPerDegree
	dx := (sc.Lon - v.Lon) * metresPerDegree * math.Cos(v.Lat*math.Pi/180)
	return float32(v.X + dx), float32(v.Y + dy)
}

// metresPerDegree is the length of a degree of latitude.
const metresPerDegree = 111320

func (r *Records) add(st sim.Stream, person, venue int32, t int64) {
	l := r.streams[st]
	if l == nil {
		l = &recordList{}
		r.streams[st] = l
	}
	l.add(record{Person: person, Venue: venue, Minute: r.minute(t)})
}

// stream returns the records of a stream, in arrival order.
func (r *Records) stream(st sim.Stream) *recordList {
	if l := r.streams[st]; l != nil {
		return l
	}
	return &recordList{}
}

func (r *Records) minute(t int64) int32 {
	return int32((t - r.start) / 60000)
}

// addVisit appends a stay to person p's encoded stays.
func (r *Records) addVisit(p int32, st Stay) {
	b := r.visits[p]
	b = binary.AppendVarint(b, int64(st.Venue))
	b = binary.AppendVarint(b, int64(st.Arrive)-int64(r.lastDepart[p]))
	b = binary.AppendVarint(b, int64(st.Depart)-int64(st.Arrive))
	r.visits[p], r.lastDepart[p] = b, st.Depart
}

// Visits returns person p's ground-truth stays in the order they came
// (time order), decoded into a new slice.
func (r *Records) Visits(p int32) []Stay {
	b := r.visits[p]
	var out []Stay
	last := int64(0)
	for len(b) > 0 {
		venue, n1 := binary.Varint(b)
		gap, n2 := binary.Varint(b[n1:])
		length, n3 := binary.Varint(b[n1+n2:])
		b = b[n1+n2+n3:]
		arrive := last + gap
		last = arrive + length
		out = append(out, Stay{Venue: int32(venue), Arrive: int32(arrive), Depart: int32(last)})
	}
	return out
}

// card returns the card of tap record i, made by person.
func (r *Records) card(i int, person int32) int64 {
	if k := r.cardOf[i]; k >= 0 {
		return r.singles[k]
	}
	return r.People[person].Card
}

// Count returns the number of records of a stream.
func (r *Records) Count(st sim.Stream) int { return r.stream(st).len() }

// Holders returns the names of the data holders, in route order.
func (r *Records) Holders() []string {
	var names []string
	for _, rt := range r.Routes {
		if !slices.Contains(names, rt.Holder) {
			names = append(names, rt.Holder)
		}
	}
	return names
}

// chunkRecords is how many records one chunk of a recordList holds: 768
// KiB, small beside a run's records and large enough to iterate fast.
const chunkRecords = 1 << 16

// recordList holds records in fixed-size chunks, so that it grows without
// copying and without the unused half a doubling slice can carry: at
// 100,000 people over four weeks the records are a gigabyte.
type recordList struct {
	chunks [][]record
	n      int
}

func (l *recordList) add(rec record) {
	if l.n%chunkRecords == 0 {
		l.chunks = append(l.chunks, make([]record, 0, chunkRecords))
	}
	c := &l.chunks[len(l.chunks)-1]
	*c = append(*c, rec)
	l.n++
}

func (l *recordList) len() int { return l.n }

// all yields every record with its index, in arrival order.
func (l *recordList) all() iter.Seq2[int, record] {
	return func(yield func(int, record) bool) {
		i := 0
		for _, c := range l.chunks {
			for _, rec := range c {
				if !yield(i, rec) {
					return
				}
				i++
			}
		}
	}
}
