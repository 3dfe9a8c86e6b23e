package analysis

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/kdtree"

	"github.com/scantrail/scantrail/sim"
)

// placeTable maps records to the places holders store. A holder that
// keeps venues stores the venue id; coarse places (a district, a grid
// cell, a cloaked quadtree cell) become extra places numbered after the
// city's venues, one per cell and venue kind: a coarse record still says
// "a restaurant", not which one.
type placeTable struct {
	r     *Records
	extra []sim.Venue
	ids   map[placeKey]int32
	tree  *kdtree.Tree // venues that post codes, for places from positions
	dist  []sim.Venue  // district centroids, by district
}

// placeKey names a coarse place.
type placeKey struct {
	unit uint8 // 1 district, 2 grid, 3 cloaked cell
	cell uint64
	kind sim.Kind
}

// stored returns the place holding h stores for record i of stream st,
// made at venue.
func (t *placeTable) stored(h *holding, st sim.Stream, i int, venue int32) int32 {
	if h.gps {
		x, y := float64(t.r.xy[2*i]), float64(t.r.xy[2*i+1])
		if h.noise != nil {
			dx, dy := PlanarLaplace(h.rt.GeoEpsilon, h.noise)
			x, y = x+dx, y+dy
		}
		venue = t.nearest(x, y)
	}
	v := &t.r.Venues[venue]
	switch h.place.Place {
	case "district":
		c := t.centroid(v.District)
		return t.coarse(placeKey{unit: 1, cell: uint64(v.District), kind: v.K}, venue, c.X, c.Y)
	case "grid":
		g := h.place.GridM
		col, row := math.Floor(v.X/g), math.Floor(v.Y/g)
		key := placeKey{unit: 2, cell: uint64(row)<<32 | uint64(col)&0xffffffff, kind: v.K}
		return t.coarse(key, venue, (col+0.5)*g, (row+0.5)*g)
	}
	return venue
}

// coarse returns the id of a coarse place, adding it if new, at (x, y) in
// the city plane: a district's centroid or a cell's centre. It keeps the
// district, kind, latitude and longitude of the first venue met in it.
func (t *placeTable) coarse(key placeKey, venue int32, x, y float64) int32 {
	if t.ids == nil {
		t.ids = map[placeKey]int32{}
	}
	if id, ok := t.ids[key]; ok {
		return id
	}
	v := t.r.Venues[venue]
	v.X, v.Y = x, y
	id := int32(len(t.r.Venues) + len(t.extra))
	v.ID = id
	v.Name = fmt.Sprintf("%s in %s", v.Kind, describeCell(key))
	t.extra = append(t.extra, v)
	t.ids[key] = id
	return id
}

func describeCell(key placeKey) string {
	switch key.unit {
	case 1:
		return fmt.Sprintf("district %d", key.cell)
	case 2:
		return fmt.Sprintf("grid cell %d,%d", key.cell>>32, key.cell&0xffffffff)
	}
	return fmt.Sprintf("cloaked cell %d/%d", key.cell>>40, key.cell&(1<<40-1))
}

// centroid returns the mean position of the district's venues.
func (t *placeTable) centroid(d int32) sim.Venue {
	if t.dist == nil {
		n := 0
		for _, v := range t.r.Venues {
			n = max(n, int(v.District)+1)
		}
		t.dist = make([]sim.Venue, n)
		counts := make([]float64, n)
		for _, v := range t.r.Venues {
			c := &t.dist[v.District]
			c.X, c.Y, c.Lat, c.Lon = c.X+v.X, c.Y+v.Y, c.Lat+v.Lat, c.Lon+v.Lon
			counts[v.District]++
		}
		for i := range t.dist {
			if k := counts[i]; k > 0 {
				c := &t.dist[i]
				c.X, c.Y, c.Lat, c.Lon = c.X/k, c.Y/k, c.Lat/k, c.Lon/k
			}
		}
	}
	return t.dist[d]
}

// venue returns the venue or coarse place with the id.
func (t *placeTable) venue(id int32) *sim.Venue {
	if n := int32(len(t.r.Venues)); id >= n {
		return &t.extra[id-n]
	}
	return &t.r.Venues[id]
}

// all returns the city's venues followed by the coarse places made.
func (t *placeTable) all() []sim.Venue {
	if len(t.extra) == 0 {
		return t.r.Venues
	}
	return append(slices.Clip(t.r.Venues), t.extra...)
}

// nearest returns the venue posting a code that is nearest to (x, y): the
// place a holder locating scans by GPS files the scan under.
func (t *placeTable) nearest(x, y float64) int32 {
	if t.tree == nil {
		var pts venuePoints
		for _, v := range t.r.Venues {
			if v.QRCode {
				pts = append(pts, venuePoint{x: v.X, y: v.Y, id: v.ID})
			}
		}
		if len(pts) == 0 {
			for _, v := range t.r.Venues {
				pts = append(pts, venuePoint{x: v.X, y: v.Y, id: v.ID})
			}
		}
		t.tree = kdtree.New(pts, false)
	}
	c, _ := t.tree.Nearest(venuePoint{x: x, y: y})
	return c.(venuePoint).id
}

// venuePoint is a venue in the city plane, for the k-d tree.
type venuePoint struct {
	x, y float64
	id   int32
}

// Compare returns the signed distance of p from c along dimension d.
func (p venuePoint) Compare(c kdtree.Comparable, d kdtree.Dim) float64 {
	q := c.(venuePoint)
	if d == 0 {
		return p.x - q.x
	}
	return p.y - q.y
}

// Dims returns 2.
func (p venuePoint) Dims() int { return 2 }

// Distance returns the squared distance between p and c.
func (p venuePoint) Distance(c kdtree.Comparable) float64 {
	q := c.(venuePoint)
	dx, dy := p.x-q.x, p.y-q.y
	return dx*dx + dy*dy
}

// venuePoints is a list of venue points the k-d tree is built from.
type venuePoints []venuePoint

// Index returns the i-th point.
func (p venuePoints) Index(i int) kdtree.Comparable { return p[i] }

// Len returns the number of points.
func (p venuePoints) Len() int { return len(p) }

// Slice returns the points from start to end.
func (p venuePoints) Slice(start, end int) kdtree.Interface { return p[start:end] }

// Pivot partitions the points about their median along d.
func (p venuePoints) Pivot(d kdtree.Dim) int {
	pl := venuePlane{venuePoints: p, dim: d}
	return kdtree.Partition(pl, kdtree.MedianOfMedians(pl))
}

// venuePlane sorts venue points along one dimension.
type venuePlane struct {
	venuePoints
	dim kdtree.Dim
}

// Less orders points i and j along the plane's dimension.
func (p venuePlane) Less(i, j int) bool {
	return p.venuePoints[i].Compare(p.venuePoints[j], p.dim) < 0
}

// Swap exchanges points i and j.
func (p venuePlane) Swap(i, j int) {
	p.venuePoints[i], p.venuePoints[j] = p.venuePoints[j], p.venuePoints[i]
}

// Slice returns the points from start to end along the same dimension.
func (p venuePlane) Slice(start, end int) kdtree.SortSlicer {
	return venuePlane{venuePoints: p.venuePoints[start:end], dim: p.dim}
}
