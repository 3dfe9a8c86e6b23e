package realdata

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/scantrail/scantrail/sim"
)

// Obs is one observed record of a trace: a venue and the minute since
// local midnight of the first day.
type Obs struct {
	Venue, Minute int32
}

// Fit holds the generator parameters estimated from real traces.
type Fit struct {
	// People, Records and Days are the size of the data fitted.
	People, Records, Days int
	// PerPersonDay is the number of records per person per day,
	// Records / (People · Days).
	PerPersonDay float64
	// Rho and Gamma are the exploration parameters of Song et al. (2010),
	// fitted to the growth of distinct venues (see FitTraces).
	Rho, Gamma float64
	// DistanceDecay is the exponent of exploration's distance decay.
	DistanceDecay float64
	// Explorations counts the records at a venue new to the person, from
	// which DistanceDecay was fitted.
	Explorations int
	// KindShares is the share of each venue kind among the records at
	// venues with a kind; Mapped is the share of records at such venues.
	KindShares [sim.NumKinds]float64
	Mapped     float64
	// HourShares is the share of records in each hour of the local day;
	// ActiveFrom and ActiveTo (hours, To exclusive) bound the central 90%.
	HourShares           [24]float64
	ActiveFrom, ActiveTo int
}

// FitTraces estimates the generator's parameters from traces (one per
// person, in time order) at venues laid out on a plane, over days days:
//
//   - Rho and Gamma from the number S(n) of distinct venues among a
//     person's first n records. Exploring with probability ρ·S^(−γ) gives
//     dS/dn = ρ·S^(−γ), so S(n) = (ρ(1+γ)·n)^(1/(1+γ)). A least-squares
//     line log S = a + b·log n over every person and n gives
//     γ = 1/b − 1 and ρ = e^(a/b) / (1+γ), clamped to ρ in [0.01, 1] and
//     γ in [0, 5];
//   - DistanceDecay by maximum likelihood: a record at a venue new to the
//     person, d metres from the previous record, chose that venue among
//     all venues with weight (d + 250)^(−β), the generator's gravity rule
//     with equal attractiveness; β in [0, 4] maximising the likelihood
//     of at most 2,000 such choices (every k-th) is found by golden-section
//     search;
//   - KindShares and HourShares by counting.
func FitTraces(venues []sim.Venue, traces [][]Obs, days int) Fit {
	f := Fit{People: len(traces), Days: max(days, 1)}
	for _, t := range traces {
		f.Records += len(t)
	}
	f.PerPersonDay = float64(f.Records) / float64(max(f.People, 1)*f.Days)
	f.Rho, f.Gamma = fitEPR(traces)
	f.fitMix(venues, traces)
	f.DistanceDecay, f.Explorations = fitDecay(venues, traces)
	return f
}

// fitEPR fits ρ and γ to the growth of distinct venues.
func fitEPR(traces [][]Obs) (rho, gamma float64) {
	var xs, ys []float64
	for _, t := range traces {
		seen := map[int32]bool{}
		for n, o := range t {
			seen[o.Venue] = true
			xs = append(xs, math.Log(float64(n+1)))
			ys = append(ys, math.Log(float64(len(seen))))
		}
	}
	if len(xs) < 2 {
		return 0.6, 0.21 // Song et al. (2010)
	}
	a, b := stat.LinearRegression(xs, ys, nil, false)
	if !(b > 0) {
		return 0.01, 5
	}
	gamma = min(max(1/b-1, 0), 5)
	rho = min(max(math.Exp(a/b)/(1+gamma), 0.01), 1)
	return rho, gamma
}

