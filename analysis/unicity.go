package analysis

import (
	"fmt"
	"slices"

	"github.com/scantrail/scantrail/sim"
)

// UnicityResult is the unicity of traces for one number of known points.
type UnicityResult struct {
	// P is the number of points drawn from each trace.
	P int
	// Eligible counts the sampled accounts with at least P distinct
	// points; only they can be drawn from.
	Eligible int
	// Unique counts the eligible accounts whose P drawn points no other
	// account of the view holds all of.
	Unique int
	// Epsilon is the unicity ε_P = Unique / Eligible, 0 when no account
	// is eligible.
	Epsilon float64
}

// Unicity measures how few points single out a trace, after de Montjoye,
// Hidalgo, Verleysen and Blondel (2013). For every p in points and every
// sampled account a with at least p distinct points at resolution r,
//
//	S     = p of a's distinct points, drawn uniformly without replacement
//	a is unique at p  ⇔  no account b ≠ a holds every point of S
//	ε_p   = #unique / #eligible
//
// Whether another account holds S is decided over every account of the
// view, through an Index, not over the sample: the sample only chooses
// whose traces are drawn from. One draw serves every p: the p points are
// the first p of one random ordering of a's points, so each is a uniform
// draw, and an account unique at p is unique at every larger p as well
// (ε_p itself can still fall with p, as accounts with fewer than p points
// leave the eligible). An account sampled twice is drawn twice.
//
// The index covers only the points the sampled accounts hold, which is
// all the counts need: 10,000 accounts of a four-week run of 100,000
// people take about a second and a half.
//
// The results come in the order of points. A nil or empty sample, or a
// view without observations, gives zero eligible accounts and ε = 0 for
// every p. Unicity panics when some p is below 1 or a sampled id is not an
// account of v. The rng is advanced min(max p, n) times for a sampled
// account with n points, in sample order.
func Unicity(v *View, r Resolution, points []int, sample []int32, rng *sim.Source) []UnicityResult {
	res := make([]UnicityResult, len(points))
	for i, p := range points {
		if p < 1 {
			panic(fmt.Sprintf("analysis: unicity with p = %d, want p ≥ 1", p))
		}
		res[i].P = p
	}
	if len(sample) == 0 || v.NumObservations() == 0 || len(points) == 0 {
		return res
	}
	u := newUnicityCounter(buildIndex(v, r, indexSpec{timed: true, focus: sample}), points)
	for _, a := range sample {
		u.add(a, rng, res)
	}
	for i := range res {
		res[i].Epsilon = fraction(res[i].Unique, res[i].Eligible)
	}
	return res
}

// unicityCounter draws and tests the traces of one Unicity call.
type unicityCounter struct {
	x       *Index
	points  []int
	order   []int // positions of points by increasing p
	maxP    int
	scratch []int32
	own     *sim.Source // the ordering stream of the account being drawn
}

func newUnicityCounter(x *Index, points []int) *unicityCounter {
	u := &unicityCounter{x: x, points: points, maxP: slices.Max(points),
		own: sim.NewSource()}
	u.order = make([]int, len(points))
	for i := range u.order {
		u.order[i] = i
	}
	slices.SortFunc(u.order, func(i, j int) int { return points[i] - points[j] })
	return u
}

// add draws account a's points and counts it for every p. Once a prefix
// is unique every longer prefix is, so the index is asked only until then.
func (u *unicityCounter) add(a int32, rng *sim.Source, res []UnicityResult) {
	drawn := u.draw(a, rng)
	unique := false
	for _, i := range u.order {
		p := u.points[i]
		if p > len(drawn) {
			break
		}
		res[i].Eligible++
		if !unique {
			unique = u.x.Count(drawn[:p], 2) == 1
		}
		if unique {
			res[i].Unique++
		}
	}
}

// draw returns the first min(maxP, n) entries of a uniformly random
// ordering of a's n distinct points: a partial Fisher–Yates shuffle. The
// ordering comes from a stream of its own, seeded by one draw from rng, so
// the first p points of an account do not depend on the largest p asked.
func (u *unicityCounter) draw(a int32, rng *sim.Source) []int32 {
	s := append(u.scratch[:0], u.x.Points(a)...)
	u.scratch = s
	m := min(u.maxP, len(s))
	u.own.Reseed(rng.Uint64())
	for i := 0; i < m; i++ {
		j := i + u.own.IntN(len(s)-i)
		s[i], s[j] = s[j], s[i]
	}
	return s[:m]
}

// SampleAccounts draws n distinct accounts of v uniformly among those with
// at least one observation, and returns their ids in ascending order. It
// returns all of them when there are no more than n, and none when n ≤ 0
// or the view is empty. The rng is advanced n times when it is used.
func SampleAccounts(v *View, n int, rng *sim.Source) []int32 {
	var active []int32
	for a := range int32(v.NumAccounts()) {
		if len(v.Trace(a)) > 0 {
			active = append(active, a)
		}
	}
	if n >= len(active) {
		return active
	}
	if n <= 0 {
		return nil
	}
	for i := 0; i < n; i++ {
		j := i + rng.IntN(len(active)-i)
		active[i], active[j] = active[j], active[i]
	}
	s := slices.Clip(active[:n])
	slices.Sort(s)
	return s
}
