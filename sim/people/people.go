package people

import (
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
)

// Population is everyone who lives in the city, with the groups they go
// out with.
type Population struct {
	People     []sim.Person
	Households []sim.Household
	// Members lists the person ids of each household.
	Members [][]int32
	// Groups lists the person ids of each friend group.
	Groups [][]int32
	// Friendships is Groups as table rows.
	Friendships []sim.Friendship
}

// Build draws the population of scenario s in city c. It depends only on
// the scenario and its seed.
func Build(s *scenarios.Scenario, c *city.City) *Population {
	rng := sim.NewSource(s.Seed, sim.LabelPeople)
	p := &Population{People: make([]sim.Person, s.Population.People)}

	bands := drawBands(s.Population.People, s.Population.AgeBands, rng)
	p.formHouseholds(s, c, bands, rng)
	for i := range p.People {
		p.equip(&p.People[i], s, c, rng)
	}
	p.formFriendGroups(s.Population.Friends, rng)
	p.adopt(s)
	return p
}

// drawBands draws an age band for each of n people.
func drawBands(n int, shares scenarios.AgeShares, rng *sim.Source) []sim.AgeBand {
	cum := sim.Cumulative([]float64{shares.Child, shares.Student, shares.Adult, shares.Senior})
	bands := make([]sim.AgeBand, n)
	for i := range bands {
		bands[i] = sim.AgeBand(rng.Pick(cum))
	}
	return bands
}

// formHouseholds splits the people into households of drawn sizes, each
// headed by an adult or senior where enough of them exist, and places each
// household in a housing compound drawn uniformly.
func (p *Population) formHouseholds(s *scenarios.Scenario, c *city.City,
	bands []sim.AgeBand, rng *sim.Source) {
	heads, others := splitHeads(bands, rng)
	sizeCum := sim.Cumulative(s.Population.HouseholdSize)
	compounds := c.ByKind[sim.HousingCompound]

	next := 0
	for left := len(bands); left > 0; {
		size := min(rng.Pick(sizeCum)+1, left)
		hh := int32(len(p.Households))
		home := compounds[rng.IntN(len(compounds))]
		p.Households = append(p.Households, sim.Household{ID: hh, Home: home, Size: int32(size)})

		members := make([]int32, 0, size)
		for j := 0; j < size; j++ {
			var band sim.AgeBand
			if j == 0 && len(heads) > 0 {
				band, heads = heads[len(heads)-1], heads[:len(heads)-1]
			} else if len(others) > 0 {
				band, others = others[len(others)-1], others[:len(others)-1]
			} else {
				band, heads = heads[len(heads)-1], heads[:len(heads)-1]
			}
			id := int32(next)
			next++
			p.People[id] = sim.Person{ID: id, Household: hh, Home: home, Age: band}
			members = append(members, id)
		}
		p.Members = append(p.Members, members)
		left -= size
	}
}

// splitHeads shuffles the bands and splits them into adults and seniors
// (who can head a household) and the rest.
func splitHeads(bands []sim.AgeBand, rng *sim.Source) (heads, others []sim.AgeBand) {
	for _, b := range bands {
		if b == sim.Adult || b == sim.Senior {
			heads = append(heads, b)
		} else {
			others = append(others, b)
		}
	}
	rng.Shuffle(len(heads), func(i, j int) { heads[i], heads[j] = heads[j], heads[i] })
	rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	return heads, others
}

// equip gives a person an occupation and its venue, a smartphone or not, a
// payment habit and a transit card or not.
func (p *Population) equip(pp *sim.Person, s *scenarios.Scenario, c *city.City, rng *sim.Source) {
	pop := s.Population
	home := &c.Venues[pp.Home]
	pp.Occ, pp.Workplace = sim.NoOccupation, -1
	switch {
	case pp.Age == sim.Student:
		pp.Occ = sim.Schooling
		pp.Workplace = c.Index().Explore(sim.School, home.X, home.Y, rng)
	case pp.Age == sim.Adult && rng.Bernoulli(pop.Employment),
		pp.Age == sim.Senior && rng.Bernoulli(pop.SeniorEmployment):
		pp.Occ = sim.Working
		pp.Workplace = exploreWorkplace(c, home.X, home.Y, rng)
	}
	if pp.Workplace < 0 {
		pp.Occ = sim.NoOccupation
	}

	pp.Smartphone = rng.Bernoulli(bandShare(pop.Smartphone, pp.Age))
	habits := sim.Cumulative([]float64{pop.PaymentHabits.Phone, pop.PaymentHabits.Mixed,
		pop.PaymentHabits.Cash})
	pp.Pay = sim.PaymentHabit(rng.Pick(habits))
	if rng.Bernoulli(s.Sensors.Transit.CardOwners) {
		pp.Card = CardID(s.Seed, pp.ID)
	}

	pp.AgeBand, pp.Occupation, pp.Habit = pp.Age.String(), pp.Occ.String(), pp.Pay.String()
}

// exploreWorkplace draws an office or a factory, the kind in proportion to
// how many the city has.
func exploreWorkplace(c *city.City, x, y float64, rng *sim.Source) int32 {
	offices, factories := len(c.ByKind[sim.Office]), len(c.ByKind[sim.Factory])
	if offices+factories == 0 {
		return -1
	}
	k := sim.Office
	if rng.IntN(offices+factories) >= offices {
		k = sim.Factory
	}
	return c.Index().Explore(k, x, y, rng)
}

// bandShare returns the value of a per-band setting for band b.
func bandShare(a scenarios.AgeShares, b sim.AgeBand) float64 {
	return [...]float64{a.Child, a.Student, a.Adult, a.Senior}[b]
}

// CardID returns the id of person's stored-value transit card: a stable
// positive number that reveals nothing of the person id by itself.
func CardID(seed uint64, person int32) int64 {
	return int64(sim.Mix(seed, sim.LabelPeople, 0xcad, uint64(person))>>2) | 1
}

// formFriendGroups draws friend groups among students, adults and seniors.
// The number of groups makes the mean memberships per eligible person
// equal to f.GroupsPerPerson; members of a group share an age band where
// possible, as friends mostly do.
func (p *Population) formFriendGroups(f scenarios.Friends, rng *sim.Source) {
	byBand := make([][]int32, 4)
	for _, pp := range p.People {
		if pp.Age != sim.Child {
			byBand[pp.Age] = append(byBand[pp.Age], pp.ID)
		}
	}
	meanSize := float64(f.MinSize+f.MaxSize) / 2
	for _, pool := range byBand {
		groups := int(float64(len(pool))*f.GroupsPerPerson/meanSize + 0.5)
		if len(pool) < f.MinSize {
			continue
		}
		for g := 0; g < groups; g++ {
			size := min(f.MinSize+rng.IntN(f.MaxSize-f.MinSize+1), len(pool))
			p.addGroup(pickDistinct(pool, size, rng))
		}
	}
}

func (p *Population) addGroup(members []int32) {
	id := int32(len(p.Groups))
	p.Groups = append(p.Groups, members)
	for _, m := range members {
		p.People[m].Groups = append(p.People[m].Groups, id)
		p.Friendships = append(p.Friendships, sim.Friendship{Group: id, Person: m})
	}
}

// pickDistinct draws k distinct ids from pool.
func pickDistinct(pool []int32, k int, rng *sim.Source) []int32 {
	out := make([]int32, 0, k)
	for len(out) < k {
		id := pool[rng.IntN(len(pool))]
		dup := false
		for _, o := range out {
			dup = dup || o == id
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out
}
