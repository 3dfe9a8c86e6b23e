package scenarios_test

import (
	"fmt"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

func ExampleLoad() {
	s, src, err := scenarios.Load("default", []string{
		"population.people=2000",
		"sensors.qr.families.commercial.scan=0.4",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	posted, scan := s.Sensors.QR.For(sim.Cafe)
	fmt.Println(src.File, s.Population.People, posted, scan)

	_, _, err = scenarios.Load("", []string{"sensors.transit.tap=1.4"})
	fmt.Println(err)
	// Output:
	// embedded:default 2000 1 0.4
	// --set sensors.transit.tap=1.4: sensors.transit.tap: got 1.4, want a probability in [0, 1]
}

func ExampleParseHours() {
	for _, spec := range []string{"09:00-17:30", "24h", "22:00-02:00"} {
		open, close, err := scenarios.ParseHours(spec)
		fmt.Println(open, close, err)
	}
	// Output:
	// 540 1050 <nil>
	// 0 1440 <nil>
	// 0 0 got "22:00-02:00", want HH:MM-HH:MM with close after open (close may be 24:00), or 24h
}

func ExamplePayment_For() {
	s, err := scenarios.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	// A restaurant takes the commercial family's share of venues that
	// accept phones and its own purchase probability.
	r := s.Sensors.Payment.For(sim.Restaurant)
	fmt.Println(*r.Accepts, *r.Purchase, *r.AmountMedian)
	// Output:
	// 0.95 0.9 45
}

// A scenario turns defences on with --set overrides; ActiveMitigations
// says which are on, as the run summary prints them.
func ExampleScenario_ActiveMitigations() {
	s, _, err := scenarios.Load("default", []string{
		"mitigations.cash.share=0.3",
		"holders.0.retention_days=21",
		"holders.3.identifier=daily",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range s.ActiveMitigations() {
		fmt.Println(m)
	}
	// Output:
	// cash (share 0.3)
	// health_authority: retention 21 days
	// venue_operators: pseudonyms rotated daily
}
