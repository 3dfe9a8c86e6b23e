package people_test

import (
	"fmt"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim/city"
	"github.com/scantrail/scantrail/sim/people"
)

// Build draws households, occupations and friend groups; the same seed
// always draws the same population.
func ExampleBuild() {
	s, _ := scenarios.Default()
	s.Population.People = 1000
	c, _ := city.Synthetic(s)
	pop := people.Build(s, c)
	fmt.Println("people:", len(pop.People))
	fmt.Println("households:", len(pop.Households))
	fmt.Println("first person lives in venue", pop.People[0].Home)
	// Output:
	// people: 1000
	// households: 392
	// first person lives in venue 175
}
