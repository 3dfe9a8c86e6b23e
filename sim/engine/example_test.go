package engine_test

import (
	"context"
	"fmt"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/engine"
)

// counter is a sim.Sink that counts what it is given.
type counter struct{ days, visits int }

func (c *counter) Static(*sim.Static) error { return nil }

func (c *counter) Day(d *sim.Day) error {
	c.days++
	c.visits += len(d.Visits)
	return nil
}

// Run streams a scenario, one day at a time, to any sink.
func ExampleRun() {
	s, _ := scenarios.Default()
	s.Population.People, s.Days = 300, 2
	var c counter
	if _, err := engine.Run(context.Background(), s, &c, engine.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("days:", c.days, "visits recorded:", c.visits > 0)
	// Output:
	// days: 2 visits recorded: true
}
