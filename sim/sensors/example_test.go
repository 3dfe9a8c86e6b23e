package sensors_test

import (
	"fmt"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/movement"
	"github.com/scantrail/scantrail/sim/sensors"
)

// A metro trip passes two station gates: with a tap rate of 1 both reads
// are recorded, on the same card.
func ExampleSensors_Record() {
	s, _ := scenarios.Default()
	se := sensors.New(s, nil, 100)
	venues := []sim.Venue{
		{ID: 0, K: sim.MetroStation, Closes: 1440},
		{ID: 1, K: sim.MetroStation, Closes: 1440},
	}
	stops := []movement.Stop{
		{Venue: 0, Arrive: 480, Depart: 481, Role: movement.RoleEntry},
		{Venue: 1, Arrive: 500, Depart: 501, Role: movement.RoleExit},
	}
	var day sim.Day
	se.Record(&sim.Person{ID: 7, Card: 42}, stops, 0, 0, venues, sim.NewSource(1), &day)
	for _, t := range day.Taps {
		fmt.Println(t.Card, t.Venue, t.Entry)
	}
	// Output:
	// 42 0 true
	// 42 1 false
}
