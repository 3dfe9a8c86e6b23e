package analysis

import (
	"cmp"
	"slices"

	"github.com/scantrail/scantrail/sim"
)

// CompanionOptions tune Companions. Zero fields take the defaults.
type CompanionOptions struct {
	// MinTimes is on how many distinct days two accounts must be seen
	// together to be called companions; default 3.
	MinTimes int
	// MinVenues is at how many distinct venues they must have been seen
	// together over those days; default 2.
	MinVenues int
	// WindowMin is how many minutes apart two records at one venue may be
	// and still count as together; default 10.
	WindowMin int32
	// MaxCrowd bounds the work in busy places: a record with more than
	// MaxCrowd other records at its venue within WindowMin of it is in a
	// crowd and pairs with nobody; default 30.
	MaxCrowd int
}

// The defaults of CompanionOptions.
const (
	DefaultMinTimes  = 3
	DefaultMinVenues = 2
	DefaultWindowMin = 10
	DefaultMaxCrowd  = 30
)

func (o CompanionOptions) withDefaults() CompanionOptions {
	if o.MinTimes <= 0 {
		o.MinTimes = DefaultMinTimes
	}
	if o.MinVenues <= 0 {
		o.MinVenues = DefaultMinVenues
	}
	if o.WindowMin <= 0 {
		o.WindowMin = DefaultWindowMin
	}
	if o.MaxCrowd <= 0 {
		o.MaxCrowd = DefaultMaxCrowd
	}
	return o
}

// CompanionResult scores predicted companions against the true ones, as
// pairs of people.
type CompanionResult struct {
	// Predicted is the number of pairs of people predicted, True the
	// number of true pairs among the people of the view and Correct the
	// predicted pairs that are true.
	Predicted, True, Correct int
	// Precision is Correct/Predicted and Recall Correct/True; zero when
	// the denominator is.
	Precision, Recall float64
}

// Companions infers who goes out with whom from repeated co-presence and
// scores it against r's households and friend groups:
//
//	together(a, b, d, x) = a and b have records at leisure venue x at
//	                       most WindowMin minutes apart on day d
//	companions(a, b)     = together on at least MinTimes distinct days
//	                       and at at least MinVenues distinct venues
//
// Occasions are counted in days, so a long evening with many records
// counts once. The venue rule sets companions apart from strangers who
// share a habit, such as colleagues at their usual lunch place or
// regulars of a morning café: a habit repeats at one venue, while
// companions go out to different places together. On the default
// scenario it doubles precision at almost no cost in recall.
//
// Only leisure venues count (the commercial family: restaurants, cafés,
// shops, malls, gyms, entertainment), where shared outings happen: at
// stations, housing compounds, workplaces, schools and offices people
// meet fellow commuters, neighbours, colleagues and classmates day after
// day, which would swamp the companions. A record in a crowd (see
// MaxCrowd) pairs with nobody. That keeps the work linear in the
// records, at most MaxCrowd pairs each, and costs the recall of outings
// to places busy at that moment, such as a restaurant at a weekend
// lunchtime; in a crowd co-presence is weak evidence anyway. On the
// default scenario over 28 days, lifting the bound more than doubles
// recall and divides precision by nine. Repeated records of an account at
// one venue within WindowMin count once.
//
// Predicted account pairs become pairs of their owners (Account.Person,
// used only to score); pairs of one person's own accounts are dropped.
// True pairs are two people of one household or one friend group who
// both own an account in the view.
func Companions(v *View, r *Records, opts CompanionOptions) CompanionResult {
	opts = opts.withDefaults()
	ps := presences(v, opts.WindowMin)
	often := frequentPairs(togetherDays(ps, opts), opts.MinTimes)
	predicted := ownerPairs(v, atVenues(ps, often, opts))
	truth := truePairs(v, r)
	res := CompanionResult{Predicted: len(predicted), True: len(truth)}
	for _, p := range predicted {
		if _, ok := slices.BinarySearch(truth, p); ok {
			res.Correct++
		}
	}
	res.Precision = fraction(res.Correct, res.Predicted)
	res.Recall = fraction(res.Correct, res.True)
	return res
}

