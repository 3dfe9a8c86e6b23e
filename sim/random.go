package sim

import (
	"math"
	"math/rand/v2"
)

// Random-stream labels. Every random decision in a run draws from a stream
// named by the run's seed, one of these labels and the ids it concerns (a
// person and a day, say), so that the draws do not depend on the order in
// which goroutines run.
const (
	LabelCity uint64 = iota + 1
	LabelPeople
	LabelMove
	LabelLeave
	LabelSensors
	LabelHousehold
	LabelFriends
	LabelSalt
	LabelMitigation
)

// Mix folds the parts into one well-spread 64-bit value with the SplitMix64
// finaliser. It is the basis of every random stream and of stable hashes.
func Mix(parts ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, p := range parts {
		h ^= p + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
		h = splitmix(h)
	}
	return h
}

func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Source is a reusable random stream. Reseed points it at the stream named
// by its arguments, so one Source per worker serves every person.
type Source struct {
	pcg rand.PCG
	*rand.Rand
}

// NewSource returns a Source seeded from the given stream name.
func NewSource(parts ...uint64) *Source {
	s := &Source{}
	s.Rand = rand.New(&s.pcg)
	s.Reseed(parts...)
	return s
}

// Reseed points the source at the stream named by parts.
func (s *Source) Reseed(parts ...uint64) {
	h := Mix(parts...)
	s.pcg.Seed(h, splitmix(h^0xda942042e4dd58b5))
}

// Bernoulli returns true with probability p.
func (s *Source) Bernoulli(p float64) bool {
	return p > 0 && s.Float64() < p
}

// Poisson draws from a Poisson distribution with the given mean by Knuth's
// multiplication method; means here are small (a few events a day).
func (s *Source) Poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	limit, prod, n := math.Exp(-mean), s.Float64(), 0
	for prod > limit {
		prod *= s.Float64()
		n++
	}
	return n
}

// Pick returns an index drawn in proportion to the cumulative weights cum
// (cum[i] is the sum of weights 0..i), or -1 when the total is zero.
func (s *Source) Pick(cum []float64) int {
	if len(cum) == 0 || cum[len(cum)-1] <= 0 {
		return -1
	}
	x := s.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// Cumulative returns the running sums of w, for use with Source.Pick.
func Cumulative(w []float64) []float64 {
	cum := make([]float64, len(w))
	total := 0.0
	for i, x := range w {
		total += x
		cum[i] = total
	}
	return cum
}
