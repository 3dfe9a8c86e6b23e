package analysis

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/engine"
)

// Shared test fixtures. simulated runs the default scenario at a given size
// once per test binary and keeps its Records; handView builds a small view
// from hand-written observations.

var (
	simMu    sync.Mutex
	simCache = map[string]*Records{}
)

// simulated returns the Records of the default scenario (seed 1) with the
// given population and days, edited by edit (which must be nil or a
// deterministic function named by key).
func simulated(tb testing.TB, people, days int, key string,
	edit func(*scenarios.Scenario)) *Records {
	tb.Helper()
	simMu.Lock()
	defer simMu.Unlock()
	id := fmt.Sprintf("%d/%d/%s", people, days, key)
	if r, ok := simCache[id]; ok {
		return r
	}
	s, err := scenarios.Default()
	if err != nil {
		tb.Fatal(err)
	}
	s.Population.People, s.Days = people, days
	if edit != nil {
		edit(s)
	}
	start, err := s.StartDate()
	if err != nil {
		tb.Fatal(err)
	}
	r := NewRecords(start.UnixMilli())
	r.Positions = NeedsPositions(s)
	if _, err := engine.Run(context.Background(), s, r, engine.Options{}); err != nil {
		tb.Fatal(err)
	}
	simCache[id] = r
	return r
}

// handView builds a view from observations written as {account, venue,
// minute}; account a belongs to person a and is identified. Venues are
// numbered 0..venues-1 and placed 1 km apart on a line, district = venue/2.
func handView(venues int, obs ...[3]int32) *View {
	accounts := 0
	var os []Observation
	for _, o := range obs {
		accounts = max(accounts, int(o[0])+1)
		os = append(os, Observation{Account: o[0], Venue: o[1], Minute: o[2]})
	}
	acc := make([]Account, accounts)
	for i := range acc {
		acc[i] = Account{Label: fmt.Sprintf("ID%d", i), Person: int32(i), Identified: true}
	}
	vs := make([]sim.Venue, venues)
	for i := range vs {
		vs[i] = sim.Venue{ID: int32(i), X: float64(i) * 1000, District: int32(i / 2),
			K: sim.Restaurant, Kind: "restaurant", Family: "commercial"}
	}
	return NewView("hand", acc, vs, 1, os)
}
