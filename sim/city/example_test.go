package city_test

import (
	"fmt"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
)

// A synthetic city has venues of every kind the scenario asks for, and a
// spatial index that draws venues near a point.
func ExampleSynthetic() {
	s, _ := scenarios.Default()
	c, err := city.Synthetic(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("restaurants:", len(c.ByKind[sim.Restaurant]))
	fmt.Println("housing compounds:", len(c.ByKind[sim.HousingCompound]))
	v := c.Index().Explore(sim.Cafe, c.Width/2, c.Height/2, sim.NewSource(1))
	fmt.Println("explored a", c.Venues[v].Kind)
	// Output:
	// restaurants: 20
	// housing compounds: 13
	// explored a cafe
}
