package people

import (
	"math"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
)

func build(t testing.TB, people int) (*scenarios.Scenario, *Population) {
	t.Helper()
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	s.Population.People = people
	c, err := city.Synthetic(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, Build(s, c)
}

// within5SD reports whether k of n is within five binomial standard
// deviations of n·p.
func within5SD(k, n int, p float64) bool {
	return math.Abs(float64(k)-float64(n)*p) <= math.Max(5*math.Sqrt(float64(n)*p*(1-p)), 2)
}

func TestAgeBandsMatchShares(t *testing.T) {
	s, pop := build(t, 40000)
	a := s.Population.AgeBands
	want := map[sim.AgeBand]float64{sim.Child: a.Child, sim.Student: a.Student,
		sim.Adult: a.Adult, sim.Senior: a.Senior}
	got := map[sim.AgeBand]int{}
	for _, p := range pop.People {
		got[p.Age]++
	}
	for band, p := range want {
		if !within5SD(got[band], len(pop.People), p) {
			t.Errorf("%s: got %d of %d, want share %g", band, got[band], len(pop.People), p)
		}
	}
}

// Household sizes follow the configured distribution; only the last
// household may be cut short to make the population exact.
func TestHouseholdSizes(t *testing.T) {
	s, pop := build(t, 40000)
	counts := make([]int, len(s.Population.HouseholdSize)+1)
	total, people := 0, 0
	for i, h := range pop.Households {
		people += int(h.Size)
		if i == len(pop.Households)-1 {
			continue
		}
		counts[h.Size]++
		total++
		if int(h.Size) != len(pop.Members[i]) {
			t.Fatalf("household %d: size %d, %d members", i, h.Size, len(pop.Members[i]))
		}
	}
	if people != 40000 {
		t.Errorf("households hold %d people, want 40000", people)
	}
	for size, p := range s.Population.HouseholdSize {
		if !within5SD(counts[size+1], total, p) {
			t.Errorf("size %d: %d of %d households, want share %g", size+1, counts[size+1], total, p)
		}
	}
}

func TestEveryHouseholdHasAHead(t *testing.T) {
	_, pop := build(t, 5000)
	for h, members := range pop.Members {
		head := pop.People[members[0]].Age
		if head != sim.Adult && head != sim.Senior {
			t.Fatalf("household %d headed by a %s", h, head)
		}
		for _, m := range members {
			if pop.People[m].Household != int32(h) || pop.People[m].Home != pop.Households[h].Home {
				t.Fatalf("person %d not placed in household %d", m, h)
			}
		}
	}
}

func TestOccupationsAndEquipment(t *testing.T) {
	s, pop := build(t, 40000)
	var adults, working, phones, cards int
	var phoneWant float64
	for _, p := range pop.People {
		switch {
		case p.Age == sim.Adult:
			adults++
			working += b2i(p.Occ == sim.Working)
		case p.Age == sim.Student && p.Occ != sim.Schooling:
			t.Fatalf("student %d has occupation %s", p.ID, p.Occ)
		case p.Age == sim.Child && p.Occ != sim.NoOccupation:
			t.Fatalf("child %d has occupation %s", p.ID, p.Occ)
		}
		if p.Occ != sim.NoOccupation && p.Workplace < 0 {
			t.Fatalf("person %d works or studies nowhere", p.ID)
		}
		phones += b2i(p.Smartphone)
		phoneWant += bandShare(s.Population.Smartphone, p.Age)
		cards += b2i(p.Card != 0)
	}
	if !within5SD(working, adults, s.Population.Employment) {
		t.Errorf("%d of %d adults work, want share %g", working, adults, s.Population.Employment)
	}
	// Smartphone ownership is a sum of Bernoulli draws with per-band
	// probabilities; its variance is at most n/4.
	if n := float64(len(pop.People)); math.Abs(float64(phones)-phoneWant) > 5*math.Sqrt(n/4) {
		t.Errorf("%d smartphones, want about %.0f", phones, phoneWant)
	}
	if !within5SD(cards, len(pop.People), s.Sensors.Transit.CardOwners) {
		t.Errorf("%d card owners of %d, want share %g", cards, len(pop.People), s.Sensors.Transit.CardOwners)
	}
}

func TestFriendGroups(t *testing.T) {
	s, pop := build(t, 20000)
	f := s.Population.Friends
	memberships := 0
	for g, members := range pop.Groups {
		if len(members) < f.MinSize || len(members) > f.MaxSize {
			t.Fatalf("group %d has %d members, want %d to %d", g, len(members), f.MinSize, f.MaxSize)
		}
		seen := map[int32]bool{}
		for _, m := range members {
			if seen[m] {
				t.Fatalf("group %d lists person %d twice", g, m)
			}
			seen[m] = true
			if pop.People[m].Age == sim.Child {
				t.Fatalf("group %d includes child %d", g, m)
			}
		}
		memberships += len(members)
	}
	eligible := 0
	for _, p := range pop.People {
		eligible += b2i(p.Age != sim.Child)
	}
	// The group count is rounded per band, so the mean is exact to within
	// a group per band.
	got := float64(memberships) / float64(eligible)
	if math.Abs(got-f.GroupsPerPerson) > 0.02 {
		t.Errorf("%.3f memberships per eligible person, want %g", got, f.GroupsPerPerson)
	}
	if len(pop.Friendships) != memberships {
		t.Errorf("%d friendship rows, want %d", len(pop.Friendships), memberships)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	_, a := build(t, 3000)
	_, b := build(t, 3000)
	for i := range a.People {
		pa, pb := a.People[i], b.People[i]
		if pa.Home != pb.Home || pa.Workplace != pb.Workplace || pa.Card != pb.Card || pa.Age != pb.Age {
			t.Fatalf("person %d differs between two builds: %+v vs %+v", i, pa, pb)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
