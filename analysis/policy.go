package analysis

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// This file applies the data holders' policies (sim.Route) to the records
// an adversary reads: retention, where records are stored, rotating
// pseudonyms, coarse places and times, places taken from reported
// positions with geo-indistinguishable noise, and k-anonymous cloaking.

// keepsRecords reports whether a route leaves person-level records on the
// holder's server: not under phone storage (the server holds only
// published venue-hours), not when codes are never logged, and not when
// the holder releases aggregates only.
func keepsRecords(rt sim.Route) bool {
	return (rt.Storage == "" || rt.Storage == "server") &&
		(rt.Release == "" || rt.Release == "records")
}

// NeedsPositions reports whether any holder of the scenario locates scans
// by the position the phone reported, so that Records must keep positions.
func NeedsPositions(s *scenarios.Scenario) bool {
	for _, h := range s.Holders {
		if h.Policy.LocateBy == "gps" {
			return true
		}
	}
	return false
}

func (r *Records) needsPositions(holders []string) bool {
	for _, rt := range r.Routes {
		if rt.LocateBy == "gps" && rt.Stream == string(sim.StreamScans) &&
			slices.Contains(holders, rt.Holder) {
			return true
		}
	}
	return false
}

// holding is one route as the view builder applies it.
type holding struct {
	rt         sim.Route
	labels     []string // account label per person
	identified bool
	rotates    bool
	rotated    map[uint64]int32 // account of a (person, day or venue), if rotating
	scope      string           // account label prefix: the holder's name under silos
	byPerson   []int32
	from       int32 // first minute the retention limit keeps
	bin        int32 // stored time unit in minutes
	place      scenarios.ResolutionSpec
	gps        bool
	noise      *sim.Source
	cloakK     int
}

// holdings prepares the routes of stream st to the holders.
func (b *viewBuilder) holdings(st sim.Stream, holders, named []string) []*holding {
	var hs []*holding
	end := b.w.To
	if end == 0 {
		end = int32(max(b.r.Days, 1)) * 1440
	}
	for _, rt := range b.r.routesTo(st, holders, named) {
		h := &holding{rt: rt, labels: b.r.accounts[rt.Holder],
			identified: revealing(rt, named) == 3, bin: timeBin(rt.Time),
			rotates: rt.Identifier == "daily" || rt.Identifier == "per_venue",
			gps:     rt.LocateBy == "gps" && st == sim.StreamScans, cloakK: int(rt.CloakingK)}
		h.from = math.MinInt32
		if rt.RetentionDays > 0 {
			h.from = end - rt.RetentionDays*1440
		}
		if rt.Silo {
			h.scope = rt.Holder + "/"
		}
		h.place, _ = scenarios.ParsePlace(cmp.Or(rt.Place, "venue"))
		if rt.GeoEpsilon > 0 && h.gps {
			h.noise = sim.NewSource(nameHash(rt.Holder), sim.LabelMitigation, uint64(b.r.start))
		}
		if h.rotates {
			h.rotated = map[uint64]int32{}
		}
		h.byPerson = make([]int32, len(h.labels))
		for i := range h.byPerson {
			h.byPerson[i] = -1
		}
		hs = append(hs, h)
	}
	return hs
}

// timeBin returns the minutes of a stored time unit.
func timeBin(unit string) int32 {
	switch unit {
	case "hour":
		return 60
	case "day":
		return 1440
	}
	return 1
}

func floorMod(a, b int32) int32 {
	return a - floorDiv(a, b)*b
}

func nameHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// PlanarLaplace draws the offset, in metres, that geo-indistinguishability
// at eps per metre adds to a position (Andrés et al., 2013): a uniform
// direction and a radius with density ε²·r·e^(−εr), the sum of two
// exponential draws of rate ε, so the mean shift is 2/ε.
func PlanarLaplace(eps float64, rng *sim.Source) (dx, dy float64) {
	r := (rng.ExpFloat64() + rng.ExpFloat64()) / eps
	theta := 2 * math.Pi * rng.Float64()
	return r * math.Cos(theta), r * math.Sin(theta)
}
