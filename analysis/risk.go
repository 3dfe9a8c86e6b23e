package analysis

import (
	"fmt"
	"math/bits"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Risk is the background-knowledge risk of Pellungrini, Pappalardo,
// Pratesi and Monreale (2018), the "location attack" as scikit-mobility
// computes it (skmob.privacy.attacks.LocationAttack), with our points at
// resolution r as the locations. An adversary knows k of a target's
// observations; every way of choosing them is one possible background
// knowledge B, and
//
//	match(B)   = #{ accounts b : for every point x, b has at least as
//	               many observations at x as B has }
//	risk(B)    = 1 / match(B)
//	risk(a, k) = max over B of risk(B)
//
// The rules follow scikit-mobility's exactly:
//
//   - B is a choice of k observations, not of k distinct points: a point
//     seen three times can be known up to three times, and a B that holds
//     it twice matches only accounts seen there at least twice.
//   - Order does not count, and the count runs over every account of the
//     view, the target included, so match(B) ≥ 1 and 0 < risk ≤ 1.
//   - A target with fewer than k observations is known entirely: B is its
//     whole trace.
//   - Time counts as far as the point carries it. scikit-mobility's
//     LocationAttack compares coordinates only, and its LocationTimeAttack
//     adds the time truncated to a precision, with the same rules; a point
//     at resolution r is a place and a time bin, so Risk at r is the
//     latter with r's time unit as the precision. PlaceRisk drops the
//     time and is the former.
//
// The result has one risk per target, in order; a target without
// observations gets 0, having nothing to be known by (scikit-mobility
// leaves such a target out). Risk panics when
// k < 1 (scikit-mobility rejects it too) or a target is not an account of
// v.
//
// Risk is exact and never tries every B against every account. For each
// target it counts, through an Index, the accounts holding its whole trace
// (no B can match fewer), then tries the choices rarest point first, each
// counted by intersecting posting lists with an early stop, and is done as
// soon as a choice is matched by the target alone (risk 1) or by no more
// accounts than the whole trace. Most targets end there at once. When the
// tries have cost as much as reading the target's posting lists twice, a
// search over bitsets of the accounts that share at least k observations
// with the target (no other account can match any B) takes over, pruning a
// branch when even choosing all the remaining points cannot beat the best
// count found. Its cost per target is the length of those posting lists
// plus, at worst, C(d+k−1, k)·h/64 word operations for d distinct points
// and h such accounts: small at venue/hour, larger at coarse grains and
// without time (PlaceRisk), where many accounts share many places. No
// choice is ever skipped or sampled.
//
// A (point, least count) pair that one account in 32 or more qualifies
// for is also kept, once first asked for, as a bitset of every account,
// which takes no more memory than its posting list: two such pairs are
// intersected by an AND of words, 64 accounts at a time, and a shorter
// list probes one with a bit test per entry instead of a search. Without
// time (PlaceRisk) most places a target knows are that crowded.
func Risk(v *View, r Resolution, k int, targets []int32) []float64 {
	return locationRisk(v, r, true, k, targets)
}

// PlaceRisk is Risk with the time left out of every point: a known
// observation is a place at r's place unit (venue, district or grid cell)
// and r.Time is ignored. This is scikit-mobility's LocationAttack as it
// stands, where an account matches B when it visited each place of B at
// least as many times as B holds it, at any times.
func PlaceRisk(v *View, r Resolution, k int, targets []int32) []float64 {
	return locationRisk(v, r, false, k, targets)
}

func locationRisk(v *View, r Resolution, timed bool, k int, targets []int32) []float64 {
	if k < 1 {
		panic(fmt.Sprintf("analysis: risk with k = %d, want k ≥ 1", k))
	}
	risks := make([]float64, len(targets))
	if len(targets) == 0 || v.NumObservations() == 0 {
		return risks
	}
	s := newRiskSolver(buildIndex(v, r, indexSpec{timed: timed, counts: true, focus: targets}), k)
	for i, a := range targets {
		risks[i] = s.risk(a)
	}
	return risks
}

// RiskSummary summarises the risks of many targets for one k.
type RiskSummary struct {
	// K is the number of known observations.
	K int
	// Targets is the number of risks summarised.
	Targets int
	// Mean is the mean risk.
	Mean float64
	// Median is the empirical median: for an even number of targets, the
	// lower of the two middle risks.
	Median float64
	// Unique is the share of targets with risk 1, those whom some k
	// observations single out.
	Unique float64
}

// SummarizeRisk summarises the risks that Risk returned for k:
//
//	Mean   = Σ risk / n
//	Median = the 0.5 quantile of the empirical distribution
//	Unique = #{ risk = 1 } / n
//
// The median is gonum's stat.Quantile with stat.Empirical. No risks give
// a summary of zero targets and zero statistics. risks is not modified.
func SummarizeRisk(k int, risks []float64) RiskSummary {
	s := RiskSummary{K: k, Targets: len(risks)}
	if len(risks) == 0 {
		return s
	}
	sorted := slices.Sorted(slices.Values(risks))
	s.Mean = stat.Mean(sorted, nil)
	s.Median = stat.Quantile(0.5, stat.Empirical, sorted, nil)
	unique := 0
	for _, r := range risks {
		if r == 1 {
			unique++
		}
	}
	s.Unique = float64(unique) / float64(len(sorted))
	return s
}

// riskSolver holds the index and the scratch space of one Risk call. A
// target's risk is found in up to three steps, each exact:
//
//  1. the floor: how many other accounts hold the target's whole trace
//     (each point up to k times); no choice can be matched by fewer;
//  2. a probe of the choices, rarest points first, each counted by
//     intersecting posting lists with an early stop; it ends when it
//     reaches the floor, as it does at once for most targets, or when it
//     has tried every choice;
//  3. when the probe has read effort times as many posting entries as
//     the search reads, the search over bitsets of the neighbours takes
//     over.
type riskSolver struct {
	x *Index
	k int

	// Dense (point, least count) pairs as bitsets of accounts, built on
	// first use; see bitset. state per slot id·k+m−1: 0 not yet looked
	// at, 1 sparse, 2 dense.
	dense      [][]uint64
	denseCount []int32
	state      []uint8
	denseRatio int        // see the constant; tests vary it
	operands   [][]uint64 // scratch of count
	cursor     []int32

	// The target's points, rarest first, with how many times each may
	// be known (its observations there, at most k), the first slot of
	// each in cover and the capacity left from each on; order is where
	// they are sorted, as (holders, id, times).
	order   [][3]int32
	ids     []int32
	caps    []int32
	slot0   []int
	capFrom []int

	effort int     // the probe's budget, in multiples of the search's scan
	budget int     // posting entries the probe may still scan
	best   int     // fewest other accounts matching a choice, so far
	floor  int     // other accounts matching every choice
	pick   []int32 // the probe's current choice: points and multiplicities
	times  []int32

	local  []int32 // per account: 1 + its neighbour number, or 0
	nbrs   []int32 // accounts sharing a point with the target
	shared []int32 // per neighbour: observations in common with the target

	words  int      // 64-bit words per bitset of neighbours
	cover  []uint64 // per slot, the neighbours matching it
	suffix []uint64 // per ordered point, neighbours matching all the rest
	buf    []uint64 // per search depth, the neighbours matching the choice
}

// probeEffort is the probe's default budget, in lengths of the target's
// posting lists: the search over bitsets reads each list twice, so with 2
// the probe reads no more than the search would, and a target whose probe
// runs out costs at most about twice what the search alone would.
const probeEffort = 2

func newRiskSolver(x *Index, k int) *riskSolver {
	slots := x.NumPoints() * k
	return &riskSolver{x: x, k: k, effort: probeEffort, local: make([]int32, x.NumAccounts()),
		pick: make([]int32, k), times: make([]int32, k),
		dense: make([][]uint64, slots), denseCount: make([]int32, slots),
		state: make([]uint8, slots), denseRatio: denseRatio}
}

// risk returns target a's risk.
func (s *riskSolver) risk(a int32) float64 {
	lo, hi := s.x.ownOff[a], s.x.ownOff[a+1]
	own, ownN := s.x.owned[lo:hi], s.x.ownedN[lo:hi]
	if len(own) == 0 {
		return 0
	}
	n := 0
	for _, c := range ownN {
		n += int(c)
	}
	need := min(n, s.k)
	s.orderPoints(own, ownN)
	all, _ := s.count(s.ids, s.caps, 0)
	s.floor = all - 1
	if need == n {
		return 1 / float64(1+s.floor) // the whole trace is the only choice
	}
	s.best = s.x.NumAccounts()
	s.budget = s.effort*s.scanLength() - 1 // with no effort, no probe at all
	stopped := s.probe(0, need, 0)
	if stopped && s.best > s.floor {
		s.searchNeighbours(a, need) // the probe ran out of budget
	}
	return 1 / float64(1+s.best)
}

// orderPoints sorts the target's points by how many accounts hold them,
// fewest first, so that the most telling choices come first, and lays out
// their slots.
func (s *riskSolver) orderPoints(own, ownN []int32) {
	s.order = s.order[:0]
	for i, id := range own {
		holders := s.x.postOff[id+1] - s.x.postOff[id]
		s.order = append(s.order, [3]int32{holders, id, min(ownN[i], int32(s.k))})
	}
	slices.SortFunc(s.order, func(a, b [3]int32) int { return int(a[0] - b[0]) })
	s.ids, s.caps = s.ids[:0], s.caps[:0]
	for _, p := range s.order {
		s.ids = append(s.ids, p[1])
		s.caps = append(s.caps, p[2])
	}
	d := len(s.ids)
	s.slot0 = resizeScratch(s.slot0, d)
	s.capFrom = resizeScratch(s.capFrom, d+1)
	s.capFrom[d] = 0
	for q := d - 1; q >= 0; q-- {
		s.capFrom[q] = s.capFrom[q+1] + int(s.caps[q])
	}
	for q := range d {
		s.slot0[q] = s.capFrom[0] - s.capFrom[q]
	}
}

// scanLength returns the number of entries in the target's posting
// lists, what the search over bitsets reads twice.
func (s *riskSolver) scanLength() int {
	n := 0
	for _, id := range s.ids {
		n += int(s.x.postOff[id+1] - s.x.postOff[id])
	}
	return n
}

// probe counts every choice of need more observations among the ordered
// points from q on, the choice so far being pick[:depth], and lowers
// s.best. It reports true when it stops early: s.best has reached s.floor,
// or the budget has run out (it is then negative).
func (s *riskSolver) probe(q, need, depth int) bool {
	for ; s.capFrom[q] >= need; q++ {
		s.pick[depth] = s.ids[q]
		for m := min(int(s.caps[q]), need); m >= 1; m-- {
			s.times[depth] = int32(m)
			if m < need {
				if s.probe(q+1, need-m, depth+1) {
					return true
				}
				continue
			}
			if s.budget < 0 {
				return true
			}
			c, scanned := s.count(s.pick[:depth+1], s.times[:depth+1], s.best+1)
			s.budget -= scanned
			s.best = min(s.best, c-1)
			if s.best == s.floor {
				return true
			}
		}
	}
	return false
}

// denseRatio sets when a (point, least count) pair is kept as a bitset of
// every account as well as a posting list: when at least one account in
// denseRatio qualifies, so that the bitset takes no more memory than the
// list's entries (4 bytes each) and a bitset AND reads fewer words than a
// merge of such lists reads entries.
const denseRatio = 32

// bitset returns the accounts with at least m observations at point id as
// a bitset, or nil when there are too few of them for a bitset to pay;
// the count of a dense pair is in denseCount.
func (s *riskSolver) bitset(id, m int32) []uint64 {
	slot := int(id)*s.k + int(m) - 1
	switch s.state[slot] {
	case 1:
		return nil
	case 2:
		return s.dense[slot]
	}
	lo, hi := s.x.postOff[id], s.x.postOff[id+1]
	n := int32(0)
	for e := lo; e < hi; e++ {
		n += int32(min(max(s.x.holderN[e]-m+1, 0), 1))
	}
	if int(n)*s.denseRatio < s.x.NumAccounts() {
		s.state[slot] = 1
		return nil
	}
	bs := make([]uint64, (s.x.NumAccounts()+63)/64)
	for e := lo; e < hi; e++ {
		if s.x.holderN[e] >= m {
			a := s.x.holders[e]
			bs[a/64] |= 1 << (a % 64)
		}
	}
	s.state[slot], s.dense[slot], s.denseCount[slot] = 2, bs, n
	return bs
}

// count returns the number of accounts with at least mins[i]
// observations at every ids[i], stopping at limit when limit > 0, and how
// many posting entries or bitset words it read. The sparse pairs are
// intersected as Index.countAtLeast does, the shortest list driving, with
// a bit test for each dense pair; when all pairs are dense their bitsets
// are ANDed a word at a time.
func (s *riskSolver) count(ids, mins []int32, limit int) (n, read int) {
	x := s.x
	dense := s.operands[:0]
	drive := -1
	for i, id := range ids {
		if bs := s.bitset(id, mins[i]); bs != nil {
			dense = append(dense, bs)
			continue
		}
		if drive < 0 || x.postOff[id+1]-x.postOff[id] <
			x.postOff[ids[drive]+1]-x.postOff[ids[drive]] {
			drive = i
		}
	}
	s.operands = dense
	switch {
	case drive < 0 && len(ids) == 1:
		return capCount(int(s.denseCount[int(ids[0])*s.k+int(mins[0])-1]), limit), 1
	case drive < 0:
		return bitsetsAndCount(dense, limit)
	}
	s.cursor = s.cursor[:0]
	for i, id := range ids {
		if i != drive && s.state[int(id)*s.k+int(mins[i])-1] == 1 {
			s.cursor = append(s.cursor, x.postOff[id])
		}
	}
	lo, hi := x.postOff[ids[drive]], x.postOff[ids[drive]+1]
	m0 := mins[drive]
	e := lo
	for ; e < hi && (limit <= 0 || n < limit); e++ {
		if x.holderN[e] < m0 {
			continue
		}
		a := x.holders[e]
		if inAll(dense, a) && s.sparseHold(ids, mins, drive, a) {
			n++
		}
	}
	return n, int(e - lo)
}

// sparseHold reports whether account a has at least mins[i] observations
// at every sparse ids[i] other than the driving one, moving s.cursor.
func (s *riskSolver) sparseHold(ids, mins []int32, drive int, a int32) bool {
	x, c := s.x, 0
	for i, id := range ids {
		if i == drive || s.state[int(id)*s.k+int(mins[i])-1] != 1 {
			continue
		}
		lo, hi := int(x.postOff[id]), int(x.postOff[id+1])
		at := lo + gallop(x.holders[lo:hi], int(s.cursor[c])-lo, a)
		s.cursor[c] = int32(at)
		c++
		if at == hi || x.holders[at] != a || x.holderN[at] < mins[i] {
			return false
		}
	}
	return true
}

// inAll reports whether bit a is set in every bitset.
func inAll(sets [][]uint64, a int32) bool {
	for _, bs := range sets {
		if bs[a/64]&(1<<(a%64)) == 0 {
			return false
		}
	}
	return true
}

// bitsetsAndCount returns the population count of the AND of two or more
// bitsets, capped at limit when limit > 0, and the words it read; it
// stops once a block of words has brought the count to limit.
func bitsetsAndCount(sets [][]uint64, limit int) (n, read int) {
	const block = 1024
	words := len(sets[0])
	for lo := 0; lo < words; lo += block {
		hi := min(lo+block, words)
		a, b := sets[0][lo:hi], sets[1][lo:hi]
		if len(sets) == 2 {
			n += bitsetAndCount(a, b)
		} else {
			for w := range a {
				v := a[w] & b[w]
				for _, c := range sets[2:] {
					v &= c[lo+w]
				}
				n += bits.OnesCount64(v)
			}
		}
		read = hi
		if limit > 0 && n >= limit {
			return limit, read
		}
	}
	return n, read
}

// searchNeighbours finds s.best exactly by the search over bitsets.
func (s *riskSolver) searchNeighbours(a int32, need int) {
	h := s.findNeighbours(a, need)
	if h > 0 {
		s.fillCover(h)
	}
	s.resetNeighbours()
	if h == 0 {
		s.best = 0
		return
	}
	s.best = min(s.best, h)
	s.search(0, need, 0)
}

// findNeighbours collects the accounts sharing a point with target a and
// numbers those that share at least need observations with it (each
// point counted up to its cap), the only ones that can match a choice of
// need observations. It returns how many there are.
func (s *riskSolver) findNeighbours(a int32, need int) int {
	s.nbrs, s.shared = s.nbrs[:0], s.shared[:0]
	for q, id := range s.ids {
		for e := s.x.postOff[id]; e < s.x.postOff[id+1]; e++ {
			b := s.x.holders[e]
			if b == a {
				continue
			}
			if s.local[b] == 0 {
				s.nbrs = append(s.nbrs, b)
				s.shared = append(s.shared, 0)
				s.local[b] = int32(len(s.nbrs))
			}
			s.shared[s.local[b]-1] += min(s.x.holderN[e], s.caps[q])
		}
	}
	h := int32(0)
	for i, b := range s.nbrs {
		s.local[b] = 0
		if int(s.shared[i]) >= need {
			h++
			s.local[b] = h
		}
	}
	return int(h)
}

func (s *riskSolver) resetNeighbours() {
	for _, b := range s.nbrs {
		s.local[b] = 0
	}
}

// fillCover writes, for every slot (point q known m times), the bitset of
// the h numbered neighbours with at least m observations at q, then the
// suffix intersections and the root of the search.
func (s *riskSolver) fillCover(h int) {
	w := (h + 63) / 64
	s.words = w
	s.cover = resizeScratch(s.cover, s.capFrom[0]*w)
	clear(s.cover)
	for q, id := range s.ids {
		for e := s.x.postOff[id]; e < s.x.postOff[id+1]; e++ {
			n := s.local[s.x.holders[e]] - 1
			if n < 0 {
				continue
			}
			for m := range min(s.x.holderN[e], s.caps[q]) {
				s.cover[(s.slot0[q]+int(m))*w+int(n/64)] |= 1 << (n % 64)
			}
		}
	}
	s.fillSuffixes(h)
}

// fillSuffixes writes suffix[q], the neighbours matching every slot of the
// points from q on, and the root of the search, all h neighbours.
func (s *riskSolver) fillSuffixes(h int) {
	w, d := s.words, len(s.ids)
	s.suffix = resizeScratch(s.suffix, (d+1)*w)
	s.buf = resizeScratch(s.buf, (s.k+1)*w)
	bitsetOnes(s.suffix[d*w:], h)
	bitsetOnes(s.buf[:w], h)
	for q := d - 1; q >= 0; q-- {
		top := s.cover[(s.slot0[q]+int(s.caps[q])-1)*w:][:w]
		bitsetAnd(s.suffix[q*w:][:w], s.suffix[(q+1)*w:][:w], top)
	}
}

// search chooses need more observations among the ordered points from q
// on, buf[j] holding the neighbours that match the choice so far, and
// lowers s.best to the fewest neighbours matching a full choice. It
// reports true once s.best reaches s.floor, when nothing can do better.
func (s *riskSolver) search(q, need, j int) bool {
	if s.best == s.floor {
		return true
	}
	w := s.words
	acc, next := s.buf[j*w:][:w], s.buf[(j+1)*w:][:w]
	for ; q < len(s.ids) && s.capFrom[q] >= need; q++ {
		if bitsetAndCount(acc, s.suffix[q*w:][:w]) >= s.best {
			return false // the bound only rises with q
		}
		for m := min(int(s.caps[q]), need); m >= 1; m-- {
			c := bitsetAnd(next, acc, s.cover[(s.slot0[q]+m-1)*w:][:w])
			rest := need - m
			if rest > 0 && s.capFrom[q+1] < rest {
				continue
			}
			// Every completion of this choice matches at most c.
			s.best = min(s.best, c)
			if s.best == s.floor {
				return true
			}
			if rest > 0 && s.search(q+1, rest, j+1) {
				return true
			}
		}
	}
	return false
}

// bitsetAnd stores a AND b in dst and returns its population count.
func bitsetAnd(dst, a, b []uint64) int {
	n := 0
	for i := range dst {
		dst[i] = a[i] & b[i]
		n += bits.OnesCount64(dst[i])
	}
	return n
}

// bitsetAndCount returns the population count of a AND b.
func bitsetAndCount(a, b []uint64) int {
	n := 0
	for i := range a {
		n += bits.OnesCount64(a[i] & b[i])
	}
	return n
}

// bitsetOnes sets the first n bits of bs and clears the rest.
func bitsetOnes(bs []uint64, n int) {
	for i := range bs {
		switch {
		case n >= 64*(i+1):
			bs[i] = ^uint64(0)
		case n > 64*i:
			bs[i] = 1<<(n-64*i) - 1
		default:
			bs[i] = 0
		}
	}
}

// resizeScratch returns s with length n, reusing its array when it is
// large enough.
func resizeScratch[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
