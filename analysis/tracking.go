package analysis

import (
	"slices"
	"sort"

	"github.com/scantrail/scantrail/sim"
)

// trackHorizon is how long, in minutes, a record keeps answering where
// its person is: three hours, about the length of a long visit.
const trackHorizon = 180

// TrackResult is how well an adversary answers "where was this person at
// time T" from the records of accounts it can tie to a person.
type TrackResult struct {
	// Accounts is the number of distinct accounts tracked and People the
	// number of people owning them.
	Accounts, People int
	// Queries is the number of times asked, queries per person.
	Queries int
	// Answered, VenueCorrect and DistrictCorrect are shares of the
	// queries: those with an answer, and those whose answer is the venue,
	// or lies in the district, where the person truly stayed at T.
	Answered, VenueCorrect, DistrictCorrect float64
	// HoursPlaced is the mean over people of the share of their true
	// hours the records place them in.
	HoursPlaced float64
}

// Track is TrackAccounts over the view's identified accounts, those whose
// label is a real identity.
func Track(v *View, r *Records, queries int, rng *sim.Source) TrackResult {
	var identified []int32
	for a := range int32(v.NumAccounts()) {
		if v.Accounts[a].Identified {
			identified = append(identified, a)
		}
	}
	return TrackAccounts(v, r, identified, queries, rng)
}

// TrackAccounts asks, for each person owning one of the accounts, where
// they were at queries times T drawn uniformly from the minutes of the
// view's days, and scores the answers against the person's stays in r:
//
//	answer(T) = venue of the person's latest record in [T − 3 h, T]
//	truth(T)  = venue of the stay with Arrive ≤ T < Depart, if any
//
// A person between stays is on the move, at no venue, so no answer is
// right then. The records of all of a person's accounts are read
// together, as an adversary who has tied several accounts (a real
// identity, a re-identified pseudonym, a card) to the same person would;
// people are told apart by Account.Person, so the accounts passed should
// be those tied to their true owner.
//
// It also measures how much of a person's time the records cover. A true
// hour is a clock hour during which the person has a stay; it is placed
// when a record inside the hour names a venue the person stays at during
// that hour. HoursPlaced averages placed over true hours across people
// with any true hour.
//
// Query times come from rng, one person after another in id order; a nil
// rng means sim.NewSource(0). With no accounts, no queries or a view of
// no days, the shares of queries are zero.
func TrackAccounts(v *View, r *Records, accounts []int32, queries int,
	rng *sim.Source) TrackResult {
	if rng == nil {
		rng = sim.NewSource(0)
	}
	people := byOwner(v, accounts)
	var sc trackScore
	for _, p := range people {
		stays := r.Visits(p.person)
		if v.Days > 0 {
			sc.ask(v, p.accounts, stays, queries, rng)
		}
		sc.place(v, p.accounts, stays)
	}
	return sc.result(people)
}

// trackScore accumulates the answers and placed hours of Track.
type trackScore struct {
	queries, answered, venueOK, districtOK int
	placed                                 float64
	withHours                              int
	marks                                  hourMarks
}

// ask puts n questions about one person, drawing times from rng.
func (sc *trackScore) ask(v *View, accounts []int32, stays []Stay, n int, rng *sim.Source) {
	for range n {
		t := rng.Int32N(int32(v.Days) * 1440)
		guess, truth := latestVenue(v, accounts, t), stayAt(stays, t)
		sc.queries++
		sc.answered += count(guess >= 0)
		if guess < 0 || truth < 0 {
			continue
		}
		sc.venueOK += count(guess == truth)
		sc.districtOK += count(v.Venues[guess].District == v.Venues[truth].District)
	}
}

// place adds one person's share of placed hours.
func (sc *trackScore) place(v *View, accounts []int32, stays []Stay) {
	if share, ok := sc.marks.placed(v, accounts, stays); ok {
		sc.placed += share
		sc.withHours++
	}
}

