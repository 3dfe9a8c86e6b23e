package movement

import (
	"github.com/scantrail/scantrail/sim"
)

// Event is a shared outing: the members of a household or a friend group
// meet at a venue from Start to End (minutes of the day).
type Event struct {
	Venue   int32
	Start   int32
	End     int32
	Group   int64
	Members []int32
}

// Group ids encode the day, whether the outing is a household's or a
// friend group's, and which one, so they are unique across a run.
func groupID(day int, friends bool, id int32) int64 {
	kind := int64(1)
	if friends {
		kind = 2
	}
	return int64(day+1)<<33 | kind<<31 | int64(id)
}

// Events draws the day's shared outings: households on weekend days with
// probability household_outing, friend groups on weekend days and weekday
// evenings with probability friend_meetup. It also fills byPerson with the
// indexes of each person's events, in order of start.
func (pl *Planner) Events(day int, byPerson [][]int32) []Event {
	for i := range byPerson {
		byPerson[i] = byPerson[i][:0]
	}
	var events []Event
	weekend := pl.weekend(day)
	rng := sim.NewSource()
	if weekend {
		for h, members := range pl.pop.Members {
			rng.Reseed(pl.s.Seed, sim.LabelHousehold, uint64(h), uint64(day))
			if len(members) < 2 || !rng.Bernoulli(pl.s.Movement.HouseholdOuting) {
				continue
			}
			home := pl.pop.Households[h].Home
			start := int32(11*60 + rng.IntN(5*60))
			ev := pl.outing(home, start, 90+int32(rng.IntN(90)), rng)
			ev.Group, ev.Members = groupID(day, false, int32(h)), members
			events = append(events, ev)
		}
	}
	for g, members := range pl.pop.Groups {
		rng.Reseed(pl.s.Seed, sim.LabelFriends, uint64(g), uint64(day))
		if !rng.Bernoulli(pl.s.Movement.FriendMeetup) {
			continue
		}
		start := int32(19*60 + rng.IntN(30))
		if weekend {
			start = int32(14*60 + rng.IntN(6*60))
		}
		home := pl.pop.People[members[0]].Home
		ev := pl.outing(home, start, 90+int32(rng.IntN(60)), rng)
		ev.Group, ev.Members = groupID(day, true, int32(g)), members
		events = append(events, ev)
	}
	for i := range events {
		if events[i].Venue < 0 {
			continue
		}
		for _, m := range events[i].Members {
			byPerson[m] = append(byPerson[m], int32(i))
		}
	}
	return events
}

// outing picks a leisure venue near home that is open for the whole
// outing, trying a few draws before giving up (Venue -1).
func (pl *Planner) outing(home int32, start, length int32, rng *sim.Source) Event {
	v := &pl.city.Venues[home]
	ev := Event{Venue: -1, Start: start, End: start + length}
	for try := 0; try < 4; try++ {
		k := sim.Kind(rng.Pick(pl.outingMix))
		id := pl.city.Index().Explore(k, v.X, v.Y, rng)
		if id >= 0 && pl.city.Venues[id].OpenAt(start, start+length) {
			ev.Venue = id
			return ev
		}
	}
	return ev
}
