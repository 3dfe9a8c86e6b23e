package sim_test

import (
	"fmt"

	"github.com/scantrail/scantrail/sim"
)

// Every random decision draws from a stream named by the seed and the ids
// it concerns, so a person's day is the same however work is scheduled.
func ExampleNewSource() {
	const seed, person, day = 1, 42, 3
	a := sim.NewSource(seed, sim.LabelMove, person, day)
	b := sim.NewSource(seed, sim.LabelMove, person, day)
	fmt.Println(a.IntN(1000) == b.IntN(1000))
	fmt.Println(sim.Kind(sim.Cafe).Family())
	// Output:
	// true
	// commercial
}
