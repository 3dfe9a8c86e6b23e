package analysis

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Cross-stream linkage: an adversary holding one stream under pseudonyms
// (the venue operators' salted scans, say) and another under identities
// (payments under real names, camera matches, transit cards) pairs the
// accounts of the two by where and when they were seen together, after
// Riederer et al. (2016) and Kondor et al. (2017/2020).

// The defaults LinkOptions falls back to when a field is zero.
const (
	// DefaultLinkWindowMin is the default co-occurrence window: half an
	// hour either side, long enough for a scan at the door and a payment
	// at the till of the same visit.
	DefaultLinkWindowMin = 30
	// DefaultLinkTopM is the default number of candidates kept per
	// account for the assignment.
	DefaultLinkTopM = 20
)

// LinkOptions sets how Link scores and assigns pairs of accounts. The zero
// value links at venue resolution with a 30-minute window, claims every
// assigned pair and keeps 20 candidates per account.
type LinkOptions struct {
	// Place is the resolution at which two observations must share a
	// place: the venue, its district or a grid cell. Its time unit is
	// ignored; WindowMin sets the time.
	Place Resolution
	// WindowMin is the largest gap in minutes between two observations
	// that co-occur; zero or less means DefaultLinkWindowMin.
	WindowMin int32
	// MinScore is the confidence threshold: assigned pairs scoring below
	// it are not claimed when computing precision and recall. Scores are
	// in nats, so zero claims every assigned pair.
	MinScore float64
	// TopM caps each pseudonymous account's candidates, for the
	// assignment, at its TopM best scores; zero or less means
	// DefaultLinkTopM. A cap keeps the assignment sparse (at most TopM
	// edges per account) and rarely costs a true pair, which is nearly
	// always near the top when it is found at all.
	TopM int
}

func (o LinkOptions) withDefaults() LinkOptions {
	if o.WindowMin <= 0 {
		o.WindowMin = DefaultLinkWindowMin
	}
	if o.TopM <= 0 {
		o.TopM = DefaultLinkTopM
	}
	return o
}

// LinkResult scores a linkage against the truth: account a of from and
// account b of to are a true pair when they belong to the same person.
type LinkResult struct {
	// From and To count the accounts of the two views.
	From, To int
	// Linkable counts the from-accounts whose person has an account in
	// to; only they can be linked correctly.
	Linkable int
	// Top1 and Top5 are the shares of linkable from-accounts whose best
	// candidate, or one of whose five best, is a true pair. Ties in score
	// rank the lower to-account id first.
	Top1, Top5 float64
	// Assigned counts the pairs of the one-to-one assignment that score
	// at least MinScore: the links the adversary claims.
	Assigned int
	// Precision is the share of claimed links that are true and Recall
	// the share of linkable accounts with a true claimed link:
	//
	//	Precision = correct / Assigned,  Recall = correct / Linkable
	Precision, Recall float64
	// Matching is the share of linkable accounts that the one-to-one
	// assignment, without the threshold, pairs correctly.
	Matching float64
	// Days is the number of days of records linked; LinkOverDays sets it
	// and Link leaves it zero.
	Days int
}