// presence is an account's record at a leisure venue.
type presence struct {
	venue, minute, account int32
}

// presences returns the view's records at leisure venues, an account's
// repeats at one venue within window dropped, sorted by day, then venue,
// then minute.
func presences(v *View, window int32) []presence {
	var ps []presence
	days := 0
	for a := range int32(v.NumAccounts()) {
		last := presence{venue: -1}
		for _, o := range v.Trace(a) {
			if v.Venues[o.Venue].K.Family() != sim.Commercial || o.Minute < 0 {
				continue
			}
			if o.Venue == last.venue && o.Minute-last.minute <= window {
				continue
			}
			last = presence{venue: o.Venue, minute: o.Minute, account: a}
			ps = append(ps, last)
			days = max(days, int(o.Minute/1440)+1)
		}
	}
	ps = byDay(ps, days)
	for _, d := range dayRuns(ps) {
		slices.SortFunc(d, func(x, y presence) int {
			if x.venue != y.venue {
				return cmp.Compare(x.venue, y.venue)
			}
			return cmp.Compare(x.minute, y.minute)
		})
	}
	return ps
}

// byDay returns the presences in order of day, by a counting sort.
func byDay(ps []presence, days int) []presence {
	start := make([]int, days+1)
	for _, p := range ps {
		start[p.minute/1440+1]++
	}
	for d := 1; d <= days; d++ {
		start[d] += start[d-1]
	}
	out := make([]presence, len(ps))
	for _, p := range ps {
		d := p.minute / 1440
		out[start[d]] = p
		start[d]++
	}
	return out
}

// dayRuns splits presences sorted by day into one run per day.
func dayRuns(ps []presence) [][]presence {
	var runs [][]presence
	for lo := 0; lo < len(ps); {
		hi := lo + 1
		for hi < len(ps) && ps[hi].minute/1440 == ps[lo].minute/1440 {
			hi++
		}
		runs = append(runs, ps[lo:hi])
		lo = hi
	}
	return runs
}

// togetherDays returns, for each day with records, the sorted keys of
// the account pairs together that day (lower account in the high half).
func togetherDays(ps []presence, opts CompanionOptions) [][]uint64 {
	var days [][]uint64
	var buf []uint64
	for _, d := range dayRuns(ps) {
		buf = buf[:0]
		eachTogether(d, opts, func(_ int32, pair uint64) {
			buf = append(buf, pair)
		})
		slices.Sort(buf)
		days = append(days, slices.Clone(slices.Compact(buf)))
	}
	return days
}

// atVenues returns the pairs of often (sorted) that were together at
// opts.MinVenues distinct venues or more. A bit set of hashed keys spares
// most co-presences a map lookup.
func atVenues(ps []presence, often []uint64, opts CompanionOptions) []uint64 {
	if opts.MinVenues <= 1 {
		return often
	}
	const bits = 1 << 24
	maybe := make([]uint64, bits/64)
	venues := make(map[uint64][]int32, len(often))
	for _, k := range often {
		h := sim.Mix(k) % bits
		maybe[h/64] |= 1 << (h % 64)
		venues[k] = nil
	}
	eachTogether(ps, opts, func(venue int32, pair uint64) {
		if h := sim.Mix(pair) % bits; maybe[h/64]&(1<<(h%64)) == 0 {
			return
		}
		vs, ok := venues[pair]
		if ok && len(vs) < opts.MinVenues && !slices.Contains(vs, venue) {
			venues[pair] = append(vs, venue)
		}
	})
	return slices.DeleteFunc(slices.Clone(often), func(k uint64) bool {
		return len(venues[k]) < opts.MinVenues
	})
}

