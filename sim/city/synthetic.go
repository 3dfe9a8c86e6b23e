package city

import (
	"fmt"
	"math"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// Synthetic lays out a square city for the scenario: venues of each kind in
// proportion to the population, a share of them clustered in a dense
// centre, metro lines crossing the centre, a bus-stop grid, and enough
// housing compounds and workplaces for the expected households and workers.
// The layout depends only on the scenario and its seed.
func Synthetic(s *scenarios.Scenario) (*City, error) {
	w := s.City.WidthKM * 1000
	c := &City{Width: w, Height: w, DistrictsPerSide: s.City.DistrictsPerSide}
	c.originLat, c.originLon = originOf(s.City.CentreLat, s.City.CentreLon, w, w)
	c.cosRef = math.Cos(s.City.CentreLat * math.Pi / 180)
	rng := sim.NewSource(s.Seed, sim.LabelCity)

	c.addTransit(s, rng)
	c.addServices(s, rng)
	c.addHomesAndWork(s, rng)
	if err := c.finish(s, rng); err != nil {
		return nil, err
	}
	return c, nil
}

// originOf returns the south-west corner of a w×h metre box centred on the
// given point.
func originOf(lat, lon, w, h float64) (float64, float64) {
	cos := math.Cos(lat * math.Pi / 180)
	return lat - h/2/metresPerDegree, lon - w/2/(metresPerDegree*cos)
}

// addTransit lays metro lines through the centre at evenly spread angles,
// a jittered bus-stop grid, and rail stations near the edge.
func (c *City) addTransit(s *scenarios.Scenario, rng *sim.Source) {
	cx, cy := c.Width/2, c.Height/2
	half := c.Width / 2
	for line := 0; line < s.City.MetroLines; line++ {
		angle := math.Pi * float64(line) / float64(s.City.MetroLines)
		offset := (float64(line%2)*2 - 1) * s.City.MetroSpacingM / 2 * float64(line/2)
		dx, dy := math.Cos(angle), math.Sin(angle)
		n := 0
		for t := -half; t <= half; t += s.City.MetroSpacingM {
			x := cx + t*dx - offset*dy
			y := cy + t*dy + offset*dx
			if x < 0 || y < 0 || x > c.Width || y > c.Height {
				continue
			}
			n++
			c.add(sim.MetroStation, fmt.Sprintf("metro line %d stop %d", line+1, n), x, y)
		}
	}

	step := s.City.BusStopSpacingM
	for y := step / 2; y < c.Height; y += step {
		for x := step / 2; x < c.Width; x += step {
			jx := (rng.Float64() - 0.5) * 0.3 * step
			jy := (rng.Float64() - 0.5) * 0.3 * step
			c.add(sim.BusStop, "", clamp(x+jx, 0, c.Width), clamp(y+jy, 0, c.Height))
		}
	}

	for i := 0; i < s.City.RailStations; i++ {
		a := rng.Float64() * 2 * math.Pi
		r := half * (0.6 + 0.3*rng.Float64())
		c.add(sim.RailStation, "", cx+r*math.Cos(a), cy+r*math.Sin(a))
	}
}

// addServices places the commercial and government venues.
func (c *City) addServices(s *scenarios.Scenario, rng *sim.Source) {
	people := float64(s.Population.People)
	for _, k := range sim.Kinds() {
		f := k.Family()
		if f != sim.Commercial && f != sim.Government {
			continue
		}
		per := s.City.VenuesPer10k[k.String()]
		n := int(math.Round(per * people / 10000))
		if per > 0 && n == 0 {
			n = 1
		}
		for i := 0; i < n; i++ {
			x, y := c.place(s, s.City.CentreShare, rng)
			c.add(k, "", x, y)
		}
	}
}

// addHomesAndWork places the housing compounds and workplaces the expected
// population needs.
func (c *City) addHomesAndWork(s *scenarios.Scenario, rng *sim.Source) {
	p := s.Population
	households := float64(p.People) / meanHouseholdSize(p.HouseholdSize)
	compounds := int(math.Ceil(households / float64(s.City.HouseholdsPerCompound)))
	for i := 0; i < max(compounds, 1); i++ {
		x, y := c.place(s, s.City.CentreShare*0.4, rng)
		c.add(sim.HousingCompound, "", x, y)
	}

	workers := float64(p.People) * (p.AgeBands.Adult*p.Employment +
		p.AgeBands.Senior*p.SeniorEmployment)
	places := int(math.Ceil(workers / float64(s.City.EmployeesPerWorkplace)))
	for i := 0; i < max(places, 1); i++ {
		k := sim.Office
		if rng.Bernoulli(s.City.FactoryShare) {
			k = sim.Factory
		}
		x, y := c.place(s, math.Min(1, s.City.CentreShare+0.1), rng)
		c.add(k, "", x, y)
	}
}

// place draws a position: with probability centre from a normal around the
// centre, otherwise uniform over the city.
func (c *City) place(s *scenarios.Scenario, centre float64, rng *sim.Source) (float64, float64) {
	if rng.Bernoulli(centre) {
		r := s.City.CentreRadiusKM * 1000
		x := c.Width/2 + rng.NormFloat64()*r
		y := c.Height/2 + rng.NormFloat64()*r
		return clamp(x, 0, c.Width), clamp(y, 0, c.Height)
	}
	return rng.Float64() * c.Width, rng.Float64() * c.Height
}

// meanHouseholdSize returns the mean of the household size distribution
// whose i-th entry is the probability of size i+1.
func meanHouseholdSize(p []float64) float64 {
	m := 0.0
	for i, q := range p {
		m += float64(i+1) * q
	}
	if m <= 0 {
		return 1
	}
	return m
}