// Link pairs the pseudonymous accounts of from with the accounts of to by
// their co-occurrences and reports how well that re-identifies them. The
// Person field of the accounts is read only to score the result.
//
// Two observations co-occur when they are at the same place (at
// opts.Place resolution) at most opts.WindowMin minutes apart. A
// co-occurrence of from-observation o, at place P and minute m, weighs
// minus the log-probability that a random account of each view would be
// there as well,
//
//	w(o) = −log( (n_f+1)/(N_f+2) · (n_t+1)/(N_t+2) ),
//
// where N_f and N_t count the accounts of from and to, n_f the
// from-accounts seen at P in o's time bin ⌊m/WindowMin⌋ and n_t the
// to-accounts seen at P within WindowMin of m. Each factor estimates the
// chance that an account of its view visits the place then from how many
// did: the popularity of a place and hour, on which the visit rates of
// Riederer et al. (2016) depend. The estimate is Laplace's rule of
// succession, (n+1)/(N+2), the posterior mean of a visit probability with
// a uniform prior after n visitors among N accounts, rather than the raw
// share n/N: it is close to n/N for views of thousands, and it never
// reaches 1, so that a co-occurrence weighs something even where everyone
// was. A co-occurrence in a crowd is thus weak evidence and one in an
// empty shop strong. n_t comes for free, as the candidates are enumerated
// anyway; n_f uses fixed bins, because counting the from-accounts around
// each from-observation would cost another pass over every crowded place.
// A pair's score is the sum of w(o) over the observations o of a at which
// b was present, each counted once however often b was seen there; an
// account's repeated observations at one place within the window count
// once.
//
// Only pairs that co-occur at least once are candidates, found through an
// inverted index of to by place and time. Each from-account keeps its
// opts.TopM best; a one-to-one assignment of maximum total score is then
// found over them by Bertsekas's auction algorithm, which may leave an
// account unassigned when its candidates are better used by others.
// Scores are rounded to a millionth of the largest for the auction, which
// is exact up to that rounding.
//
// The work is the number of co-occurring pairs of observations, which
// crowded places dominate; scoring runs on GOMAXPROCS goroutines. Memory
// peaks at about 12 bytes per observation of from and 24 per observation
// of to, most of it released on return, and 12·max(TopM, 5) bytes per
// from-account.
//
// A nil or empty view gives the zero result with From and To filled in.
func Link(from, to *View, opts LinkOptions) LinkResult {
	return linkViews(from, to, opts, false)
}

// linkViews is Link; with own set it may let to's observations go once they
// are indexed, as LinkOverDays does with the views it builds, which
// spares 12 bytes per to-observation while the accounts are scored.
func linkViews(from, to *View, opts LinkOptions, own bool) LinkResult {
	opts = opts.withDefaults()
	res := LinkResult{From: linkNumAccounts(from), To: linkNumAccounts(to)}
	if res.From == 0 || res.To == 0 {
		return res
	}
	cands := linkCandidatesOf(from, to, opts, own)
	match := linkAssign(cands, res.To, opts.TopM)
	res.score(from, to, cands, match, opts.MinScore)
	return res
}

func linkNumAccounts(v *View) int {
	if v == nil {
		return 0
	}
	return v.NumAccounts()
}

// LinkOverDays links the views of fromHolders and toHolders restricted to
// the first d days of the run (Window{To: d·1440}) for each d in days, in
// order, so that accuracy can be followed as records pile up. Days beyond
// r.Days are skipped, since they would repeat the whole run; each
// result's Days says which d it is. It rejects d < 1 and unknown holders.
func LinkOverDays(r *Records, fromHolders, toHolders []string, days []int,
	opts LinkOptions) ([]LinkResult, error) {
	var out []LinkResult
	for _, d := range days {
		if d < 1 {
			return nil, fmt.Errorf("analysis: link over %d days, want at least 1", d)
		}
		if d > r.Days {
			continue
		}
		w := Window{To: int32(d) * 1440}
		from, err := r.View("link from", fromHolders, w)
		if err != nil {
			return nil, fmt.Errorf("analysis: link over %d days: %w", d, err)
		}
		to, err := r.View("link to", toHolders, w)
		if err != nil {
			return nil, fmt.Errorf("analysis: link over %d days: %w", d, err)
		}
		res := linkViews(from, to, opts, true)
		res.Days = d
		out = append(out, res)
	}
	return out, nil
}

// score fills the accuracy fields from the ranked candidates and the
// assignment (to-account per from-account, −1 when unassigned).
func (res *LinkResult) score(from, to *View, c *linkCands, match []int32, minScore float64) {
	top1, top5 := res.scoreRanks(from, to, c)
	var correct, claimed int
	for a, b := range match {
		if b < 0 {
			continue
		}
		ok := to.Accounts[b].Person == from.Accounts[a].Person
		correct += count(ok)
		if c.scoreOf(int32(a), b) >= minScore {
			res.Assigned++
			claimed += count(ok)
		}
	}
	res.Top1 = fraction(top1, res.Linkable)
	res.Top5 = fraction(top5, res.Linkable)
	res.Matching = fraction(correct, res.Linkable)
	res.Recall = fraction(claimed, res.Linkable)
	res.Precision = fraction(claimed, res.Assigned)
}

