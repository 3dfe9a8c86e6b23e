package analysis

import (
	"math"
	"slices"
)

// Trajectory-user linking on real traces, where no second stream exists to
// link: each account's history is split in time, the earlier part is
// taken as identified (what an adversary knows of named people) and the
// later part as a pseudonymous trace to be linked back to its owner.

// TULOptions set TUL. The zero value splits at 70% of each history, keeps
// accounts with at least 4 observations and smooths with α = 1.
type TULOptions struct {
	// Split is the share of each account's observations, in time order,
	// that forms its identified part; the rest is its pseudonymous trace.
	Split float64
	// MinRecords is the fewest observations an account needs to take part.
	MinRecords int
	// Alpha is the weight of the population's venue frequencies in each
	// identified profile (a Dirichlet prior, in pseudo-observations).
	Alpha float64
}

func (o TULOptions) withDefaults() TULOptions {
	if o.Split <= 0 || o.Split >= 1 {
		o.Split = 0.7
	}
	if o.MinRecords < 2 {
		o.MinRecords = 4
	}
	if o.Alpha <= 0 {
		o.Alpha = 1
	}
	return o
}

// TULResult is how well the later traces were linked to their owners.
type TULResult struct {
	// Users counts the accounts that took part.
	Users int
	// Top1 and Top5 are the shares of pseudonymous traces whose owner
	// ranks first, or among the first five, of all identified profiles.
	Top1, Top5 float64
	// BaselineTop1 and BaselineTop5 are the same for the most-frequent
	// venue baseline.
	BaselineTop1, BaselineTop5 float64
}

// TUL links each account's later trace to the identified profiles built
// from the earlier parts. A trace q is scored against profile u by the
// log-likelihood of its venues under u's smoothed venue distribution,
//
//	P_u(v)     = (c_u(v) + α·P(v)) / (n_u + α)
//	score(q,u) = Σ_{o ∈ q} log P_u(v_o)
//
// where c_u(v) counts u's identified observations at v, n_u their number
// and P(v) = (C(v)+1)/(N+V) the share of all identified observations at v
// (Laplace-smoothed over the V venues). Rare venues a profile shares with
// the trace weigh most. This is the multinomial naive Bayes classifier
// that trajectory-user linking studies use as a baseline (Gao et al.,
// 2017, report it and its neural successors on Foursquare data).
//
// The baseline ranks profiles by how often they were seen at the trace's
// most frequent venue (ties to the lower venue id). In both, ties between
// profiles rank the lower account id first. Accounts are the view's;
// Account.Person is not read, since each account is its own truth.
//
// The cost is the number of accounts squared plus the co-occurring venue
// counts; it suits imported data sets of thousands of users.
func TUL(v *View, opts TULOptions) TULResult {
	opts = opts.withDefaults()
	p := newTULProfiles(v, opts)
	var res TULResult
	var top1, top5, base1, base5 int
	scores := make([]float64, len(p.users))
	for i := range p.users {
		p.score(i, scores)
		r := rankOf(scores, i)
		top1 += count(r == 0)
		top5 += count(r < 5)
		p.baseline(i, scores)
		r = rankOf(scores, i)
		base1 += count(r == 0)
		base5 += count(r < 5)
	}
	res.Users = len(p.users)
	res.Top1, res.Top5 = fraction(top1, res.Users), fraction(top5, res.Users)
	res.BaselineTop1, res.BaselineTop5 = fraction(base1, res.Users), fraction(base5, res.Users)
	return res
}

// tulProfiles holds the identified profiles and the later traces.
type tulProfiles struct {
	opts   TULOptions
	users  []int32           // the accounts taking part
	counts []map[int32]int32 // per user: identified observations per venue
	sizes  []float64         // per user: n_u
	later  [][]int32         // per user: the venues of the later trace
	byVen  map[int32][]int32 // venue → users with identified observations there
	prior  map[int32]float64 // venue → α·P(v)
}

func newTULProfiles(v *View, opts TULOptions) *tulProfiles {
	p := &tulProfiles{opts: opts, byVen: map[int32][]int32{}, prior: map[int32]float64{}}
	total := 0
	for a := range int32(v.NumAccounts()) {
		tr := v.Trace(a)
		if len(tr) < opts.MinRecords {
			continue
		}
		cut := min(max(int(math.Ceil(opts.Split*float64(len(tr)))), 1), len(tr)-1)
		c := map[int32]int32{}
		for _, o := range tr[:cut] {
			c[o.Venue]++
		}
		later := make([]int32, 0, len(tr)-cut)
		for _, o := range tr[cut:] {
			later = append(later, o.Venue)
		}
		p.users = append(p.users, a)
		p.counts = append(p.counts, c)
		p.sizes = append(p.sizes, float64(cut))
		p.later = append(p.later, later)
		total += cut
	}
	venues := float64(len(v.Venues))
	for i, c := range p.counts {
		for ve, n := range c {
			p.byVen[ve] = append(p.byVen[ve], int32(i))
			p.prior[ve] += float64(n)
		}
	}
	for ve := range p.byVen {
		p.prior[ve] = opts.Alpha * (p.prior[ve] + 1) / (float64(total) + venues)
	}
	return p
}

// score fills scores with score(q_i, u) for every user u, up to the terms
// common to all users.
func (p *tulProfiles) score(i int, scores []float64) {
	q := p.later[i]
	for u := range scores {
		scores[u] = -float64(len(q)) * math.Log(p.sizes[u]+p.opts.Alpha)
	}
	for _, ve := range q {
		ap, ok := p.prior[ve]
		if !ok {
			continue
		}
		for _, u := range p.byVen[ve] {
			c := float64(p.counts[u][ve])
			scores[u] += math.Log(c+ap) - math.Log(ap)
		}
	}
}

// baseline fills scores with each user's count at q_i's most frequent
// venue.
func (p *tulProfiles) baseline(i int, scores []float64) {
	q := slices.Clone(p.later[i])
	slices.Sort(q)
	best, most := int32(-1), 0
	for lo := 0; lo < len(q); {
		hi := lo
		for hi < len(q) && q[hi] == q[lo] {
			hi++
		}
		if hi-lo > most {
			best, most = q[lo], hi-lo
		}
		lo = hi
	}
	clear(scores)
	for _, u := range p.byVen[best] {
		scores[u] = float64(p.counts[u][best])
	}
}

// rankOf returns the rank of entry i among scores, highest first, ties to
// the lower index.
func rankOf(scores []float64, i int) int {
	r := 0
	for u, s := range scores {
		if s > scores[i] || s == scores[i] && u < i {
			r++
		}
	}
	return r
}
