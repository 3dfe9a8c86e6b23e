package movement

import (
	"fmt"
	"math"
	"time"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
	"github.com/scantrail/scantrail/sim/people"
)

// detour stretches straight-line distances to street distances.
const detour = 1.3

// stationReach is the farthest a station may be from a trip's end for the
// trip to use it.
const stationReach = 1500.0

// Planner makes the daily plans of a population. Plan may be called from
// many goroutines at once for different people; the per-person EPR memory
// is only touched by the goroutine planning that person.
type Planner struct {
	s    *scenarios.Scenario
	city *city.City
	pop  *people.Population

	start      time.Time
	workStart  int32
	schoolTime int32
	activity   []float64 // cumulative weights over kinds
	errands    []float64
	outingMix  []float64
	lunch      []float64
	known      [][]place
}

// place is a venue in a person's EPR memory with its visit count.
type place struct {
	venue  int32
	visits int32
}

// NewPlanner prepares plans for the population of city c under scenario s.
func NewPlanner(s *scenarios.Scenario, c *city.City, pop *people.Population) (*Planner, error) {
	start, err := s.StartDate()
	if err != nil {
		return nil, err
	}
	work, err := scenarios.ParseClock(s.Movement.WorkStart)
	if err != nil {
		return nil, fmt.Errorf("movement: work_start: %w", err)
	}
	school, err := scenarios.ParseClock(s.Movement.SchoolStart)
	if err != nil {
		return nil, fmt.Errorf("movement: school_start: %w", err)
	}
	pl := &Planner{
		s: s, city: c, pop: pop, start: start,
		workStart: int32(work), schoolTime: int32(school),
		activity: kindWeights(s.Movement.ActivityMix),
		errands:  kindWeights(s.Movement.ErrandMix),
		known:    make([][]place, len(pop.People)),
	}
	pl.outingMix = pl.activity
	pl.lunch = kindWeights(map[string]float64{"restaurant": 3, "cafe": 1})
	return pl, nil
}

// kindWeights turns a kind-name → weight map into cumulative weights
// indexed by kind.
func kindWeights(mix map[string]float64) []float64 {
	w := make([]float64, sim.NumKinds)
	for name, x := range mix {
		if k, ok := sim.ParseKind(name); ok {
			w[k] = x
		}
	}
	return sim.Cumulative(w)
}

// DayStart returns local midnight of day d, in Unix milliseconds.
func (pl *Planner) DayStart(d int) int64 {
	return pl.start.AddDate(0, 0, d).UnixMilli()
}

func (pl *Planner) weekend(d int) bool {
	wd := pl.start.AddDate(0, 0, d).Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// Shape is the part of a person's day that is fixed before planning: does
// the person go out, when do they leave home, and how many leisure
// activities do they mean to do.
type Shape struct {
	StayHome   bool
	Leave      int32
	Activities int
	Occupied   bool
}

// Shape returns the shape of person p's day d. It is a pure function of
// seed, person and day.
func (pl *Planner) Shape(p int32, d int) Shape {
	rng := sim.NewSource(pl.s.Seed, sim.LabelLeave, uint64(p), uint64(d))
	pp := &pl.pop.People[p]
	m := pl.s.Movement
	if pp.Occ != sim.NoOccupation && !pl.weekend(d) {
		begin := pl.workStart
		if pp.Occ == sim.Schooling {
			begin = pl.schoolTime
		}
		jitter := int32(math.Round(rng.NormFloat64() * m.StartJitterMin))
		leave := begin + jitter - pl.travelMinutes(pp.Home, pp.Workplace)
		return Shape{Leave: max(leave, 5*60), Occupied: true}
	}
	n := rng.Poisson(m.DayActivities)
	stay := n == 0 || (pp.Occ == sim.NoOccupation && !pl.weekend(d) && rng.Bernoulli(m.StayHome))
	leave := int32(9*60+30) + int32(math.Round(rng.NormFloat64()*60))
	return Shape{StayHome: stay, Leave: min(max(leave, 7*60), 11*60+30), Activities: n}
}

// NextLeave returns the minute, counted from midnight of day d, at which
// person p next leaves home after day d, looking ahead to the end of the
// run; a person who stays home to the end leaves at the run's end.
func (pl *Planner) NextLeave(p int32, d int) int32 {
	for next := d + 1; next < pl.s.Days; next++ {
		if sh := pl.Shape(p, next); !sh.StayHome {
			return int32(next-d)*1440 + sh.Leave
		}
	}
	return int32(pl.s.Days-d) * 1440
}

// travelMinutes is the door-to-door time between two venues: on foot up
// to walk_max_m, otherwise ten minutes to reach and wait for transit plus
// the ride.
func (pl *Planner) travelMinutes(a, b int32) int32 {
	d := pl.city.Distance(a, b) * detour
	m := pl.s.Movement
	if d <= m.WalkMaxM*detour {
		return int32(math.Ceil(d / (m.WalkKMH * 1000 / 60)))
	}
	return 10 + int32(math.Ceil(d/(m.TransitKMH*1000/60)))
}