// scoreRanks counts the linkable from-accounts into res.Linkable and
// returns how many have a true pair first, and among the first five, in
// their ranked candidates.
func (res *LinkResult) scoreRanks(from, to *View, c *linkCands) (top1, top5 int) {
	inTo := linkPersonsOf(to)
	for a := range from.Accounts {
		p := from.Accounts[a].Person
		if !inTo.has(p) {
			continue
		}
		res.Linkable++
		ranked := c.ranked(int32(a))
		for k, b := range ranked[:min(5, len(ranked))] {
			if to.Accounts[b].Person == p {
				top1 += count(k == 0)
				top5++
				break
			}
		}
	}
	return top1, top5
}

// linkPersons is a bit set of person ids.
type linkPersons []uint64

func linkPersonsOf(v *View) linkPersons {
	var s linkPersons
	for _, acc := range v.Accounts {
		if acc.Person < 0 {
			continue
		}
		for int(acc.Person>>6) >= len(s) {
			s = append(s, 0)
		}
		s[acc.Person>>6] |= 1 << (acc.Person & 63)
	}
	return s
}

func (s linkPersons) has(p int32) bool {
	return p >= 0 && int(p>>6) < len(s) && s[p>>6]&(1<<(p&63)) != 0
}

// linkCands holds each from-account's best candidates, best first: k
// slots per account, n[a] of them used.
type linkCands struct {
	k     int
	to    []int32
	score []float64
	n     []int32
}

func newLinkCands(accounts, k int) *linkCands {
	return &linkCands{k: k, to: make([]int32, accounts*k),
		score: make([]float64, accounts*k), n: make([]int32, accounts)}
}

// ranked returns a's candidates, best first.
func (c *linkCands) ranked(a int32) []int32 {
	at := int(a) * c.k
	return c.to[at : at+int(c.n[a])]
}

// scores returns the scores of a's candidates, in ranked order.
func (c *linkCands) scores(a int32) []float64 {
	at := int(a) * c.k
	return c.score[at : at+int(c.n[a])]
}

// scoreOf returns the score of pair (a, b), or −Inf if b is not among a's
// candidates.
func (c *linkCands) scoreOf(a, b int32) float64 {
	if i := slices.Index(c.ranked(a), b); i >= 0 {
		return c.scores(a)[i]
	}
	return math.Inf(-1)
}

// linkCandidates scores every co-occurring pair and keeps each
// from-account's max(TopM, 5) best, so that Top5 is defined whatever TopM.
//
// TODO(scantrail): the work grows with the square of crowds. At 100,000
// people over 28 days, linking scans to the public-security view (1.2 M
// card and camera accounts, 24 M records, metro stations at rush hour)
// takes about 90 CPU-seconds against 25 for scans to scans. Skipping
// windows holding more than a few hundred accounts, whose co-occurrences
// weigh least, would bound it at some cost in accuracy.
func linkCandidates(from, to *View, opts LinkOptions) *linkCands {
	return linkCandidatesOf(from, to, opts, false)
}

// linkCandidatesOf is linkCandidates, letting to's observations go once
// they are indexed when own is set.
func linkCandidatesOf(from, to *View, opts LinkOptions, own bool) *linkCands {
	places := newLinkPlaces(from, to, opts.Place)
	idx := newLinkIndex(to, places.to, places.n, opts.WindowMin)
	if own {
		to.obs, to.offsets = nil, nil // only its accounts are read from here on
	}
	wf := linkFromWeights(from, places.from, places.n, opts.WindowMin)
	c := newLinkCands(from.NumAccounts(), max(opts.TopM, 5))
	order, _ := linkLocalOrder(from, places.from, places.n)
	sh := &linkShared{from: from, idx: idx, place: places.from, wf: wf, order: order,
		window: opts.WindowMin, logNt: math.Log(float64(to.NumAccounts()) + 2)}

	var next atomic.Int32
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			n := len(idx.orig)
			s := &linkScorer{linkShared: sh, score: make([]float32, n), touched: make([]int32, n+1)}
			s.run(&next, c)
		})
	}
	wg.Wait()
	return c
}

