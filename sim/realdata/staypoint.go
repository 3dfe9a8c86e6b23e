package realdata

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// StayOptions set the stay-point detector.
type StayOptions struct {
	// DistanceM is the largest distance from a stay's first point at
	// which later points still belong to it, and the radius within which
	// stays are taken for the same place.
	DistanceM float64
	// MinDuration is the shortest time spent within DistanceM that makes
	// a stay.
	MinDuration time.Duration
}

// DefaultStayOptions are the thresholds of Li et al. (2008) and Zheng et
// al. (2009) for GeoLife: 200 metres and 30 minutes.
var DefaultStayOptions = StayOptions{DistanceM: 200, MinDuration: 30 * time.Minute}

func (o StayOptions) withDefaults() StayOptions {
	if o.DistanceM <= 0 {
		o.DistanceM = DefaultStayOptions.DistanceM
	}
	if o.MinDuration <= 0 {
		o.MinDuration = DefaultStayOptions.MinDuration
	}
	return o
}

// Stay is a time spent within a small area.
type Stay struct {
	// Lat and Lon are the mean position of the stay's points.
	Lat, Lon float64
	// Arrive and Depart are the times of its first and last point (UTC,
	// Unix milliseconds).
	Arrive, Depart int64
}

// StayPoints finds the stays of one trajectory, sorted by time, after Li
// et al. (2008): from each point i, the following points j are gathered
// while they lie within opts.DistanceM of point i; when the gathered
// points span at least opts.MinDuration they form a stay, at their mean
// position, and the search resumes after them; otherwise it resumes at
// i+1.
func StayPoints(lat, lon []float64, times []int64, opts StayOptions) []Stay {
	opts = opts.withDefaults()
	minMs := opts.MinDuration.Milliseconds()
	var out []Stay
	n := len(times)
	for i := 0; i < n; {
		j := i + 1
		for j < n && Haversine(lat[i], lon[i], lat[j], lon[j]) <= opts.DistanceM {
			j++
		}
		if times[j-1]-times[i] >= minMs {
			out = append(out, meanStay(lat[i:j], lon[i:j], times[i], times[j-1]))
			i = j
			continue
		}
		i++
	}
	return out
}

func meanStay(lat, lon []float64, arrive, depart int64) Stay {
	var sLat, sLon float64
	for k := range lat {
		sLat += lat[k]
		sLon += lon[k]
	}
	n := float64(len(lat))
	return Stay{Lat: sLat / n, Lon: sLon / n, Arrive: arrive, Depart: depart}
}

// Haversine returns the great-circle distance in metres between two
// points given in degrees, on a sphere of radius 6,371 km.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(math.Min(a, 1)))
}

// detectStays turns every user's GPS points into stays, and stays into
// visits of places: a stay within DistanceM of an earlier place is a
// visit there, and otherwise founds a new place. Places map to no kind.
// It stops with ctx's error when ctx is done.
func (b *Builder) detectStays(ctx context.Context) error {
	opts := b.opts.Stay.withDefaults()
	users := make([]int32, 0, len(b.points))
	for u := range b.points {
		users = append(users, u)
	}
	slices.Sort(users)
	pl := newPlaces(opts.DistanceM)
	for i, u := range users {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		pts := b.points[u]
		slices.SortStableFunc(pts, func(x, y point) int { return cmp.Compare(x.time, y.time) })
		lat, lon := make([]float64, len(pts)), make([]float64, len(pts))
		times := make([]int64, len(pts))
		for i, p := range pts {
			lat[i], lon[i], times[i] = p.lat, p.lon, p.time
		}
		for _, s := range StayPoints(lat, lon, times, opts) {
			key := pl.find(s.Lat, s.Lon)
			v := b.venue(key, key, "", s.Lat, s.Lon)
			b.recs = append(b.recs, rec{user: u, venue: v, time: s.Arrive, until: s.Depart})
			b.report.Stays++
		}
	}
	b.points = map[int32][]point{}
	b.log.Info("stays detected", "stays", len(b.recs), "places", len(b.places))
	return nil
}

// places clusters stays into places through a grid of cells as wide as
// the radius, so that only the nine cells around a stay are searched.
type places struct {
	radius float64
	cells  map[[2]int64][]int
	lat    []float64
	lon    []float64
}

func newPlaces(radius float64) *places {
	return &places{radius: radius, cells: map[[2]int64][]int{}}
}

// find returns the key of the place nearest (lat, lon) within the radius,
// founding a new place there when there is none.
func (p *places) find(lat, lon float64) string {
	c := p.cell(lat, lon)
	best, bestD := -1, p.radius
	for dy := int64(-1); dy <= 1; dy++ {
		for dx := int64(-1); dx <= 1; dx++ {
			for _, i := range p.cells[[2]int64{c[0] + dy, c[1] + dx}] {
				if d := Haversine(lat, lon, p.lat[i], p.lon[i]); d <= bestD {
					best, bestD = i, d
				}
			}
		}
	}
	if best < 0 {
		best = len(p.lat)
		p.lat, p.lon = append(p.lat, lat), append(p.lon, lon)
		p.cells[c] = append(p.cells[c], best)
	}
	return fmt.Sprintf("place %d", best+1)
}

func (p *places) cell(lat, lon float64) [2]int64 {
	dLat := p.radius / metresPerDegree
	dLon := dLat / math.Max(math.Cos(lat*math.Pi/180), 0.01)
	return [2]int64{int64(math.Floor(lat / dLat)), int64(math.Floor(lon / dLon))}
}
