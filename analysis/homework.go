package analysis

import (
	"cmp"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/scantrail/scantrail/sim"
)

// The hours home and work are read from, in minutes of the local day.
// Records are made when people arrive somewhere, not while they stay, so
// the night window opens at 17:00, before most people come home (a window
// opening at 19:00 misses everyone who stays in after work), and the
// working window opens at 07:00, before the earliest school start. On a
// weekday the two windows split the day between them.
const (
	nightFrom = 17 * 60
	nightTo   = 7 * 60
	workFrom  = 7 * 60
	workTo    = 17 * 60
)

// HomeWorkResult is what an adversary learns by guessing each account's
// home and workplace from when and where it was seen, scored against the
// truth.
type HomeWorkResult struct {
	// Accounts is the number of accounts in the view. WithHome and
	// WithWork count those with an inferred home and workplace; a
	// workplace is only inferred with a home, so WithWork also counts the
	// (home, work) pairs.
	Accounts, WithHome, WithWork int
	// HomeAccuracy is the share of accounts with an inferred home whose
	// owner lives there. WorkAccuracy is the share of accounts with an
	// inferred workplace and an owner who works or studies whose owner
	// works or studies there.
	HomeAccuracy, WorkAccuracy float64
	// Venue and District are the anonymity sets of the inferred (home,
	// work) pairs, read as venues and as districts.
	Venue, District AnonymitySet
}

// AnonymitySet summarises how many people share a quasi-identifier such
// as a (home, work) pair: the set of an account is the people owning the
// accounts with the same value.
type AnonymitySet struct {
	// Median is the lower median of the set size over accounts.
	Median float64
	// Unique is the share of accounts whose set is their owner alone.
	Unique float64
}

// HomeWork infers the home and workplace of every account of v as
// InferHomeWork does, scores the guesses against r's people and measures
// the anonymity sets of the (home, work) pairs, in the manner of Golle
// and Partridge (2009), at venue and at district level.
//
// The set of an account is the people, not the accounts, sharing its pair:
// a person may own several accounts in a view (a real identity for one
// stream, a pseudonym for another), and counting each would make their
// own pair look shared. Owners are read from Account.Person, which only
// scores. Shares over no accounts are zero.
func HomeWork(v *View, r *Records) HomeWorkResult {
	res := HomeWorkResult{Accounts: v.NumAccounts()}
	var homeOK, workOK, workScored int
	var venues, districts []ownedPair
	var t tally
	for a := range int32(v.NumAccounts()) {
		home, work := t.infer(v, a)
		owner := v.Accounts[a].Person
		truth := &r.People[owner]
		if home < 0 {
			continue
		}
		res.WithHome++
		homeOK += count(home == truth.Home)
		if work < 0 {
			continue
		}
		res.WithWork++
		if truth.Workplace >= 0 {
			workScored++
			workOK += count(work == truth.Workplace)
		}
		h, w := &v.Venues[home], &v.Venues[work]
		venues = append(venues, ownedPair{placePair(home, work), owner})
		districts = append(districts, ownedPair{placePair(h.District, w.District), owner})
	}
	res.HomeAccuracy = fraction(homeOK, res.WithHome)
	res.WorkAccuracy = fraction(workOK, workScored)
	res.Venue = anonymitySet(venues)
	res.District = anonymitySet(districts)
	return res
}

// InferHomeWork guesses where the owner of account a lives and works:
//
//	home = the venue seen most often in the evening and night, from
//	       17:00 to 07:00
//	work = the venue other than home seen most often on weekday
//	       daytime, 07:00 to 17:00 of days 0-4 of each week
//
// Hours are Minute mod 1440; the run starts on a Monday. Transit venues
// are left out, since people pass through them rather than live or work
// there. Ties go to the lower venue id. Either is -1 when the account has
// no such record; work is -1 whenever home is, so that both make a pair.
func InferHomeWork(v *View, a int32) (home, work int32) {
	var t tally
	return t.infer(v, a)
}