// linkPlaces maps each view's venues to dense place ids shared by both.
type linkPlaces struct {
	from, to []int32
	n        int
}

func newLinkPlaces(from, to *View, res Resolution) linkPlaces {
	ids := map[uint32]int32{}
	dense := func(v *View) []int32 {
		out := make([]int32, len(v.Venues))
		for i := range v.Venues {
			raw := res.place(v, int32(i))
			id, ok := ids[raw]
			if !ok {
				id = int32(len(ids))
				ids[raw] = id
			}
			out[i] = id
		}
		return out
	}
	p := linkPlaces{to: dense(to), from: dense(from)}
	p.n = len(ids)
	return p
}

// linkPlaceTimeOrder returns the indices of v's observations sorted by
// place, then minute, and where each place's run starts (n+1 offsets). It
// is two counting sorts, by minute and then, stably, by place.
func linkPlaceTimeOrder(v *View, place []int32, n int) (order, start []int32) {
	lo, hi := int32(0), int32(0)
	if len(v.obs) > 0 {
		lo, hi = v.obs[0].Minute, v.obs[0].Minute
	}
	for _, o := range v.obs {
		lo, hi = min(lo, o.Minute), max(hi, o.Minute)
	}
	byMinute := linkCountingSort(nil, len(v.obs), int(hi-lo)+1, nil, func(i int32) int32 {
		return v.obs[i].Minute - lo
	})
	start = make([]int32, n+1)
	order = linkCountingSort(byMinute, len(v.obs), n, start, func(i int32) int32 {
		return place[v.obs[i].Venue]
	})
	return order, start
}

// linkCountingSort orders count items, those of items or 0..count-1 if
// items is nil, stably by key(item) in [0, keys). If start is not nil it
// receives where each key's run begins and, last, count.
func linkCountingSort(items []int32, count, keys int, start []int32,
	key func(int32) int32) []int32 {
	if start == nil {
		start = make([]int32, keys+1)
	}
	item := func(i int) int32 {
		if items == nil {
			return int32(i)
		}
		return items[i]
	}
	for i := range count {
		start[key(item(i))+1]++
	}
	for k := 1; k <= keys; k++ {
		start[k] += start[k-1]
	}
	next := slices.Clone(start[:keys])
	out := make([]int32, count)
	for i := range count {
		it := item(i)
		k := key(it)
		out[next[k]] = it
		next[k]++
	}
	return out
}

// linkIndex is the inverted index over the to-view: its observations'
// minutes and accounts sorted by place, then minute, and for each the
// index of the same account's previous observation at the place (−1 if
// none). An observation is its account's first in a window [lo, hi) of
// the index exactly when that previous index is below lo, so counting and
// visiting distinct accounts takes one pass and no lookup. A table of
// where each place's time buckets begin narrows the search for a window's
// start to one bucket.
//
// Accounts are renumbered so that those sharing a usual place have nearby
// ids (orig maps back): the scores that a crowded place touches then
// share cache lines.
type linkIndex struct {
	start   []int32
	minute  []int32
	account []int32
	prev    []int32
	orig    []int32
	buckets linkBuckets
}

func newLinkIndex(v *View, place []int32, places int, window int32) *linkIndex {
	order, start := linkPlaceTimeOrder(v, place, places)
	orig, renum := linkLocalOrder(v, place, places)
	n := len(order)
	x := &linkIndex{start: start, orig: orig, minute: make([]int32, n),
		account: make([]int32, n), prev: make([]int32, n)}
	last := make([]int32, len(orig))
	for i := range last {
		last[i] = -1
	}
	for i, k := range order {
		b := renum[v.obs[k].Account]
		x.minute[i], x.account[i] = v.obs[k].Minute, b
		x.prev[i] = last[b]
		last[b] = int32(i)
	}
	x.buckets = newLinkBuckets(x.minute, start, window)
	return x
}

// lower returns the index of the first observation at place p at or after
// minute m, and the end of p's observations.
func (x *linkIndex) lower(p, m int32) (int, int) {
	lo, hi := x.buckets.span(x.start, p, m)
	i, _ := slices.BinarySearch(x.minute[lo:hi], m)
	return lo + i, int(x.start[p+1])
}

