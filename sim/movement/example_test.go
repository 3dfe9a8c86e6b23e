package movement_test

import (
	"fmt"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
	"github.com/scantrail/scantrail/sim/movement"
	"github.com/scantrail/scantrail/sim/people"
)

// Plan gives one person's stops on one day; the last stop is home, until
// the next morning's departure.
func ExamplePlanner_Plan() {
	s, _ := scenarios.Default()
	s.Population.People = 500
	c, _ := city.Synthetic(s)
	pop := people.Build(s, c)
	pl, _ := movement.NewPlanner(s, c, pop)

	byPerson := make([][]int32, len(pop.People))
	events := pl.Events(0, byPerson)
	var worker int32
	for _, p := range pop.People {
		if p.Occ == sim.Working {
			worker = p.ID
			break
		}
	}
	stops := pl.Plan(worker, 0, events, byPerson[worker], sim.NewSource(), nil)
	last := stops[len(stops)-1]
	fmt.Println("ends at home:", last.Venue == pop.People[worker].Home)
	fmt.Println("went to work:", hasWork(stops, pop.People[worker].Workplace))
	// Output:
	// ends at home: true
	// went to work: true
}

func hasWork(stops []movement.Stop, work int32) bool {
	for _, st := range stops {
		if st.Role == movement.RoleWork && st.Venue == work {
			return true
		}
	}
	return false
}