// fitMix counts records by venue kind and by hour of the day.
func (f *Fit) fitMix(venues []sim.Venue, traces [][]Obs) {
	var kinds [sim.NumKinds]int
	var hours [24]int
	mapped := 0
	for _, t := range traces {
		for _, o := range t {
			hours[((o.Minute%1440)+1440)%1440/60]++
			if venues[o.Venue].Kind != "" {
				kinds[venues[o.Venue].K]++
				mapped++
			}
		}
	}
	for k := range kinds {
		f.KindShares[k] = float64(kinds[k]) / float64(max(mapped, 1))
	}
	f.Mapped = float64(mapped) / float64(max(f.Records, 1))
	for h := range hours {
		f.HourShares[h] = float64(hours[h]) / float64(max(f.Records, 1))
	}
	f.ActiveFrom, f.ActiveTo = centralHours(f.HourShares, 0.9)
}

// centralHours returns the shortest run of hours (wrapping midnight)
// holding at least share of the records.
func centralHours(shares [24]float64, share float64) (from, to int) {
	from, to = 0, 24
	for length := 1; length <= 24; length++ {
		for start := range 24 {
			sum := 0.0
			for h := range length {
				sum += shares[(start+h)%24]
			}
			if sum >= share-1e-9 {
				return start, (start + length) % 24
			}
		}
	}
	return from, to
}

// maxChoices caps the exploration choices the decay is fitted to.
const maxChoices = 2000

// fitDecay fits the distance decay of explorations.
func fitDecay(venues []sim.Venue, traces [][]Obs) (float64, int) {
	type choice struct{ from, to int32 }
	// The venue explored from is not a candidate: exploring goes elsewhere.
	var all []choice
	for _, t := range traces {
		seen := map[int32]bool{}
		for i, o := range t {
			if i > 0 && !seen[o.Venue] && o.Venue != t[i-1].Venue {
				all = append(all, choice{t[i-1].Venue, o.Venue})
			}
			seen[o.Venue] = true
		}
	}
	if len(all) == 0 || len(venues) < 2 {
		return 1.5, 0
	}
	step := max(1, len(all)/maxChoices)
	logd := make([][]float64, 0, len(all)/step+1)
	chosen := make([]float64, 0, len(all)/step+1)
	var origin []int
	for i := 0; i < len(all); i += step {
		c := all[i]
		row := make([]float64, len(venues))
		for j := range venues {
			row[j] = math.Log(planeDistance(&venues[c.from], &venues[j]) + 250)
		}
		logd = append(logd, row)
		chosen = append(chosen, row[c.to])
		origin = append(origin, int(c.from))
	}
	nll := func(beta float64) float64 {
		total := 0.0
		for i, row := range logd {
			total += beta*chosen[i] + logSumExp(row, -beta, origin[i])
		}
		return total
	}
	return goldenMin(nll, 0, 4, 1e-3), len(all)
}

func planeDistance(a, b *sim.Venue) float64 {
	return math.Hypot(a.X-b.X, a.Y-b.Y)
}

// logSumExp returns log Σ_{j ≠ skip} exp(scale·x_j), computed stably.
func logSumExp(xs []float64, scale float64, skip int) float64 {
	m := math.Inf(-1)
	for j, x := range xs {
		if j != skip {
			m = math.Max(m, scale*x)
		}
	}
	s := 0.0
	for j, x := range xs {
		if j != skip {
			s += math.Exp(scale*x - m)
		}
	}
	return m + math.Log(s)
}

// goldenMin returns the minimiser of a unimodal f on [lo, hi] to within
// tol, by golden-section search.
func goldenMin(f func(float64) float64, lo, hi, tol float64) float64 {
	g := (math.Sqrt(5) - 1) / 2
	a, b := lo, hi
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for b-a > tol {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	return (a + b) / 2
}

// sortedKinds returns the kinds with a positive share, largest first.
func sortedKinds(shares [sim.NumKinds]float64) []sim.Kind {
	var ks []sim.Kind
	for k, s := range shares {
		if s > 0 {
			ks = append(ks, sim.Kind(k))
		}
	}
	slices.SortStableFunc(ks, func(a, b sim.Kind) int {
		switch {
		case shares[a] > shares[b]:
			return -1
		case shares[a] < shares[b]:
			return 1
		}
		return 0
	})
	return ks
}