// linkBuckets splits each place's observations into n time buckets of
// width w from minute t0: first[p·n+k] is where bucket k of place p
// begins. Buckets are a window wide, or wider when needed to keep the
// table no larger than max(observations, 2²⁰).
type linkBuckets struct {
	t0, w int32
	n     int
	first []int32
}

func newLinkBuckets(minute, start []int32, window int32) linkBuckets {
	places := len(start) - 1
	if len(minute) == 0 || places == 0 {
		return linkBuckets{w: 1}
	}
	t0, t1 := slices.Min(minute), slices.Max(minute)
	span := int(t1-t0) + 1
	n := max(1, min(span/int(window)+1, max(len(minute), 1<<20)/places))
	b := linkBuckets{t0: t0, w: int32((span + n - 1) / n), n: n, first: make([]int32, places*n)}
	for p := range places {
		i := start[p]
		for k := range n {
			for i < start[p+1] && minute[i] < t0+int32(k)*b.w {
				i++
			}
			b.first[p*n+k] = i
		}
	}
	return b
}

// span returns the index range of the bucket of place p holding minute m
// (the first or the last bucket if m lies outside).
func (b linkBuckets) span(start []int32, p, m int32) (int, int) {
	if b.first == nil {
		return int(start[p]), int(start[p+1])
	}
	if m < b.t0 {
		return int(start[p]), int(start[p])
	}
	k := min(int((m-b.t0)/b.w), b.n-1)
	hi := int(start[p+1])
	if k+1 < b.n {
		hi = int(b.first[int(p)*b.n+k+1])
	}
	return int(b.first[int(p)*b.n+k]), hi
}

// linkLocalOrder orders v's accounts by their usual place, where they
// were seen most often, and returns the order and each account's position
// in it.
func linkLocalOrder(v *View, place []int32, places int) (order, pos []int32) {
	usual := make([]int32, v.NumAccounts())
	count := make([]int32, places)
	for a := range usual {
		trace := v.Trace(int32(a))
		best := int32(-1)
		for _, o := range trace {
			p := place[o.Venue]
			count[p]++
			if best < 0 || count[p] > count[best] || count[p] == count[best] && p < best {
				best = p
			}
		}
		usual[a] = max(best, 0)
		for _, o := range trace {
			count[place[o.Venue]] = 0
		}
	}
	order = linkCountingSort(nil, len(usual), places, nil, func(a int32) int32 { return usual[a] })
	pos = make([]int32, len(order))
	for i, a := range order {
		pos[a] = int32(i)
	}
	return order, pos
}

// linkFromWeights returns, per from-observation, −log((n_f+1)/(N_f+2)),
// where n_f counts the accounts seen at its place in its time bin of width
// window.
func linkFromWeights(v *View, place []int32, places int, window int32) []float32 {
	order, start := linkPlaceTimeOrder(v, place, places)
	wf := make([]float32, len(order))
	seen := make([]int32, v.NumAccounts())
	logN := math.Log(float64(v.NumAccounts()) + 2)
	cell := int32(0)
	for p := range places {
		for i, end := start[p], start[p+1]; i < end; {
			bin := floorDiv(v.obs[order[i]].Minute, window)
			cell++
			j, n := i, 0
			for ; j < end && floorDiv(v.obs[order[j]].Minute, window) == bin; j++ {
				if a := v.obs[order[j]].Account; seen[a] != cell {
					seen[a] = cell
					n++
				}
			}
			w := float32(logN - math.Log(float64(n)+1))
			for _, k := range order[i:j] {
				wf[k] = w
			}
			i = j
		}
	}
	return wf
}

// linkShared is what the scorers share: the from-view, the index of the
// to-view, the place of each venue of from, the from-side weight of each
// from-observation, the window and log(N_t+2). The from-accounts are
// scored in order of their usual place, so that neighbours, who query
// much the same part of the index, follow one another.
type linkShared struct {
	from   *View
	idx    *linkIndex
	place  []int32
	wf     []float32
	order  []int32
	window int32
	logNt  float64
}

