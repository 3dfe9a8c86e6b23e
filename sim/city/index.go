package city

import (
	"math"

	"github.com/scantrail/scantrail/sim"
)

// gridSide is the number of cells per side of the sampling grid. Distances
// between venues in different cells are taken between cell centres, which
// at 24 cells is well under a kilometre even in a large city.
const gridSide = 24

// nearSide is the number of cells per side of the nearest-station grid.
const nearSide = 96

// decayOffset softens the distance decay for venues close by, so that a
// venue next door is not infinitely attractive.
const decayOffset = 250.0

// Index answers the two spatial questions of movement: where to explore
// (a venue of a kind drawn by attractiveness and distance decay, the
// gravity rule of the d-EPR model of Pappalardo and Simini, 2018) and which
// station is nearest. It is read-only after construction and safe for
// concurrent use.
type Index struct {
	cell  float64
	kinds [sim.NumKinds]*kindIndex

	nearCell float64
	nearest  [sim.NumKinds][]int32
	venues   []sim.Venue
}

// kindIndex holds the sampling tables of one venue kind.
type kindIndex struct {
	venues [][]int32   // per cell: venue ids
	cum    [][]float64 // per cell: cumulative attractiveness
	fromTo [][]float64 // per origin cell: cumulative gravity over cells
}

func newIndex(c *City, decay float64) *Index {
	side := math.Max(c.Width, c.Height)
	ix := &Index{cell: side / gridSide, nearCell: side / nearSide, venues: c.Venues}
	for _, k := range sim.Kinds() {
		if len(c.ByKind[k]) > 0 {
			ix.kinds[k] = ix.buildKind(c, c.ByKind[k], decay)
		}
	}
	for _, k := range []sim.Kind{sim.MetroStation, sim.BusStop} {
		ix.nearest[k] = ix.buildNearest(c, c.ByKind[k])
	}
	return ix
}

// cellOf returns the sampling cell of a point.
func (ix *Index) cellOf(x, y float64) int {
	col := clampInt(int(x/ix.cell), 0, gridSide-1)
	row := clampInt(int(y/ix.cell), 0, gridSide-1)
	return row*gridSide + col
}

func (ix *Index) buildKind(c *City, ids []int32, decay float64) *kindIndex {
	n := gridSide * gridSide
	ki := &kindIndex{venues: make([][]int32, n), cum: make([][]float64, n)}
	mass := make([]float64, n)
	for _, id := range ids {
		v := &c.Venues[id]
		cell := ix.cellOf(v.X, v.Y)
		mass[cell] += v.Attractiveness
		ki.venues[cell] = append(ki.venues[cell], id)
		ki.cum[cell] = append(ki.cum[cell], mass[cell])
	}

	ki.fromTo = make([][]float64, n)
	w := make([]float64, n)
	for from := 0; from < n; from++ {
		for to := 0; to < n; to++ {
			w[to] = 0
			if mass[to] > 0 {
				d := ix.cellDistance(from, to)
				w[to] = mass[to] * math.Pow(d+decayOffset, -decay)
			}
		}
		ki.fromTo[from] = sim.Cumulative(w)
	}
	return ki
}

// cellDistance is the distance between cell centres, or a third of a cell
// within one cell (the mean distance of two random points in a square is
// about half its side; a third keeps nearby venues favoured).
func (ix *Index) cellDistance(a, b int) float64 {
	if a == b {
		return ix.cell / 3
	}
	dx := float64(a%gridSide - b%gridSide)
	dy := float64(a/gridSide - b/gridSide)
	return math.Hypot(dx, dy) * ix.cell
}

// Explore draws a venue of kind k for a person at (x, y): a cell in
// proportion to its venues' total attractiveness times the distance decay,
// then a venue in it in proportion to attractiveness. It returns -1 when
// the city has no venue of that kind.
func (ix *Index) Explore(k sim.Kind, x, y float64, rng *sim.Source) int32 {
	ki := ix.kinds[k]
	if ki == nil {
		return -1
	}
	cell := rng.Pick(ki.fromTo[ix.cellOf(x, y)])
	if cell < 0 {
		return -1
	}
	return ki.venues[cell][rng.Pick(ki.cum[cell])]
}

// buildNearest precomputes, for each cell of a fine grid, the venue among
// ids nearest to the cell centre.
func (ix *Index) buildNearest(c *City, ids []int32) []int32 {
	if len(ids) == 0 {
		return nil
	}
	near := make([]int32, nearSide*nearSide)
	for cell := range near {
		x := (float64(cell%nearSide) + 0.5) * ix.nearCell
		y := (float64(cell/nearSide) + 0.5) * ix.nearCell
		best, bestD := ids[0], math.Inf(1)
		for _, id := range ids {
			v := &c.Venues[id]
			if d := (v.X-x)*(v.X-x) + (v.Y-y)*(v.Y-y); d < bestD {
				best, bestD = id, d
			}
		}
		near[cell] = best
	}
	return near
}

// Nearest returns the station of kind k (MetroStation or BusStop) nearest
// to (x, y) and its distance, or -1 when the city has none.
func (ix *Index) Nearest(k sim.Kind, x, y float64) (int32, float64) {
	near := ix.nearest[k]
	if near == nil {
		return -1, math.Inf(1)
	}
	col := clampInt(int(x/ix.nearCell), 0, nearSide-1)
	row := clampInt(int(y/ix.nearCell), 0, nearSide-1)
	id := near[row*nearSide+col]
	v := &ix.venues[id]
	return id, math.Hypot(v.X-x, v.Y-y)
}
