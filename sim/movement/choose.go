package movement

import (
	"math"

	"github.com/scantrail/scantrail/sim"
)

// choose applies the EPR rule for person p at venue at: explore a new
// venue with probability ρ·S^-γ (S the number of places the person knows),
// otherwise return to a known venue in proportion to past visits.
func (pl *Planner) choose(p, at int32, mix []float64, rng *sim.Source) int32 {
	known := pl.known[p]
	epr := pl.s.Movement.EPR
	explore := len(known) == 0 ||
		rng.Float64() < epr.Rho*math.Pow(float64(len(known)), -epr.Gamma)
	if !explore {
		if v := returnTo(known, mix, pl, rng); v >= 0 {
			return v
		}
	}
	k := sim.Kind(rng.Pick(mix))
	v := &pl.city.Venues[at]
	return pl.city.Index().Explore(k, v.X, v.Y, rng)
}

// returnTo draws a known venue whose kind is in the mix, in proportion to
// its visit count, or returns -1.
func returnTo(known []place, mix []float64, pl *Planner, rng *sim.Source) int32 {
	total := int32(0)
	for _, k := range known {
		if inMix(mix, pl.city.Venues[k.venue].K) {
			total += k.visits
		}
	}
	if total == 0 {
		return -1
	}
	x := rng.Int32N(total)
	for _, k := range known {
		if !inMix(mix, pl.city.Venues[k.venue].K) {
			continue
		}
		if x < k.visits {
			return k.venue
		}
		x -= k.visits
	}
	return -1
}

func inMix(cum []float64, k sim.Kind) bool {
	prev := 0.0
	if k > 0 {
		prev = cum[k-1]
	}
	return cum[k] > prev
}

// remember counts a visit of p to v in p's EPR memory.
func (pl *Planner) remember(p, v int32) {
	for i := range pl.known[p] {
		if pl.known[p][i].venue == v {
			pl.known[p][i].visits++
			return
		}
	}
	pl.known[p] = append(pl.known[p], place{venue: v, visits: 1})
}

// Known returns the number of distinct leisure venues person p has visited
// so far (S in the EPR model).
func (pl *Planner) Known(p int32) int { return len(pl.known[p]) }

// leisureMinutes draws a stay from the EPR waiting-time law
// P(Δt) ∝ Δt^(-1-β)·exp(-Δt/τ), truncated to [20 min, limit]: a truncated
// Pareto draw accepted with probability exp(-(Δt-20)/τ).
func (pl *Planner) leisureMinutes(rng *sim.Source, limit int32) int32 {
	const lo = 20.0
	hi := float64(max(limit, 21))
	epr := pl.s.Movement.EPR
	beta, tau := epr.Beta, epr.TauHours*60
	a, c := math.Pow(lo, -beta), math.Pow(hi, -beta)
	for try := 0; try < 16; try++ {
		x := math.Pow(a-rng.Float64()*(a-c), -1/beta)
		if rng.Float64() < math.Exp(-(x-lo)/tau) {
			return int32(x)
		}
	}
	return int32(lo)
}

// transit adds the station entry and exit stops of a trip from (x0, y0)
// to (x1, y1) that takes total minutes: by metro or bus when a station of
// that mode is within reach of both ends, otherwise by other means (taxi,
// bicycle), which leave no station stop.
func (b *builder) transit(x0, y0, x1, y1 float64, total int32) {
	ix := b.pl.city.Index()
	metroIn, dm0 := ix.Nearest(sim.MetroStation, x0, y0)
	metroOut, dm1 := ix.Nearest(sim.MetroStation, x1, y1)
	busIn, db0 := ix.Nearest(sim.BusStop, x0, y0)
	busOut, db1 := ix.Nearest(sim.BusStop, x1, y1)
	metro := metroIn != metroOut && dm0 < stationReach && dm1 < stationReach
	bus := busIn != busOut && db0 < stationReach && db1 < stationReach

	in, out := metroIn, metroOut
	switch {
	case bus && (!metro || b.rng.Bernoulli(b.pl.s.Movement.BusShare)):
		in, out = busIn, busOut
	case !metro:
		return
	}
	enter := b.t + min(4, total/4)
	leave := b.t + total - min(4, total/4)
	b.out = append(b.out,
		Stop{Venue: in, Arrive: enter, Depart: enter + 1, Role: RoleEntry},
		Stop{Venue: out, Arrive: leave - 1, Depart: leave, Role: RoleExit})
}