// linkScorer accumulates one from-account's scores at a time, indexed by
// the index's account numbers; touched[:nTouched] lists the scores to
// clear before the next account. Weights are positive, so a zero score is
// untouched.
type linkScorer struct {
	*linkShared
	score    []float32
	touched  []int32
	nTouched int
	top      linkTop
}

// run scores from-accounts, taken in chunks of s.order from next, until
// none is left.
func (s *linkScorer) run(next *atomic.Int32, c *linkCands) {
	const chunk = 256
	n := int32(len(s.order))
	for {
		first := next.Add(chunk) - chunk
		if first >= n {
			return
		}
		for _, a := range s.order[first:min(first+chunk, n)] {
			s.account(a)
			s.keep(a, c)
		}
	}
}

// account scores every to-account that co-occurs with from-account a.
func (s *linkScorer) account(a int32) {
	base := int(s.from.offsets[a])
	trace := s.from.Trace(a)
	for k, o := range trace {
		p := s.place[o.Venue]
		if k > 0 && s.place[trace[k-1].Venue] == p && o.Minute-trace[k-1].Minute <= s.window {
			continue
		}
		lo, end := s.idx.lower(p, o.Minute-s.window)
		if hi, n := s.distinct(lo, end, o.Minute+s.window); n > 0 {
			w := float64(s.wf[base+k]) + s.logNt - math.Log(float64(n)+1)
			s.add(lo, hi, float32(w))
		}
	}
}

// distinct returns where the observations from index lo up to minute to
// end, and how many distinct accounts they hold.
func (s *linkScorer) distinct(lo, end int, to int32) (int, int) {
	minute, prev := s.idx.minute[lo:end], s.idx.prev[lo:end]
	n, j := 0, 0
	for ; j < len(minute) && minute[j] <= to; j++ {
		if int(prev[j]) < lo {
			n++
		}
	}
	return lo + j, n
}

// add adds w once to the score of each account in the index range and
// lists the accounts it touches for the first time. The list has room for
// every account, so that the append can be branch-free: a zero score has
// all bits zero, and (bits−1)>>31 is 1 for it and 0 for a positive one.
func (s *linkScorer) add(lo, hi int, w float32) {
	score, touched, n := s.score, s.touched, s.nTouched
	accounts, prev := s.idx.account[lo:hi], s.idx.prev[lo:hi]
	for i, b := range accounts {
		if int(prev[i]) >= lo {
			continue
		}
		touched[n] = b
		n += int((math.Float32bits(score[b]) - 1) >> 31)
		score[b] += w
	}
	s.nTouched = n
}

// keep writes a's best candidates to c and clears the scores. Most
// candidates fall below the worst of the k kept and cost one comparison.
func (s *linkScorer) keep(a int32, c *linkCands) {
	t := &s.top
	t.reset()
	for _, b := range s.touched[:s.nTouched] {
		sc := float64(s.score[b])
		s.score[b] = 0
		if len(t.to) < c.k || sc >= t.score[0] {
			t.offer(s.idx.orig[b], sc, c.k)
		}
	}
	s.nTouched = 0
	t.sort()
	at := int(a) * c.k
	c.n[a] = int32(copy(c.to[at:at+c.k], t.to))
	copy(c.score[at:at+c.k], t.score)
}

// linkTop selects the k best candidates with a min-heap whose root is the
// worst kept: lower score, then higher id, ranks worse.
type linkTop struct {
	to    []int32
	score []float64
}

func (t *linkTop) reset() { t.to, t.score = t.to[:0], t.score[:0] }

// offer adds candidate b with score sc to the heap of at most k.
func (t *linkTop) offer(b int32, sc float64, k int) {
	switch {
	case len(t.to) < k:
		t.to, t.score = append(t.to, b), append(t.score, sc)
		t.up(len(t.to) - 1)
	case t.worse(0, b, sc):
		t.to[0], t.score[0] = b, sc
		t.down(0, len(t.to))
	}
}

// sort turns the heap into a list, best first.
func (t *linkTop) sort() {
	for n := len(t.to) - 1; n > 0; n-- {
		t.swap(0, n)
		t.down(0, n)
	}
}

