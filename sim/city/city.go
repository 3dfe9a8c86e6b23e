package city

import (
	"fmt"
	"math"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

const metresPerDegree = 111320.0

// City is a set of venues on a plane, with the indexes movement needs.
type City struct {
	// Venues holds every venue; a venue's ID is its index here.
	Venues []sim.Venue
	// Width and Height are the extent of the city in metres.
	Width, Height float64
	// DistrictsPerSide is the side of the district grid.
	DistrictsPerSide int
	// ByKind lists the venue ids of each kind.
	ByKind [sim.NumKinds][]int32

	originLat, originLon float64
	cosRef               float64 // cosine of the projection's latitude
	index                *Index
}

// Index returns the spatial index built by Finish.
func (c *City) Index() *Index { return c.index }

// Distance returns the straight-line distance in metres between two venues.
func (c *City) Distance(a, b int32) float64 {
	va, vb := &c.Venues[a], &c.Venues[b]
	return math.Hypot(va.X-vb.X, va.Y-vb.Y)
}

// LatLon converts plane coordinates to latitude and longitude by the
// equirectangular projection the city was laid out with; over a city's
// extent its error is well under a metre per kilometre.
func (c *City) LatLon(x, y float64) (lat, lon float64) {
	return c.originLat + y/metresPerDegree, c.originLon + x/(metresPerDegree*c.cosRef)
}

// add appends a venue of kind k at (x, y) and returns its id.
func (c *City) add(k sim.Kind, name string, x, y float64) int32 {
	id := int32(len(c.Venues))
	c.Venues = append(c.Venues, sim.Venue{
		ID: id, Name: name, K: k, X: x, Y: y,
		Kind: k.String(), Family: k.Family().String(),
	})
	c.ByKind[k] = append(c.ByKind[k], id)
	return id
}

// finish fills in every venue's derived fields (district, position on the
// globe, opening hours, attractiveness and sensor flags) and builds the
// spatial index. The draws come from rng in venue order.
func (c *City) finish(s *scenarios.Scenario, rng *sim.Source) error {
	hours, err := openingHours(s)
	if err != nil {
		return err
	}
	for i := range c.Venues {
		c.dress(&c.Venues[i], s, hours, rng)
	}
	c.index = newIndex(c, s.Movement.DistanceDecay)
	return nil
}

// dress sets the derived fields of one venue.
func (c *City) dress(v *sim.Venue, s *scenarios.Scenario, hours [sim.NumKinds][2]int32,
	rng *sim.Source) {
	v.District = c.district(v.X, v.Y)
	v.Lat, v.Lon = c.LatLon(v.X, v.Y)
	v.Opens, v.Closes = hours[v.K][0], hours[v.K][1]
	v.Attractiveness = math.Exp(rng.NormFloat64() * s.City.AttractivenessSigma)

	posted, _ := s.Sensors.QR.For(v.K)
	pay := s.Sensors.Payment.For(v.K)
	cam := s.Sensors.Camera.For(v.K)
	v.QRCode = rng.Bernoulli(posted)
	v.MobilePayment = rng.Bernoulli(*pay.Accepts)
	v.Camera = rng.Bernoulli(*cam.Coverage)
	if v.Name == "" {
		v.Name = fmt.Sprintf("%s %d", v.K, len(c.ByKind[v.K]))
	}
}

// district returns the district id of a point.
func (c *City) district(x, y float64) int32 {
	n := c.DistrictsPerSide
	col := clampInt(int(x/c.Width*float64(n)), 0, n-1)
	row := clampInt(int(y/c.Height*float64(n)), 0, n-1)
	return int32(row*n + col)
}

// openingHours parses the scenario's opening hours per kind; kinds it does
// not name are open round the clock.
func openingHours(s *scenarios.Scenario) ([sim.NumKinds][2]int32, error) {
	var h [sim.NumKinds][2]int32
	for _, k := range sim.Kinds() {
		h[k] = [2]int32{0, 1440}
		spec, ok := s.City.OpeningHours[k.String()]
		if !ok {
			continue
		}
		open, close, err := scenarios.ParseHours(spec)
		if err != nil {
			return h, fmt.Errorf("city: opening hours of %s: %w", k, err)
		}
		h[k] = [2]int32{int32(open), int32(close)}
	}
	return h, nil
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

func clamp(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(v, hi))
}
