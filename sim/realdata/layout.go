package realdata

import (
	"math"
	"slices"

	"github.com/scantrail/scantrail/sim"
)

const metresPerDegree = 111320.0

// layout turns venue rows into sim venues on a plane: metres east and
// north of the south-west corner of the venues' extent. The extent used
// for districts is the 1st to 99th percentile of latitude and longitude,
// so that one far outlier (a venue in another city) does not squeeze
// every other venue into one district; the outlier keeps its true
// position and falls into an edge district.
func layout(rows []venueRow, districts int) []sim.Venue {
	lats := make([]float64, len(rows))
	lons := make([]float64, len(rows))
	for i, r := range rows {
		lats[i], lons[i] = r.lat, r.lon
	}
	slices.Sort(lats)
	slices.Sort(lons)
	minLat, maxLat := percentile(lats, 0.01), percentile(lats, 0.99)
	minLon, maxLon := percentile(lons, 0.01), percentile(lons, 0.99)
	cos := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	width := math.Max((maxLon-minLon)*metresPerDegree*cos, 1)
	height := math.Max((maxLat-minLat)*metresPerDegree, 1)
	out := make([]sim.Venue, len(rows))
	for i, r := range rows {
		x := (r.lon - minLon) * metresPerDegree * cos
		y := (r.lat - minLat) * metresPerDegree
		out[i] = sim.Venue{ID: int32(i), Name: r.name, Lat: r.lat, Lon: r.lon, X: x, Y: y,
			District: district(x/width, y/height, districts), Opens: 0, Closes: 1440,
			Attractiveness: 1, K: r.kind}
		if r.mapped {
			out[i].Kind, out[i].Family = r.kind.String(), r.kind.Family().String()
		}
	}
	return out
}

func percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(q*float64(len(sorted)-1))]
}

// district returns the district of a point at fractions fx, fy of the
// extent, clamped to the grid.
func district(fx, fy float64, n int) int32 {
	col := max(0, min(int(fx*float64(n)), n-1))
	row := max(0, min(int(fy*float64(n)), n-1))
	return int32(row*n + col)
}