func (sc *trackScore) result(people []tracked) TrackResult {
	res := TrackResult{People: len(people), Queries: sc.queries}
	for _, p := range people {
		res.Accounts += len(p.accounts)
	}
	res.Answered = fraction(sc.answered, sc.queries)
	res.VenueCorrect = fraction(sc.venueOK, sc.queries)
	res.DistrictCorrect = fraction(sc.districtOK, sc.queries)
	if sc.withHours > 0 {
		res.HoursPlaced = sc.placed / float64(sc.withHours)
	}
	return res
}

// tracked is one person and their accounts.
type tracked struct {
	person   int32
	accounts []int32
}

// byOwner groups the distinct accounts by owner, in owner order.
func byOwner(v *View, accounts []int32) []tracked {
	sorted := slices.Clone(accounts)
	slices.SortFunc(sorted, func(a, b int32) int {
		pa, pb := v.Accounts[a].Person, v.Accounts[b].Person
		if pa != pb {
			return int(pa - pb)
		}
		return int(a - b)
	})
	sorted = slices.Compact(sorted)
	var people []tracked
	for lo := 0; lo < len(sorted); {
		p := v.Accounts[sorted[lo]].Person
		hi := lo + 1
		for hi < len(sorted) && v.Accounts[sorted[hi]].Person == p {
			hi++
		}
		people = append(people, tracked{person: p, accounts: sorted[lo:hi:hi]})
		lo = hi
	}
	return people
}

// latestVenue returns the venue of the latest record at or before minute
// t, no older than the horizon, across the accounts; -1 when none.
func latestVenue(v *View, accounts []int32, t int32) int32 {
	venue, when := int32(-1), t-trackHorizon-1
	for _, a := range accounts {
		tr := v.Trace(a)
		i := sort.Search(len(tr), func(i int) bool { return tr[i].Minute > t }) - 1
		if i >= 0 && tr[i].Minute > when {
			venue, when = tr[i].Venue, tr[i].Minute
		}
	}
	return venue
}

// stayAt returns the venue of the stay covering minute t, or -1.
func stayAt(stays []Stay, t int32) int32 {
	i := sort.Search(len(stays), func(i int) bool { return stays[i].Depart > t })
	if i < len(stays) && stays[i].Arrive <= t {
		return stays[i].Venue
	}
	return -1
}

// hourMarks flags clock hours of the run; it is reused across people.
type hourMarks struct {
	stayed, seen []bool
}

// placed returns the share of the true hours of the stays that records of
// the accounts place, and false when there are no true hours.
func (h *hourMarks) placed(v *View, accounts []int32, stays []Stay) (float64, bool) {
	h.reset(stays)
	for _, s := range stays {
		for hr := s.Arrive / 60; s.Depart > s.Arrive && hr*60 < s.Depart; hr++ {
			h.stayed[hr] = true
		}
	}
	for _, a := range accounts {
		for _, o := range v.Trace(a) {
			hr := o.Minute / 60
			if o.Minute >= 0 && int(hr) < len(h.seen) && staysDuring(stays, o.Venue, hr) {
				h.seen[hr] = true
			}
		}
	}
	stayed := countTrue(h.stayed)
	return fraction(countTrue(h.seen), stayed), stayed > 0
}

// reset sizes the marks to the hours the stays span and clears them.
func (h *hourMarks) reset(stays []Stay) {
	n := 0
	for _, s := range stays {
		n = max(n, int(s.Depart/60)+1)
	}
	h.stayed = slices.Grow(h.stayed[:0], n)[:n]
	h.seen = slices.Grow(h.seen[:0], n)[:n]
	clear(h.stayed)
	clear(h.seen)
}

// staysDuring reports whether one of the stays at venue overlaps clock
// hour hr.
func staysDuring(stays []Stay, venue, hr int32) bool {
	from, to := hr*60, hr*60+60
	i := sort.Search(len(stays), func(i int) bool { return stays[i].Depart > from })
	for ; i < len(stays) && stays[i].Arrive < to; i++ {
		if stays[i].Venue == venue && stays[i].Depart > stays[i].Arrive {
			return true
		}
	}
	return false
}

func countTrue(marks []bool) int {
	n := 0
	for _, m := range marks {
		n += count(m)
	}
	return n
}
