package scenarios

import "math"

// Terms of the memory estimate, in MiB and KiB.
const (
	baseMemoryMB   = 64 // the program, its buffers and one day's records
	personMemoryKB = 3  // a person's plan, places seen and friends
	venueMemoryKB  = 1  // a venue and its place in the spatial index
	// attackMemoryKB is kept per person-day when attacks run: about 16
	// sensor records and 8 visits of 12 bytes each, and the view, merged
	// in place, and indexes built on them. Measured: 100,000 people over
	// 28 days with every attack held at most 1,923 MiB of live heap at a
	// garbage collection, 0.56 KiB per person-day beyond the engine's.
	attackMemoryKB = 0.6
)

// EstimatedMemoryMB estimates the peak resident memory, in MiB, of the
// streaming engine running this scenario:
//
//	64 + people·3/1024 + venues/1000
//
// that is 64 MiB for the program and one day's records, about 3 KiB per
// person and about 1 KiB per venue; the engine streams each day out
// before planning the next, so days do not count for it. When the scenario
// has adversaries and attacks, the records they read are kept in memory:
// add about 0.6 KiB per person-day. The venue count is estimated from the
// synthetic layout's parameters.
//
// TODO(scantrail): for city.layout file the venue count is estimated as if
// the city were synthetic; a large venue list can be underestimated.
func (s *Scenario) EstimatedMemoryMB() int {
	people := clean(float64(s.Population.People))
	mb := baseMemoryMB + people*personMemoryKB/1024 +
		s.estimatedVenues()*venueMemoryKB/1000
	if len(s.Adversaries) > 0 {
		mb += people * clean(float64(s.Days)) * attackMemoryKB / 1024
	}
	if !(mb < math.MaxInt32) {
		return math.MaxInt32
	}
	return int(mb)
}

// estimatedVenues estimates how many venues the synthetic city holds.
// Values that Validate rejects (negative, NaN, infinite) count as zero.
func (s *Scenario) estimatedVenues() float64 {
	c := s.City
	people := clean(float64(s.Population.People))
	n := 0.0
	for _, per := range c.VenuesPer10k {
		n += clean(per) * people / 10000
	}
	n += ratio(people/meanHousehold(s.Population.HouseholdSize),
		float64(c.HouseholdsPerCompound))
	n += ratio(people, float64(c.EmployeesPerWorkplace))

	side := clean(c.WidthKM) * 1000
	n += clean(float64(c.MetroLines)) * ratio(side, c.MetroSpacingM)
	stops := ratio(side, c.BusStopSpacingM)
	n += stops*stops + clean(float64(c.RailStations))
	return clean(n)
}

// clean returns x, or 0 when x is negative or NaN. An infinite x stays
// infinite, so that an estimate that overflows is refused as too large
// rather than counted as nothing.
func clean(x float64) float64 {
	if !(x >= 0) {
		return 0
	}
	return x
}

// meanHousehold returns the mean household size of a size distribution,
// or 1 when it has none.
func meanHousehold(shares []float64) float64 {
	mean := 0.0
	for i, x := range shares {
		mean += float64(i+1) * clean(x)
	}
	if !(mean >= 1) {
		return 1
	}
	return mean
}

// ratio returns a/b, or 0 when b is not positive.
func ratio(a, b float64) float64 {
	if !(b > 0) {
		return 0
	}
	return clean(a / b)
}
