package movement

import (
	"math"
	"slices"

	"github.com/scantrail/scantrail/sim"
)

// Plan appends to out the stops of person p on day d and returns it. The
// person's shared outings are events[i] for i in mine. The last stop is
// the return home, which lasts until the next morning's departure.
func (pl *Planner) Plan(p int32, d int, events []Event, mine []int32,
	rng *sim.Source, out []Stop) []Stop {
	sh := pl.Shape(p, d)
	if sh.StayHome {
		return out
	}
	rng.Reseed(pl.s.Seed, sim.LabelMove, uint64(p), uint64(d))
	pp := &pl.pop.People[p]
	b := builder{pl: pl, p: p, rng: rng, out: out, at: pp.Home, t: sh.Leave}
	b.group = sortedEvents(events, mine)

	if sh.Occupied {
		b.workday(pp.Workplace, pp.Occ == sim.Working)
	} else {
		b.freeDay(sh.Activities)
	}
	b.remainingEvents()
	b.goTo(pp.Home, 0, RoleHome)
	b.stay(pl.NextLeave(p, d) - b.t)
	return b.out
}

func sortedEvents(events []Event, mine []int32) []*Event {
	evs := make([]*Event, 0, len(mine))
	for _, i := range mine {
		evs = append(evs, &events[i])
	}
	slices.SortFunc(evs, func(a, b *Event) int { return int(a.Start - b.Start) })
	return evs
}

// builder accumulates one person-day of stops: at is where the person is
// and t the current minute.
type builder struct {
	pl    *Planner
	p     int32
	rng   *sim.Source
	out   []Stop
	at    int32
	t     int32
	group []*Event
}

// workday is a day of work or school: the trip in, lunch out for some
// workers, the working hours, then errands, an evening out or a friends'
// meetup.
func (b *builder) workday(work int32, working bool) {
	m := b.pl.s.Movement
	hours := m.SchoolHours
	if working {
		hours = m.WorkHours
	}
	b.goTo(work, 0, RoleWork)
	end := b.t + int32(hours*60+b.rng.NormFloat64()*20)

	if working && b.rng.Bernoulli(m.LunchOut) {
		lunch := int32(12*60 + b.rng.IntN(45))
		b.stay(lunch - b.t)
		b.activity(b.pl.lunch, 30+b.rng.Int32N(30))
		b.goTo(work, 0, RoleWork)
	}
	b.stay(end - b.t)

	if b.rng.Bernoulli(m.Errand) {
		b.activity(b.pl.errands, 15+b.rng.Int32N(30))
	}
	if b.nextEvent() == nil && b.rng.Bernoulli(m.EveningOut) {
		b.activity(b.pl.activity, b.pl.leisureMinutes(b.rng, 180))
	}
}

// freeDay chains n leisure activities, sometimes going home between them,
// and joins the day's shared outings when their time comes.
func (b *builder) freeDay(n int) {
	for i := 0; i < n && b.t < 22*60; i++ {
		if ev := b.nextEvent(); ev != nil &&
			b.t+60 > ev.Start-b.pl.travelMinutes(b.at, ev.Venue) {
			b.join(ev)
			continue
		}
		limit := int32(240)
		if ev := b.nextEvent(); ev != nil {
			limit = min(limit, ev.Start-b.t-60)
		}
		b.activity(b.pl.activity, b.pl.leisureMinutes(b.rng, limit))
		if i < n-1 && b.rng.Bernoulli(0.3) {
			b.goTo(b.pl.pop.People[b.p].Home, 0, RoleHome)
			b.stay(30 + b.rng.Int32N(90))
		}
	}
}

// remainingEvents joins the shared outings not yet reached.
func (b *builder) remainingEvents() {
	for ev := b.nextEvent(); ev != nil; ev = b.nextEvent() {
		b.join(ev)
	}
}

// nextEvent returns the first shared outing that can still be reached.
func (b *builder) nextEvent() *Event {
	for len(b.group) > 0 {
		ev := b.group[0]
		if ev.End-30 > b.t+b.pl.travelMinutes(b.at, ev.Venue) {
			return ev
		}
		b.group = b.group[1:]
	}
	return nil
}

// join travels to a shared outing, arriving at its start (or as soon as
// possible) and leaving at its end.
func (b *builder) join(ev *Event) {
	b.group = b.group[1:]
	leave := ev.Start - b.pl.travelMinutes(b.at, ev.Venue)
	if !b.canWait(leave) {
		b.goTo(b.pl.pop.People[b.p].Home, 0, RoleHome)
		leave = ev.Start - b.pl.travelMinutes(b.at, ev.Venue)
	}
	b.stay(leave - b.t)
	b.goTo(ev.Venue, ev.Group, RoleVisit)
	b.stay(ev.End + b.rng.Int32N(4) - b.t)
}

// canWait reports whether the person may stay where they are until the
// given minute: the venue must still be open then.
func (b *builder) canWait(until int32) bool {
	n := len(b.out)
	if n == 0 || until <= b.t {
		return true
	}
	return b.pl.city.Venues[b.out[n-1].Venue].OpenAt(b.out[n-1].Arrive, until)
}

// activity goes to a leisure venue of the mix, chosen by the EPR rule and
// open for the whole stay, and stays there. It does nothing when no open
// venue is found in a few draws.
func (b *builder) activity(mix []float64, length int32) {
	for try := 0; try < 4; try++ {
		v := b.pl.choose(b.p, b.at, mix, b.rng)
		if v < 0 {
			return
		}
		arrive := b.t + b.pl.travelMinutes(b.at, v)
		if b.pl.city.Venues[v].OpenAt(arrive, arrive+length) {
			b.pl.remember(b.p, v)
			b.goTo(v, 0, RoleVisit)
			b.stay(length)
			return
		}
	}
}

// stay extends the current stop by the given minutes (never backwards).
func (b *builder) stay(minutes int32) {
	if minutes > 0 {
		b.t += minutes
	}
	if n := len(b.out); n > 0 {
		b.out[n-1].Depart = b.t
	}
}

// goTo travels from the current venue to v, passing through stations when
// the trip is long, and opens a stop at v.
func (b *builder) goTo(v int32, group int64, role Role) {
	if v == b.at {
		return
	}
	total := b.pl.travelMinutes(b.at, v)
	from := &b.pl.city.Venues[b.at]
	to := &b.pl.city.Venues[v]
	if math.Hypot(from.X-to.X, from.Y-to.Y) > b.pl.s.Movement.WalkMaxM {
		b.transit(from.X, from.Y, to.X, to.Y, total)
	}
	b.t += total
	b.out = append(b.out, Stop{Venue: v, Arrive: b.t, Depart: b.t, Group: group, Role: role})
	b.at = v
}