// tally counts records per venue; it is reused across accounts.
type tally struct {
	venues, counts []int32
}

// infer returns a's home and work as InferHomeWork defines them.
func (t *tally) infer(v *View, a int32) (home, work int32) {
	home = t.home(v, a)
	if home < 0 {
		return -1, -1
	}
	return home, t.work(v, a, home)
}

// home returns the most seen non-transit venue of a's nights, or -1.
func (t *tally) home(v *View, a int32) int32 {
	t.reset()
	for _, o := range v.Trace(a) {
		m := minuteOfDay(o.Minute)
		if (m >= nightFrom || m < nightTo) && !passThrough(v, o.Venue) {
			t.add(o.Venue)
		}
	}
	return t.top(-1)
}

// work returns the most seen non-transit venue of a's weekday working
// hours other than home, or -1.
func (t *tally) work(v *View, a int32, home int32) int32 {
	t.reset()
	for _, o := range v.Trace(a) {
		m := minuteOfDay(o.Minute)
		if weekday(o.Minute) && m >= workFrom && m < workTo && !passThrough(v, o.Venue) {
			t.add(o.Venue)
		}
	}
	return t.top(home)
}

func (t *tally) reset() {
	t.venues, t.counts = t.venues[:0], t.counts[:0]
}

func (t *tally) add(venue int32) {
	if i := slices.Index(t.venues, venue); i >= 0 {
		t.counts[i]++
		return
	}
	t.venues = append(t.venues, venue)
	t.counts = append(t.counts, 1)
}

// top returns the most counted venue other than skip, the lower id on
// ties, or -1 when there is none.
func (t *tally) top(skip int32) int32 {
	best, most := int32(-1), int32(0)
	for i, ve := range t.venues {
		if ve == skip {
			continue
		}
		c := t.counts[i]
		if c > most || c == most && ve < best {
			best, most = ve, c
		}
	}
	return best
}

// passThrough reports whether a venue is one people pass through (transit)
// rather than stay at.
func passThrough(v *View, venue int32) bool {
	return v.Venues[venue].K.Family() == sim.Transit
}

// ownedPair is one account's (home, work) key and the person owning it.
type ownedPair struct {
	key    uint64
	person int32
}

// placePair packs a (home, work) pair of venues or districts into a key.
func placePair(home, work int32) uint64 {
	return uint64(uint32(home))<<32 | uint64(uint32(work))
}

// anonymitySet returns the anonymity set of the keys: for each account, the
// number of distinct people whose accounts share its key.
func anonymitySet(pairs []ownedPair) AnonymitySet {
	if len(pairs) == 0 {
		return AnonymitySet{}
	}
	slices.SortFunc(pairs, func(x, y ownedPair) int {
		if x.key != y.key {
			return cmp.Compare(x.key, y.key)
		}
		return int(x.person) - int(y.person)
	})
	sizes := make([]float64, 0, len(pairs))
	unique := 0
	for lo := 0; lo < len(pairs); {
		hi, people := lo+1, 1
		for ; hi < len(pairs) && pairs[hi].key == pairs[lo].key; hi++ {
			people += count(pairs[hi].person != pairs[hi-1].person)
		}
		for range hi - lo {
			sizes = append(sizes, float64(people))
		}
		unique += count(people == 1) * (hi - lo)
		lo = hi
	}
	slices.Sort(sizes)
	return AnonymitySet{
		Median: stat.Quantile(0.5, stat.Empirical, sizes, nil),
		Unique: fraction(unique, len(pairs)),
	}
}

// minuteOfDay returns the local time of a minute of the run, in [0, 1440).
func minuteOfDay(minute int32) int32 {
	return minute - floorDiv(minute, 1440)*1440
}

// weekday reports whether a minute of the run falls on Monday to Friday;
// the run starts on a Monday.
func weekday(minute int32) bool {
	d := floorDiv(minute, 1440)
	return d-floorDiv(d, 7)*7 < 5
}