// eachTogether calls fn for every two presences of different accounts at
// one venue on one day at most WindowMin apart, neither in a crowd, with
// the venue and the pair's key; ps is sorted as presences sorts.
func eachTogether(ps []presence, opts CompanionOptions, fn func(venue int32, pair uint64)) {
	var crowded []bool
	for lo := 0; lo < len(ps); {
		day, hi := ps[lo].minute/1440, lo+1
		for hi < len(ps) && ps[hi].venue == ps[lo].venue && ps[hi].minute/1440 == day {
			hi++
		}
		pairsAt(ps[lo:hi], opts, &crowded, fn)
		lo = hi
	}
}

// pairsAt calls fn for the pairs together in one venue's run of one day;
// crowded is scratch space.
func pairsAt(run []presence, opts CompanionOptions, crowded *[]bool, fn func(int32, uint64)) {
	*crowded = crowds(run, opts, *crowded)
	for i, p := range run {
		if (*crowded)[i] {
			continue
		}
		for j := i + 1; j < len(run) && run[j].minute-p.minute <= opts.WindowMin; j++ {
			if !(*crowded)[j] && run[j].account != p.account {
				fn(p.venue, pairOf(p.account, run[j].account))
			}
		}
	}
}

// crowds marks the presences of one venue's run (sorted by minute) that
// have more than MaxCrowd others within WindowMin.
func crowds(run []presence, opts CompanionOptions, dst []bool) []bool {
	dst = slices.Grow(dst[:0], len(run))[:len(run)]
	lo, hi := 0, 0
	for i, p := range run {
		for run[lo].minute < p.minute-opts.WindowMin {
			lo++
		}
		for hi < len(run) && run[hi].minute <= p.minute+opts.WindowMin {
			hi++
		}
		dst[i] = hi-lo-1 > opts.MaxCrowd
	}
	return dst
}

// pairOf returns the key of an unordered pair of ids.
func pairOf(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(uint32(a))<<32 | uint64(uint32(b))
}

// frequentPairs returns, sorted, the keys found in at least minTimes of
// the sorted lists of distinct keys, by a k-way merge.
func frequentPairs(days [][]uint64, minTimes int) []uint64 {
	empty := func(d []uint64) bool { return len(d) == 0 }
	h := mergeHeap(slices.DeleteFunc(slices.Clone(days), empty))
	h.init()
	var out []uint64
	for len(h) > 0 {
		k, n := h[0][0], 0
		for len(h) > 0 && h[0][0] == k {
			n++
			h = h.advance()
		}
		if n >= minTimes {
			out = append(out, k)
		}
	}
	return out
}

// mergeHeap is a min-heap of non-empty sorted lists, ordered by their
// first keys.
type mergeHeap [][]uint64

func (h mergeHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// advance drops the smallest key, and its list once empty.
func (h mergeHeap) advance() mergeHeap {
	h[0] = h[0][1:]
	if len(h[0]) == 0 {
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
	}
	h.down(0)
	return h
}

func (h mergeHeap) down(i int) {
	for {
		least, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && h[l][0] < h[least][0] {
			least = l
		}
		if r < len(h) && h[r][0] < h[least][0] {
			least = r
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}

// ownerPairs maps account pairs to sorted, distinct pairs of their
// owners, dropping pairs of one owner's accounts.
func ownerPairs(v *View, pairs []uint64) []uint64 {
	var out []uint64
	for _, k := range pairs {
		a, b := v.Accounts[int32(k>>32)].Person, v.Accounts[int32(uint32(k))].Person
		if a != b {
			out = append(out, pairOf(a, b))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// truePairs returns the sorted, distinct pairs of people sharing a
// household or a friend group, both of whom own an account in v.
func truePairs(v *View, r *Records) []uint64 {
	seen := make([]bool, len(r.People))
	for _, acc := range v.Accounts {
		seen[acc.Person] = true
	}
	var out []uint64
	for _, members := range slices.Concat(r.Households, r.Groups) {
		for i, a := range members {
			for _, b := range members[i+1:] {
				if a != b && seen[a] && seen[b] {
					out = append(out, pairOf(a, b))
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