// worse reports whether kept entry i ranks below candidate (b, s).
func (t *linkTop) worse(i int, b int32, s float64) bool {
	return t.score[i] < s || t.score[i] == s && t.to[i] > b
}

func (t *linkTop) less(i, j int) bool { return t.worse(i, t.to[j], t.score[j]) }

func (t *linkTop) swap(i, j int) {
	t.to[i], t.to[j] = t.to[j], t.to[i]
	t.score[i], t.score[j] = t.score[j], t.score[i]
}

func (t *linkTop) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !t.less(i, parent) {
			return
		}
		t.swap(i, parent)
		i = parent
	}
}

func (t *linkTop) down(i, n int) {
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && t.less(c+1, c) {
			c++
		}
		if !t.less(c, i) {
			return
		}
		t.swap(i, c)
		i = c
	}
}

// linkAssign finds a one-to-one assignment of from-accounts to
// to-accounts of maximum total score over each from-account's topM best
// candidates, and returns the to-account of each from-account (−1 when
// unassigned).
func linkAssign(c *linkCands, nTo, topM int) []int32 {
	g := newLinkAuction(c, nTo, topM)
	g.solve()
	return g.assign
}

// linkAuction is the assignment problem as an auction (Bertsekas, Annals
// of Operations Research, 1988): persons (from-accounts) take objects
// (to-accounts) or stay out, for benefit val[e] from object obj[e], e in
// [start[i], start[i+1]), or 0 out. Benefits are scores rounded to
// integers, the largest a million, times n+1 for n persons, so that an
// assignment within n·ε of the best is the best at ε = 1.
//
// Each phase runs a forward auction, in which persons bid for objects,
// then reverse steps, in which objects left without a holder at a
// positive price lower it to win a person; ε falls eightfold from phase
// to phase down to 1. At the end each person holds the object, or the
// outside option, within ε of its best value at the final prices
// (ε-complementary slackness) and every object without a holder costs 0:
// the conditions under which an assignment of an asymmetric problem is
// within n·ε of the best (Bertsekas and Castañon, Computational
// Optimization and Applications, 1992).
type linkAuction struct {
	start []int32
	obj   []int32
	val   []int64

	// rstart, redge index each object's edges, for the reverse steps.
	rstart, redge []int32

	price  []int64
	owner  []int32
	assign []int32
	profit []int64
	maxVal int64
}

func newLinkAuction(c *linkCands, nTo, topM int) *linkAuction {
	n := len(c.n)
	g := &linkAuction{start: make([]int32, n+1), price: make([]int64, nTo),
		owner: make([]int32, nTo), assign: make([]int32, n), profit: make([]int64, n)}
	for a := range n {
		g.start[a+1] = g.start[a] + min(int32(topM), c.n[a])
	}
	g.obj = make([]int32, g.start[n])
	g.val = make([]int64, g.start[n])
	g.fill(c, linkScale(c), int64(n+1))
	g.rstart = make([]int32, nTo+1)
	g.redge = linkCountingSort(nil, len(g.obj), nTo, g.rstart,
		func(e int32) int32 { return g.obj[e] })
	return g
}

// fill writes each person's edges, its first candidates, with benefit
// round(score·scale)·unit.
func (g *linkAuction) fill(c *linkCands, scale float64, unit int64) {
	for a := range len(c.n) {
		e := g.start[a]
		ranked, scores := c.ranked(int32(a)), c.scores(int32(a))
		for k := range g.start[a+1] - e {
			g.obj[e+k] = ranked[k]
			g.val[e+k] = int64(math.Round(max(scores[k], 0)*scale)) * unit
			g.maxVal = max(g.maxVal, g.val[e+k])
		}
	}
}

// linkScale returns the factor that rounds scores to integers: the
// largest becomes a million.
func linkScale(c *linkCands) float64 {
	top := 0.0
	for a := range c.n {
		if s := c.scores(int32(a)); len(s) > 0 {
			top = max(top, s[0])
		}
	}
	if top <= 0 {
		return 0
	}
	return 1e6 / top
}

