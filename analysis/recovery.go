package analysis

import (
	"cmp"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/kdtree"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/scantrail/scantrail/sim"
)

// maxReleased caps a released count, so that the noise of a tiny ε cannot
// overflow an integer.
const maxReleased = 1 << 30

// recoveryCandidates is how many nearby venues of the next hour each
// venue's units may be linked to (the venue itself among them, though it
// is never chosen).
const recoveryCandidates = 9

// Recovery is the outcome of trajectory recovery from a noisy aggregate
// release.
type Recovery struct {
	// Links is the number of links the attack made between a unit of one
	// hour and a unit of the next.
	Links int
	// Accuracy is the share of links that join the records of one person
	// in consecutive hours (true transitions, counted with multiplicity).
	Accuracy float64
	// Random is the same share for links drawn at random between the same
	// units: the baseline Accuracy must beat to mean anything.
	Random float64
	// CountError is the mean absolute error of the released counts over
	// the cells that were truly non-empty.
	CountError float64
}

// RecoverTrajectories releases the venue × hour counts of distinct people
// in route rt's records before minute end with Laplace noise at
// rt.ReleaseEpsilon (sensitivity 1; counts rounded and clipped at 0;
// empty cells of code-posting venues are noised too), then attacks the
// release as Xu et al. (2017) attack mobile aggregates: the people counted
// in one hour are linked to those of the next by the cheapest transport,
// here greedily by increasing distance over the nearest venues with
// people in the next hour. Xu et al.'s people are counted in every slot,
// so staying put is the cheapest move; a check-in marks an arrival, so
// here a unit never links to the same venue in the next hour. It scores
// the links against the true transitions.
func RecoverTrajectories(r *Records, rt sim.Route, end int32, rng *sim.Source) Recovery {
	from := int32(math.MinInt32)
	if rt.RetentionDays > 0 {
		from = end - rt.RetentionDays*1440
	}
	at := hourPlaces(r.stream(sim.Stream(rt.Stream)), from, end)
	truth := transitions(at)
	cells := countCells(at)
	released, countErr := release(r, cells, rt.ReleaseEpsilon, rng)
	var out Recovery
	out.CountError = countErr
	var correct, random float64
	for h, now := range released {
		next, ok := released[h+1]
		if !ok {
			continue
		}
		links := transport(r.Venues, now, next)
		for _, l := range links {
			out.Links += l.n
			correct += float64(min(l.n, truth[transitionKey{h, l.from, l.to}]))
		}
		random += expectedRandom(now, next, truth, h)
	}
	out.Accuracy = ratio(correct, float64(out.Links))
	out.Random = ratio(random, float64(out.Links))
	return out
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// hourVisit is a person at a venue in an hour.
type hourVisit struct {
	person, hour, venue int32
}

// hourPlaces returns each person's venue in each hour with a record (the
// first record of the hour), sorted by person and hour.
func hourPlaces(recs *recordList, from, end int32) []hourVisit {
	var at []hourVisit
	for _, rec := range recs.all() {
		if rec.Minute >= from && rec.Minute < end {
			at = append(at, hourVisit{rec.Person, floorDiv(rec.Minute, 60), rec.Venue})
		}
	}
	slices.SortStableFunc(at, func(a, b hourVisit) int {
		return cmp.Or(cmp.Compare(a.person, b.person), cmp.Compare(a.hour, b.hour))
	})
	return slices.CompactFunc(at, func(a, b hourVisit) bool {
		return a.person == b.person && a.hour == b.hour
	})
}

// transitionKey is a move from one venue in an hour to another in the
// next hour.
type transitionKey struct {
	hour, from, to int32
}

// transitions counts the people who were at one venue in an hour and at
// another (or the same) in the next.
func transitions(at []hourVisit) map[transitionKey]int {
	t := map[transitionKey]int{}
	for i := 1; i < len(at); i++ {
		a, b := at[i-1], at[i]
		if a.person == b.person && b.hour == a.hour+1 {
			t[transitionKey{a.hour, a.venue, b.venue}]++
		}
	}
	return t
}

// countCells counts the distinct people of each venue in each hour.
func countCells(at []hourVisit) map[int32]map[int32]int {
	cells := map[int32]map[int32]int{}
	for _, a := range at {
		if cells[a.hour] == nil {
			cells[a.hour] = map[int32]int{}
		}
		cells[a.hour][a.venue]++
	}
	return cells
}

// release adds Laplace noise of scale 1/eps to every cell of a
// code-posting venue in each hour that has a record, rounds and clips at
// 0, and returns the non-zero released cells and the mean absolute error
// over the truly non-empty cells. Empty cells are noised without visiting
// each: the number that round to 1 or more is binomial, and by the
// Laplace tail's memorylessness each such value is round(0.5 + Exp(eps)).
func release(r *Records, cells map[int32]map[int32]int, eps float64,
	rng *sim.Source) (map[int32]map[int32]int, float64) {
	var posting []int32
	for _, v := range r.Venues {
		if v.QRCode {
			posting = append(posting, v.ID)
		}
	}
	noise := distuv.Laplace{Scale: 1 / eps, Src: rng}
	q := 0.5 * math.Exp(-eps/2)
	out := map[int32]map[int32]int{}
	var errSum float64
	var n int
	for _, h := range sortedKeys32(cells) {
		rel := map[int32]int{}
		for _, v := range sortedKeys32(cells[h]) {
			c := cells[h][v]
			x := int(math.Round(min(max(float64(c)+noise.Rand(), 0), maxReleased)))
			errSum += math.Abs(float64(x - c))
			n++
			if x > 0 {
				rel[v] = x
			}
		}
		empty := max(len(posting)-len(cells[h]), 0)
		phantoms := int(distuv.Binomial{N: float64(empty), P: q, Src: rng}.Rand())
		for i := 0; i < phantoms; i++ {
			v := posting[rng.IntN(len(posting))]
			if _, real := cells[h][v]; real {
				continue
			}
			rel[v] = int(math.Round(min(0.5+rng.ExpFloat64()/eps, maxReleased)))
		}
		out[h] = rel
	}
	return out, ratio(errSum, float64(n))
}

func sortedKeys32[V any](m map[int32]V) []int32 {
	return slices.Sorted(maps.Keys(m))
}

// link is n people moved from one venue to another between two hours.
type link struct {
	from, to int32
	n        int
}

// transport moves the people of one hour onto those of the next, cheapest
// first: each venue's people may go to its nearest venues that have
// people in the next hour, and the pairs are filled in order of
// increasing distance.
func transport(venues []sim.Venue, now, next map[int32]int) []link {
	var pts venuePoints
	for _, v := range sortedKeys32(next) {
		pts = append(pts, venuePoint{x: venues[v].X, y: venues[v].Y, id: v})
	}
	tree := kdtree.New(pts, false)
	type pair struct {
		from, to int32
		d        float64
	}
	var pairs []pair
	for _, v := range sortedKeys32(now) {
		keep := kdtree.NewNKeeper(recoveryCandidates)
		tree.NearestSet(keep, venuePoint{x: venues[v].X, y: venues[v].Y})
		for _, c := range keep.Heap {
			if c.Comparable != nil && c.Comparable.(venuePoint).id != v {
				pairs = append(pairs, pair{v, c.Comparable.(venuePoint).id, c.Dist})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	supply, demand := maps.Clone(now), maps.Clone(next)
	var links []link
	for _, p := range pairs {
		n := min(supply[p.from], demand[p.to])
		if n > 0 {
			links = append(links, link{p.from, p.to, n})
			supply[p.from] -= n
			demand[p.to] -= n
		}
	}
	return links
}

// expectedRandom returns about how many of the links between two hours'
// units would join true transitions if units were matched uniformly at
// random: a random matching of N units to M links any given pair with
// probability min(N, M)/(N·M), so venue a's units reach venue b's about
// now[a]·next[b]·min(N, M)/(N·M) times, of which at most the T(a, b) true
// transitions are right.
func expectedRandom(now, next map[int32]int, truth map[transitionKey]int, h int32) float64 {
	var n, m float64
	for _, c := range now {
		n += float64(c)
	}
	for _, c := range next {
		m += float64(c)
	}
	if n == 0 || m == 0 {
		return 0
	}
	var t float64
	for k, c := range truth {
		if k.hour == h {
			expected := float64(now[k.from]) * float64(next[k.to]) * min(n, m) / (n * m)
			t += min(float64(c), expected)
		}
	}
	return t
}