// solve runs phases of forward auction and reverse steps with ε falling
// eightfold down to 1.
func (g *linkAuction) solve() {
	for eps := max(g.maxVal/8, 1); ; eps = max(eps/8, 1) {
		g.forward(eps)
		g.reverse(eps)
		if eps == 1 {
			return
		}
	}
}

// forward runs one forward auction from the current prices, every person
// unassigned, until each holds an object or has chosen to stay out. An
// unassigned person bids for the object of best value, benefit minus
// price, raising its price by the margin over the second best option plus
// eps, and takes it from its holder, who bids again later. Prices only
// rise, so a person who stays out stays out.
func (g *linkAuction) forward(eps int64) {
	for j := range g.owner {
		g.owner[j] = -1
	}
	queue := make([]int32, len(g.assign))
	for i := range queue {
		g.assign[i] = -1
		queue[i] = int32(len(queue) - 1 - i)
	}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		j, raise := g.bid(i, eps)
		if j < 0 {
			continue
		}
		g.price[j] += raise
		if prev := g.owner[j]; prev >= 0 {
			g.assign[prev] = -1
			queue = append(queue, prev)
		}
		g.owner[j], g.assign[i] = i, j
	}
}

// bid returns person i's best object (−1 to stay out, worth 0) and how
// much its bid raises the price: the best value minus the second best,
// plus eps.
func (g *linkAuction) bid(i int32, eps int64) (int32, int64) {
	best, v1, v2 := int32(-1), int64(0), int64(math.MinInt64)
	for e := g.start[i]; e < g.start[i+1]; e++ {
		v := g.val[e] - g.price[g.obj[e]]
		switch {
		case v > v1:
			best, v1, v2 = g.obj[e], v, v1
		case v > v2:
			v2 = v
		}
	}
	return best, v1 - v2 + eps
}

// reverse runs reverse steps for the objects left without a holder at a
// positive price. Such an object j finds the person i with the best
// β_i = benefit − profit_i and the second best β′ (0 if none). If β_i ≤
// eps it drops its price to 0 and stays free; otherwise it sets its price
// to max(0, β′ − eps) and takes i, whose former object may in turn need a
// reverse step. Each step keeps ε-complementary slackness and raises i's
// profit by at least eps, so the steps end.
func (g *linkAuction) reverse(eps int64) {
	var queue []int32
	for j := range g.owner {
		if g.owner[j] < 0 && g.price[j] > 0 {
			queue = append(queue, int32(j))
		}
	}
	g.profits()
	for len(queue) > 0 {
		j := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		i, e, b1, b2 := g.bestPerson(j)
		if i < 0 || b1 <= eps {
			g.price[j] = 0
			continue
		}
		g.price[j] = max(0, b2-eps)
		if old := g.assign[i]; old >= 0 {
			g.owner[old] = -1
			if g.price[old] > 0 {
				queue = append(queue, old)
			}
		}
		g.owner[j], g.assign[i] = i, j
		g.profit[i] = g.val[e] - g.price[j]
	}
}

// profits sets each person's profit: the value of its object, or 0 out.
func (g *linkAuction) profits() {
	for i, j := range g.assign {
		g.profit[i] = 0
		for e := g.start[i]; j >= 0 && e < g.start[i+1]; e++ {
			if g.obj[e] == j {
				g.profit[i] = g.val[e] - g.price[j]
			}
		}
	}
}

// bestPerson returns, for object j, the person with the best β, its edge,
// that β and the second best (0 if there is none).
func (g *linkAuction) bestPerson(j int32) (int32, int32, int64, int64) {
	best, edge := int32(-1), int32(-1)
	b1, b2 := int64(math.MinInt64), int64(0)
	for _, e := range g.redge[g.rstart[j]:g.rstart[j+1]] {
		i := linkPersonOf(g.start, e)
		b := g.val[e] - g.profit[i]
		switch {
		case b > b1:
			best, edge, b1, b2 = i, e, b, max(b1, b2)
		case b > b2:
			b2 = b
		}
	}
	return best, edge, b1, b2
}

// linkPersonOf returns the person whose row of start holds edge e.
func linkPersonOf(start []int32, e int32) int32 {
	i, _ := slices.BinarySearch(start, e+1)
	return int32(i - 1)
}
